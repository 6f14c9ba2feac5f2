package io.paxsim.faults;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A fault schedule as JSON text (the caller reads and writes the file):
 *
 * <pre>{@code
 * {"format":"paxsim-faults/1","profile":"chaos","comment":"...","entries":[
 *   {"startNanos":812000000,"durationNanos":300000000,"targets":"leader","seed":-42,
 *    "fault":{"type":"crash-restart"}},
 *   {"startNanos":900000000,"durationNanos":0,"targets":"nodes:2","seed":7,
 *    "fault":{"type":"bit-rot","flips":3}}]}
 * }</pre>
 *
 * A fault's fields are its record's components; {@code type} is its stable name. Doubles are
 * written in shortest round-trip form, so a parsed schedule equals the one written.
 */
public final class FaultScheduleJson {
    public static final String FORMAT = "paxsim-faults/1";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private FaultScheduleJson() {
    }

    public static String write(FaultSchedule schedule) {
        try {
            return MAPPER.writeValueAsString(toTree(schedule));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot render fault schedule as JSON", ex);
        }
    }

    /** The schedule as a Jackson tree (to embed in a larger document). */
    public static ObjectNode toTree(FaultSchedule schedule) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("profile", schedule.profile());
        root.put("comment", schedule.comment());
        ArrayNode entries = root.putArray("entries");
        for (ScheduleEntry e : schedule.entries()) {
            ObjectNode entry = entries.addObject();
            entry.put("startNanos", e.startNanos());
            entry.put("durationNanos", e.durationNanos());
            entry.put("targets", e.targets().format());
            entry.put("seed", e.seed());
            ObjectNode fault = entry.putObject("fault");
            fault.put("type", e.fault().name());
            fault.setAll((ObjectNode) MAPPER.valueToTree(e.fault()));
        }
        return root;
    }

    /** Parses what {@link #write} wrote; any problem is an IllegalArgumentException with a one-line message. */
    public static FaultSchedule parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("fault schedule is not valid JSON: " + firstLine(ex.getOriginalMessage()));
        }
        return fromTree(root);
    }

    /** Parses a schedule already read as a Jackson tree; same errors as {@link #parse}. */
    public static FaultSchedule fromTree(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("fault schedule must be a JSON object");
        }
        String format = text(root, "format", "the schedule");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("fault schedule format is '" + format + "', expected '" + FORMAT + "'");
        }
        JsonNode entries = root.get("entries");
        if (entries == null || !entries.isArray()) {
            throw new IllegalArgumentException("fault schedule needs an \"entries\" array");
        }
        List<ScheduleEntry> parsed = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            parsed.add(parseEntry(entries.get(i), "entry " + i));
        }
        return new FaultSchedule(text(root, "profile", "the schedule"), text(root, "comment", "the schedule"), parsed);
    }

    private static ScheduleEntry parseEntry(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("fault schedule " + where + " must be an object");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!List.of("startNanos", "durationNanos", "targets", "seed", "fault").contains(name)) {
                throw new IllegalArgumentException("fault schedule " + where + ": unknown field \"" + name + "\"");
            }
        }
        try {
            Target targets = Target.parse(text(node, "targets", where));
            return new ScheduleEntry(number(node, "startNanos", where), parseFault(node.get("fault"), where), targets,
                    number(node, "durationNanos", where), number(node, "seed", where));
        } catch (IllegalArgumentException ex) {
            String message = ex.getMessage();
            throw new IllegalArgumentException(message.startsWith("fault schedule ") ? message
                    : "fault schedule " + where + ": " + message);
        }
    }

    private static Fault parseFault(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("fault schedule " + where + " needs a \"fault\" object");
        }
        FaultKinds.Kind kind = FaultKinds.named(text(node, "type", where + " fault"));
        ObjectNode fields = ((ObjectNode) node).deepCopy();
        fields.remove("type");
        try {
            return MAPPER.treeToValue(fields, kind.type());
        } catch (JsonProcessingException ex) {
            String reason = ex.getCause() instanceof IllegalArgumentException invalid
                    ? invalid.getMessage() : fieldOf(ex) + withoutJacksonHint(ex.getOriginalMessage());
            throw new IllegalArgumentException("fault schedule " + where + " (" + kind.name() + "): "
                    + firstLine(reason));
        } catch (IllegalArgumentException ex) {
            Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
            throw new IllegalArgumentException("fault schedule " + where + " (" + kind.name() + "): "
                    + firstLine(cause.getMessage()));
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("fault schedule: " + where + " needs a string \"" + field + "\"");
        }
        return value.asText();
    }

    private static long number(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("fault schedule " + where + " needs an integer \"" + field + "\"");
        }
        return value.asLong();
    }

    private static String fieldOf(JsonProcessingException ex) {
        if (ex instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().get(mapping.getPath().size() - 1).getFieldName();
            return field == null ? "" : "field \"" + field + "\": ";
        }
        return "";
    }

    private static String withoutJacksonHint(String message) {
        if (message == null) {
            return "unreadable";
        }
        int hint = message.indexOf(" (set DeserializationConfig");
        return hint < 0 ? message : message.substring(0, hint);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
