package io.paxsim.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * What the history writers share: one op per line, an I/O failure surfacing unchecked. A format
 * supplies {@link #writeOp(Op)}, which writes the op itself without the line break.
 *
 * <p>{@code out} is not flushed per op (give it a buffer): {@link #flush()} and {@link #close()}
 * flush it. An op is handed to {@code out} only when it is complete, so {@code out} holds whole lines
 * even when one op fails half-way; close the writer on that error path too (try-with-resources) and
 * every op written before the failure is in the file.
 */
abstract class LineHistoryWriter implements AutoCloseable {
    protected final Writer out;

    protected LineHistoryWriter(Writer out) {
        this.out = out;
    }

    /** Writes one op to {@link #out} at once and whole, or nothing of it if it fails. */
    protected abstract void writeOp(Op op) throws IOException;

    /** After {@link #writeOp} failed: forget what the format held of that op. */
    protected void discardPartialOp() {
    }

    public final void write(Op op) {
        try {
            writeOp(op);
            out.write('\n');
        } catch (IOException e) {
            discardPartialOp();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            discardPartialOp();
            throw e;
        }
    }

    /** Pushes every op written so far through {@code out} (to the file, if {@code out} is one). */
    public final void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public final void writeAll(Iterable<Op> ops) {
        for (Op op : ops) {
            write(op);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
