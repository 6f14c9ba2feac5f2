package io.paxsim.checkers.linear;

import io.paxsim.history.History;
import io.paxsim.history.HistoryRecorder;
import io.paxsim.history.Op;
import io.paxsim.history.OpType;
import io.paxsim.history.Value;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds histories from a simulated sequential cas-register store with random real-time overlap:
 * each op is invoked, later takes effect atomically on the store (its linearization point), and
 * later still completes (ok, fail for a cas that found another value, or info if the "client timed
 * out"). Such a history is linearizable by construction. A seed drives every choice.
 */
final class SequentialObjectHistories {
    private static final int PROCESSES = 4;

    private final java.util.SplittableRandom random;

    private SequentialObjectHistories(long seed) {
        this.random = new java.util.SplittableRandom(seed);
    }

    /**
     * @param ops  how many invocations
     * @param keys 0 for a single register, else the number of keys (values are [k v] tuples)
     */
    static History generate(long seed, int ops, int keys) {
        return new SequentialObjectHistories(seed).run(ops, keys);
    }

    private int choose(int bound) {
        return random.nextInt(bound);
    }

    private History run(int steps, int keys) {
        HistoryRecorder rec = new HistoryRecorder();
        long[] store = new long[Math.max(1, keys)];
        Op[] invoked = new Op[PROCESSES];
        Value[] result = new Value[PROCESSES];
        boolean[] applied = new boolean[PROCESSES];
        long[] processId = new long[PROCESSES];
        for (int p = 0; p < PROCESSES; p++) {
            processId[p] = p;
        }
        long time = 0;
        for (int step = 0; step < steps || anyBusy(invoked); step++) {
            int p = choose(PROCESSES);
            time += 1 + choose(5);
            if (invoked[p] == null) {
                if (step < steps) {
                    int f = choose(3);
                    invoked[p] = rec.invoke(time, processId[p], fOf(f), argument(f, keys));
                }
            } else if (!applied[p]) {
                result[p] = apply(invoked[p], store, keys);
                applied[p] = true;
            } else {
                boolean timedOut = choose(10) == 0;
                if (timedOut) {
                    rec.info(time, processId[p], invoked[p].value());
                    processId[p] += PROCESSES;
                } else if (result[p] == null) {
                    rec.fail(time, processId[p], invoked[p].value());
                } else {
                    rec.ok(time, processId[p], result[p]);
                }
                invoked[p] = null;
                applied[p] = false;
            }
        }
        return rec.history();
    }

    private static boolean anyBusy(Op[] invoked) {
        for (Op op : invoked) {
            if (op != null) {
                return true;
            }
        }
        return false;
    }

    private static String fOf(int i) {
        return i == 0 ? "read" : i == 1 ? "write" : "cas";
    }

    private Value argument(int f, int keys) {
        Value key = Value.of(choose(Math.max(1, keys)));
        Value inner = switch (f) {
            case 0 -> Value.NIL;
            case 1 -> Value.of(choose(5));
            default -> Value.cas(choose(5), choose(5));
        };
        return keys == 0 ? inner : Value.keyed(key, inner);
    }

    /** Applies the op to the store; returns its ok value, or null if a cas found another value (it fails). */
    private static Value apply(Op op, long[] store, int keys) {
        Value v = op.value();
        int k = keys == 0 ? 0 : (int) ((Value.Int) ((Value.Keyed) v).key()).value();
        Value inner = keys == 0 ? v : ((Value.Keyed) v).value();
        Value out;
        switch (op.f()) {
            case "read" -> out = Value.of(store[k]);
            case "write" -> {
                store[k] = ((Value.Int) inner).value();
                out = inner;
            }
            default -> {
                Value.Cas cas = (Value.Cas) inner;
                if (store[k] != ((Value.Int) cas.expected()).value()) {
                    return null;
                }
                store[k] = ((Value.Int) cas.next()).value();
                out = inner;
            }
        }
        return keys == 0 ? out : Value.keyed(((Value.Keyed) v).key(), out);
    }

    /** The same history with the first ok read's value replaced by one never written. */
    static History withImpossibleRead(History h, int keys) {
        List<Op> ops = new ArrayList<>(h.ops());
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op.type() == OpType.OK && op.f().equals("read")) {
                Value impossible = Value.of(1_000_000);
                ops.set(i, op.withValue(keys == 0 ? impossible
                        : Value.keyed(((Value.Keyed) op.value()).key(), impossible)));
                return History.of(ops);
            }
        }
        return null;
    }
}
