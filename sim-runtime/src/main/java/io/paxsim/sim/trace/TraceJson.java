package io.paxsim.sim.trace;

/**
 * Renders a {@link TraceRecord} as one JSON object on one line (JSON Lines). A pure function: the
 * runtime does no I/O, so the testbed's sink writes these lines to a file as they come.
 */
public final class TraceJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TraceJson() {
    }

    /** {@code {"index":1,"timeNanos":0,"kind":"SEND","node":0,"peer":1,"detail":"..."}} without a newline. */
    public static String line(TraceRecord record) {
        StringBuilder out = new StringBuilder(96 + record.detail().length());
        out.append("{\"index\":").append(record.index())
                .append(",\"timeNanos\":").append(record.timeNanos())
                .append(",\"kind\":\"").append(record.kind().name())
                .append("\",\"node\":").append(record.node())
                .append(",\"peer\":").append(record.peer())
                .append(",\"detail\":");
        appendString(out, record.detail());
        return out.append('}').toString();
    }

    /** Appends {@code text} as a JSON string literal, escaping quotes, backslashes and control characters. */
    public static void appendString(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append("\\u").append(HEX[c >> 12 & 15]).append(HEX[c >> 8 & 15])
                                .append(HEX[c >> 4 & 15]).append(HEX[c & 15]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
