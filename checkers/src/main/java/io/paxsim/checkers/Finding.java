package io.paxsim.checkers;

import java.util.List;
import java.util.Objects;

/**
 * One reason a history is invalid.
 *
 * @param kind        a stable name: an Elle anomaly ({@code G1c}, {@code G-single-item-realtime}), or
 *                    {@code nonlinearizable}, {@code lost}, {@code duplicate}, {@code corrupt} ...
 * @param key         the key / partition / stream it concerns, or "" when it concerns the whole history
 * @param message     what is wrong, in words, naming the ops
 * @param ops         the history indices ({@code :index}) of the ops involved
 * @param explanation the same finding as structure, for pictures (reports draw it), or {@link Explanation#NONE}
 */
public record Finding(String kind, String key, String message, List<Long> ops, Explanation explanation) {
    public Finding {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(key);
        Objects.requireNonNull(message);
        Objects.requireNonNull(explanation);
        ops = List.copyOf(ops);
    }

    public Finding(String kind, String key, String message, List<Long> ops) {
        this(kind, key, message, ops, Explanation.NONE);
    }

    public String describe() {
        return kind + (key.isEmpty() ? "" : " [key " + key + "]") + ": " + message;
    }

    /** What a finding's ops mean, beyond "involved": the parts a picture of it highlights. */
    public sealed interface Explanation {
        Explanation NONE = new None();

        /** Nothing beyond the message and the ops. */
        record None() implements Explanation {
        }

        /**
         * A linearizability failure.
         *
         * @param stuckOp       the call no order explains (its invocation's index)
         * @param prefixCalls   how many calls the longest linearizable prefix holds
         * @param prefixTailOps the last calls of that prefix, in linearization order (at most a few dozen)
         * @param concurrentOps calls concurrent with the stuck one that were not linearized there
         * @param expected      what the model allowed, in words ("could have read 0 or 4, read 3")
         */
        record Unlinearizable(long stuckOp, int prefixCalls, List<Long> prefixTailOps, List<Long> concurrentOps,
                              String expected) implements Explanation {
            public Unlinearizable {
                prefixTailOps = List.copyOf(prefixTailOps);
                concurrentOps = List.copyOf(concurrentOps);
                Objects.requireNonNull(expected);
            }
        }

        /**
         * A dependency cycle between transactions.
         *
         * @param ops   the transactions' invocation indices, in cycle order
         * @param edges {@code edges.get(i)} is the kind (ww, wr, rw, realtime, process) of the edge from {@code ops[i]} to
         *              {@code ops[(i + 1) % n]}
         */
        record Cycle(List<Long> ops, List<String> edges) implements Explanation {
            public Cycle {
                ops = List.copyOf(ops);
                edges = List.copyOf(edges);
                if (ops.size() != edges.size()) {
                    throw new IllegalArgumentException("a cycle has one edge per transaction");
                }
            }
        }
    }
}
