package io.paxsim.history;

import java.util.Objects;

/**
 * One history event, as Jepsen records it.
 *
 * @param index     position in the history as recorded ({@code :index}); -1 when the source had none
 * @param timeNanos time since the start of the test ({@code :time}); -1 when unknown
 * @param type      invoke / ok / fail / info
 * @param process   the actor: an {@link Value.Int} for a client process, anything else (usually
 *                  {@code :nemesis}) for a non-client actor whose ops are not client operations
 * @param f         the function, a keyword name without its colon ({@code "read"}, {@code "cas"}, {@code "txn"})
 * @param value     the argument (on invoke) or result (on completion)
 * @param node      the node the client talked to, or null
 * @param error     the error the client saw, or null
 */
public record Op(long index, long timeNanos, OpType type, Value process, String f, Value value,
                 Value node, Value error) {
    public Op {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(value, "value");
    }

    public static Op invoke(long process, String f, Value value) {
        return of(OpType.INVOKE, process, f, value);
    }

    public static Op ok(long process, String f, Value value) {
        return of(OpType.OK, process, f, value);
    }

    public static Op fail(long process, String f, Value value) {
        return of(OpType.FAIL, process, f, value);
    }

    public static Op info(long process, String f, Value value) {
        return of(OpType.INFO, process, f, value);
    }

    public static Op of(OpType type, long process, String f, Value value) {
        return new Op(-1, -1, type, Value.of(process), f, value, null, null);
    }

    public Op withIndex(long newIndex) {
        return new Op(newIndex, timeNanos, type, process, f, value, node, error);
    }

    public Op withTime(long newTimeNanos) {
        return new Op(index, newTimeNanos, type, process, f, value, node, error);
    }

    public Op withValue(Value newValue) {
        return new Op(index, timeNanos, type, process, f, newValue, node, error);
    }

    public Op withNode(Value newNode) {
        return new Op(index, timeNanos, type, process, f, value, newNode, error);
    }

    public Op withError(Value newError) {
        return new Op(index, timeNanos, type, process, f, value, node, newError);
    }

    /** True for client operations (integer process); nemesis and other actors are not clients. */
    public boolean isClient() {
        return process instanceof Value.Int;
    }

    /** The client process number; only for {@link #isClient()} ops. */
    public long clientProcess() {
        if (!(process instanceof Value.Int p)) {
            throw new IllegalStateException("not a client op: " + this);
        }
        return p.value();
    }

    @Override
    public String toString() {
        return EdnHistoryWriter.format(this);
    }
}
