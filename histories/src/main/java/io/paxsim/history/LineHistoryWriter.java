package io.paxsim.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * What the history writers share: one op per line, an I/O failure surfacing unchecked. A format
 * supplies {@link #writeOp(Op)}, which writes the op itself without the line break.
 */
abstract class LineHistoryWriter implements AutoCloseable {
    protected final Writer out;

    protected LineHistoryWriter(Writer out) {
        this.out = out;
    }

    /** Writes one op, complete on {@link #out} (flushed from any buffer of the format's own). */
    protected abstract void writeOp(Op op) throws IOException;

    public final void write(Op op) {
        try {
            writeOp(op);
            out.write('\n');
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
