package io.paxsim.testbed.explore;

import io.paxsim.sim.explore.World;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where a world's node states meet the rest of the world, for copy-on-write copies
 * ({@link DeepCopier#copy}). A node's state is everything reachable from its runtime record
 * (node object, disk, timers, clock, context); the world shell is everything reachable from the
 * world without entering a runtime. The two meet at a few world-level objects a node points at:
 * its simulation (through its context) and, for a client, the explored history it appends to.
 * Each is named by its path of fields from the world, so any world's counterpart of it is found
 * by following the same path: a node copied into another world is rewired to that world's.
 *
 * <p>Found once, by walking the first world copied. Classes met only in the shell are recorded,
 * so a node copy that reaches one by a path not found here fails loudly instead of splitting a
 * world-level object between two worlds.
 */
final class NodeBoundary {
    private final Field sim;
    private final Field nodes;
    private final Field nodeOrigins;
    // Arrays, not lists: they are walked on every world copy and node copy (an iterator each, otherwise).
    private final Field[][] paths;
    private final Class<?>[] shellOnly;
    /** Paths (from a runtime) of node objects a world-level map also holds, e.g. a node's random streams. */
    private final Field[][] leafPaths;
    /** Paths (from the world) of the maps that hold them (the simulation's registry of random streams). */
    private final Field[][] leafHolders;

    private NodeBoundary(List<Field[]> paths, Set<Class<?>> shellOnly, List<Field[]> leafPaths, List<Field[]> leafHolders) {
        this.leafPaths = leafPaths.toArray(new Field[0][]);
        this.leafHolders = leafHolders.toArray(new Field[0][]);
        this.sim = field(World.class, "sim");
        this.nodes = field(io.paxsim.sim.Simulation.class, "nodes");
        this.nodeOrigins = field(World.class, "nodeOrigins");
        this.paths = paths.toArray(new Field[0][]);
        this.shellOnly = shellOnly.toArray(new Class<?>[0]);
    }

    /** The runtime records of {@code world}'s nodes: the simulation's own array (writable). */
    Object[] runtimes(World world) {
        return (Object[]) get(nodes, get(sim, world));
    }

    /** The world's per-node copy-on-write notes (see {@link World#shareNode}), or null. */
    Object[] origins(World world) {
        return (Object[]) get(nodeOrigins, world);
    }

    /** {@code world}'s world-level objects that node states point at, in path order. */
    Object[] worldObjects(World world) {
        Object[] out = new Object[paths.length];
        for (int i = 0; i < out.length; i++) {
            Object o = world;
            for (Field f : paths[i]) {
                o = get(f, o);
            }
            out[i] = o;
        }
        return out;
    }

    /**
     * Node objects a world-level map also holds stay shared with the node's runtime in a world
     * copy (the copy's map and the shared node keep pointing at one object, as in the original).
     */
    void shareLeaves(Object runtime, DeepCopier.Memo memo) {
        for (Field[] path : leafPaths) {
            Object o = resolve(runtime, path);
            if (o != null) {
                memo.put(o, o);
            }
        }
    }

    /** After a node copy: the world's maps that held the node's old objects now hold their copies. */
    @SuppressWarnings("unchecked")
    void rewireLeaves(World world, DeepCopier.Memo memo) {
        for (Field[] path : leafHolders) {
            for (Map.Entry<Object, Object> e : ((Map<Object, Object>) resolve(world, path)).entrySet()) {
                Object copy = memo.get(e.getValue());
                if (copy != null && copy != e.getValue()) {
                    e.setValue(copy);
                }
            }
        }
    }

    private static Object resolve(Object from, Field[] path) {
        Object o = from;
        for (Field f : path) {
            o = get(f, o);
        }
        return o;
    }

    /** World-level classes (the world, boundary objects and the objects on their paths) no node state holds itself. */
    Class<?>[] shellOnly() {
        return shellOnly;
    }

    static NodeBoundary discover(World world, Predicate<Class<?>> shared, List<Object> sharedRoots) {
        IdentityHashMap<Object, Object> stop = new IdentityHashMap<>();
        for (Object r : sharedRoots) {
            stop.put(r, r);
        }
        NodeBoundary probe = new NodeBoundary(List.of(), Set.of(), List.of(), List.of());
        Object[] runtimes = probe.runtimes(world);
        for (Object r : runtimes) {
            stop.put(r, r);
        }
        Object origins = probe.origins(world);
        if (origins != null) {
            stop.put(origins, origins);
        }
        // The shell: every object reachable from the world without entering a node, with its path of fields
        // when it is reached through fields only (null when only through a collection or an array).
        IdentityHashMap<Object, Field[]> shell = new IdentityHashMap<>();
        IdentityHashMap<Object, Field[]> heldBy = new IdentityHashMap<>(); // an object in a map value: the map's path
        ArrayDeque<Object> queue = new ArrayDeque<>();
        shell.put(world, new Field[0]);
        queue.add(world);
        while (!queue.isEmpty()) {
            Object o = queue.poll();
            Field[] at = shell.get(o);
            forEachChild(o, (f, child) -> {
                if (child == null || stop.containsKey(child) || isValue(child, shared)) {
                    return;
                }
                Field[] path = at != null && f != null ? append(at, f) : null;
                if (f == null && at != null && o instanceof Map<?, ?> && !heldBy.containsKey(child)) {
                    heldBy.put(child, at);
                }
                if (!shell.containsKey(child)) {
                    shell.put(child, path);
                    queue.add(child);
                } else if (shell.get(child) == null && path != null) {
                    shell.put(child, path);
                }
            });
        }
        // Each node's state, stopping where it reaches the shell: those objects are the boundary.
        IdentityHashMap<Object, Field[]> meets = new IdentityHashMap<>();
        Map<String, Field[]> leafPaths = new java.util.TreeMap<>();
        Map<String, Field[]> leafHolders = new java.util.TreeMap<>();
        Set<Class<?>> nodeClasses = new HashSet<>();
        IdentityHashMap<Object, Field[]> seen = new IdentityHashMap<>(); // node objects: their path from the runtime
        for (Object runtime : runtimes) {
            seen.put(runtime, new Field[0]);
            queue.add(runtime);
        }
        while (!queue.isEmpty()) {
            Object o = queue.poll();
            nodeClasses.add(o.getClass());
            Field[] at = seen.get(o);
            forEachChild(o, (f, child) -> {
                if (child == null || seen.containsKey(child) || sharedRoots.contains(child) || isValue(child, shared)) {
                    return;
                }
                Field[] nodePath = at != null && f != null ? append(at, f) : null;
                if (shell.containsKey(child)) {
                    Field[] path = shell.get(child);
                    if (path != null) {
                        meets.put(child, path);
                        return;
                    }
                    if (heldBy.get(child) == null || nodePath == null) {
                        throw new IllegalStateException("explore state copy: a node's state and the world both hold a "
                                + child.getClass().getName() + " by a path copy-on-write cannot follow");
                    }
                    leafPaths.put(describe(nodePath), nodePath); // the node's own object, also listed by the world
                    leafHolders.put(describe(heldBy.get(child)), heldBy.get(child));
                }
                seen.put(child, nodePath);
                queue.add(child);
            });
        }
        // Guarded: the world, the boundary objects and everything on their paths (a node copy that meets
        // another instance of one of these, not mapped to this world's, would split the world).
        Set<Class<?>> shellOnly = new HashSet<>();
        shellOnly.add(World.class);
        for (Field[] path : meets.values()) {
            Object o = world;
            for (Field f : path) {
                o = get(f, o);
                shellOnly.add(o.getClass());
            }
        }
        shellOnly.removeIf(c -> c.getName().startsWith("java.") || nodeClasses.contains(c));
        List<Field[]> paths = new ArrayList<>(meets.values());
        paths.sort(java.util.Comparator.comparing(NodeBoundary::describe));
        return new NodeBoundary(paths, Set.copyOf(shellOnly), List.copyOf(leafPaths.values()),
                List.copyOf(leafHolders.values()));
    }

    /** The boundary's paths, for humans and tests: world-level objects, then shared leaves (node paths) and their maps. */
    List<String> describePaths() {
        List<String> out = new ArrayList<>(java.util.Arrays.stream(paths).map(NodeBoundary::describe).toList());
        for (Field[] p : leafPaths) {
            out.add(describe(p).replace("world", "runtime"));
        }
        for (Field[] p : leafHolders) {
            out.add(describe(p));
        }
        return out;
    }

    private static String describe(Field[] path) {
        StringBuilder sb = new StringBuilder("world");
        for (Field f : path) {
            sb.append('.').append(f.getName());
        }
        return sb.toString();
    }

    /**
     * Whether every copy shares {@code o}: an immutable class, or a JDK immutable collection of
     * such (a file-name list an fsync event and a node's WAL both hold).
     */
    private static boolean isValue(Object o, Predicate<Class<?>> shared) {
        if (shared.test(o.getClass())) {
            return true;
        }
        if (!o.getClass().getName().startsWith("java.util.ImmutableCollections$")) {
            return false;
        }
        Collection<?> members = o instanceof Map<?, ?> m ? m.entrySet().stream().<Object>flatMap(
                e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toList() : (Collection<?>) o;
        for (Object x : members) {
            if (x != null && !isValue(x, shared)) {
                return false;
            }
        }
        return true;
    }

    private interface Visitor {
        void visit(Field via, Object child);
    }

    /** The references {@code o} holds: fields of plain objects, elements of arrays, collections and maps. */
    private static void forEachChild(Object o, Visitor v) {
        Class<?> type = o.getClass();
        if (type.isArray()) {
            if (o instanceof Object[] a) {
                for (Object x : a) {
                    v.visit(null, x);
                }
            }
        } else if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                v.visit(null, e.getKey());
                v.visit(null, e.getValue());
            }
        } else if (o instanceof Collection<?> c) {
            for (Object x : c) {
                v.visit(null, x);
            }
        } else if (!type.getName().startsWith("java.")) {
            for (Field f : FIELDS.get(type)) {
                v.visit(f, get(f, o));
            }
        }
    }

    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> out = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                        f.setAccessible(true);
                        out.add(f);
                    }
                }
            }
            return out;
        }
    };

    private static Field[] append(Field[] path, Field f) {
        Field[] out = java.util.Arrays.copyOf(path, path.length + 1);
        out[path.length] = f;
        return out;
    }

    private static Field field(Class<?> type, String name) {
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("explore state copy: " + type.getName() + " has no field " + name
                    + " (the runtime changed: update NodeBoundary)", e);
        }
    }

    private static Object get(Field f, Object o) {
        try {
            return f.get(o);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
