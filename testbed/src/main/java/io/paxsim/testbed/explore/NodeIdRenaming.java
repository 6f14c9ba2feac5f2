package io.paxsim.testbed.explore;

import io.paxsim.sim.NodeIds;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One renaming of node ids, applied to the values of fields marked {@link NodeIds} during one
 * fingerprint walk ({@link StructuralHasher#hash(io.paxsim.sim.explore.World, int[])}): each value
 * becomes what the same field holds in the world whose nodes were renamed. Containers are copied
 * (never changed in place), one copy per original, so two fields sharing one container still share
 * its copy. Ids outside the permutation (clients, -1 for "none") are left as they are.
 */
final class NodeIdRenaming {
    /** {@code perm[i]}: the new id of node i. */
    private final int[] perm;
    private final IdentityHashMap<Object, Object> copies = new IdentityHashMap<>();

    private NodeIdRenaming(int[] perm) {
        this.perm = perm;
    }

    /** A renaming by {@code perm}, or null when {@code perm} is null or the identity (nothing to rename). */
    static NodeIdRenaming orNull(int[] perm) {
        if (perm == null) {
            return null;
        }
        boolean[] seen = new boolean[perm.length];
        boolean identity = true;
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] < 0 || perm[i] >= perm.length || seen[perm[i]]) {
                throw new IllegalArgumentException("not a permutation of node ids: " + Arrays.toString(perm));
            }
            seen[perm[i]] = true;
            identity &= perm[i] == i;
        }
        return identity ? null : new NodeIdRenaming(perm.clone());
    }

    /** Names this renaming in memo keys (never 0). */
    long key() {
        long h = 0x52454E414D45L;
        for (int p : perm) {
            h = io.paxsim.sim.random.RandomStream.mix64(h ^ p);
        }
        return h == 0 ? 1 : h;
    }

    int id(int node) {
        return node >= 0 && node < perm.length ? perm[node] : node;
    }

    /** An int or long field of shape {@code shape}, renamed. */
    long primitive(long v, NodeIds.Shape shape) {
        return switch (shape) {
            case ID -> v >= 0 && v < perm.length ? perm[(int) v] : v;
            case MASK -> mask(v);
            case ORDERING -> ordering(v);
            default -> throw new IllegalStateException("explore symmetry: shape " + shape + " on a number");
        };
    }

    int primitive(int v, NodeIds.Shape shape) {
        return shape == NodeIds.Shape.MASK ? (int) mask(v & 0xFFFFFFFFL) : (int) primitive((long) v, shape);
    }

    /** A reference field's value as the renamed world holds it. */
    Object value(Object v, NodeIds.Shape shape) {
        if (v == null) {
            return null;
        }
        Object copy = copies.get(v);
        if (copy == null) {
            copy = renamedValue(v, shape);
            copies.put(v, copy);
        }
        return copy;
    }

    private Object renamedValue(Object v, NodeIds.Shape shape) {
        return switch (shape) {
            case ID -> ids(v);
            case SORTED -> {
                Object out = ids(v);
                if (out instanceof int[] a) {
                    Arrays.sort(a);
                } else {
                    @SuppressWarnings("unchecked")
                    List<Integer> list = (List<Integer>) out;
                    list.sort(null);
                }
                yield out;
            }
            case KEYS -> keys((Map<?, ?>) v);
            case INDEX -> indexed(v);
            case MASK -> masks(v);
            case LINK_INDEX -> links(v);
            case ORDERING -> {
                forEachId(v);
                yield v;
            }
        };
    }

    private long ordering(long id) {
        if (id >= 0 && id < perm.length && perm[(int) id] != id) {
            throw new IllegalStateException("explore symmetry: replica " + id + " appears where ids order things "
                    + "(a ballot's node breaks ties between equal rounds), so renaming it is no symmetry here; "
                    + "run without --symmetry");
        }
        return id;
    }

    private void forEachId(Object v) {
        if (v instanceof Integer i) {
            ordering(i);
        } else if (v instanceof int[] a) {
            for (int x : a) {
                ordering(x);
            }
        } else {
            throw unsupported(v, NodeIds.Shape.ORDERING);
        }
    }

    private long mask(long m) {
        long out = 0;
        for (long rest = m; rest != 0; rest &= rest - 1) {
            out |= 1L << id(Long.numberOfTrailingZeros(rest));
        }
        return out;
    }

    private Object ids(Object v) {
        if (v instanceof Integer i) {
            return id(i);
        } else if (v instanceof int[] a) {
            int[] out = new int[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = id(a[i]);
            }
            return out;
        } else if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object x : list) {
                out.add(id((Integer) x));
            }
            return out;
        } else if (v instanceof Set<?> set) {
            Collection<Object> out = set instanceof SortedSet<?> ? new TreeSet<>()
                    : set instanceof LinkedHashSet<?> ? new LinkedHashSet<>() : new HashSet<>();
            for (Object x : set) {
                out.add(id((Integer) x));
            }
            return out;
        }
        throw unsupported(v, NodeIds.Shape.ID);
    }

    private Object keys(Map<?, ?> map) {
        Map<Object, Object> out = map instanceof SortedMap<?, ?> ? new TreeMap<>()
                : map instanceof LinkedHashMap<?, ?> ? new LinkedHashMap<>() : new HashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.put(id((Integer) e.getKey()), e.getValue());
        }
        return out;
    }

    private Object indexed(Object array) {
        int n = Array.getLength(array);
        Object out = Array.newInstance(array.getClass().getComponentType(), n);
        for (int i = 0; i < n; i++) {
            Array.set(out, id(i), Array.get(array, i));
        }
        return out;
    }

    private Object links(Object array) {
        int links = Array.getLength(array);
        int n = (int) Math.round(Math.sqrt(links));
        if (n * n != links) {
            throw new IllegalStateException("explore symmetry: a link-indexed array of " + links + " entries");
        }
        Object out = Array.newInstance(array.getClass().getComponentType(), links);
        for (int from = 0; from < n; from++) {
            for (int to = 0; to < n; to++) {
                Array.set(out, id(from) * n + id(to), Array.get(array, from * n + to));
            }
        }
        return out;
    }

    private Object masks(Object v) {
        if (v instanceof Integer m) {
            return (int) mask(m & 0xFFFFFFFFL);
        } else if (v instanceof Long m) {
            return mask(m);
        } else if (v instanceof long[] a) {
            long[] out = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = mask(a[i]);
            }
            return out;
        } else if (v instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            java.util.Comparator<Object> order = map instanceof SortedMap<?, ?> s ? (java.util.Comparator<Object>) s.comparator() : null;
            Map<Object, Object> out = map instanceof SortedMap<?, ?> ? new TreeMap<>(order)
                    : map instanceof LinkedHashMap<?, ?> ? new LinkedHashMap<>() : new HashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(e.getKey(), masks(e.getValue()));
            }
            return out;
        }
        throw unsupported(v, NodeIds.Shape.MASK);
    }

    private static IllegalStateException unsupported(Object v, NodeIds.Shape shape) {
        return new IllegalStateException("explore symmetry: cannot rename node ids of shape " + shape + " in a "
                + v.getClass().getName());
    }
}
