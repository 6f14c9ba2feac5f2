package io.paxsim.history;

import java.io.IOException;
import java.util.NoSuchElementException;

/**
 * The iterator half every {@link HistoryReader} shares: one op is read ahead so {@link #hasNext()}
 * can answer, and {@link #line()} moves only when {@link #next()} hands that op out. A format
 * supplies {@link #readRawOp()} and says how an I/O failure reads to a user.
 */
abstract class StreamingHistoryReader implements HistoryReader {
    protected final ValueTyping typing;
    private Op pending;
    private long pendingLine;
    private long line;
    private final OpOrder order = new OpOrder();

    protected StreamingHistoryReader(ValueTyping typing) {
        this.typing = typing;
    }

    /** The next op of the source, or null at its end; calls {@link #startOp(long)} before parsing one. */
    protected abstract Op readRawOp() throws IOException;

    /** The one-line error for a failure to read the source (an I/O failure, or one the format's parser throws). */
    protected abstract HistoryException unreadable(Exception e);

    /** Records the line at which the op being read starts. */
    protected final void startOp(long atLine) {
        pendingLine = atLine;
    }

    /** The line at which the op being read (or last read ahead) starts. */
    protected final long opStartLine() {
        return pendingLine;
    }

    @Override
    public final boolean hasNext() {
        if (pending == null) {
            pending = readOp();
        }
        return pending != null;
    }

    @Override
    public final Op next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Op op = pending;
        pending = null;
        line = pendingLine;
        order.check(op, line);
        return op;
    }

    /**
     * A client's {@code :write} (invoked or ok) must say what it wrote: without it a checker would
     * read "wrote nil", a different history from the one that happened.
     */
    protected final void requireValue(OpType type, String f, boolean hasValue) {
        if (!hasValue && f.equals("write") && (type == OpType.INVOKE || type == OpType.OK)) {
            throw new HistoryException("a :" + type.wireName() + " :write op has no :value", opStartLine());
        }
    }

    @Override
    public final long line() {
        return line;
    }

    private Op readOp() {
        try {
            return readRawOp();
        } catch (IOException e) {
            throw unreadable(e);
        }
    }
}
