package io.paxsim.history;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON lines (one op object per line) with Jackson's streaming parser. JSON has no keywords:
 * {@code "f"} and {@code "type"} are strings, a string {@code "process"} is a non-client actor, and
 * the string key of an independent {@code [k v]} tuple or a micro-op reads as a keyword ({@code "x"}
 * is {@code :x}, as {@link JsonlHistoryWriter} wrote it); other strings stay strings.
 */
public final class JsonlHistoryReader extends StreamingHistoryReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonParser parser;

    public JsonlHistoryReader(Reader source, ValueTyping typing) {
        super(typing);
        try {
            this.parser = MAPPER.getFactory().createParser(source);
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
        JsonNode node = MAPPER.readTree(parser);
        return toOp(node, opStartLine());
    }

    @Override
    protected HistoryException unreadable(Exception e) {
        if (e instanceof JsonProcessingException j) {
            long at = j.getLocation() == null ? opStartLine() : j.getLocation().getLineNr();
            return new HistoryException("unreadable JSON: " + j.getOriginalMessage(), at);
        }
        return new HistoryException("unreadable JSON: " + e.getMessage(), opStartLine());
    }

    private Op toOp(JsonNode node, long atLine) {
        OpType type = node.path("type").isTextual() ? OpType.fromWireName(node.get("type").asText()) : null;
        if (type == null) {
            throw new HistoryException("op has no valid \"type\" (invoke/ok/fail/info): " + HistoryException.excerpt(node), atLine);
        }
        if (!node.path("f").isTextual()) {
            throw new HistoryException("op has no \"f\": " + HistoryException.excerpt(node), atLine);
        }
        JsonNode processNode = node.get("process");
        if (processNode == null || !(processNode.canConvertToLong() && processNode.isIntegralNumber() || processNode.isTextual())) {
            throw new HistoryException("op has no valid \"process\": " + HistoryException.excerpt(node), atLine);
        }
        Value process = processNode.isTextual() ? Value.kw(processNode.asText()) : Value.of(processNode.asLong());
        String f = node.get("f").asText();
        Value raw = toValue(node.get("value"));
        Value value = process instanceof Value.Int ? keywordKeys(typing.type(f, raw)) : raw;
        return new Op(longOr(node.get("index"), atLine), longOr(node.get("time"), atLine), type, process, f, value,
                node.hasNonNull("node") ? toValue(node.get("node")) : null,
                node.hasNonNull("error") ? toValue(node.get("error")) : null);
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

    private static long longOr(JsonNode n, long atLine) {
        if (n == null || n.isNull()) {
            return -1;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new HistoryException("expected an integer \"index\"/\"time\", found " + HistoryException.excerpt(n), atLine);
        }
        return n.asLong();
    }

    static Value toValue(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return Value.NIL;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return Value.of(n.asLong());
        }
        if (n.isNumber()) {
            return new Value.Real(n.asDouble());
        }
        if (n.isTextual()) {
            return Value.of(n.asText());
        }
        if (n.isBoolean()) {
            return new Value.Bool(n.asBoolean());
        }
        if (n.isArray()) {
            List<Value> items = new ArrayList<>(n.size());
            for (JsonNode item : n) {
                items.add(toValue(item));
            }
            return new Value.Vec(items);
        }
        Map<Value, Value> entries = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            entries.put(Value.of(e.getKey()), toValue(e.getValue()));
        }
        return new Value.Dict(entries);
    }
}
