package io.paxsim.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes ops as JSON lines. Keywords become strings ({@code :x} → {@code "x"}); a non-client
 * process is a string, a client process a number.
 *
 * <p>Each op is generated into a private line buffer and handed to {@code out} in one write once it
 * is complete; {@code out} is flushed on {@link #flush()} and {@link #close()},
 * not per op (a flush per op pushed every line through the caller's buffer and compressor one at a
 * time). So {@code out} only ever holds whole lines: an op that fails half-way (a value nested past
 * Jackson's depth limit, say) leaves nothing of itself behind, and the ops before it are written in
 * full when the writer is closed on that error path.
 */
public final class JsonlHistoryWriter extends LineHistoryWriter {
    private static final JsonFactory FACTORY = new JsonFactory();
    private final LineBuffer line = new LineBuffer();
    private JsonGenerator json;

    public JsonlHistoryWriter(Writer out) {
        super(out);
        this.json = newGenerator(line);
    }

    private static JsonGenerator newGenerator(LineBuffer line) {
        try {
            JsonGenerator json = FACTORY.createGenerator(line);
            json.setRootValueSeparator(null);
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void writeOp(Op op) throws IOException {
        json.writeStartObject();
        if (op.index() >= 0) {
            json.writeNumberField("index", op.index());
        }
        if (op.timeNanos() >= 0) {
            json.writeNumberField("time", op.timeNanos());
        }
        json.writeStringField("type", op.type().wireName());
        json.writeFieldName("process");
        writeValue(op.process());
        json.writeStringField("f", op.f());
        json.writeFieldName("value");
        writeValue(op.value());
        if (op.node() != null) {
            json.writeFieldName("node");
            writeValue(op.node());
        }
        if (op.error() != null) {
            json.writeFieldName("error");
            writeValue(op.error());
        }
        json.writeEndObject();
        json.flush(); // into the line buffer, not out
        out.write(line.chars, 0, line.length);
        line.length = 0;
    }

    /** Drops what a failed op left in the line buffer and in the generator's state. */
    @Override
    protected void discardPartialOp() {
        line.length = 0;
        json = newGenerator(line);
    }

    @Override
    public void close() throws IOException {
        json.close();
        line.length = 0;
        super.close();
    }

    private void writeValue(Value value) throws IOException {
        if (value instanceof Value.Int i) {
            json.writeNumber(i.value());
        } else if (value instanceof Value.Str s) {
            json.writeString(s.value());
        } else if (value instanceof Value.Kw k) {
            json.writeString(k.name());
        } else if (value instanceof Value.Nil) {
            json.writeNull();
        } else if (value instanceof Value.Bool b) {
            json.writeBoolean(b.value());
        } else if (value instanceof Value.Real r) {
            json.writeNumber(r.value());
        } else if (value instanceof Value.Vec v) {
            writeArray(v.items());
        } else if (value instanceof Value.SetOf s) {
            writeArray(s.items());
        } else {
            writeStructured(value);
        }
    }

    private void writeStructured(Value value) throws IOException {
        if (value instanceof Value.Cas c) {
            writeArray(java.util.List.of(c.expected(), c.next()));
        } else if (value instanceof Value.Keyed k) {
            writeArray(java.util.List.of(k.key(), k.value()));
        } else if (value instanceof Value.Txn t) {
            json.writeStartArray();
            for (MicroOp m : t.ops()) {
                writeArray(java.util.List.of(Value.of(m.f()), m.key(), m.value()));
            }
            json.writeEndArray();
        } else if (value instanceof Value.LogRecord r) {
            json.writeStartObject();
            json.writeStringField("stream", r.stream());
            json.writeNumberField("index", r.index());
            json.writeStringField("payload", r.payload());
            json.writeNumberField("checksum", r.checksum());
            json.writeEndObject();
        } else if (value instanceof Value.Dict d) {
            json.writeStartObject();
            for (Map.Entry<Value, Value> e : d.entries().entrySet()) {
                json.writeFieldName(e.getKey() instanceof Value.Kw k ? k.name()
                        : e.getKey() instanceof Value.Str s ? s.value() : EdnHistoryWriter.format(e.getKey()));
                writeValue(e.getValue());
            }
            json.writeEndObject();
        } else {
            throw new AssertionError("unhandled value type " + value.getClass());
        }
    }

    private void writeArray(java.util.List<Value> items) throws IOException {
        json.writeStartArray();
        for (Value item : items) {
            writeValue(item);
        }
        json.writeEndArray();
    }

    /** The current op's characters; the generator's flush lands here, never in {@code out}. */
    private static final class LineBuffer extends Writer {
        char[] chars = new char[256];
        int length;

        @Override
        public void write(char[] source, int offset, int count) {
            if (length + count > chars.length) {
                chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + count));
            }
            System.arraycopy(source, offset, chars, length, count);
            length += count;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
