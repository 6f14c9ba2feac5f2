package io.paxsim.history;

/**
 * A client operation: its invocation paired with its completion.
 *
 * @param id                 dense number of this call in invocation order (0, 1, 2 ...)
 * @param invoke             the invocation
 * @param completion         the ok/fail/info completion, or null when the history ends first
 * @param invokePosition     position of the invocation in {@link History#ops()}
 * @param completionPosition position of the completion, or {@link Integer#MAX_VALUE} if there is none
 */
public record Call(int id, Op invoke, Op completion, int invokePosition, int completionPosition) {
    public Call {
        assert invoke.type() == OpType.INVOKE;
        assert completion == null || completion.type() != OpType.INVOKE;
        assert completionPosition > invokePosition;
    }

    /** OK, FAIL, or INFO (also for a call that never completed). */
    public OpType outcome() {
        return completion == null ? OpType.INFO : completion.type();
    }

    /** Indeterminate: may have taken effect at any time after invocation, or never. */
    public boolean isIndeterminate() {
        return outcome() == OpType.INFO;
    }

    public String f() {
        return invoke.f();
    }

    public long process() {
        return invoke.clientProcess();
    }

    /** What the op returned if it completed ok, else what it was asked to do. */
    public Value value() {
        return outcome() == OpType.OK ? completion.value() : invoke.value();
    }

    /** The invocation's {@code :index}, or its position in the history when the source had none. */
    public long index() {
        return invoke.index() >= 0 ? invoke.index() : invokePosition;
    }

    /** The completion's {@code :index} (or position); -1 when the call never completed. */
    public long completionIndex() {
        if (completion == null) {
            return -1;
        }
        return completion.index() >= 0 ? completion.index() : completionPosition;
    }

    @Override
    public String toString() {
        return "#" + index() + " p" + process() + " :" + f() + " " + value() + " → " + outcome().wireName();
    }
}
