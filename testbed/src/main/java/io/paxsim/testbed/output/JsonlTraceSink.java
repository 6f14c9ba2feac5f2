package io.paxsim.testbed.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.paxsim.sim.trace.TraceRecord;
import io.paxsim.sim.trace.TraceSink;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Streams trace records as JSON lines as they happen; holds none of them in memory. */
public final class JsonlTraceSink implements TraceSink, Closeable {
    private final JsonGenerator out;
    private final TraceFilter filter;
    private long written;

    public JsonlTraceSink(OutputStream stream, TraceFilter filter) {
        try {
            this.out = new JsonFactory().createGenerator(stream, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
        this.filter = filter;
    }

    @Override
    public void accept(TraceRecord r) {
        if (!filter.keeps(r)) {
            return;
        }
        try {
            out.writeStartObject();
            out.writeNumberField("index", r.index());
            out.writeNumberField("timeNanos", r.timeNanos());
            out.writeStringField("kind", r.kind().name());
            out.writeNumberField("node", r.node());
            out.writeNumberField("peer", r.peer());
            out.writeStringField("detail", r.detail());
            out.writeEndObject();
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
        if (written > 0) {
            out.writeRaw('\n');
        }
        out.close();
    }
}
