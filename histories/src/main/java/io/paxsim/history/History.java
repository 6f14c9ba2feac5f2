package io.paxsim.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    private static List<Call> pair(List<Op> ops, java.util.function.IntToLongFunction lineOf) {
        Map<Long, Integer> outstanding = new HashMap<>();
        Set<Long> crashed = new HashSet<>();
        int[] completionOf = new int[ops.size()];
        java.util.Arrays.fill(completionOf, -1);
        for (int pos = 0; pos < ops.size(); pos++) {
            Op op = ops.get(pos);
            if (!op.isClient()) {
                continue;
            }
            long p = op.clientProcess();
            Integer open = outstanding.get(p);
            if (op.type() == OpType.INVOKE) {
                if (open != null) {
                    throw invalid(pos, lineOf, "process " + p + " invoked :" + op.f() + " while its :"
                            + ops.get(open).f() + " invoked at op " + open + " is still outstanding");
                }
                if (crashed.contains(p)) {
                    throw invalid(pos, lineOf, "process " + p + " invoked :" + op.f()
                            + " after an :info completion (a crashed process never invokes again)");
                }
                outstanding.put(p, pos);
                continue;
            }
            if (open == null) {
                throw invalid(pos, lineOf, "process " + p + " completed :" + op.f() + " (" + op.type().wireName()
                        + ") with no outstanding invocation");
            }
            if (!ops.get(open).f().equals(op.f())) {
                throw invalid(pos, lineOf, "process " + p + " completed :" + op.f() + " but invoked :"
                        + ops.get(open).f() + " at op " + open);
            }
            completionOf[open] = pos;
            outstanding.remove(p);
            if (op.type() == OpType.INFO) {
                crashed.add(p);
            }
        }
        return calls(ops, completionOf);
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

    /** The 1-based source line of the op at this position, or -1 when the history was not read from a file. */
    public long lineOf(int position) {
        return lineOfPosition.applyAsLong(position);
    }

    public int size() {
        return ops.size();
    }

    @Override
    public String toString() {
        return "History[" + ops.size() + " ops, " + calls.size() + " calls]";
    }
}
