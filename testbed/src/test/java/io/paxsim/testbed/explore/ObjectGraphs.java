package io.paxsim.testbed.explore;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Reflective comparisons of object graphs, for checking state copies: whether two graphs are the
 * same shape with the same values in every field (so a field a copy forgot shows, whatever its
 * type), and which mutable objects two graphs share.
 */
final class ObjectGraphs {
    private ObjectGraphs() {
    }

    /**
     * The first difference between the graphs from {@code a} and {@code b}, as a path of fields,
     * or null when they are isomorphic: same classes, equal primitives and values, every field,
     * and the same aliasing (two references to one object in {@code a} are two to one in {@code b}).
     * Objects {@code a} and {@code b} both reach (shared, immutable) compare equal.
     */
    static String difference(Object a, Object b) {
        return new Comparison().compare(a, b, "world");
    }

    /**
     * Objects reachable from both roots that are not {@code immutable}: mutable state a copy
     * shares with its original, described by class and path (empty when there is none). The walk
     * does not enter immutable objects (what a shared lambda captures is the copiers' choice).
     */
    static List<String> sharedMutable(Object original, Object copy, Predicate<Object> immutable) {
        IdentityHashMap<Object, String> inOriginal = reachable(original, immutable);
        IdentityHashMap<Object, String> inCopy = reachable(copy, immutable);
        List<String> out = new ArrayList<>();
        for (Map.Entry<Object, String> e : inCopy.entrySet()) {
            if (inOriginal.containsKey(e.getKey()) && !immutable.test(e.getKey())) {
                out.add(e.getKey().getClass().getName() + " at " + e.getValue());
            }
        }
        out.sort(null);
        return out;
    }

    /** Every object reachable from {@code root} without entering a {@code stop} object, with one path to it. */
    static IdentityHashMap<Object, String> reachable(Object root, Predicate<Object> stop) {
        IdentityHashMap<Object, String> seen = new IdentityHashMap<>();
        ArrayDeque<Object> queue = new ArrayDeque<>();
        seen.put(root, "world");
        queue.add(root);
        while (!queue.isEmpty()) {
            Object o = queue.poll();
            String at = seen.get(o);
            if (o != root && stop.test(o)) {
                continue;
            }
            forEachChild(o, (name, child) -> {
                if (child != null && !isLeafValue(child) && !seen.containsKey(child)) {
                    seen.put(child, at + name);
                    queue.add(child);
                }
            });
        }
        return seen;
    }

    /** The project's objects (and the JDK values they hold) reachable from {@code root} through fields, arrays and collections, not entering {@code stop} ones. */
    static IdentityHashMap<Object, Boolean> projectObjects(Object root, Predicate<Object> stop) {
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Object o = todo.poll();
            if (o == null || seen.containsKey(o) || o instanceof Class<?> || o instanceof String || o.getClass().isEnum()) {
                continue;
            }
            seen.put(o, true);
            if (o != root && stop.test(o)) {
                continue;
            }
            if (o instanceof Object[] a) {
                for (Object x : a) {
                    if (x != null) {
                        todo.add(x);
                    }
                }
            } else if (o instanceof Map<?, ?> m) {
                m.forEach((k, v) -> {
                    if (k != null) {
                        todo.add(k);
                    }
                    if (v != null) {
                        todo.add(v);
                    }
                });
            } else if (o instanceof Collection<?> c) {
                c.stream().filter(java.util.Objects::nonNull).forEach(todo::add);
            } else if (o.getClass().getName().startsWith("io.paxsim.")) {
                for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                    for (Field f : c.getDeclaredFields()) {
                        if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                            continue;
                        }
                        try {
                            f.setAccessible(true);
                            Object v = f.get(o);
                            if (v != null) {
                                todo.add(v);
                            }
                        } catch (ReflectiveOperationException | RuntimeException e) {
                            // a field the test cannot open is none of the state
                        }
                    }
                }
            }
        }
        return seen;
    }

    /**
     * How many references (fields, array elements, collection members, map keys and values) point
     * at each object reachable from {@code root} without entering a {@code stop} object.
     */
    static IdentityHashMap<Object, Integer> referenceCounts(Object root, Predicate<Object> stop) {
        IdentityHashMap<Object, Integer> counts = new IdentityHashMap<>();
        for (Object o : reachable(root, stop).keySet()) {
            if (o != root && stop.test(o)) {
                continue;
            }
            forEachChild(o, (name, child) -> {
                if (child != null && !isLeafValue(child)) {
                    counts.merge(child, 1, Integer::sum);
                }
            });
        }
        return counts;
    }

    private interface Visitor {
        void visit(String name, Object child);
    }

    private static void forEachChild(Object o, Visitor v) {
        Class<?> type = o.getClass();
        if (type.isArray()) {
            if (o instanceof Object[] arr) {
                for (int i = 0; i < arr.length; i++) {
                    v.visit("[" + i + "]", arr[i]);
                }
            }
        } else if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                v.visit("{key " + e.getKey() + "}", e.getKey());
                v.visit("{" + e.getKey() + "}", e.getValue());
            }
        } else if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object x : c) {
                v.visit("[" + i++ + "]", x);
            }
        } else if (!isJdk(type)) {
            for (Field f : fields(type)) {
                if (!f.getType().isPrimitive()) {
                    v.visit("." + f.getName(), get(f, o));
                }
            }
        }
    }

    private static final class Comparison {
        private final IdentityHashMap<Object, Object> pairs = new IdentityHashMap<>();

        String compare(Object a, Object b, String path) {
            if (a == null || b == null) {
                return a == b ? null : path + ": " + describe(a) + " vs " + describe(b);
            }
            if (a.getClass() != b.getClass()) {
                return path + ": class " + a.getClass().getName() + " vs " + b.getClass().getName();
            }
            if (isLeafValue(a)) {
                return a.equals(b) ? null : path + ": " + a + " vs " + b;
            }
            Object paired = pairs.get(a);
            if (paired != null) {
                return paired == b ? null : path + ": aliasing differs (" + a.getClass().getName() + ")";
            }
            pairs.put(a, b);
            Class<?> type = a.getClass();
            if (type.isArray()) {
                return compareArrays(a, b, path);
            }
            if (a instanceof Map<?, ?> ma) {
                return compareMaps(ma, (Map<?, ?>) b, path);
            }
            if (a instanceof Collection<?> ca) {
                return compareCollections(ca, (Collection<?>) b, path);
            }
            if (type.isHidden() || type.isSynthetic()) {
                return a == b ? null : path + ": a different lambda instance (" + type.getName() + ")";
            }
            if (isJdk(type)) {
                return Objects.equals(a, b) ? null : path + ": " + a + " vs " + b;
            }
            for (Field f : fields(type)) {
                Object x = get(f, a);
                Object y = get(f, b);
                String d = f.getType().isPrimitive() ? (x.equals(y) ? null : path + "." + f.getName() + ": " + x + " vs " + y)
                        : compare(x, y, path + "." + f.getName());
                if (d != null) {
                    return d;
                }
            }
            return null;
        }

        private String compareArrays(Object a, Object b, String path) {
            int n = Array.getLength(a);
            if (n != Array.getLength(b)) {
                return path + ": array length " + n + " vs " + Array.getLength(b);
            }
            for (int i = 0; i < n; i++) {
                String d = compare(Array.get(a, i), Array.get(b, i), path + "[" + i + "]");
                if (d != null) {
                    return d;
                }
            }
            return null;
        }

        private String compareMaps(Map<?, ?> a, Map<?, ?> b, String path) {
            if (a.size() != b.size()) {
                return path + ": map size " + a.size() + " vs " + b.size();
            }
            if (a instanceof SortedMap<?, ?>) {
                Iterator<? extends Map.Entry<?, ?>> ib = b.entrySet().iterator();
                for (Map.Entry<?, ?> ea : a.entrySet()) {
                    Map.Entry<?, ?> eb = ib.next();
                    String d = compare(ea.getKey(), eb.getKey(), path + "{key}");
                    if (d == null) {
                        d = compare(ea.getValue(), eb.getValue(), path + "{" + ea.getKey() + "}");
                    }
                    if (d != null) {
                        return d;
                    }
                }
                return null;
            }
            for (Map.Entry<?, ?> ea : a.entrySet()) {
                if (!isLeafValue(ea.getKey())) {
                    return path + ": a hash map keyed by mutable " + ea.getKey().getClass().getName();
                }
                if (!b.containsKey(ea.getKey())) {
                    return path + ": key " + ea.getKey() + " missing";
                }
                String d = compare(ea.getValue(), b.get(ea.getKey()), path + "{" + ea.getKey() + "}");
                if (d != null) {
                    return d;
                }
            }
            return null;
        }

        private String compareCollections(Collection<?> a, Collection<?> b, String path) {
            if (a.size() != b.size()) {
                return path + ": size " + a.size() + " vs " + b.size();
            }
            if (a instanceof java.util.Set<?> && !(a instanceof SortedSet<?>) && !(a instanceof java.util.LinkedHashSet<?>)) {
                for (Object x : a) {
                    if (!isLeafValue(x)) {
                        return path + ": a hash set of mutable " + x.getClass().getName();
                    }
                }
                return b.containsAll(a) ? null : path + ": hash set members differ";
            }
            Iterator<?> ib = b.iterator();
            int i = 0;
            for (Object x : a) {
                String d = compare(x, ib.next(), path + "[" + i++ + "]");
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
    }

    /** The names of {@code type}'s instance fields, its superclasses' included. */
    static TreeSet<String> fieldNames(Class<?> type) {
        TreeSet<String> out = new TreeSet<>();
        for (Class<?> c = type; c != null && c != Object.class && c != Record.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    out.add(f.getName());
                }
            }
        }
        return out;
    }

    /** Sets an accessible field, for audits that change a field and restore it. */
    static void set(Field f, Object o, Object value) {
        try {
            f.set(o, value);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    /** Adds {@code by} to an accessible long or int field, or flips a boolean one. */
    static void bump(Field f, Object o, int by) {
        try {
            if (f.getType() == long.class) {
                f.setLong(o, f.getLong(o) + by);
            } else if (f.getType() == int.class) {
                f.setInt(o, f.getInt(o) + by);
            } else {
                f.setBoolean(o, !f.getBoolean(o));
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    /** Values compared by equals: strings, boxed primitives, enums, classes, and records of such. */
    static boolean isLeafValue(Object o) {
        return o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Character
                || o instanceof Enum<?> || o instanceof Class<?>;
    }

    private static boolean isJdk(Class<?> type) {
        String n = type.getName();
        return n.startsWith("java.") || n.startsWith("jdk.") || n.startsWith("sun.");
    }

    private static String describe(Object o) {
        return o == null ? "null" : o.getClass().getName();
    }

    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> out = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        f.setAccessible(true);
                        out.add(f);
                    }
                }
            }
            return out;
        }
    };

    static List<Field> fields(Class<?> type) {
        return FIELDS.get(type);
    }

    private static Object get(Field f, Object o) {
        try {
            return f.get(o);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
