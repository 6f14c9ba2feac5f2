package io.paxsim.testbed.explore;

import io.paxsim.sim.explore.StateHasher;
import io.paxsim.sim.explore.World;
import io.paxsim.sim.random.RandomStream;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The explorer's state fingerprint by content: a structural hash of the whole world object graph
 * (simulation, nodes, disks, timers, monitors, client history, fault budgets), so interleavings
 * that end in the same state merge even when the nodes saw events in different orders.
 *
 * <p>Left out, because they record how the state was reached and do not change what it does
 * next: the trace and its hash, run statistics, log sinks, the world's per-node event chains and
 * depth, and the global counters that only name fresh events, timers and fsyncs (sequence numbers,
 * and an in-flight event's send time: the explorer chooses when events happen). Ids already handed
 * out and stored in node state stay in (so states that differ only by a renaming of ids do not
 * merge: sound, slightly less reduction). In-flight messages are a multiset: the order pending
 * events were created in is hashed away. Hash maps and sets hash order-independently; everything
 * else in iteration order. Strings and enums hash by content and name, never identity.
 */
public final class StructuralHasher implements StateHasher {
    private static final Map<String, Set<String>> EXCLUDED_FIELDS = Map.of(
            "io.paxsim.sim.explore.World", Set.of("history", "lastEventNanos", "contentHash", "model", "options",
                    "depth", "nextDuplicateSeq", "stateHasher"),
            "io.paxsim.sim.Simulation", Set.of("trace", "stats", "logSink", "nextSeq", "nextTimerId", "nextFsyncId",
                    "seed"),
            "io.paxsim.sim.Simulation$NodeRuntime", Set.of("factory"),
            "io.paxsim.sim.explore.ChoiceScheduler", Set.of("chosen"));
    /** Event records: their sequence number and timestamp only name and order them. */
    private static final Set<String> EVENT_FIELDS_EXCLUDED = Set.of("seq", "time");
    private static final String EVENT_TYPE = "io.paxsim.sim.Event";
    private static final String CHOICE_SCHEDULER = "io.paxsim.sim.explore.ChoiceScheduler";

    private final ClassValue<Field[]> fields = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            return fieldsOf(type);
        }
    };
    private final Object model;

    /** {@code model}: the explore model, left out of the hash (it is the same for every state). */
    public StructuralHasher(Object model) {
        this.model = model;
    }

    @Override
    public long hash(World world) {
        IdentityHashMap<Object, Integer> seen = new IdentityHashMap<>(512);
        seen.put(model, -1);
        return hash(world, seen);
    }

    @Override
    public long valueHash(Object value) {
        return hash(value, new IdentityHashMap<>());
    }

    private long hash(Object o, IdentityHashMap<Object, Integer> seen) {
        if (o == null) {
            return 0x6E756C6CL;
        }
        Class<?> type = o.getClass();
        if (o instanceof String s) {
            return RandomStream.fnv1a64(s);
        } else if (o instanceof Long l) {
            return mix(1, l);
        } else if (o instanceof Integer i) {
            return mix(2, i);
        } else if (o instanceof Boolean b) {
            return b ? 3 : 4;
        } else if (o instanceof Enum<?> e) {
            return mix(RandomStream.fnv1a64(e.getDeclaringClass().getName()), RandomStream.fnv1a64(e.name()));
        } else if (o instanceof Class<?> c) {
            return RandomStream.fnv1a64(c.getName());
        } else if (type.isHidden() || type.isSynthetic()) {
            return RandomStream.fnv1a64("lambda"); // behaviour, not state (a lambda's captures are reached elsewhere)
        } else if (o instanceof Number n) {
            return mix(5, Double.doubleToLongBits(n.doubleValue()));
        } else if (o instanceof Character c) {
            return mix(6, c);
        }
        Integer index = seen.get(o);
        if (index != null) {
            return mix(7, index);
        }
        seen.put(o, seen.size());
        if (type.isArray()) {
            return mix(RandomStream.fnv1a64(type.getName()), hashArray(o, seen));
        } else if (o instanceof HashMap<?, ?> m) {
            long sum = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sum += RandomStream.mix64(mix(hashValue(e.getKey()), hashValue(e.getValue(), seen)));
            }
            return mix(8, sum);
        } else if (o instanceof HashSet<?> s) {
            long sum = 0;
            for (Object e : s) {
                sum += RandomStream.mix64(hashValue(e, seen));
            }
            return mix(9, sum);
        } else if (o instanceof Map<?, ?> m) {
            long h = 10;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                h = mix(h, hash(e.getKey(), seen), hash(e.getValue(), seen));
            }
            return h;
        } else if (o instanceof Collection<?> c) {
            long h = 11;
            for (Object e : c) {
                h = mix(h, hash(e, seen));
            }
            return h;
        } else if (o instanceof BitSet b) {
            return mix(12, hashArray(b.toLongArray(), seen));
        }
        if (type.getName().equals(CHOICE_SCHEDULER)) {
            return mix(13, multiset(o, seen));
        }
        String name = type.getName();
        if (name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.")) {
            throw new IllegalStateException("explore state hash: unsupported JDK class " + name);
        }
        long h = RandomStream.fnv1a64(name);
        try {
            for (Field f : fields.get(type)) {
                Class<?> t = f.getType();
                long v;
                if (t == long.class) {
                    v = f.getLong(o);
                } else if (t == int.class) {
                    v = f.getInt(o);
                } else if (t == boolean.class) {
                    v = f.getBoolean(o) ? 1 : 0;
                } else if (t == double.class) {
                    v = Double.doubleToLongBits(f.getDouble(o));
                } else if (t.isPrimitive()) {
                    v = hash(f.get(o), seen);
                } else {
                    v = hash(f.get(o), seen);
                }
                h = mix(h, v);
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("explore state hash: cannot read " + name, e);
        }
        return h;
    }

    /** Pending events of the explorer's scheduler as a multiset: creation order is hashed away. */
    private long multiset(Object scheduler, IdentityHashMap<Object, Integer> seen) {
        long sum = 0;
        try {
            for (Field f : fields.get(scheduler.getClass())) {
                if (f.get(scheduler) instanceof List<?> pending) {
                    for (Object e : pending) {
                        // Each event hashed on its own: a back-reference index would depend on list order.
                        sum += RandomStream.mix64(hash(e, new IdentityHashMap<>()));
                    }
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("explore state hash: cannot read the scheduler", e);
        }
        return sum;
    }

    /** Map keys and set members: hashed each on their own, since their visiting order is not canonical. */
    private long hashValue(Object o) {
        return hash(o, new IdentityHashMap<>());
    }

    private long hashValue(Object o, IdentityHashMap<Object, Integer> seen) {
        return o == null || o instanceof String || o instanceof Number || o instanceof Enum<?> || o.getClass().isRecord()
                ? hash(o, new IdentityHashMap<>()) : hash(o, seen);
    }

    private long hashArray(Object a, IdentityHashMap<Object, Integer> seen) {
        long h = 14;
        if (a instanceof long[] l) {
            for (long x : l) {
                h = mix(h, x);
            }
        } else if (a instanceof byte[] b) {
            for (int i = 0; i < b.length; i += 8) {
                long word = 0;
                for (int j = i; j < Math.min(b.length, i + 8); j++) {
                    word = word << 8 | (b[j] & 0xFF);
                }
                h = mix(h, word);
            }
            h = mix(h, b.length);
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
                h = mix(h, hash(v, seen));
            }
        } else {
            int n = java.lang.reflect.Array.getLength(a);
            for (int i = 0; i < n; i++) {
                h = mix(h, hash(java.lang.reflect.Array.get(a, i), seen));
            }
        }
        return h;
    }

    private static Field[] fieldsOf(Class<?> type) {
        boolean event = isEvent(type);
        List<Field> out = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Set<String> excluded = EXCLUDED_FIELDS.getOrDefault(c.getName(), Set.of());
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || excluded.contains(f.getName())
                        || event && EVENT_FIELDS_EXCLUDED.contains(f.getName())
                        || isObservational(f.getType())) {
                    continue;
                }
                f.setAccessible(true);
                out.add(f);
            }
        }
        return out.toArray(new Field[0]);
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
        return RandomStream.mix64(a ^ RandomStream.mix64(b));
    }

    private static long mix(long a, long b, long c) {
        return mix(mix(a, b), c);
    }
}
