package io.paxsim.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON lines (one op object per line) token by token with Jackson's streaming parser,
 * building each op directly (no tree in between). JSON has no keywords: {@code "f"} and
 * {@code "type"} are strings, a string {@code "process"} is a non-client actor, and the string key
 * of an independent {@code [k v]} tuple or a micro-op reads as a keyword ({@code "x"} is
 * {@code :x}, as {@link JsonlHistoryWriter} wrote it); other strings stay strings.
 */
public final class JsonlHistoryReader extends StreamingHistoryReader {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final JsonParser parser;
    private final Map<String, String> functionNames = new java.util.HashMap<>();

    public JsonlHistoryReader(Reader source, ValueTyping typing) {
        super(typing);
        try {
            this.parser = FACTORY.createParser(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads UTF-8 bytes with Jackson's byte parser (faster than decoding to chars first). */
    public JsonlHistoryReader(java.io.InputStream source, ValueTyping typing) {
        super(typing);
        try {
            this.parser = FACTORY.createParser(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    @Override
    protected Op readRawOp() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return null;
        }
        startOp(parser.currentTokenLocation().getLineNr());
        if (token != JsonToken.START_OBJECT) {
            throw new HistoryException("expected an op object, found " + token, opStartLine());
        }
        return new OpFields().read();
    }

    @Override
    protected HistoryException unreadable(Exception e) {
        if (e instanceof JsonProcessingException j) {
            long at = j.getLocation() == null ? opStartLine() : j.getLocation().getLineNr();
            String message = firstLine(j.getOriginalMessage());
            if (message.startsWith("Invalid UTF-8") || message.contains("code 65533") || message.startsWith("Invalid UTF")) {
                return new HistoryException("not UTF-8 (" + message + "); save the history as UTF-8", at);
            }
            return new HistoryException("unreadable JSON: " + message, at);
        }
        return new HistoryException("unreadable JSON: " + e.getMessage(), opStartLine());
    }

    /** The first line, without Jackson's note on where it reads from ("[Source: REDACTED (...); line: 1, ..."). */
    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return line.replaceAll("\\[Source: [^;\\]]*; ", "[");
    }

    /** The fields of one op object as they are read; the rest are kept only to quote a bad op. */
    private final class OpFields {
        OpType type;
        boolean typeGiven;
        Value process;
        String f;
        Value value = Value.NIL;
        boolean hasValue;
        long index = -1;
        long time = -1;
        Value node;
        Value error;
        Value key;
        /** What "type", "f" and "process" held as read, and any other fields: only to quote a bad op. */
        Value rawType;
        Value rawF;
        Value rawProcess;
        Map<Value, Value> others;
        /** The value was read straight into a {@link Value.Txn} with keyword keys (see {@link #readTxn()}). */
        boolean fastTxn;

        Op read() throws IOException {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                field(name, token);
            }
            return build();
        }

        private void field(String name, JsonToken token) throws IOException {
            switch (name) {
                case "type" -> {
                    typeGiven = true;
                    Value v = readValue(token, 1);
                    type = v instanceof Value.Str s ? OpType.fromWireName(s.value()) : null;
                    rawType = v;
                }
                case "f" -> {
                    Value v = readValue(token, 1);
                    f = v instanceof Value.Str s ? functionNames.computeIfAbsent(s.value(), String::intern) : null;
                    rawF = v;
                }
                case "process" -> {
                    Value v = readValue(token, 1);
                    process = v instanceof Value.Int ? v : v instanceof Value.Str s ? Value.kw(s.value()) : null;
                    rawProcess = v;
                }
                case "value" -> {
                    fastTxn = token == JsonToken.START_ARRAY && "txn".equals(f);
                    value = fastTxn ? readTxn() : readValue(token, 1);
                    fastTxn &= value instanceof Value.Txn;
                    hasValue = true;
                }
                case "index" -> index = integer(token);
                case "time" -> time = integer(token);
                case "node" -> node = nullable(readValue(token, 1));
                case "error" -> error = nullable(readValue(token, 1));
                case "key" -> key = readValue(token, 1);
                default -> {
                    if (others == null) {
                        others = new LinkedHashMap<>();
                    }
                    others.put(Value.of(name), readValue(token, 1));
                }
            }
        }

        private Value nullable(Value v) {
            return v.isNil() ? null : v;
        }

        private long integer(JsonToken token) throws IOException {
            if (token == JsonToken.VALUE_NULL) {
                return -1;
            }
            if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw new HistoryException("expected an integer \"index\"/\"time\", found "
                        + HistoryException.excerpt(readValue(token, 1)), opStartLine());
            }
            return parser.getLongValue();
        }

        private Op build() {
            String problem = type == null ? "op has no valid \"type\" (invoke/ok/fail/info): "
                    : f == null ? "op has no \"f\": "
                    : process == null ? "op has no valid \"process\": " : null;
            if (problem != null) {
                throw new HistoryException(problem + HistoryException.excerpt(quote()), opStartLine());
            }
            boolean client = process instanceof Value.Int;
            if (client) {
                requireValue(type, f, hasValue);
            }
            if (fastTxn && client && key == null && typing == ValueTyping.JEPSEN) {
                return new Op(index, time, type, process, f, value, node, error);
            }
            if (fastTxn) {
                value = raw((Value.Txn) value);
            }
            Value typed = client && key != null ? EdnHistoryReader.keyed(key, f, value)
                    : client ? keywordKeys(typing.type(f, value)) : value;
            return new Op(index, time, type, process, f, typed, node, error);
        }

        /** The op as far as it was read, for an error message. */
        private String quote() {
            Map<Value, Value> seen = new LinkedHashMap<>();
            if (rawType != null) {
                seen.put(Value.of("type"), rawType);
            }
            if (rawF != null) {
                seen.put(Value.of("f"), rawF);
            }
            if (rawProcess != null) {
                seen.put(Value.of("process"), rawProcess);
            }
            if (others != null) {
                seen.putAll(others);
            }
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<Value, Value> e : seen.entrySet()) {
                sb.append(sb.length() > 1 ? ", " : "").append(e.getKey()).append(": ").append(EdnHistoryWriter.format(e.getValue()));
            }
            if (hasValue) {
                Value v = fastTxn ? raw((Value.Txn) value) : value;
                sb.append(sb.length() > 1 ? ", " : "").append("\"value\": ").append(EdnHistoryWriter.format(v));
            }
            return sb.append('}').toString();
        }
    }

    /**
     * A {@code "txn"} value, an array of {@code [f, key, value]} arrays, read straight into a
     * {@link Value.Txn} as {@link ValueTyping#JEPSEN} and {@link #keywordKeys} would make it (a string
     * key becomes a keyword); any other array reads as {@link #readValue} reads it. {@link #raw}
     * gives back what {@link #readValue} would have read.
     */
    private Value readTxn() throws IOException {
        List<Object> items = new ArrayList<>(4);
        boolean allMicroOps = true;
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_ARRAY) {
                items.add(readValue(t, 2));
                allMicroOps = false;
                continue;
            }
            Value first = readOrEnd(parser.nextToken());
            Value second = first == null ? null : readOrEnd(parser.nextToken());
            Value third = second == null ? null : readOrEnd(parser.nextToken());
            if (third != null && first instanceof Value.Str name) {
                JsonToken end = parser.nextToken();
                if (end == JsonToken.END_ARRAY) {
                    String fName = functionNames.computeIfAbsent(name.value(), String::intern);
                    items.add(new MicroOp(fName, second instanceof Value.Str k ? Value.kw(k.value()) : second, third));
                    continue;
                }
                List<Value> rest = new ArrayList<>(List.of(first, second, third));
                for (JsonToken more = end; more != JsonToken.END_ARRAY; more = parser.nextToken()) {
                    rest.add(readValue(more, 3));
                }
                items.add(new Value.Vec(rest));
            } else {
                List<Value> partial = new ArrayList<>(3);
                for (Value v : new Value[] {first, second, third}) {
                    if (v != null) {
                        partial.add(v);
                    }
                }
                if (third != null) {
                    for (JsonToken more = parser.nextToken(); more != JsonToken.END_ARRAY; more = parser.nextToken()) {
                        partial.add(readValue(more, 3));
                    }
                }
                items.add(new Value.Vec(partial));
            }
            allMicroOps = false;
        }
        if (allMicroOps) {
            List<MicroOp> ops = new ArrayList<>(items.size());
            items.forEach(item -> ops.add((MicroOp) item));
            return new Value.Txn(ops);
        }
        List<Value> values = new ArrayList<>(items.size());
        for (Object item : items) {
            values.add(item instanceof MicroOp m ? microOpVector(m) : (Value) item);
        }
        return new Value.Vec(values);
    }

    /** The next item of an array, or null at its end. */
    private Value readOrEnd(JsonToken token) throws IOException {
        return token == JsonToken.END_ARRAY ? null : readValue(token, 3);
    }

    /** A transaction as {@link #readValue} reads it: arrays of a string name, the key as written, the value. */
    private static Value raw(Value.Txn txn) {
        List<Value> items = new ArrayList<>(txn.ops().size());
        for (MicroOp m : txn.ops()) {
            items.add(microOpVector(m));
        }
        return new Value.Vec(items);
    }

    private static Value microOpVector(MicroOp m) {
        Value key = m.key() instanceof Value.Kw k ? Value.of(k.name()) : m.key();
        return new Value.Vec(List.of(Value.of(m.f()), key, m.value()));
    }

    private Value readValue(JsonToken token, int depth) throws IOException {
        if (token == null) {
            throw new HistoryException("unreadable JSON: the file ends inside an op", parser.currentLocation().getLineNr());
        }
        switch (token) {
            case VALUE_NULL:
                return Value.NIL;
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? new Value.Real(parser.getDoubleValue()) : EdnParser.integer(parser.getLongValue());
            case VALUE_NUMBER_FLOAT:
                return new Value.Real(parser.getDoubleValue());
            case VALUE_STRING:
                return new Value.Str(parser.getText());
            case VALUE_TRUE:
                return new Value.Bool(true);
            case VALUE_FALSE:
                return new Value.Bool(false);
            case START_ARRAY: {
                List<Value> items = new ArrayList<>(4);
                JsonToken t;
                while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(readValue(t, depth + 1));
                }
                return new Value.Vec(items);
            }
            case START_OBJECT: {
                Map<Value, Value> entries = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    Value key = Value.of(parser.currentName());
                    entries.put(key, readValue(parser.nextToken(), depth + 1));
                }
                return new Value.Dict(entries);
            }
            default:
                throw new HistoryException("unreadable JSON: unexpected " + token, parser.currentLocation().getLineNr());
        }
    }

    /**
     * The writer spells keywords as strings, so a string key of an independent {@code [k v]} tuple or
     * of a micro-op reads back as the keyword it was ({@code "x1"} is {@code :x1}): keys then look
     * the same whether a history came from EDN or from JSON lines.
     */
    private static Value keywordKeys(Value value) {
        if (value instanceof Value.Keyed k && k.key() instanceof Value.Str s) {
            return new Value.Keyed(Value.kw(s.value()), k.value());
        }
        if (value instanceof Value.Txn t) {
            List<MicroOp> ops = new ArrayList<>(t.ops().size());
            for (MicroOp m : t.ops()) {
                ops.add(m.key() instanceof Value.Str s ? new MicroOp(m.f(), Value.kw(s.value()), m.value()) : m);
            }
            return new Value.Txn(ops);
        }
        return value;
    }
}
