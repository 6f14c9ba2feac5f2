package io.paxsim.history;

/**
 * Builds a history as a simulation runs: assigns each op its index, stamps the caller's time, and
 * checks the pairing rules as it goes, so a workload bug fails at the op that caused it.
 * Ops go straight into compact columns ({@link OpColumns}): the recorder keeps no {@link Op}
 * objects beyond the open invocations. Not thread-safe (a simulation is single-threaded).
 */
public final class HistoryRecorder {
    private final OpColumns ops = new OpColumns();
    private final java.util.Map<Long, Op> outstanding = new java.util.HashMap<>();
    private long lastTimeNanos = Long.MIN_VALUE;

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
        if (ops.size() > 0 && timeNanos < lastTimeNanos) {
            throw new IllegalStateException("time went backwards: " + timeNanos + " after " + lastTimeNanos);
        }
        Op stamped = new Op(ops.size(), timeNanos, op.type(), op.process(), op.f(), op.value(), op.node(), op.error());
        ops.add(stamped);
        lastTimeNanos = timeNanos;
        return stamped;
    }

    public int size() {
        return ops.size();
    }

    /** The history so far (outstanding invocations count as indeterminate). */
    public History history() {
        return History.of(ops, position -> -1);
    }
}
