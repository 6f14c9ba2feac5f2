package io.paxsim.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated history: every op in order, and client invocations paired with their completions.
 * Validation: a client process has at most one outstanding op; a completion matches its
 * invocation's {@code f}; a completion needs an invocation; a process whose op ended {@code info}
 * (crashed, in Jepsen's sense) never invokes again. Ops of non-client actors (nemesis) are kept
 * in {@link #ops()} but are not calls.
 */
public final class History {
    private final List<Op> ops;
    private final List<Call> calls;
    private final java.util.function.IntToLongFunction lineOfPosition;

    private History(List<Op> ops, List<Call> calls, java.util.function.IntToLongFunction lineOfPosition) {
        this.ops = ops;
        this.calls = calls;
        this.lineOfPosition = lineOfPosition;
    }

    /** Validates and pairs; throws {@link HistoryException} naming the offending op's position. */
    public static History of(List<Op> ops) {
        return of(ops, position -> -1);
    }

    /** As {@link #of(List)}, with a way to map an op's position to its source line for errors. */
    public static History of(List<Op> ops, java.util.function.IntToLongFunction lineOfPosition) {
        List<Op> copy = List.copyOf(ops);
        return new History(copy, pair(copy, lineOfPosition), lineOfPosition);
    }

    /** The source line of the op at {@code position} in {@link #ops()}, or -1 when not read from a file. */
    public long lineOf(int position) {
        return position >= 0 && position < ops.size() ? lineOfPosition.applyAsLong(position) : -1;
    }

    private static List<Call> pair(List<Op> ops, java.util.function.IntToLongFunction lineOf) {
        OpenCalls outstanding = new OpenCalls();
        int[] completionOf = new int[ops.size()];
        java.util.Arrays.fill(completionOf, -1);
        for (int pos = 0; pos < ops.size(); pos++) {
            Op op = ops.get(pos);
            if (!op.isClient()) {
                continue;
            }
            long p = op.clientProcess();
            int open = outstanding.get(p);
            if (op.type() == OpType.INVOKE) {
                if (open >= 0) {
                    throw invalid(pos, lineOf, "process " + p + " invoked :" + op.f() + " while its :"
                            + ops.get(open).f() + " invoked at op " + open + " is still outstanding");
                }
                if (open == OpenCalls.CRASHED) {
                    throw invalid(pos, lineOf, "process " + p + " invoked :" + op.f()
                            + " after an :info completion (a crashed process never invokes again)");
                }
                outstanding.put(p, pos);
                continue;
            }
            if (open < 0) {
                throw invalid(pos, lineOf, "process " + p + " completed :" + op.f() + " (" + op.type().wireName()
                        + ") with no outstanding invocation");
            }
            if (!ops.get(open).f().equals(op.f())) {
                throw invalid(pos, lineOf, "process " + p + " completed :" + op.f() + " but invoked :"
                        + ops.get(open).f() + " at op " + open);
            }
            completionOf[open] = pos;
            outstanding.put(p, op.type() == OpType.INFO ? OpenCalls.CRASHED : OpenCalls.IDLE);
        }
        return calls(ops, completionOf);
    }

    /**
     * Each client process's open invocation (its position), or that it is idle or crashed. Process
     * numbers are small in practice, so they index an array; any others go to a map.
     */
    private static final class OpenCalls {
        static final int IDLE = -1;
        static final int CRASHED = -2;
        private static final int DENSE = 1 << 16;
        private int[] dense = new int[64];
        private final Map<Long, Integer> sparse = new HashMap<>();

        OpenCalls() {
            java.util.Arrays.fill(dense, IDLE);
        }

        int get(long process) {
            if (process >= 0 && process < DENSE) {
                return process < dense.length ? dense[(int) process] : IDLE;
            }
            return sparse.getOrDefault(process, IDLE);
        }

        void put(long process, int state) {
            if (process >= 0 && process < DENSE) {
                if (process >= dense.length) {
                    int old = dense.length;
                    dense = java.util.Arrays.copyOf(dense, (int) Math.min(DENSE, Math.max(process + 1, old * 2L)));
                    java.util.Arrays.fill(dense, old, dense.length, IDLE);
                }
                dense[(int) process] = state;
            } else {
                sparse.put(process, state);
            }
        }
    }

    private static List<Call> calls(List<Op> ops, int[] completionOf) {
        List<Call> calls = new ArrayList<>();
        for (int pos = 0; pos < ops.size(); pos++) {
            Op op = ops.get(pos);
            if (op.isClient() && op.type() == OpType.INVOKE) {
                int done = completionOf[pos];
                calls.add(new Call(calls.size(), op, done < 0 ? null : ops.get(done), pos,
                        done < 0 ? Integer.MAX_VALUE : done));
            }
        }
        return Collections.unmodifiableList(calls);
    }

    private static HistoryException invalid(int pos, java.util.function.IntToLongFunction lineOf, String why) {
        long line = lineOf.applyAsLong(pos);
        return new HistoryException("invalid history at op " + pos + ": " + why, line);
    }

    /** Every op, in history order. */
    public List<Op> ops() {
        return ops;
    }

    /** Client calls in invocation order, each with its completion. */
    public List<Call> calls() {
        return calls;
    }

    public int size() {
        return ops.size();
    }

    @Override
    public String toString() {
        return "History[" + ops.size() + " ops, " + calls.size() + " calls]";
    }
}
