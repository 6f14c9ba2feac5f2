package io.paxsim.testbed.explore;

import io.paxsim.sim.Copyable;
import io.paxsim.sim.explore.StateCopier;
import io.paxsim.sim.explore.World;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A structural deep copy of an explored world (simulation, nodes, disks, monitors, ghost state),
 * so the explorer branches from a state instead of re-executing its path from the root.
 *
 * <p>What is shared rather than copied: values that cannot change — strings, boxed numbers,
 * enums, records (messages, timers, ballots and durable records are immutable records by the
 * project's rules), lambdas and classes — and the roots given to the constructor (the model).
 * Mutable JDK collections are rebuilt with copied contents in their iteration order; arrays are
 * cloned; every other object is allocated without running its constructor and has each field
 * copied. A JDK class it does not know is refused with its name, never copied by guesswork.
 *
 * <p>Reflection and identity maps stay here, outside the deterministic packages: the copy's
 * contents depend only on the original's, never on identity hashes.
 */
public final class DeepCopier implements StateCopier {
    private enum Kind { SHARE, PRIMITIVE_ARRAY, OBJECT_ARRAY, COLLECTION, MAP, BITSET, OBJECT, RECORD, EXPLICIT, EXPLICIT_OWNED }

    private static final Plan EXPLICIT_PLAN = new Plan(Kind.EXPLICIT, null);
    private static final Plan EXPLICIT_OWNED_PLAN = new Plan(Kind.EXPLICIT_OWNED, null);

    /**
     * Copyable classes whose every object exactly one reference in a world points at (its owner's
     * field), with no reference back to it from what it holds: copied without the identity memo
     * (no lookup, nothing remembered), since a memo could only ever miss for them. What a world
     * does share between two places stays memoized: the world, its simulation and scheduler
     * (world and simulation both hold it), the model instance and monitor (also observers), node
     * runtimes and contexts (a context points back at its runtime; the replica, its WAL and the
     * runtime hold the context), random streams (the randomness registry and their user), the
     * explored history (the instance and the clients), state machines and their lists (two maps
     * hold each list; a snapshot store may hand its recovered machine to the replica).
     * {@code CopyFieldAuditTest} proves the list: over explored worlds with crashes and restarts, no
     * object of these classes is reached by two references; {@code ExplicitCopyTest} compares the
     * copies' object graphs, aliasing included, with the originals'.
     */
    static final Set<String> SINGLE_OWNER = Set.of(
            "io.paxsim.paxos.PaxosReplica",          // its runtime's node
            "io.paxsim.paxos.Wal",                   // the replica's
            "io.paxsim.paxos.SnapshotStore",         // the replica's (copied in place)
            "io.paxsim.testbed.explore.ExploreClient", // its runtime's node
            "io.paxsim.sim.disk.SimDisk",            // its runtime's
            "io.paxsim.sim.clock.NodeClock",         // its runtime's
            "io.paxsim.sim.net.Network",             // the simulation's
            "io.paxsim.sim.trace.Trace",             // the simulation's
            "io.paxsim.sim.FaultPoints");            // the simulation's

    private record Plan(Kind kind, Field[] fields, java.lang.reflect.Constructor<?> constructor) {
        Plan(Kind kind, Field[] fields) {
            this(kind, fields, null);
        }
    }

    private static final Set<Class<?>> IMMUTABLE_JDK = Set.of(String.class, Integer.class, Long.class, Short.class,
            Byte.class, Character.class, Boolean.class, Double.class, Float.class, Class.class,
            java.math.BigInteger.class, java.math.BigDecimal.class, java.util.Optional.class,
            java.util.OptionalLong.class, java.util.OptionalInt.class, java.util.OptionalDouble.class,
            java.time.Duration.class, java.time.Instant.class, java.util.Locale.class);

    private final ClassValue<Plan> plans = new ClassValue<>() {
        @Override
        protected Plan computeValue(Class<?> type) {
            if (explicit && Copyable.class.isAssignableFrom(type)) {
                return SINGLE_OWNER.contains(type.getName()) ? EXPLICIT_OWNED_PLAN : EXPLICIT_PLAN;
            }
            return plan(type);
        }
    };
    /**
     * One copy in progress: originals to their copies. A copy remembers a few dozen objects (the
     * single-owner classes are not remembered at all), so they sit in two small arrays searched by
     * reference, which needs no identity hash (computing one is a VM call for each new object, and
     * every world object is new); past {@value #LINEAR_MAX} entries (reflective copies remember
     * thousands) they move to an identity map. {@code forbidden}: classes a node copy must never
     * reach unmapped; {@code frozen}: see {@link Copyable.Copies#originalsFrozen}.
     */
    final class Memo implements Copyable.Copies {
        private static final int LINEAR_MAX = 48;
        private static final int LINEAR_START = 16;
        /** Null, or the classes compared by reference (a Set's probe hashes each class through a virtual call). */
        final Class<?>[] forbidden;
        private final boolean frozen;
        /** Grown by doubling up to {@value #LINEAR_MAX}: two 48-entry arrays per copy were 8% of the search's allocated bytes. */
        private Object[] keys = new Object[LINEAR_START];
        private Object[] values = new Object[LINEAR_START];
        private int size;
        private IdentityHashMap<Object, Object> big;
        /**
         * The object whose copy method {@link #copyExplicitly} just called, and whether its class is single-owner:
         * its {@link #remember} then needs no second look-up of the class's plan.
         */
        private Object copying;
        private boolean copyingOwned;

        Memo(Class<?>[] forbidden, boolean frozen) {
            this.forbidden = forbidden;
            this.frozen = frozen;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T of(T original) {
            return (T) copyValue(original, this);
        }

        @Override
        public <T> T remember(Object original, T copy) {
            if (original == copying) { // the usual case: a copy method remembering its own copy first
                copying = null;
                if (!copyingOwned) {
                    put(original, copy);
                }
                return copy;
            }
            if (plans.get(original.getClass()) != EXPLICIT_OWNED_PLAN) {
                put(original, copy);
            }
            return copy;
        }

        @Override
        public boolean originalsFrozen() {
            return frozen;
        }

        /** The copy remembered for {@code original}, or null. */
        Object get(Object original) {
            if (big != null) {
                return big.get(original);
            }
            Object[] k = keys;
            for (int i = 0, n = size; i < n; i++) {
                if (k[i] == original) {
                    return values[i];
                }
            }
            return null;
        }

        /** Remembers {@code copy} for {@code original} (which has none yet, or the same one). */
        void put(Object original, Object copy) {
            if (big != null) {
                big.put(original, copy);
                return;
            }
            if (size == LINEAR_MAX) {
                big = new IdentityHashMap<>(4 * LINEAR_MAX);
                for (int i = 0; i < size; i++) {
                    big.put(keys[i], values[i]);
                }
                big.put(original, copy);
                return;
            }
            if (size == keys.length) {
                int length = Math.min(LINEAR_MAX, 2 * size);
                keys = java.util.Arrays.copyOf(keys, length);
                values = java.util.Arrays.copyOf(values, length);
            }
            keys[size] = original;
            values[size++] = copy;
        }
    }

    /** Objects every copy keeps pointing at; an array, as every memo starts with them (a list's iterator per copy, otherwise). */
    private final Object[] sharedRoots;
    private final boolean copyOnWrite;
    /** Whether classes that copy themselves ({@link Copyable}) do so; else every object is copied reflectively. */
    private final boolean explicit;
    /** How node states meet their world (found once, from the first world copied): see {@link NodeBoundary}. */
    private volatile NodeBoundary boundary;

    /**
     * {@code shared}: objects every copy keeps pointing at (the model, its configuration). Worlds
     * are copied on write at node granularity (see {@link #copy}); classes that implement
     * {@link Copyable} copy themselves, every other object is copied reflectively.
     */
    public DeepCopier(Object... shared) {
        this(true, true, shared);
    }

    private DeepCopier(boolean copyOnWrite, boolean explicit, Object... shared) {
        this.sharedRoots = List.of(shared).toArray(); // List.of refuses a null root here, at construction
        this.copyOnWrite = copyOnWrite;
        this.explicit = explicit;
    }

    /** A copier that copies every world whole, nodes included (no sharing; for comparison and tests). */
    public static DeepCopier whole(Object... shared) {
        return new DeepCopier(false, true, shared);
    }

    /**
     * A copier that copies every object reflectively, ignoring the classes' own copy methods
     * ({@link Copyable}): the reference the explicit copies are checked against.
     */
    public static DeepCopier reflective(boolean copyOnWrite, Object... shared) {
        return new DeepCopier(copyOnWrite, false, shared);
    }

    /**
     * A copy of {@code world}. Copy-on-write: the copy gets its own world shell (simulation,
     * scheduler, network, monitors, ghost state) but shares every node's state (the runtime
     * record, node object, disk) with the original; both worlds mark them shared, and whichever
     * first applies an action to a node gets a private copy of it then ({@link #privatize}). An
     * expansion touches one node per successor, so a successor costs one node copy, not all.
     */
    @Override
    public World copy(World world) {
        if (!copyOnWrite) {
            return copyOf(world);
        }
        NodeBoundary b = boundaryOf(world);
        Object[] runtimes = b.runtimes(world);
        Memo memo = newMemo(null, false);
        for (Object runtime : runtimes) {
            memo.put(runtime, runtime);
            b.shareLeaves(runtime, memo);
        }
        Object[] origins = b.origins(world);
        if (origins != null) {
            memo.put(origins, origins.clone());
        }
        World copy = (World) copyValue(world, memo);
        Object[] here = null;
        for (int node = 0; node < runtimes.length; node++) {
            Object origin = world.nodeOrigin(node);
            if (origin == null) {
                origin = here != null ? here : (here = b.worldObjects(world));
            }
            world.shareNode(node, this, origin);
            copy.shareNode(node, this, origin);
        }
        return copy;
    }

    /**
     * Gives {@code world} its own copy of node {@code node}'s state: a deep copy of the shared
     * runtime in which every world-level object the node points at (its simulation, through its
     * context; a client's history) is replaced by this world's counterpart.
     */
    @Override
    public void privatize(World world, int node) {
        NodeBoundary b = boundaryOf(world);
        Object[] from = (Object[]) world.nodeOrigin(node);
        Object[] to = b.worldObjects(world);
        Memo memo = newMemo(b.shellOnly(), true); // the shared node is frozen: every world privatizes it before a write
        for (int i = 0; i < from.length; i++) {
            memo.put(from[i], to[i]);
        }
        Object[] runtimes = b.runtimes(world);
        runtimes[node] = copyValue(runtimes[node], memo);
        b.rewireLeaves(world, memo);
    }

    /** A deep copy of {@code root}. */
    @SuppressWarnings("unchecked")
    public <T> T copyOf(T root) {
        return (T) copyValue(root, newMemo(null, false));
    }

    private Memo newMemo(Class<?>[] forbidden, boolean frozen) {
        Memo memo = new Memo(forbidden, frozen);
        for (Object s : sharedRoots) {
            memo.put(s, s);
        }
        return memo;
    }

    private NodeBoundary boundaryOf(World world) {
        NodeBoundary b = boundary;
        if (b == null) {
            synchronized (this) {
                if (boundary == null) {
                    boundary = NodeBoundary.discover(world, this::isShared, List.of(sharedRoots));
                }
                b = boundary;
            }
        }
        return b;
    }

    /** Whether instances of {@code type} are shared by every copy (immutable, or search machinery). */
    boolean isShared(Class<?> type) {
        return plans.get(type).kind() == Kind.SHARE;
    }

    private Object copyValue(Object o, Memo memo) {
        if (o == null) {
            return null;
        }
        Plan plan = plans.get(o.getClass());
        if (plan.kind() == Kind.SHARE) {
            return o;
        }
        if (plan == EXPLICIT_OWNED_PLAN) {
            return copyExplicitly((Copyable) o, memo, true); // one reference points at it: no copy of it exists yet
        }
        Object done = memo.get(o);
        if (done != null) {
            return done;
        }
        return switch (plan.kind()) {
            case EXPLICIT, EXPLICIT_OWNED -> copyExplicitly((Copyable) o, memo, false);
            case PRIMITIVE_ARRAY -> remember(memo, o, clonePrimitiveArray(o));
            case OBJECT_ARRAY -> copyArray((Object[]) o, memo);
            case COLLECTION -> copyCollection((Collection<?>) o, memo);
            case MAP -> copyMap((Map<?, ?>) o, memo);
            case BITSET -> remember(memo, o, ((BitSet) o).clone());
            case OBJECT -> copyObject(o, plan.fields(), memo);
            case RECORD -> copyRecord(o, plan, memo);
            case SHARE -> throw new AssertionError();
        };
    }

    /**
     * A record that may hold something mutable (a record component typed as a mutable class, an
     * array, or an interface such as List whose value may be one): shared if every component
     * copies to itself, else rebuilt through its canonical constructor from the copies. (A record
     * holding a TreeSet, shared between branches, leaked one branch's votes into another.)
     */
    private Object copyRecord(Object o, Plan plan, Memo memo) {
        Field[] components = plan.fields();
        Object[] copies = new Object[components.length];
        boolean same = true;
        try {
            for (int i = 0; i < components.length; i++) {
                Object v = components[i].get(o);
                copies[i] = components[i].getType().isPrimitive() ? v : copyValue(v, memo);
                same &= copies[i] == v;
            }
            if (same) {
                return o; // not remembered: meeting it again costs as little, and the memo stays small
            }
            return remember(memo, o, plan.constructor().newInstance(copies));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("explore state copy: cannot rebuild record " + o.getClass().getName(), e);
        }
    }

    private static Object remember(Memo memo, Object original, Object copy) {
        memo.put(original, copy);
        return copy;
    }

    private Object copyArray(Object[] a, Memo memo) {
        Object[] b = a.clone();
        memo.put(a, b);
        for (int i = 0; i < b.length; i++) {
            b[i] = copyValue(a[i], memo);
        }
        return b;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object copyCollection(Collection<?> c, Memo memo) {
        Collection out;
        if (c instanceof java.util.EnumSet<?> e) {
            return remember(memo, c, e.clone()); // enum members are shared
        } else if (c instanceof ArrayList<?>) {
            out = new ArrayList<>(c.size());
        } else if (c instanceof ArrayDeque<?>) {
            out = new ArrayDeque<>(Math.max(1, c.size()));
        } else if (c instanceof LinkedList<?>) {
            out = new LinkedList<>();
        } else if (c instanceof TreeSet<?> t) {
            Object fast = copySortedSet(t, memo);
            if (fast != null) {
                return fast;
            }
            out = new TreeSet<>(t.comparator());
        } else if (c instanceof LinkedHashSet<?>) {
            out = new LinkedHashSet<>(Math.max(16, 2 * c.size()));
        } else if (c instanceof HashSet<?>) {
            out = new HashSet<>(Math.max(16, 2 * c.size()));
        } else if (c instanceof PriorityQueue<?> q) {
            // Adding a heap's array in array order to an empty heap rebuilds the same array.
            out = new PriorityQueue<>(Math.max(1, c.size()), q.comparator());
        } else {
            return copyImmutableList(c, memo);
        }
        memo.put(c, out);
        for (Object e : c) {
            out.add(copyValue(e, memo));
        }
        return out;
    }

    /** JDK immutable lists and sets: shared when their elements are, else rebuilt from copies. */
    private Object copyImmutableList(Collection<?> c, Memo memo) {
        String name = c.getClass().getName();
        if (!name.startsWith("java.util.ImmutableCollections$")) {
            throw new IllegalStateException("explore state copy: unsupported collection " + name);
        }
        List<Object> copies = new ArrayList<>(c.size());
        boolean same = true;
        for (Object e : c) {
            Object x = copyValue(e, memo);
            same &= x == e;
            copies.add(x);
        }
        Object out = same ? c : c instanceof List<?> ? List.copyOf(copies) : copyOrderedSet(copies);
        memo.put(c, out);
        return out;
    }

    private static Object copyOrderedSet(List<Object> copies) {
        throw new IllegalStateException("explore state copy: an immutable Set of mutable objects (" + copies.size()
                + " elements) cannot be copied in the same iteration order");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object copyMap(Map<?, ?> m, Memo memo) {
        Map out;
        if (m instanceof TreeMap<?, ?> t) {
            Object fast = copySortedMap(t, memo);
            if (fast != null) {
                return fast;
            }
            out = new TreeMap<>(t.comparator());
        } else if (m instanceof LinkedHashMap<?, ?>) {
            out = new LinkedHashMap<>(Math.max(16, 2 * m.size()));
        } else if (m instanceof HashMap<?, ?>) {
            out = new HashMap<>(Math.max(16, 2 * m.size()));
        } else if (m instanceof EnumMap<?, ?> e) {
            out = new EnumMap(e);
            out.clear();
        } else {
            String name = m.getClass().getName();
            if (name.startsWith("java.util.ImmutableCollections$") && m.isEmpty()) {
                return m;
            }
            throw new IllegalStateException("explore state copy: unsupported map " + name);
        }
        memo.put(m, out);
        for (Map.Entry<?, ?> e : m.entrySet()) {
            out.put(copyValue(e.getKey(), memo), copyValue(e.getValue(), memo));
        }
        return out;
    }

    /**
     * A TreeMap whose keys copy to themselves (the usual case: numbers, strings, records): built
     * in linear time from the sorted original, then each value replaced by its copy. Null when a
     * key is mutable (the caller rebuilds it entry by entry).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object copySortedMap(TreeMap<?, ?> t, Memo memo) {
        for (Object k : t.keySet()) {
            if (copyValue(k, memo) != k) {
                return null;
            }
        }
        TreeMap out = new TreeMap<>((java.util.SortedMap) t);
        memo.put(t, out);
        for (Object e : out.entrySet()) {
            Map.Entry entry = (Map.Entry) e;
            Object v = entry.getValue();
            Object copy = copyValue(v, memo);
            if (copy != v) {
                entry.setValue(copy);
            }
        }
        return out;
    }

    /** A TreeSet whose members copy to themselves, in linear time; else null. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object copySortedSet(TreeSet<?> t, Memo memo) {
        for (Object k : t) {
            if (copyValue(k, memo) != k) {
                return null;
            }
        }
        TreeSet out = new TreeSet<>((java.util.SortedSet) t);
        memo.put(t, out);
        return out;
    }

    /** A class's own copy; it {@link Copyable.Copies#remember remembers} the copy itself (before its fields: cycles). */
    private static Object copyExplicitly(Copyable o, Memo memo, boolean owned) {
        checkAllowed(o, memo);
        memo.copying = o;
        memo.copyingOwned = owned;
        Object copy = o.copy(memo);
        if (copy.getClass() != o.getClass()) {
            throw new IllegalStateException("explore state copy: " + o.getClass().getName() + ".copy made a "
                    + copy.getClass().getName());
        }
        return copy;
    }

    private static void checkAllowed(Object o, Memo memo) {
        if (memo.forbidden != null && isForbidden(o.getClass(), memo.forbidden)) {
            throw new IllegalStateException("explore state copy: a node's state reaches world-level "
                    + o.getClass().getName() + " by a path the copier does not know (copy-on-write would split it)");
        }
    }

    private static boolean isForbidden(Class<?> type, Class<?>[] forbidden) {
        for (Class<?> c : forbidden) {
            if (c == type) {
                return true;
            }
        }
        return false;
    }

    private Object copyObject(Object o, Field[] fields, Memo memo) {
        checkAllowed(o, memo);
        Object out = allocate(o.getClass());
        memo.put(o, out);
        try {
            for (Field f : fields) {
                Class<?> t = f.getType();
                if (!t.isPrimitive()) {
                    f.set(out, copyValue(f.get(o), memo));
                } else if (t == long.class) {
                    f.setLong(out, f.getLong(o));
                } else if (t == int.class) {
                    f.setInt(out, f.getInt(o));
                } else if (t == boolean.class) {
                    f.setBoolean(out, f.getBoolean(o));
                } else if (t == double.class) {
                    f.setDouble(out, f.getDouble(o));
                } else if (t == byte.class) {
                    f.setByte(out, f.getByte(o));
                } else if (t == short.class) {
                    f.setShort(out, f.getShort(o));
                } else if (t == char.class) {
                    f.setChar(out, f.getChar(o));
                } else {
                    f.setFloat(out, f.getFloat(o));
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("explore state copy: cannot copy " + o.getClass().getName(), e);
        }
        return out;
    }

    private static Object clonePrimitiveArray(Object a) {
        if (a instanceof byte[] b) {
            return b.clone();
        } else if (a instanceof long[] l) {
            return l.clone();
        } else if (a instanceof int[] i) {
            return i.clone();
        } else if (a instanceof boolean[] z) {
            return z.clone();
        } else if (a instanceof double[] d) {
            return d.clone();
        } else if (a instanceof short[] s) {
            return s.clone();
        } else if (a instanceof char[] c) {
            return c.clone();
        }
        return ((float[]) a).clone();
    }

    /** Whether some component of record {@code type} is (or, typed as an interface or Object, may be) mutable. */
    private static boolean mayHoldMutable(Class<?> type) {
        for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) {
            Class<?> t = c.getType();
            boolean immutable = t.isPrimitive() || t.isEnum() || IMMUTABLE_JDK.contains(t)
                    || t.isRecord() && t != type && !mayHoldMutable(t)
                    || t.isInterface() && t.isSealed() && sealedImmutable(t);
            if (!immutable) {
                return true;
            }
        }
        return false;
    }

    /** A sealed interface whose permitted classes are all records (or sealed interfaces) of immutable components. */
    private static boolean sealedImmutable(Class<?> t) {
        for (Class<?> p : t.getPermittedSubclasses()) {
            boolean ok = p.isRecord() ? !mayHoldMutable(p) : p.isEnum() || p.isInterface() && p.isSealed() && sealedImmutable(p);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Plan recordPlan(Class<?> type) {
        java.lang.reflect.RecordComponent[] rc = type.getRecordComponents();
        Field[] fields = new Field[rc.length];
        Class<?>[] types = new Class<?>[rc.length];
        try {
            for (int i = 0; i < rc.length; i++) {
                fields[i] = type.getDeclaredField(rc[i].getName());
                fields[i].setAccessible(true);
                types[i] = rc[i].getType();
            }
            java.lang.reflect.Constructor<?> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return new Plan(Kind.RECORD, fields, ctor);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("explore state copy: cannot plan record " + type.getName(), e);
        }
    }

    private static Plan plan(Class<?> type) {
        if (type.isArray()) {
            return new Plan(type.getComponentType().isPrimitive() ? Kind.PRIMITIVE_ARRAY : Kind.OBJECT_ARRAY, null);
        }
        if (io.paxsim.sim.explore.StateHasher.class.isAssignableFrom(type) || StateCopier.class.isAssignableFrom(type)) {
            return new Plan(Kind.SHARE, null); // stateless search machinery a world points at
        }
        if (type.isRecord() && mayHoldMutable(type)) {
            return recordPlan(type);
        }
        if (type.isRecord() || type.isEnum() || type.isHidden() || type.isSynthetic() || IMMUTABLE_JDK.contains(type)
                || type.getSuperclass() != null && type.getSuperclass().isEnum()) {
            return new Plan(Kind.SHARE, null);
        }
        if (Map.class.isAssignableFrom(type)) {
            return new Plan(Kind.MAP, null);
        }
        if (Collection.class.isAssignableFrom(type)) {
            return new Plan(Kind.COLLECTION, null);
        }
        if (type == BitSet.class) {
            return new Plan(Kind.BITSET, null);
        }
        if (type.getName().startsWith("java.") || type.getName().startsWith("jdk.") || type.getName().startsWith("sun.")) {
            throw new IllegalStateException("explore state copy: unsupported JDK class " + type.getName());
        }
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    fields.add(f);
                }
            }
        }
        return new Plan(Kind.OBJECT, fields.toArray(new Field[0]));
    }

    /**
     * Constructors that allocate an object of a class without running any of its constructors (as
     * deserialization does): a field-by-field copy must not run one. Not {@code Unsafe.allocateInstance}:
     * C2 of JDK 17.0.15 crashed the JVM (SIGSEGV, no hs_err file) in code that inlined its intrinsic here
     * (docs/performance.md, "C2 crash" and "xsearch").
     */
    private static final ClassValue<java.lang.reflect.Constructor<?>> ALLOCATORS = new ClassValue<>() {
        @Override
        protected java.lang.reflect.Constructor<?> computeValue(Class<?> type) {
            try {
                java.lang.reflect.Constructor<?> c = sun.reflect.ReflectionFactory.getReflectionFactory()
                        .newConstructorForSerialization(type, Object.class.getDeclaredConstructor());
                c.setAccessible(true);
                return c;
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("explore state copy: cannot allocate " + type.getName(), e);
            }
        }
    };

    private static Object allocate(Class<?> type) {
        try {
            return ALLOCATORS.get(type).newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("explore state copy: cannot allocate " + type.getName(), e);
        }
    }
}
