package io.paxsim.checkers.synthetic;

import io.paxsim.history.History;
import io.paxsim.history.HistoryRecorder;
import io.paxsim.history.MicroOp;
import io.paxsim.history.Op;
import io.paxsim.history.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Valid histories of a given size for benchmarks and tests, from a simulated atomic store: each
 * operation is invoked, later takes effect at once (its linearization point), and later still
 * completes, with processes interleaved at random. The histories are therefore linearizable /
 * strict serializable by construction, so a checker must say OK — and must do the full work.
 */
public final class SyntheticHistories {
    private final SplittableRandom random;

    private SyntheticHistories(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /**
     * A key-value history of cas-registers: ops {@code :read/:write/:cas} on {@code [k v]} tuples,
     * every key starting at 0 (check with model {@code kv}, init 0).
     */
    public static History keyValue(long seed, int ops, int processes, int keys) {
        return new SyntheticHistories(seed).kv(ops, processes, keys);
    }

    /**
     * A list-append history in the shape of Elle's benchmark: 2–4 micro-ops per transaction over
     * {@code activeKeys} keys, each key retired after {@code appendsPerKey} appends.
     */
    public static History listAppend(long seed, int txns, int processes, int activeKeys, int appendsPerKey) {
        return new SyntheticHistories(seed).lists(txns, processes, activeKeys, appendsPerKey);
    }

    /**
     * A single register starting at nil, as Jepsen's etcd test drives it: {@code :read},
     * {@code :write v} and {@code :cas [old new]} over values 0..4 by {@code processes} clients;
     * {@code timeouts} calls, spread evenly, end {@code :info} (applied or not, at random) and
     * their client continues as a new process, as Jepsen's do. A cas that finds another value
     * fails. Linearizable by construction (check with {@code cas-register}).
     */
    public static History register(long seed, int calls, int processes, int timeouts) {
        return new SyntheticHistories(seed).register(calls, processes, timeouts);
    }

    /**
     * Porcupine's kv workload: {@code :get}, {@code :put v}, {@code :append v} with the key in
     * {@code [k v]} form (Porcupine's files name it {@code :key}), values unique strings, every key
     * starting empty. Linearizable by construction (check with {@code kv}).
     */
    public static History porcupineKv(long seed, int ops, int processes, int keys) {
        return new SyntheticHistories(seed).porcupineKv(ops, processes, keys);
    }

    private History register(int calls, int processes, int timeouts) {
        Value[] store = {Value.NIL};
        int every = timeouts == 0 ? Integer.MAX_VALUE : Math.max(1, calls / (timeouts + 1));
        int[] callNumber = {0};
        return interleave(calls, processes, () -> {
            int f = random.nextInt(3);
            Value v = f == 0 ? Value.NIL : f == 1 ? Value.of(random.nextInt(5)) : Value.cas(random.nextInt(5), random.nextInt(5));
            return Op.invoke(0, f == 0 ? "read" : f == 1 ? "write" : "cas", v);
        }, op -> {
            int number = ++callNumber[0];
            boolean timesOut = number % every == 0 && number / every <= timeouts && !op.f().equals("read");
            if (timesOut && random.nextBoolean()) {
                return TIMED_OUT;
            }
            Value result = applyRegister(op, store);
            return timesOut ? TIMED_OUT : result;
        });
    }

    /** An apply result meaning the call ends {@code :info}. */
    private static final Value TIMED_OUT = Value.kw("timed-out");

    private static Value applyRegister(Op op, Value[] store) {
        switch (op.f()) {
            case "read":
                return store[0];
            case "write":
                store[0] = op.value();
                return op.value();
            default:
                Value.Cas cas = (Value.Cas) op.value();
                if (!store[0].equals(cas.expected())) {
                    return null;
                }
                store[0] = cas.next();
                return op.value();
        }
    }

    private History porcupineKv(int ops, int processes, int keys) {
        Map<Value, String> store = new HashMap<>();
        int[] unique = {0};
        return interleave(ops, processes, () -> {
            Value key = Value.of(Integer.toString(random.nextInt(keys)));
            int f = random.nextInt(3);
            Value v = f == 0 ? Value.NIL : Value.of("x " + (unique[0]++) + " y");
            return Op.invoke(0, f == 0 ? "get" : f == 1 ? "put" : "append", Value.keyed(key, v));
        }, op -> {
            Value.Keyed kv = (Value.Keyed) op.value();
            String current = store.getOrDefault(kv.key(), "");
            switch (op.f()) {
                case "get":
                    return Value.keyed(kv.key(), Value.of(current));
                case "put":
                    store.put(kv.key(), ((Value.Str) kv.value()).value());
                    return kv;
                default:
                    store.put(kv.key(), current + ((Value.Str) kv.value()).value());
                    return kv;
            }
        });
    }

    private History kv(int ops, int processes, int keys) {
        long[] store = new long[keys];
        return interleave(ops, processes, () -> kvInvocation(keys), op -> applyKv(op, store));
    }

    private Op kvInvocation(int keys) {
        Value key = Value.of(random.nextInt(keys));
        int f = random.nextInt(3);
        Value inner = f == 0 ? Value.NIL : f == 1 ? Value.of(random.nextInt(5)) : Value.cas(random.nextInt(5), random.nextInt(5));
        return Op.invoke(0, f == 0 ? "read" : f == 1 ? "write" : "cas", Value.keyed(key, inner));
    }

    /** Applies a kv op; returns the ok value, or null for a cas that found another value (a failure). */
    private static Value applyKv(Op op, long[] store) {
        Value.Keyed kv = (Value.Keyed) op.value();
        int k = (int) ((Value.Int) kv.key()).value();
        switch (op.f()) {
            case "read":
                return Value.keyed(kv.key(), Value.of(store[k]));
            case "write":
                store[k] = ((Value.Int) kv.value()).value();
                return kv;
            default:
                Value.Cas cas = (Value.Cas) kv.value();
                if (store[k] != ((Value.Int) cas.expected()).value()) {
                    return null;
                }
                store[k] = ((Value.Int) cas.next()).value();
                return kv;
        }
    }

    private History lists(int txns, int processes, int activeKeys, int appendsPerKey) {
        int[] active = new int[activeKeys];
        int[] appended = new int[activeKeys];
        int[] nextKey = {activeKeys};
        for (int i = 0; i < activeKeys; i++) {
            active[i] = i;
        }
        Map<Integer, List<Value>> store = new HashMap<>();
        return interleave(txns, processes, () -> {
            int size = 2 + random.nextInt(3);
            List<MicroOp> ops = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                int slot = random.nextInt(activeKeys);
                Value key = Value.of(active[slot]);
                if (random.nextBoolean()) {
                    ops.add(new MicroOp("append", key, Value.of(++appended[slot])));
                    if (appended[slot] >= appendsPerKey) {
                        active[slot] = nextKey[0]++;
                        appended[slot] = 0;
                    }
                } else {
                    ops.add(new MicroOp("r", key, Value.NIL));
                }
            }
            return Op.invoke(0, "txn", new Value.Txn(ops));
        }, op -> applyTxn(op, store));
    }

    private static Value applyTxn(Op op, Map<Integer, List<Value>> store) {
        List<MicroOp> done = new ArrayList<>();
        for (MicroOp m : ((Value.Txn) op.value()).ops()) {
            List<Value> list = store.computeIfAbsent((int) ((Value.Int) m.key()).value(), k -> new ArrayList<>());
            if (m.isAppend()) {
                list.add(m.value());
                done.add(m);
            } else {
                done.add(new MicroOp("r", m.key(), new Value.Vec(list)));
            }
        }
        return new Value.Txn(done);
    }

    /** Runs {@code count} operations over {@code processes} concurrent clients. */
    private History interleave(int count, int processes, java.util.function.Supplier<Op> invocation,
                               java.util.function.Function<Op, Value> apply) {
        HistoryRecorder rec = new HistoryRecorder();
        Op[] pending = new Op[processes];
        Value[] result = new Value[processes];
        boolean[] applied = new boolean[processes];
        long[] processOf = new long[processes];
        for (int p = 0; p < processes; p++) {
            processOf[p] = p;
        }
        int invoked = 0;
        int busy = 0;
        long time = 0;
        while (invoked < count || busy > 0) {
            int p = random.nextInt(processes);
            time += 1 + random.nextInt(1000);
            if (pending[p] == null) {
                if (invoked < count) {
                    Op template = invocation.get();
                    pending[p] = rec.invoke(time, processOf[p], template.f(), template.value());
                    invoked++;
                    busy++;
                }
            } else if (!applied[p]) {
                result[p] = apply.apply(pending[p]);
                applied[p] = true;
            } else {
                if (result[p] == TIMED_OUT) {
                    rec.info(time, processOf[p], pending[p].value());
                    processOf[p] += processes;
                } else if (result[p] == null) {
                    rec.fail(time, processOf[p], pending[p].value());
                } else {
                    rec.ok(time, processOf[p], result[p]);
                }
                pending[p] = null;
                applied[p] = false;
                busy--;
            }
        }
        return rec.history();
    }
}
