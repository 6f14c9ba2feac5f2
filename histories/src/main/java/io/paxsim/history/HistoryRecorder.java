package io.paxsim.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a history as a simulation runs: assigns each op its index, stamps the caller's time, and
 * checks the pairing rules as it goes, so a workload bug fails at the op that caused it.
 * Not thread-safe (a simulation is single-threaded).
 */
public final class HistoryRecorder {
    private final List<Op> ops = new ArrayList<>();
    private final java.util.Map<Long, Op> outstanding = new java.util.HashMap<>();

    public Op invoke(long timeNanos, long process, String f, Value value) {
        if (outstanding.containsKey(process)) {
            throw new IllegalStateException("process " + process + " already has an outstanding op: "
                    + outstanding.get(process));
        }
        Op op = add(Op.invoke(process, f, value), timeNanos);
        outstanding.put(process, op);
        return op;
    }

    public Op ok(long timeNanos, long process, Value value) {
        return complete(OpType.OK, timeNanos, process, value);
    }

    public Op fail(long timeNanos, long process, Value value) {
        return complete(OpType.FAIL, timeNanos, process, value);
    }

    /** Indeterminate outcome; the process must not invoke again (use a fresh process number). */
    public Op info(long timeNanos, long process, Value value) {
        return complete(OpType.INFO, timeNanos, process, value);
    }

    /** A non-client event (fault injection etc.), e.g. {@code event(t, "nemesis", "start", v)}. */
    public Op event(long timeNanos, String actor, String f, Value value) {
        return add(new Op(-1, -1, OpType.INFO, Value.kw(actor), f, value, null, null), timeNanos);
    }

    /** Appends an already built op (e.g. with node or error set); index and time are assigned here. */
    public Op record(Op op, long timeNanos) {
        if (op.isClient() && op.type() != OpType.INVOKE) {
            Op open = outstanding.remove(op.clientProcess());
            if (open == null || !open.f().equals(op.f())) {
                throw new IllegalStateException("completion without a matching invocation: " + op);
            }
        } else if (op.isClient()) {
            if (outstanding.putIfAbsent(op.clientProcess(), op) != null) {
                throw new IllegalStateException("process " + op.clientProcess() + " already has an outstanding op");
            }
        }
        return add(op, timeNanos);
    }

    private Op complete(OpType type, long timeNanos, long process, Value value) {
        Op open = outstanding.remove(process);
        if (open == null) {
            throw new IllegalStateException("process " + process + " has no outstanding op to complete");
        }
        return add(Op.of(type, process, open.f(), value), timeNanos);
    }

    private Op add(Op op, long timeNanos) {
        if (!ops.isEmpty() && timeNanos < ops.get(ops.size() - 1).timeNanos()) {
            throw new IllegalStateException("time went backwards: " + timeNanos + " after "
                    + ops.get(ops.size() - 1).timeNanos());
        }
        Op stamped = op.withIndex(ops.size()).withTime(timeNanos);
        ops.add(stamped);
        return stamped;
    }

    public int size() {
        return ops.size();
    }

    /** The history so far (outstanding invocations count as indeterminate). */
    public History history() {
        return History.of(ops);
    }
}
