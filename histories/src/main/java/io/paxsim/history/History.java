package io.paxsim.history;

import java.util.AbstractList;
import java.util.HashMap;
import java.util.RandomAccess;
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
    private final OpColumns columns;
    private final int size;
    private final int[] callInvoke;
    private final int[] callCompletion;
    private final int callCount;
    private final java.util.function.IntToLongFunction lineOfPosition;
    private final List<Op> ops = new OpView();
    private final List<Call> calls = new CallView();

    private History(OpColumns columns, int size, int[] callInvoke, int[] callCompletion, int callCount,
                    java.util.function.IntToLongFunction lineOfPosition) {
        this.columns = columns;
        this.size = size;
        this.callInvoke = callInvoke;
        this.callCompletion = callCompletion;
        this.callCount = callCount;
        this.lineOfPosition = lineOfPosition;
    }

    /** Validates and pairs; throws {@link HistoryException} naming the offending op's position. */
    public static History of(List<Op> ops) {
        return of(ops, position -> -1);
    }

    /** As {@link #of(List)}, with a way to map an op's position to its source line for errors. */
    public static History of(List<Op> ops, java.util.function.IntToLongFunction lineOfPosition) {
        OpColumns columns = new OpColumns();
        for (Op op : ops) {
            columns.add(op);
        }
        return of(columns, lineOfPosition);
    }

    /** The first {@code columns.size()} ops of the columns (later appends are not part of it), validated and paired. */
    static History of(OpColumns columns, java.util.function.IntToLongFunction lineOfPosition) {
        int size = columns.size();
        int[] completionOf = pair(columns, size, lineOfPosition);
        int count = 0;
        for (int pos = 0; pos < size; pos++) {
            if (columns.isClient(pos) && columns.type(pos) == OpType.INVOKE) {
                count++;
            }
        }
        int[] invoke = new int[count];
        int[] completion = new int[count];
        int id = 0;
        for (int pos = 0; pos < size; pos++) {
            if (columns.isClient(pos) && columns.type(pos) == OpType.INVOKE) {
                invoke[id] = pos;
                completion[id] = completionOf[pos];
                id++;
            }
        }
        return new History(columns, size, invoke, completion, count, lineOfPosition);
    }

    /** The columns holding the ops (they may hold more than {@link #size()}: a recorder appends on). */
    OpColumns columns() {
        return columns;
    }

    /** The source line of the op at {@code position} in {@link #ops()}, or -1 when not read from a file. */
    public long lineOf(int position) {
        return position >= 0 && position < size ? lineOfPosition.applyAsLong(position) : -1;
    }

    /** Each invocation's completion position (-1: none), indexed by position; throws on an invalid history. */
    private static int[] pair(OpColumns ops, int size, java.util.function.IntToLongFunction lineOf) {
        OpenCalls outstanding = new OpenCalls();
        int[] completionOf = new int[size];
        java.util.Arrays.fill(completionOf, -1);
        for (int pos = 0; pos < size; pos++) {
            if (!ops.isClient(pos)) {
                continue;
            }
            long p = ops.clientProcess(pos);
            int open = outstanding.get(p);
            OpType type = ops.type(pos);
            if (type == OpType.INVOKE) {
                if (open >= 0) {
                    throw invalid(pos, lineOf, "process " + p + " invoked :" + ops.function(pos) + " while its :"
                            + ops.function(open) + " invoked at op " + open + " is still outstanding");
                }
                if (open == OpenCalls.CRASHED) {
                    throw invalid(pos, lineOf, "process " + p + " invoked :" + ops.function(pos)
                            + " after an :info completion (a crashed process never invokes again)");
                }
                outstanding.put(p, pos);
                continue;
            }
            if (open < 0) {
                throw invalid(pos, lineOf, "process " + p + " completed :" + ops.function(pos) + " (" + type.wireName()
                        + ") with no outstanding invocation");
            }
            if (ops.functionId(open) != ops.functionId(pos)) {
                throw invalid(pos, lineOf, "process " + p + " completed :" + ops.function(pos) + " but invoked :"
                        + ops.function(open) + " at op " + open);
            }
            completionOf[open] = pos;
            outstanding.put(p, type == OpType.INFO ? OpenCalls.CRASHED : OpenCalls.IDLE);
        }
        return completionOf;
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

    private static HistoryException invalid(int pos, java.util.function.IntToLongFunction lineOf, String why) {
        long line = lineOf.applyAsLong(pos);
        return new HistoryException("invalid history at op " + pos + ": " + why, line);
    }

    /** Every op, in history order; each is built from the compact columns when asked for. */
    public List<Op> ops() {
        return ops;
    }

    /** Client calls in invocation order, each with its completion; built on demand like {@link #ops()}. */
    public List<Call> calls() {
        return calls;
    }

    public int size() {
        return size;
    }

    // Column access for checkers that read a call's parts without building the Call and both its ops.

    /** The position of call {@code id}'s invocation in {@link #ops()}, as {@link Call#invokePosition()}. */
    public int invokePosition(int id) {
        java.util.Objects.checkIndex(id, callCount);
        return callInvoke[id];
    }

    /** The position of call {@code id}'s completion, {@link Integer#MAX_VALUE} when it never completed, as {@link Call#completionPosition()}. */
    public int completionPosition(int id) {
        java.util.Objects.checkIndex(id, callCount);
        int done = callCompletion[id];
        return done < 0 ? Integer.MAX_VALUE : done;
    }

    /** The type of the op at {@code position}. */
    public OpType type(int position) {
        java.util.Objects.checkIndex(position, size);
        return columns.type(position);
    }

    /** The value of the op at {@code position}, decoded alone: {@code ops().get(position).value()} without the rest of the op. */
    public Value value(int position) {
        java.util.Objects.checkIndex(position, size);
        return columns.value(position);
    }

    /** The client process of the client op at {@code position}. */
    public long clientProcess(int position) {
        java.util.Objects.checkIndex(position, size);
        return columns.clientProcess(position);
    }

    /** Bytes the history's columns hold (an estimate of its footprint, for benchmarks). */
    public long retainedBytes() {
        return columns.retainedBytes() + 8L * callInvoke.length;
    }

    @Override
    public String toString() {
        return "History[" + size + " ops, " + callCount + " calls]";
    }

    private final class OpView extends AbstractList<Op> implements RandomAccess {
        @Override
        public Op get(int position) {
            java.util.Objects.checkIndex(position, size);
            return columns.op(position);
        }

        @Override
        public int size() {
            return size;
        }
    }

    private final class CallView extends AbstractList<Call> implements RandomAccess {
        @Override
        public Call get(int id) {
            java.util.Objects.checkIndex(id, callCount);
            int invoke = callInvoke[id];
            int done = callCompletion[id];
            return new Call(id, columns.op(invoke), done < 0 ? null : columns.op(done), invoke,
                    done < 0 ? Integer.MAX_VALUE : done);
        }

        @Override
        public int size() {
            return callCount;
        }
    }
}
