package io.paxsim.testbed.explore;

import io.paxsim.sim.Event;
import io.paxsim.sim.ExplicitStateHash;
import io.paxsim.sim.NodeIds;
import io.paxsim.sim.NodeStateHash;
import io.paxsim.sim.TimerId;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.explore.StateHasher;
import io.paxsim.sim.explore.World;
import io.paxsim.sim.random.RandomStream;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The explorer's state fingerprint: a hash of the <em>abstract</em> state of a world — node
 * states, disk contents, in-flight messages as a multiset, live timers and fsyncs, monitors and
 * client history, fault budgets — read structurally from the object graph, so interleavings that
 * end in the same state merge even when the nodes saw events in different orders.
 *
 * <p>Canonical, not literal. What only names things or records how a state was reached is
 * hashed away or renamed by content:
 * <ul>
 * <li>left out: the trace, run statistics, log sinks, the world's event chains and depth, global
 *     counters that mint fresh sequence numbers, timer ids and fsync ids, incarnations, timer
 *     generations, the monitors' observation counter, random streams (in an explored world a
 *     random draw only ever sets a delay, and delays are the explorer's choice), node clocks
 *     (no drift or offset while exploring) and the absolute simulated time;</li>
 * <li>renamed by content: a timer id (kept by a node to cancel it) becomes (node, timer payload);
 *     an fsync request id becomes (node, file, rank of its barrier) of its pending completion, or
 *     "dead" once no completion is pending; a disk op's sequence number and an fsync barrier
 *     become their rank among the disk's pending ops;</li>
 * <li>layout-free: SlotMap rings by (slot, value) content, file pages up to the file length (an
 *     absent page equals a zero page), the WAL's unsynced buffer up to its used length, hash maps
 *     and sets order-independently, in-flight messages as a multiset (stale timer and fsync
 *     events, which no longer fire, are not part of the state);</li>
 * <li>replica timestamps relative to now, by epoch: in an explored world time moves only when a
 *     replica tick fires, by {@code tickNanos} (longer than any single deadline a replica sets),
 *     so a stored local time {@code t} is hashed as the number of ticks between it and now,
 *     capped where no comparison of that field can tell further apart (see {@link #epochCap}).
 *     The monitors' times stay exact: they compare stored times with each other.</li>
 * </ul>
 * Two worlds with the same fingerprint then behave the same under every continuation, up to the
 * renaming of fresh ids. Strings and enums hash by content and name, never identity.
 */
public final class StructuralHasher implements StateHasher {
    private static final Map<String, Set<String>> EXCLUDED_FIELDS = Map.of(
            "io.paxsim.sim.explore.World", Set.of("history", "lastEventNanos", "chainsDeferred", "contentHash", "model", "options",
                    "depth", "nextDuplicateSeq", "stateHasher", "nodeHashes", "nodeHashesValid", "nodeHashesNowNanos",
                    "sharedNodes", "nodeCopier", "nodeOrigins"),
            // observersByKind: the observers grouped by event kind once at construction, never changed (they are hashed as observers).
            "io.paxsim.sim.Simulation", Set.of("trace", "stats", "logSink", "nextSeq", "nextTimerId", "nextFsyncId",
                    "seed", "nowNanos", "randomness", "observersByKind"),
            "io.paxsim.sim.Simulation$NodeRuntime", Set.of("factory", "incarnation", "random", "clock"),
            "io.paxsim.sim.Simulation$NodeContext", Set.of("incarnation"),
            "io.paxsim.sim.disk.SimDisk", Set.of("opSequence", "random", "lazyPlatter"),
            "io.paxsim.paxos.InvariantMonitor", Set.of("observations", "voteWatch", "partVersions", "hashedParts"),
            "io.paxsim.sim.disk.SimDisk$PendingOp", Set.of("sequence"),
            // streamsHash's cache of the stream names' hash (the names are walked).
            "io.paxsim.sim.random.Randomness", Set.of("namesHash"),
            "io.paxsim.sim.explore.ChoiceScheduler", Set.of("chosen"),
            // The copier's copy-on-write flag for the recorder: bookkeeping, no state.
            "io.paxsim.testbed.explore.ExploreHistory", Set.of("recorderShared"));
    private static final String EVENT_TYPE = "io.paxsim.sim.Event";
    private static final String CHOICE_SCHEDULER = "io.paxsim.sim.explore.ChoiceScheduler";
    private static final String NODE_RUNTIME = "io.paxsim.sim.Simulation$NodeRuntime";
    private static final String TIMER_ENTRY = "io.paxsim.sim.Simulation$TimerEntry";
    private static final String SIM_DISK = "io.paxsim.sim.disk.SimDisk";
    private static final String PENDING_OP = "io.paxsim.sim.disk.SimDisk$PendingOp";
    private static final String CONTENTS = "io.paxsim.sim.disk.SimDisk$Contents";
    private static final String SLOT_MAP = "io.paxsim.paxos.SlotMap";
    private static final String WAL = "io.paxsim.paxos.Wal";
    private static final String TIMER_ID = "io.paxsim.sim.TimerId";
    private static final String NODE_CONTEXT = "io.paxsim.sim.Simulation$NodeContext";
    /** Ghost state clients write into, hashed with the model's instance, outside every node's part. */
    private static final String EXPLORE_HISTORY = "io.paxsim.testbed.explore.ExploreHistory";
    /**
     * Shell objects that hash themselves and hold no node id anywhere in their state (no field marked
     * {@link NodeIds}: ExplicitNodeHashTest checks): a renaming cannot change them, so renamed walks
     * (symmetry) take their own hashes too.
     */
    private static final Set<String> ID_FREE_SHELL = Set.of("io.paxsim.testbed.explore.ExploreHistory",
            "io.paxsim.sim.FaultPoints");
    /** World-level objects a node's part must never reach (it would then change when the node did not). */
    private static final Set<String> OUTSIDE_NODES = Set.of("io.paxsim.sim.Simulation", "io.paxsim.sim.explore.World",
            "io.paxsim.sim.explore.ChoiceScheduler", "io.paxsim.paxos.InvariantMonitor");
    /**
     * Fields that hold fsync request ids (long), renamed by content. Named by string, so a rename in
     * paxos-impl would silently make them raw fresh ids: {@link #fieldsNamedByStringExist} guards that.
     */
    private static final Set<String> FSYNC_ID_FIELDS = Set.of("io.paxsim.paxos.Wal$InFlightSync.requestId",
            "io.paxsim.paxos.SnapshotStore.requestId");
    /** Replica timestamps are fields named so; hashed relative to now (see the class comment). */
    private static final String LOCAL_TIME_SUFFIX = "LocalNanos";
    /** Replica code compares these only with now ({@code now >= deadline}): past, now or future is all they say. */
    private static final Set<String> NOW_ONLY_TIMES = Set.of("electionDeadlineLocalNanos");
    /**
     * Ticks between a stored time and now that the longest window any replica compares a stored
     * time against can tell apart: catch-up backs off up to 8 election timeouts and waits two
     * backoffs (8 ticks of 2 election timeouts). Farther apart is hashed as equal.
     */
    private static final int EPOCH_CAP = 9;
    private static final long DEAD_ID = 0xDEADL;
    /** SimDisk's page size (Contents.PAGE_BYTES). */
    private static final int PAGE_BYTES = 4096;
    private static final long SENTINEL_TIME = 1L << 60;

    private enum Rule { PLAIN, LOCAL_TIME, NOW_ONLY_TIME, FSYNC_ID }

    /** How {@link Walk#hash} treats a class: decided once per class (per-object class tests dominated the profile). */
    private enum Kind {
        LONG, STRING, INTEGER, BOOLEAN, ENUM, CLASS, LAMBDA, NUMBER, CHARACTER, RANDOM, TIMER_ID, ENUM_SET, RECORD,
        ARRAY, ORDERED, HASH_MAP, HASH_SET, BIT_SET, SCHEDULER, RUNTIME, CONTEXT, HISTORY, DISK, PENDING_OP, CONTENTS,
        SLOT_MAP, UNSUPPORTED_JDK, OUTSIDE, OBJECT
    }

    private static final long LAMBDA_HASH = RandomStream.fnv1a64("lambda");

    /** In the order the checks must apply (an enum constant with a body is an Enum, not a hidden class ...). */
    private static Kind kindOf(Class<?> type) {
        if (type == Long.class) {
            return Kind.LONG;
        } else if (type == String.class) {
            return Kind.STRING;
        } else if (type == Integer.class) {
            return Kind.INTEGER;
        } else if (type == Boolean.class) {
            return Kind.BOOLEAN;
        } else if (Enum.class.isAssignableFrom(type)) {
            return Kind.ENUM;
        } else if (type == Class.class) {
            return Kind.CLASS;
        } else if (type.isHidden() || type.isSynthetic()) {
            return Kind.LAMBDA;
        } else if (Number.class.isAssignableFrom(type)) {
            return Kind.NUMBER;
        } else if (type == Character.class) {
            return Kind.CHARACTER;
        } else if (RandomStream.class.isAssignableFrom(type)) {
            return Kind.RANDOM;
        }
        String name = type.getName();
        if (name.equals(TIMER_ID)) {
            return Kind.TIMER_ID;
        } else if (java.util.EnumSet.class.isAssignableFrom(type)) {
            return Kind.ENUM_SET;
        } else if (type.isRecord()) {
            return Kind.RECORD;
        } else if (type.isArray()) {
            return Kind.ARRAY;
        } else if (LinkedHashMap.class.isAssignableFrom(type) || LinkedHashSet.class.isAssignableFrom(type)) {
            return Kind.ORDERED;
        } else if (HashMap.class.isAssignableFrom(type)) {
            return Kind.HASH_MAP;
        } else if (HashSet.class.isAssignableFrom(type)) {
            return Kind.HASH_SET;
        } else if (Map.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)) {
            return Kind.ORDERED;
        } else if (type == BitSet.class) {
            return Kind.BIT_SET;
        }
        switch (name) {
            case CHOICE_SCHEDULER:
                return Kind.SCHEDULER;
            case NODE_RUNTIME:
                return Kind.RUNTIME;
            case NODE_CONTEXT:
                return Kind.CONTEXT;
            case EXPLORE_HISTORY:
                return Kind.HISTORY;
            case SIM_DISK:
                return Kind.DISK;
            case PENDING_OP:
                return Kind.PENDING_OP;
            case CONTENTS:
                return Kind.CONTENTS;
            case SLOT_MAP:
                return Kind.SLOT_MAP;
            default:
                break;
        }
        if (name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.")) {
            return Kind.UNSUPPORTED_JDK;
        }
        return OUTSIDE_NODES.contains(name) ? Kind.OUTSIDE : Kind.OBJECT;
    }

    /**
     * One hashed field: its reader, rule, and what it holds (decided once per class, not per read).
     * {@code offset} >= 0: read through {@link #UNSAFE} (see there), else through the {@code Field}.
     */
    private record Slot(Field field, Rule rule, int type, boolean walBuffer, long offset, NodeIds.Shape shape) {
        static final int REFERENCE = 0;
        static final int LONG = 1;
        static final int INT = 2;
        static final int BOOLEAN = 3;
        static final int DOUBLE = 4;
        static final int OTHER_PRIMITIVE = 5;

        Slot(Field field, Rule rule) {
            this(field, rule, typeOf(field.getType()),
                    field.getDeclaringClass().getName().equals(WAL) && field.getName().equals("unsynced"), offsetOf(field),
                    field.isAnnotationPresent(NodeIds.class) ? field.getAnnotation(NodeIds.class).value() : null);
        }

        long getLong(Object o) throws IllegalAccessException {
            return offset >= 0 ? UNSAFE.getLong(o, offset) : field.getLong(o);
        }

        int getInt(Object o) throws IllegalAccessException {
            return offset >= 0 ? UNSAFE.getInt(o, offset) : field.getInt(o);
        }

        boolean getBoolean(Object o) throws IllegalAccessException {
            return offset >= 0 ? UNSAFE.getBoolean(o, offset) : field.getBoolean(o);
        }

        double getDouble(Object o) throws IllegalAccessException {
            return offset >= 0 ? UNSAFE.getDouble(o, offset) : field.getDouble(o);
        }

        Object get(Object o) throws IllegalAccessException {
            return offset >= 0 ? UNSAFE.getObject(o, offset) : field.get(o);
        }

        /** Records' and hidden classes' fields have no offset Unsafe will give: those are read through the Field. */
        private static long offsetOf(Field f) {
            Class<?> c = f.getDeclaringClass();
            return UNSAFE == null || c.isRecord() || c.isHidden() ? -1 : UNSAFE.objectFieldOffset(f);
        }

        private static int typeOf(Class<?> t) {
            if (t == long.class) {
                return LONG;
            } else if (t == int.class) {
                return INT;
            } else if (t == boolean.class) {
                return BOOLEAN;
            } else if (t == double.class) {
                return DOUBLE;
            }
            return t.isPrimitive() ? OTHER_PRIMITIVE : REFERENCE;
        }
    }

    /**
     * Field reads by offset where the JDK offers them without warnings: JDK 17's {@code Field.getLong}
     * checks the receiver's class on every read (a fifth of the walk's samples). From JDK 23 on,
     * Unsafe's memory access warns (JEP 471), and {@code Field} reads are method handles (JEP 416): there the
     * {@code Field} is used. Reads are by the offsets of the very fields the slots name, on objects of
     * the class they were computed for.
     */
    private static final sun.misc.Unsafe UNSAFE = Runtime.version().feature() < 23 ? unsafe() : null;

    private static sun.misc.Unsafe unsafe() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // Field reads then: slower, same hash
        }
    }

    /** Everything {@link Walk#hash} needs of a class, in one lookup (three ClassValue lookups per object showed in profiles). */
    private static final class Plan {
        final Kind kind;
        final long typeHash;
        /** A record of values only (see {@link #isValueRecord}): its hash is the same wherever a walk meets it. */
        final boolean valueRecord;
        /** Hashes itself ({@link ExplicitStateHash}): a fast walk takes that instead of reading its fields. */
        final boolean explicit;
        /** A node part that hashes itself ({@link NodeStateHash}): a fast walk takes that, through the walk's naming. */
        final boolean nodeExplicit;
        /** Hashes itself and holds no node id ({@link #ID_FREE_SHELL}): renamed walks take its hash too. */
        final boolean idFreeShell;
        private Slot[] slots;

        Plan(Class<?> type) {
            this.kind = kindOf(type);
            this.typeHash = RandomStream.fnv1a64(type.getName());
            this.valueRecord = kind == Kind.RECORD && isValueRecord(type, new HashSet<>());
            this.explicit = ExplicitStateHash.class.isAssignableFrom(type);
            this.nodeExplicit = NodeStateHash.class.isAssignableFrom(type);
            this.idFreeShell = explicit && ID_FREE_SHELL.contains(type.getName());
        }

        /** Computed on first use: only kinds hashed field by field have (accessible) slots. */
        Slot[] slots(Class<?> type) {
            Slot[] s = slots;
            if (s == null) {
                s = fieldsOf(type);
                slots = s;
            }
            return s;
        }
    }

    /**
     * A record whose components are, by declared type, primitives, strings, boxed numbers, enums, or
     * again such records (or sealed interfaces all of whose implementations are): it reaches no
     * mutable object, no id the walk renames and no visited-table entry, so within one walk its hash
     * depends on the instance alone and may be reused (a network's links are one config n^2 times).
     */
    private static boolean isValueRecord(Class<?> type, Set<Class<?>> visiting) {
        if (!type.isRecord() || !visiting.add(type)) {
            return false;
        }
        for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) {
            if (!isValueType(c.getType(), visiting)) {
                return false;
            }
        }
        visiting.remove(type);
        return true;
    }

    private static boolean isValueType(Class<?> t, Set<Class<?>> visiting) {
        if (t.isPrimitive() || t == String.class || t == Long.class || t == Integer.class || t == Boolean.class
                || t == Double.class || t.isEnum()) {
            return true;
        }
        if (t.isInterface() && t.isSealed()) {
            for (Class<?> sub : t.getPermittedSubclasses()) {
                if (!isValueType(sub, visiting)) {
                    return false;
                }
            }
            return true;
        }
        return t.isRecord() && !t.getName().equals(TIMER_ID) && isValueRecord(t, visiting);
    }

    private static final ClassValue<Plan> PLANS = new ClassValue<>() {
        @Override
        protected Plan computeValue(Class<?> type) {
            return new Plan(type);
        }
    };
    private final ClassValue<Field[]> allFields = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            List<Field> out = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        f.setAccessible(true);
                        out.add(f);
                    }
                }
            }
            return out.toArray(new Field[0]);
        }
    };
    private final Object model;
    private final long tickNanos;
    private final boolean cacheNodes;
    /**
     * Whether {@link #hash(World)} takes the shell objects' own hashes ({@link ExplicitStateHash}:
     * the monitors, the client history) instead of walking their fields. Same partition of states,
     * other values: renamed walks ({@link #hash(World, int[])}) and {@link #explain} never do.
     */
    private final boolean explicitShell;
    /**
     * Whether node parts (runtime, disk, replica, client and what they hold) hash themselves
     * ({@link NodeStateHash}) instead of being walked field by field: in every walk but
     * {@link #explain}'s, renamed ones included. Same partition of states, other values.
     */
    private final boolean explicitNodes;
    /**
     * Whether {@link #hash(World)} hashes the world, simulation and instance explicitly ({@link #explicitHash})
     * instead of walking them (taking the shell objects' own hashes where the walk meets them):
     * {@code -Dpaxsim.explore.walkedShell=true} walks, for comparisons. Same partition, other values.
     */
    private final boolean explicitWorld = !Boolean.getBoolean("paxsim.explore.walkedShell");
    /** Node parts by {@link World#nodeHistoryKey}, across every world this hasher fingerprints; null when uncached. */
    private final NodePartMemo memo;

    /** {@code model}: the explore model, left out of the hash (it is the same for every state). */
    public StructuralHasher(Object model) {
        this(model, model instanceof PaxosExploreModel p ? p.tickDelayNanos() : 0);
    }

    /**
     * {@code tickNanos}: how far time moves when a time-advancing timer fires (0: timestamps are
     * hashed exactly relative to now, no epochs).
     */
    public StructuralHasher(Object model, long tickNanos) {
        this(model, tickNanos, true, !Boolean.getBoolean("paxsim.explore.reflectiveShell"),
                !Boolean.getBoolean("paxsim.explore.reflectiveNodes"));
    }

    private StructuralHasher(Object model, long tickNanos, boolean cacheNodes, boolean explicitShell, boolean explicitNodes) {
        this.model = model;
        this.tickNanos = tickNanos;
        this.cacheNodes = cacheNodes;
        this.explicitShell = explicitShell;
        this.explicitNodes = explicitNodes;
        this.memo = cacheNodes ? new NodePartMemo() : null;
    }

    /**
     * A node's part is a function of the node's state and now, and both are fixed by the node's
     * event chain and the time since its last event ({@link World#nodeHistoryKey}): the part one
     * world computed serves every world, on any path, whose node has the same key (the same
     * events in another interleaving with the other nodes). A cache: direct-mapped, a slot holds
     * the last key that landed there. Synchronised: parallel expansion shares it.
     */
    private static final class NodePartMemo {
        static final long MISSING = 0x6D697373696E67L;
        private static final int SLOTS = 1 << 17;
        private final long[] keys = new long[SLOTS];
        private final long[] parts = new long[SLOTS];

        synchronized long get(long key) {
            int i = slot(key);
            return key != 0 && keys[i] == key ? parts[i] : MISSING;
        }

        synchronized void put(long key, long part) {
            if (key != 0 && part != MISSING) {
                int i = slot(key);
                keys[i] = key;
                parts[i] = part;
            }
        }

        private static int slot(long key) {
            return (int) (key ^ key >>> 32) & (SLOTS - 1);
        }
    }

    /**
     * The same fingerprint computed from scratch every time, never from a world's cached node parts
     * (tests compare the two along walks: a stale part would show as a difference).
     */
    public StructuralHasher uncached() {
        return new StructuralHasher(model, tickNanos, false, explicitShell, explicitNodes);
    }

    /**
     * The reference: every object walked field by field from scratch (no explicit shell or node
     * hashes, no cached or memoised node parts). Its values differ from {@link #hash(World)}'s, its
     * partition of states must not (ExplicitShellHashTest and ExplicitNodeHashTest check both over
     * whole searches).
     */
    public StructuralHasher reflective() {
        return new StructuralHasher(model, tickNanos, false, false, false);
    }

    /** This hasher with node parts walked field by field (the shell as this one hashes it): for tests. */
    public StructuralHasher reflectiveNodes() {
        return new StructuralHasher(model, tickNanos, cacheNodes, explicitShell, false);
    }

    @Override
    public long hash(World world) {
        if (explicitWorld && explicitShell && explicitNodes && world.instance() instanceof ExplicitStateHash) {
            try {
                return explicitHash(world);
            } catch (NotExplicit e) {
                // a part no explicit hash covers (messages held on a clogged link, a foreign observer): walk it all
            }
        }
        return new Walk(world, null, null, explicitShell).root(world);
    }

    /** Thrown by {@link Shell} for a part of a world no explicit hash covers; the world is walked instead. */
    private static final class NotExplicit extends RuntimeException {
        static final NotExplicit INSTANCE = new NotExplicit();

        private NotExplicit() {
            super(null, null, false, false);
        }
    }

    private static final long SHELL_HASH = RandomStream.fnv1a64("explicit shell");
    /** The model's instance as a simulation observer: the very object the world's instance field holds. */
    private static final long INSTANCE_OBSERVER = RandomStream.fnv1a64("the world's instance");

    /**
     * The fingerprint without the reflective walk: the world's counters, the in-flight multiset,
     * the model's instance, and the simulation by its own explicit hash, which takes node parts
     * from the world's cache (or the memo by event chain) and walks only the nodes whose part is
     * missing. A walk (naming live timers and fsyncs) is made only for those nodes or for live
     * fsync completions in flight. Values differ from the walk's; the partition of states must not
     * (ExplicitShellHashTest). The objects the walk would meet twice here (the instance's
     * simulation and monitor, the simulation's scheduler, the model) are always the same objects in
     * the same places, so their back-references say nothing a state could differ in.
     */
    private long explicitHash(World world) {
        Simulation sim = world.simulation();
        List<Event> pending = world.pendingEvents();
        Walk walk = needsWalk(world, sim, pending) ? new Walk(world, null, null, true) : null;
        long h = mix(SHELL_HASH, world.countersHash());
        h = mix(h, explicitInFlight(world, sim, pending, walk));
        h = mix(h, ((ExplicitStateHash) world.instance()).explicitStateHash());
        return mix(h, sim.shellStateHash(new Shell(world, walk)));
    }

    /** Whether some node's part is neither cached in the world nor memoised, or a live fsync is in flight. */
    private boolean needsWalk(World world, Simulation sim, List<Event> pending) {
        if (!cacheNodes) {
            return true;
        }
        for (int node = 0; node < sim.nodeCount(); node++) {
            if (!world.hasCachedNodeHash(node)) {
                long part = memo.get(world.nodeHistoryKey(node));
                if (part == NodePartMemo.MISSING) {
                    return true;
                }
                world.cacheNodeHash(node, part);
            }
        }
        for (Event e : pending) {
            if (e instanceof Event.FsyncDone f && sim.fsyncPending(f)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Messages in flight as a multiset of (from, to, content), with FIFO links also each one's
     * place in its link's queue; live fsync completions by their names ({@code walk} names them:
     * it exists whenever one is in flight). The same terms as {@link Walk#inFlight}'s, with each
     * message's content taken from {@link #messages}.
     */
    private long explicitInFlight(World world, Simulation sim, List<Event> pending, Walk walk) {
        long now = sim.nowNanos();
        int n = sim.nodeCount();
        int[] linkRanks = world.fifoLinks() ? new int[n * n] : null;
        long sum = 0;
        for (Event e : pending) {
            if (e instanceof Event.Deliver d) {
                long content = messages.content(d, now);
                if (linkRanks != null) {
                    content = mix(content, ++linkRanks[d.from() * n + d.to()]);
                }
                sum += RandomStream.mix64(mix(mix(20, d.from()), d.to(), content));
            } else if (e instanceof Event.FsyncDone f) {
                Long fsync = walk == null ? null : walk.fsyncNames.get(f.requestId());
                if (fsync != null) {
                    sum += RandomStream.mix64(mix(21, fsync));
                }
            } else if (!(e instanceof Event.TimerFire)) {
                throw new IllegalStateException("explore state hash: unexpected pending event " + e);
            }
        }
        return mix(13, sum);
    }

    /** What the simulation's explicit hash asks of this hasher: node parts, and what it cannot hash itself. */
    private final class Shell implements Simulation.ShellHashing {
        private final World world;
        /** Null when every node's part is cached (see {@link #needsWalk}). */
        private final Walk walk;

        Shell(World world, Walk walk) {
            this.world = world;
            this.walk = walk;
        }

        @Override
        public long node(int id, NodeStateHash runtime) {
            return walk == null ? world.cachedNodeHash(id, 0) : walk.nodePart(runtime, id);
        }

        @Override
        public long observer(io.paxsim.sim.SimObserver observer) {
            if (observer == world.instance()) {
                return INSTANCE_OBSERVER;
            }
            throw NotExplicit.INSTANCE;
        }

        @Override
        public long clogHeld(int link, List<Event.Deliver> held) {
            throw NotExplicit.INSTANCE; // held messages are walked in the shell's one visited table, sharing and all
        }
    }

    /**
     * In-flight messages' contents as the fingerprint sees them at an instant ({@link #valueHash(World, Object)}):
     * a message is an immutable record, and the successors of one state share its pending messages
     * (as objects), so each would otherwise be hashed again in every one of them. Found by reference and
     * now; a slot holds the last message that landed there (by the trace's hash of it, taken at the
     * send, so a broadcast's copies find one entry), and a miss hashes. Shared by the threads of a
     * parallel search without locks: an entry is immutable and published whole.
     */
    private final class InFlightMemo {
        private static final int SLOTS = 1 << 12;
        private final Entry[] slots = new Entry[SLOTS];

        private record Entry(Object message, long nowNanos, long hash) {
        }

        long content(Event.Deliver d, long nowNanos) {
            int slot = (int) ((d.payloadHash() * 0x9E3779B97F4A7C15L) >>> 52) & (SLOTS - 1);
            Entry e = slots[slot];
            if (e != null && e.message() == d.message() && e.nowNanos() == nowNanos) {
                return e.hash();
            }
            Walk walk = new Walk(nowNanos);
            long h = walk.hash(d.message(), Rule.PLAIN, walk.seenFor(d.message()));
            slots[slot] = new Entry(d.message(), nowNanos, h);
            return h;
        }
    }

    private final InFlightMemo messages = new InFlightMemo();

    /**
     * The fingerprint {@code world} would have with its node ids renamed by {@code perm}
     * ({@code perm[i]} is node i's new id; see {@link NodeIdRenaming}): node states change places,
     * and every field marked {@link NodeIds} is renamed, in node states, disks, messages in flight,
     * timers and monitors alike. Equal to {@link #hash} of the renamed world (SymmetryTest checks
     * that against a world that runs the renamed path). Throws when {@code perm} moves an id the
     * protocol orders by ({@link NodeIds.Shape#ORDERING}): that permutation is no symmetry there.
     * The shell is walked reflectively (its explicit hashes cannot rename), also for the identity or
     * a null {@code perm}, but for the objects that hold no node id ({@link #ID_FREE_SHELL}); node parts hash themselves through the renaming
     * ({@link NodeStateHash}) unless this hasher is {@link #reflective}. Compare its values with this
     * method's only, never with {@link #hash(World)}'s.
     */
    public long hash(World world, int[] perm) {
        return new Walk(world, null, NodeIdRenaming.orNull(perm), false).root(world);
    }

    /** {@link #valueHash(Object)} of {@code value} with its node ids renamed by {@code perm}. */
    public long valueHash(Object value, int[] perm) {
        Walk walk = new Walk(null, null, NodeIdRenaming.orNull(perm));
        return walk.hash(value, Rule.PLAIN, walk.seenFor(value));
    }

    /**
     * Why two fingerprints differ: one line per object field (path = hash), to diff between two
     * worlds that should be equal. Slow; for tests and debugging.
     */
    public List<String> explain(World world) {
        return explain(world, null);
    }

    /** {@link #explain(World)} of the world renamed by {@code perm} (see {@link #hash(World, int[])}). */
    public List<String> explain(World world, int[] perm) {
        List<String> lines = new ArrayList<>();
        new Walk(world, lines, NodeIdRenaming.orNull(perm)).root(world);
        return lines;
    }

    /** Exact content (no world to relate times to): for values outside any state. */
    @Override
    public long valueHash(Object value) {
        Walk walk = new Walk(null, null);
        return walk.hash(value, Rule.PLAIN, walk.seenFor(value));
    }

    /**
     * A message's or timer's content as the state fingerprint sees it in {@code world} (times in
     * ticks from now): the name of an action, which must agree between states that fingerprint alike.
     */
    @Override
    public long valueHash(World world, Object value) {
        Walk walk = new Walk(world.simulation().nowNanos());
        return walk.hash(value, Rule.PLAIN, walk.seenFor(value));
    }

    /** A value's walk reads only the world's now (times in ticks from it). */
    @Override
    public boolean valueHashReadsOnlyNow() {
        return true;
    }

    /** The visited table of value records, which never add to it (asserted), shared by all walks. */
    private static final IdentityHashMap<Object, Integer> NO_OBJECTS = new IdentityHashMap<>(1);

    /** One fingerprinting pass over a world: its now, and the canonical names of its live ids. */
    private final class Walk implements NodeStateHash.Hashing {
        private final World world;
        private final boolean useCache;
        /** Inside one node's part: world-level objects are out of bounds (see {@link #OUTSIDE_NODES}). */
        private boolean inNode;
        private final long nowNanos;
        /** Live ids' names: only a walk over a world names any (a value's walk reads them empty). */
        private final Map<Long, Long> timerNames;
        private final Map<Long, Long> fsyncNames;
        private IdentityHashMap<Object, long[]> diskSequences;
        private final List<String> lines;
        private final ArrayList<String> path;
        private long[] currentDisk;
        /** The visited table value records get: they never add to it. */
        private final IdentityHashMap<Object, Integer> noObjects = NO_OBJECTS;
        /** The value record hashed last, and its hash (see {@link Plan#valueRecord}). */
        private Object lastValueRecord;
        private long lastValueRecordHash;

        private final boolean exactTimes;
        /** Node ids renamed by this walk (null: none); see {@link #hash(World, int[])}. */
        private final NodeIdRenaming renaming;

        /** Whether shell objects that hash themselves do so here (see {@link #explicitShell}). */
        private final boolean explicitHere;
        /** Whether id-free shell objects hash themselves here, renamed walks included ({@link #ID_FREE_SHELL}). */
        private final boolean idFreeExplicitHere;
        /** Whether node parts that hash themselves do so here (see {@link #explicitNodes}). */
        private final boolean nodesExplicitHere;
        /** The visited table of the explicit hash running now ({@link #seen}, {@link #value}). */
        private IdentityHashMap<Object, Integer> currentSeen;

        Walk(World world, List<String> lines) {
            this(world, lines, null);
        }

        Walk(World world, List<String> lines, NodeIdRenaming renaming) {
            this(world, lines, renaming, false);
        }

        Walk(World world, List<String> lines, NodeIdRenaming renaming, boolean explicitShell) {
            this.world = world;
            this.renaming = renaming;
            this.explicitHere = explicitShell && world != null && lines == null && renaming == null;
            this.idFreeExplicitHere = StructuralHasher.this.explicitShell && world != null && lines == null;
            this.nodesExplicitHere = explicitNodes && lines == null;
            this.useCache = cacheNodes && world != null && lines == null && renaming == null;
            this.lines = lines;
            this.path = lines == null ? null : new ArrayList<>();
            this.timerNames = world == null ? Map.of() : new HashMap<>();
            this.fsyncNames = world == null ? Map.of() : new HashMap<>();
            this.exactTimes = world == null;
            this.nowNanos = world == null ? 0 : world.simulation().nowNanos();
            if (world != null) {
                nameLiveIds(world);
            }
        }

        /** A walk over one value (no ids to name) at {@code nowNanos}. */
        Walk(long nowNanos) {
            this.world = null;
            this.explicitHere = false;
            this.idFreeExplicitHere = false;
            this.nodesExplicitHere = explicitNodes;
            this.renaming = null;
            this.useCache = false;
            this.lines = null;
            this.path = null;
            this.timerNames = Map.of();
            this.fsyncNames = Map.of();
            this.exactTimes = false;
            this.nowNanos = nowNanos;
        }

        long root(World world) {
            IdentityHashMap<Object, Integer> seen = new IdentityHashMap<>(128);
            seen.put(model, -1);
            return hash(world, Rule.PLAIN, seen);
        }

        /** Timer ids by (node, payload); fsync ids by (node, file, barrier rank, ok) of their pending completion. */
        private void nameLiveIds(World world) {
            Simulation sim = world.simulation();
            Object[] runtimes = (Object[]) read(sim, "nodes");
            for (int node = 0; node < runtimes.length; node++) {
                if (useCache && !world.hasCachedNodeHash(node)) {
                    long part = memo.get(world.nodeHistoryKey(node));
                    if (part != NodePartMemo.MISSING) {
                        world.cacheNodeHash(node, part);
                    }
                }
                if (!useCache || !world.hasCachedNodeHash(node)) {
                    nameTimers(runtimes[node], node); // a cached node's timer ids are read by no one this walk
                }
            }
            // Live fsyncs per node in issue order (request ids grow): the ordinal keeps two fsyncs that cover the
            // same ops apart, and is the same on every path (a node issues its own fsyncs in its own order).
            List<Event.FsyncDone> live = new ArrayList<>();
            for (Event e : world.pendingEvents()) {
                if (e instanceof Event.FsyncDone f && sim.fsyncPending(f)) {
                    live.add(f);
                }
            }
            live.sort(java.util.Comparator.comparingLong(Event.FsyncDone::requestId));
            int[] ordinal = new int[runtimes.length];
            for (Event.FsyncDone f : live) {
                // Its barrier's rank among the disk's pending op sequences (unique per disk): the ops it covers.
                long rank = sim.disk(f.node()).pendingOpsThrough(f.barrier());
                long name = mix(mix(renamed(f.node()), World.filesHash(f)), rank, f.ok() ? 1 : 0);
                fsyncNames.put(f.requestId(), mix(name, ordinal[f.node()]++));
            }
        }

        private void nameTimers(Object runtime, int node) {
            forEachTimer(runtime, (entry, id) -> {
                Object timer = read(entry, "timer");
                timerNames.put(id, mix(renamed(node), hash(timer, Rule.PLAIN, seenFor(timer))));
            });
        }

        /** A runtime's pending timers (a primitive long-keyed table: its key and value arrays, free keys 0). */
        private void forEachTimer(Object runtime, java.util.function.ObjLongConsumer<Object> action) {
            Object table = read(runtime, "timers");
            long[] ids = (long[]) read(table, "keys");
            Object[] entries = (Object[]) read(table, "values");
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] != 0) {
                    action.accept(entries[i], ids[i]);
                }
            }
        }

        private long[] sequencesOf(Object disk) {
            if (diskSequences == null) {
                diskSequences = new IdentityHashMap<>();
            }
            long[] known = diskSequences.get(disk);
            if (known != null) {
                return known;
            }
            ArrayList<Long> seqs = new ArrayList<>();
            Map<?, ?> files = (Map<?, ?>) read(disk, "files");
            for (Object file : files.values()) {
                for (Object op : (List<?>) read(file, "pending")) {
                    seqs.add((Long) read(op, "sequence"));
                }
            }
            long[] sorted = seqs.stream().mapToLong(Long::longValue).sorted().toArray();
            diskSequences.put(disk, sorted);
            return sorted;
        }

        long hash(Object o, Rule rule, IdentityHashMap<Object, Integer> seen) {
            if (o == null) {
                return 0x6E756C6CL;
            }
            Class<?> type = o.getClass();
            Plan plan = PLANS.get(type);
            Kind kind = plan.kind;
            switch (kind) {
                case LONG:
                    return leaf((Long) o, rule);
                case STRING:
                    return mix(o.hashCode(), ((String) o).length()); // String.hashCode is specified, and cached in the string
                case INTEGER:
                    return mix(2, (Integer) o);
                case BOOLEAN:
                    return (Boolean) o ? 3 : 4;
                case ENUM:
                    return mix(PLANS.get(((Enum<?>) o).getDeclaringClass()).typeHash, ((Enum<?>) o).ordinal());
                case CLASS:
                    return RandomStream.fnv1a64(((Class<?>) o).getName());
                case LAMBDA:
                    return LAMBDA_HASH; // behaviour, not state (a lambda's captures are reached elsewhere)
                case NUMBER:
                    return mix(5, Double.doubleToLongBits(((Number) o).doubleValue()));
                case CHARACTER:
                    return mix(6, (Character) o);
                case RANDOM:
                    return 15;
                case TIMER_ID:
                    if (!inNode && useCache) {
                        throw new IllegalStateException("explore state hash: a timer id outside every node's state "
                                + "(timer ids are named per node, for cached node parts: update StructuralHasher)");
                    }
                    return mix(16, timerNames.getOrDefault((Long) read(o, "value"), DEAD_ID));
                case ENUM_SET: {
                    long h = 25; // a set of constants: a value, like a record
                    for (Enum<?> x : (java.util.EnumSet<?>) o) {
                        h = mix(h, x.ordinal());
                    }
                    return h;
                }
                case RECORD:
                    if (renaming != null && o instanceof Event) {
                        // Its payload hash and seq cannot be renamed; none is kept outside the in-flight set while exploring.
                        throw new IllegalStateException("explore symmetry: an event outside the in-flight set: " + o);
                    }
                    if (plan.nodeExplicit && nodesExplicitHere) {
                        return explicitNodePart(o, plan, seen);
                    }
                    // A value: hashed by content wherever it is referenced, since whether two places share one
                    // instance says nothing about the state (a copied world may share differently).
                    if (plan.valueRecord) {
                        if (o != lastValueRecord) {
                            lastValueRecordHash = object(o, plan, seen);
                            lastValueRecord = o;
                        }
                        return lastValueRecordHash;
                    }
                    return object(o, plan, seen);
                default:
                    break;
            }
            Integer index = seen.get(o);
            if (index != null) {
                return mix(7, index);
            }
            seen.put(o, seen.size());
            if (plan.nodeExplicit && nodesExplicitHere && kind != Kind.RUNTIME) {
                // Shared like any object (the back-reference above), but hashed by its own method.
                return explicitNodePart(o, plan, seen);
            }
            if (plan.explicit && !inNode && (explicitHere || plan.idFreeShell && idFreeExplicitHere)) {
                // Shared like any object (the back-reference above), but hashed by its own method.
                return mix(plan.typeHash, ((ExplicitStateHash) o).explicitStateHash());
            }
            switch (kind) {
                case ARRAY:
                    return mix(plan.typeHash, hashArray(o, rule, seen));
                case ORDERED:
                    return ordered(o, rule, seen);
                case HASH_MAP: {
                    long sum = 0;
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
                        sum += RandomStream.mix64(mix(alone(e.getKey(), Rule.PLAIN, seen), alone(e.getValue(), rule, seen)));
                    }
                    return mix(8, sum);
                }
                case HASH_SET: {
                    long sum = 0;
                    for (Object e : (Collection<?>) o) {
                        sum += RandomStream.mix64(alone(e, rule, seen));
                    }
                    return mix(9, sum);
                }
                case BIT_SET:
                    return mix(12, hashArray(((BitSet) o).toLongArray(), Rule.PLAIN, seen));
                case SCHEDULER:
                    return mix(13, inFlight(o));
                case RUNTIME:
                    return nodePart(o);
                case CONTEXT:
                    return mix(26, renamed((Integer) read(read(o, "r"), "id"))); // the node's own handle on the world
                case HISTORY:
                    if (inNode) {
                        return 27; // clients append to it: hashed once, as the model instance's ghost state
                    }
                    break;
                case DISK:
                    currentDisk = sequencesOf(o);
                    return object(o, plan, seen);
                case PENDING_OP:
                    return mix(object(o, plan, seen), rank(currentDisk, (Long) read(o, "sequence")));
                case CONTENTS:
                    return contents(o);
                case SLOT_MAP:
                    return slotMap(o, seen);
                case UNSUPPORTED_JDK:
                    throw new IllegalStateException("explore state hash: unsupported JDK class " + type.getName());
                case OUTSIDE:
                    if (inNode) {
                        throw new IllegalStateException("explore state hash: a node's state reaches " + type.getName()
                                + " (node parts are cached per node: update StructuralHasher)");
                    }
                    break;
                default:
                    break;
            }
            return object(o, plan, seen);
        }

        /**
         * One node's runtime, node object and disk, with its own table of visited objects, so the
         * part depends on that node alone and is cached in the world until an action touches the
         * node or the clock moves ({@link World#cachedNodeHash}).
         */
        private long nodePart(Object runtime) {
            return nodePart(runtime, (Integer) read(runtime, "id"));
        }

        private long nodePart(Object runtime, int id) {
            if (useCache && world.hasCachedNodeHash(id)) {
                return world.cachedNodeHash(id, 0);
            }
            // A renamed part is a function of the node's state and the renaming: memoised by both.
            long renamedKey = renaming != null && cacheNodes && world != null && lines == null
                    ? mix(world.nodeHistoryKey(id), renaming.key()) : 0;
            if (renamedKey != 0) {
                long part = memo.get(renamedKey);
                if (part != NodePartMemo.MISSING) {
                    return part;
                }
            }
            boolean outer = inNode;
            inNode = true;
            long h;
            if (nodesExplicitHere && runtime instanceof NodeStateHash explicit) {
                // The runtime itself is not in its own part's visited table, as in object(runtime, ...) below.
                IdentityHashMap<Object, Integer> outerSeen = currentSeen;
                currentSeen = new IdentityHashMap<>(32);
                h = explicit.nodeStateHash(this);
                currentSeen = outerSeen;
            } else {
                h = mix(object(runtime, new IdentityHashMap<>()), liveTimers(runtime));
            }
            inNode = outer;
            if (renamedKey != 0) {
                memo.put(renamedKey, h);
            }
            if (useCache) {
                world.cacheNodeHash(id, h);
                memo.put(world.nodeHistoryKey(id), h);
            }
            return h;
        }

        private long object(Object o, IdentityHashMap<Object, Integer> seen) {
            return object(o, PLANS.get(o.getClass()), seen);
        }

        /** An object of a node's state that hashes itself, with {@code seen} as the table {@link #seen} and {@link #value} use. */
        private long explicitNodePart(Object o, Plan plan, IdentityHashMap<Object, Integer> seen) {
            IdentityHashMap<Object, Integer> outer = currentSeen;
            currentSeen = seen;
            long h = mix(plan.typeHash, ((NodeStateHash) o).nodeStateHash(this));
            currentSeen = outer;
            return h;
        }

        @Override
        public int id(int node) {
            return renamed(node);
        }

        @Override
        public long mask(long nodes) {
            return renaming == null ? nodes : renaming.primitive(nodes, NodeIds.Shape.MASK);
        }

        @Override
        public int ordering(int node) {
            return renaming == null ? node : (int) renaming.primitive((long) node, NodeIds.Shape.ORDERING);
        }

        @Override
        public long timer(TimerId id) {
            if (!inNode && useCache) {
                throw new IllegalStateException("explore state hash: a timer id outside every node's state "
                        + "(timer ids are named per node, for cached node parts: update StructuralHasher)");
            }
            return mix(16, timerNames.getOrDefault(id.value(), DEAD_ID));
        }

        @Override
        public long liveTimer(long timerId, long localDeadlineNanos) {
            return mix(timerNames.get(timerId), epochs(localDeadlineNanos, EPOCH_CAP));
        }

        @Override
        public long fsync(long requestId) {
            return leaf(requestId, Rule.FSYNC_ID);
        }

        @Override
        public long localTime(long localNanos) {
            return leaf(localNanos, Rule.LOCAL_TIME);
        }

        @Override
        public long nowOnlyTime(long localNanos) {
            return leaf(localNanos, Rule.NOW_ONLY_TIME);
        }

        @Override
        public long value(Object value) {
            return hash(value, Rule.PLAIN, currentSeen);
        }

        @Override
        public long seen(Object shared) {
            IdentityHashMap<Object, Integer> seen = currentSeen;
            Integer index = seen.get(shared);
            if (index != null) {
                return mix(7, index) | 1; // never 0
            }
            if (seen == noObjects) {
                throw new IllegalStateException("explore state hash: a value record reached a shared object");
            }
            seen.put(shared, seen.size());
            return 0;
        }

        /**
         * A fresh visited table for hashing {@code value} on its own; none for a value record, which
         * never enters one ({@link Plan#valueRecord}): most messages and timers are.
         */
        private IdentityHashMap<Object, Integer> seenFor(Object value) {
            if (value != null && PLANS.get(value.getClass()).valueRecord) {
                assert noObjects.isEmpty() : "a value record entered the visited table";
                return noObjects;
            }
            return new IdentityHashMap<>(4);
        }

        private long object(Object o, Plan plan, IdentityHashMap<Object, Integer> seen) {
            long h = plan.typeHash;
            try {
                for (Slot s : plan.slots(o.getClass())) {
                    Field f = s.field();
                    if (lines != null) {
                        path.add(f.getName());
                    }
                    long v = renaming != null && s.shape() != null ? renamedSlot(o, s, seen) : switch (s.type()) {
                        case Slot.LONG -> leaf(s.getLong(o), s.rule());
                        case Slot.INT -> s.getInt(o);
                        case Slot.BOOLEAN -> s.getBoolean(o) ? 1 : 0;
                        case Slot.DOUBLE -> Double.doubleToLongBits(s.getDouble(o));
                        default -> s.walBuffer() ? walBuffer(o, f, seen) : hash(s.get(o), s.rule(), seen);
                    };
                    if (lines != null) {
                        lines.add(String.join(".", path) + " = " + Long.toHexString(v));
                        path.remove(path.size() - 1);
                    }
                    h = mix(h, v);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("explore state hash: cannot read " + o.getClass().getName(), e);
            }
            return h;
        }

        private int renamed(int node) {
            return renaming == null ? node : renaming.id(node);
        }

        /**
         * A slot marked {@link NodeIds}, hashed as the same slot of the renamed world holds it: its
         * value renamed (a renamed copy of a container, remembered per original so that sharing is
         * kept), then hashed by the slot's rule.
         */
        private long renamedSlot(Object o, Slot s, IdentityHashMap<Object, Integer> seen) throws IllegalAccessException {
            return switch (s.type()) {
                case Slot.INT -> renaming.primitive(s.getInt(o), s.shape());
                case Slot.LONG -> leaf(renaming.primitive(s.getLong(o), s.shape()), s.rule());
                case Slot.REFERENCE -> hash(renaming.value(s.get(o), s.shape()), s.rule(), seen);
                default -> throw new IllegalStateException("explore state hash: node ids in a " + s.field().getType()
                        + " field " + s.field());
            };
        }

        /** The WAL's unsynced buffer up to its used length (the rest is stale bytes of no meaning). */
        private long walBuffer(Object wal, Field f, IdentityHashMap<Object, Integer> seen) throws IllegalAccessException {
            long used = (Long) read(wal, "endOffset") - (Long) read(wal, "durableOffset");
            return hashArray(Arrays.copyOf((byte[]) f.get(wal), (int) used), Rule.PLAIN, seen);
        }

        private long leaf(long value, Rule rule) {
            return switch (rule) {
                case PLAIN -> mix(1, value);
                case FSYNC_ID -> mix(17, fsyncNames.getOrDefault(value, DEAD_ID));
                case LOCAL_TIME -> exactTimes ? mix(1, value) : mix(18, epochs(value, EPOCH_CAP));
                case NOW_ONLY_TIME -> exactTimes ? mix(1, value) : mix(18, epochs(value, 0));
            };
        }

        /**
         * A stored time as ticks from now: 0 is now; 1..cap+1 future (within 1, 2, ... ticks);
         * -1..-(cap+1) past. Sentinels ("never") stay exact.
         */
        private long epochs(long t, int cap) {
            if (t >= SENTINEL_TIME || t <= -SENTINEL_TIME) {
                return mix(19, t);
            }
            long d = t - nowNanos;
            if (tickNanos <= 0 || d == 0) {
                return d;
            }
            long ticks = Math.min(cap, Math.floorDiv(Math.abs(d) - 1, tickNanos));
            return d > 0 ? 1 + ticks : -1 - ticks;
        }

        private long ordered(Object o, Rule rule, IdentityHashMap<Object, Integer> seen) {
            if (o instanceof Map<?, ?> m) {
                long h = 10;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    h = mix(h, hash(e.getKey(), Rule.PLAIN, seen), hash(e.getValue(), rule, seen));
                }
                return h;
            }
            long h = 11;
            for (Object e : (Collection<?>) o) {
                h = mix(h, hash(e, rule, seen));
            }
            return h;
        }

        /** Map keys and set members: hashed each on their own, since their visiting order is not canonical. */
        private long alone(Object o, Rule rule, IdentityHashMap<Object, Integer> seen) {
            // Strings, numbers, enums and null never touch the visited table; a record gets a fresh one.
            return o != null && PLANS.get(o.getClass()).kind == Kind.RECORD ? hash(o, rule, seenFor(o)) : hash(o, rule, seen);
        }

        /**
         * Messages in flight as a multiset of (from, to, content) (with FIFO links also each one's
         * place in its link's queue: the order is then state); live fsync completions by their names.
         */
        private long inFlight(Object scheduler) {
            long sum = 0;
            Map<Long, Integer> linkRanks = world != null && world.fifoLinks() ? new HashMap<>() : null;
            for (Object e : (List<?>) read(scheduler, "pending")) {
                if (e instanceof Event.Deliver d) {
                    long content = hash(d.message(), Rule.PLAIN, seenFor(d.message()));
                    if (linkRanks != null) {
                        content = mix(content, linkRanks.merge((long) d.from() << 32 | d.to(), 1, Integer::sum));
                    }
                    sum += RandomStream.mix64(mix(mix(20, renamed(d.from())), renamed(d.to()), content));
                } else if (e instanceof Event.FsyncDone f) {
                    Long fsync = fsyncNames.get(f.requestId());
                    if (fsync != null) {
                        sum += RandomStream.mix64(mix(21, fsync));
                    }
                } else if (!(e instanceof Event.TimerFire)) {
                    throw new IllegalStateException("explore state hash: unexpected pending event " + e);
                }
            }
            return sum;
        }

        /** A node's live timers, as a multiset of (name, deadline in ticks from now). */
        private long liveTimers(Object runtime) {
            long[] sum = {0};
            forEachTimer(runtime, (entry, id) -> {
                long deadline = (Long) read(entry, "localDeadlineNanos");
                sum[0] += RandomStream.mix64(mix(timerNames.get(id), epochs(deadline, EPOCH_CAP)));
            });
            return mix(22, sum[0]);
        }

        /** A file's bytes up to its length; a missing page reads as zeros. */
        private long contents(Object c) {
            int length = (Integer) read(c, "length");
            boolean exists = (Boolean) read(c, "exists");
            byte[][] pages = (byte[][]) read(c, "pages");
            long h = mix(23, length, exists ? 1 : 0);
            int needed = (length + PAGE_BYTES - 1) / PAGE_BYTES;
            for (int i = 0; i < needed; i++) {
                byte[] page = i < pages.length ? pages[i] : null;
                int upTo = Math.min(PAGE_BYTES, length - i * PAGE_BYTES);
                // Pages are PAGE_BYTES apart; a page (the first) may be shorter, never shorter than the bytes it holds.
                assert page == null || page.length >= upTo && page.length <= PAGE_BYTES : "SimDisk page of " + page.length + " bytes";
                h = mix(h, page == null ? zeroPage(upTo) : bytes(page, upTo));
            }
            return h;
        }

        private long zeroPage(int n) {
            return bytes(new byte[n], n);
        }

        /** A SlotMap by content: its (slot, value) pairs in slot order, not its ring's layout. */
        private long slotMap(Object map, IdentityHashMap<Object, Integer> seen) {
            long h = 24;
            if (read(map, "sparse") instanceof java.util.TreeMap<?, ?> sparse) { // slots too far apart for a ring: same pairs, same hash
                for (java.util.Map.Entry<?, ?> e : sparse.entrySet()) {
                    h = mix(h, (Long) e.getKey(), hash(e.getValue(), Rule.PLAIN, seen));
                }
                return h;
            }
            Object[] ring = (Object[]) read(map, "ring");
            long lo = (Long) read(map, "lo");
            long hi = (Long) read(map, "hi");
            for (long slot = lo; slot <= hi; slot++) {
                Object v = ring[(int) slot & (ring.length - 1)];
                if (v != null) {
                    h = mix(h, slot, hash(v, Rule.PLAIN, seen));
                }
            }
            return h;
        }

        private long hashArray(Object a, Rule rule, IdentityHashMap<Object, Integer> seen) {
            long h = 14;
            if (a instanceof long[] l && rule == Rule.PLAIN) {
                // Sparse: monitors keep large, mostly zero rings; (index, value) of the non-zero entries says the same.
                h = mix(h, l.length);
                for (int i = 0; i < l.length; i++) {
                    if (l[i] != 0) {
                        h = mix(h, i, l[i]);
                    }
                }
            } else if (a instanceof long[] l) {
                for (long x : l) {
                    h = mix(h, leaf(x, rule));
                }
            } else if (a instanceof byte[] b) {
                h = mix(h, bytes(b, b.length));
            } else if (a instanceof int[] x) {
                for (int v : x) {
                    h = mix(h, v);
                }
            } else if (a instanceof boolean[] z) {
                for (boolean v : z) {
                    h = mix(h, v ? 1 : 0);
                }
            } else if (a instanceof Object[] objects) {
                for (Object v : objects) {
                    h = mix(h, hash(v, rule, seen));
                }
            } else {
                int n = java.lang.reflect.Array.getLength(a);
                for (int i = 0; i < n; i++) {
                    h = mix(h, hash(java.lang.reflect.Array.get(a, i), rule, seen));
                }
            }
            return h;
        }

        private Object read(Object o, String field) {
            try {
                return fieldNamed(o.getClass(), field).get(o);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Fields read by name (the runtime's internals the canonical names need), looked up once per class. */
    private final ClassValue<Map<String, Field>> fieldsByName = new ClassValue<>() {
        @Override
        protected Map<String, Field> computeValue(Class<?> type) {
            Map<String, Field> out = new HashMap<>();
            for (Field f : allFields.get(type)) {
                out.putIfAbsent(f.getName(), f);
            }
            return out;
        }
    };

    private Field fieldNamed(Class<?> type, String field) {
        Field f = fieldsByName.get(type).get(field);
        if (f == null) {
            throw new IllegalStateException("explore state hash: " + type.getName() + " has no field " + field
                    + " (the runtime changed: update StructuralHasher)");
        }
        return f;
    }

    private static long rank(long[] sorted, long sequence) {
        int i = Arrays.binarySearch(sorted, sequence);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** The first {@code n} bytes, as node parts hash them (the reference walk and the explicit hashes agree). */
    private static long bytes(byte[] b, int n) {
        return io.paxsim.sim.NodeStateHash.bytes(14, b, n);
    }

    private static Slot[] fieldsOf(Class<?> type) {
        boolean event = isEvent(type);
        List<Slot> out = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Set<String> excluded = EXCLUDED_FIELDS.getOrDefault(c.getName(), Set.of());
            boolean replicaSide = c.getName().startsWith("io.paxsim.paxos.") && !c.getName().contains("Monitor")
                    && !c.getName().contains("LeaseWatch");
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || excluded.contains(f.getName())
                        || event && (f.getName().equals("seq") || f.getName().equals("time"))
                        || isObservational(f.getType())
                        || c.getName().equals(NODE_RUNTIME) && f.getName().equals("timers")
                        || c.getName().equals(TIMER_ENTRY)) {
                    continue;
                }
                f.setAccessible(true);
                Rule rule = Rule.PLAIN;
                if (FSYNC_ID_FIELDS.contains(c.getName() + "." + f.getName())) {
                    rule = Rule.FSYNC_ID;
                } else if (replicaSide && NOW_ONLY_TIMES.contains(f.getName())) {
                    rule = Rule.NOW_ONLY_TIME;
                } else if (replicaSide && f.getName().endsWith(LOCAL_TIME_SUFFIX)) {
                    rule = Rule.LOCAL_TIME;
                }
                out.add(new Slot(f, rule));
            }
        }
        return out.toArray(new Slot[0]);
    }

    private static boolean isEvent(Class<?> type) {
        for (Class<?> i : type.getInterfaces()) {
            if (i.getName().equals(EVENT_TYPE)) {
                return true;
            }
        }
        return false;
    }

    /** Types that only observe a run (traces, sinks), never part of its state. */
    private static boolean isObservational(Class<?> type) {
        String n = type.getName();
        return n.equals("io.paxsim.sim.trace.Trace") || n.equals("io.paxsim.sim.trace.TraceSink")
                || n.equals("io.paxsim.sim.LogSink") || n.equals("io.paxsim.sim.Simulation$Stats");
    }

    private static long mix(long a, long b) {
        return ExplicitStateHash.mix(a, b); // one definition (see there why + and not ^)
    }

    private static long mix(long a, long b, long c) {
        return mix(mix(a, b), c);
    }

    /** Throws if a field this hasher treats specially by name no longer exists (a rename in the protocol). */
    static void fieldsNamedByStringExist() throws ReflectiveOperationException {
        for (String qualified : FSYNC_ID_FIELDS) {
            int dot = qualified.lastIndexOf('.');
            Class.forName(qualified.substring(0, dot)).getDeclaredField(qualified.substring(dot + 1));
        }
    }
}
