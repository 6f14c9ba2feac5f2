package io.paxsim.testbed.output;

import io.paxsim.sim.trace.TraceJson;
import io.paxsim.sim.trace.TraceRecord;
import io.paxsim.sim.trace.TraceSink;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/** Streams trace records as JSON lines as they happen; holds none of them in memory. */
public final class JsonlTraceSink implements TraceSink, Closeable {
    private final Writer out;
    private final TraceFilter filter;
    private long written;

    public JsonlTraceSink(Writer out, TraceFilter filter) {
        this.out = out;
        this.filter = filter;
    }

    @Override
    public boolean wants(long timeNanos) {
        return timeNanos >= filter.fromNanos() && timeNanos <= filter.toNanos();
    }

    @Override
    public void accept(TraceRecord r) {
        if (!filter.keeps(r)) {
            return;
        }
        try {
            out.write(TraceJson.line(r));
            out.write('\n');
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long written() {
        return written;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
