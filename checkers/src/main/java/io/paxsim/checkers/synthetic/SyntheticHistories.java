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
        int invoked = 0;
        int busy = 0;
        long time = 0;
        while (invoked < count || busy > 0) {
            int p = random.nextInt(processes);
            time += 1 + random.nextInt(1000);
            if (pending[p] == null) {
                if (invoked < count) {
                    Op template = invocation.get();
                    pending[p] = rec.invoke(time, p, template.f(), template.value());
                    invoked++;
                    busy++;
                }
            } else if (!applied[p]) {
                result[p] = apply.apply(pending[p]);
                applied[p] = true;
            } else {
                if (result[p] == null) {
                    rec.fail(time, p, pending[p].value());
                } else {
                    rec.ok(time, p, result[p]);
                }
                pending[p] = null;
                applied[p] = false;
                busy--;
            }
        }
        return rec.history();
    }
}
