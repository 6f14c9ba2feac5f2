package io.paxsim.checkers;

import io.paxsim.history.Call;
import io.paxsim.history.HistoryException;
import io.paxsim.history.Op;

/**
 * The history holds an op the chosen checker cannot interpret (a {@code :write} given to the
 * checksum checker, a {@code :txn} given to a register): bad input, never a verdict. Names the
 * op and its position in the history, so the CLI can name the file and line.
 */
public final class ModelMismatch extends RuntimeException {
    private final int position;

    public ModelMismatch(String message, int position) {
        super(message, null, false, false);
        this.position = position;
    }

    /** "model NAME cannot interpret op OP (WHY)" for the call's invocation. */
    public static ModelMismatch of(String checker, Call call, String why) {
        return at(checker, call.invoke(), call.invokePosition(), why);
    }

    /** As {@link #of}, for a particular op of a call (its completion, say). */
    public static ModelMismatch at(String checker, Op op, int position, String why) {
        return new ModelMismatch("model " + checker + " cannot interpret op " + HistoryException.excerpt(op)
                + (why.isEmpty() ? "" : " (" + why + ")"), position);
    }

    /** Position of the op in {@link io.paxsim.history.History#ops()}. */
    public int position() {
        return position;
    }
}
