package io.paxsim.history;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/** Writes ops as Jepsen EDN, one op map per line (the form Jepsen's own history.edn uses). */
public final class EdnHistoryWriter extends LineHistoryWriter {
    public EdnHistoryWriter(Writer out) {
        super(out);
    }

    @Override
    protected void writeOp(Op op) throws IOException {
        out.write(format(op));
    }

    /** One op as an EDN map. */
    public static String format(Op op) {
        StringBuilder sb = new StringBuilder(96).append('{');
        if (op.index() >= 0) {
            sb.append(":index ").append(op.index()).append(", ");
        }
        if (op.timeNanos() >= 0) {
            sb.append(":time ").append(op.timeNanos()).append(", ");
        }
        sb.append(":type :").append(op.type().wireName()).append(", :process ");
        append(sb, op.process());
        sb.append(", :f :").append(op.f()).append(", :value ");
        append(sb, op.value());
        if (op.node() != null) {
            append(sb.append(", :node "), op.node());
        }
        if (op.error() != null) {
            append(sb.append(", :error "), op.error());
        }
        return sb.append('}').toString();
    }

    /** One value as EDN. */
    public static String format(Value value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value);
        return sb.toString();
    }

    static void append(StringBuilder sb, Value value) {
        if (value instanceof Value.Int i) {
            sb.append(i.value());
        } else if (value instanceof Value.Kw k) {
            sb.append(':').append(k.name());
        } else if (value instanceof Value.Str s) {
            appendString(sb, s.value());
        } else if (value instanceof Value.Vec v) {
            appendAll(sb.append('['), v.items()).append(']');
        } else if (value instanceof Value.Cas c) {
            appendAll(sb.append('['), java.util.List.of(c.expected(), c.next())).append(']');
        } else if (value instanceof Value.Txn t) {
            appendTxn(sb, t);
        } else {
            appendRare(sb, value);
        }
    }

    private static void appendRare(StringBuilder sb, Value value) {
        if (value instanceof Value.Nil) {
            sb.append("nil");
        } else if (value instanceof Value.Real r) {
            sb.append(Double.isFinite(r.value()) ? Double.toString(r.value()) : "##NaN");
        } else if (value instanceof Value.Bool b) {
            sb.append(b.value());
        } else if (value instanceof Value.SetOf s) {
            appendAll(sb.append("#{"), s.items()).append('}');
        } else if (value instanceof Value.Dict d) {
            appendMap(sb, d.entries());
        } else if (value instanceof Value.Keyed k) {
            appendAll(sb.append('['), java.util.List.of(k.key(), k.value())).append(']');
        } else if (value instanceof Value.LogRecord r) {
            appendLogRecord(sb, r);
        } else {
            throw new AssertionError("unhandled value type " + value.getClass());
        }
    }

    private static StringBuilder appendAll(StringBuilder sb, java.util.List<Value> items) {
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            append(sb, items.get(i));
        }
        return sb;
    }

    private static void appendMap(StringBuilder sb, Map<Value, Value> entries) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<Value, Value> e : entries.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            append(sb, e.getKey());
            sb.append(' ');
            append(sb, e.getValue());
        }
        sb.append('}');
    }

    private static void appendTxn(StringBuilder sb, Value.Txn txn) {
        sb.append('[');
        for (int i = 0; i < txn.ops().size(); i++) {
            MicroOp m = txn.ops().get(i);
            sb.append(i > 0 ? " [:" : "[:").append(m.f()).append(' ');
            append(sb, m.key());
            sb.append(' ');
            append(sb, m.value());
            sb.append(']');
        }
        sb.append(']');
    }

    private static void appendLogRecord(StringBuilder sb, Value.LogRecord r) {
        sb.append("{:stream ");
        appendString(sb, r.stream());
        sb.append(", :index ").append(r.index()).append(", :payload ");
        appendString(sb, r.payload());
        sb.append(", :checksum ").append(r.checksum()).append('}');
    }

    private static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
