package io.paxsim.history;

import java.util.ArrayList;
import java.util.List;

/**
 * How a reader turns the plain data it parsed into typed values. EDN and JSON cannot say "this
 * vector is a cas argument"; Jepsen's conventions (an op's {@code f} plus the value's shape) can.
 */
public enum ValueTyping {
    /**
     * Jepsen conventions: {@code :cas [old new]} is a {@link Value.Cas}; {@code :txn} values made of
     * {@code [f k v]} triples are a {@link Value.Txn}; maps with {@code :index :payload :checksum}
     * are {@link Value.LogRecord}s (also inside vectors).
     */
    JEPSEN,
    /**
     * Jepsen's independent keys: every 2-vector client value {@code [k v]} is a {@link Value.Keyed}
     * whose inner value is then typed as {@link #JEPSEN} ({@code :cas [k [old new]]}).
     */
    KEYED,
    /** Plain data, no interpretation. */
    NONE;

    /** Types a client op's value given its function name. */
    public Value type(String f, Value raw) {
        return switch (this) {
            case NONE -> raw;
            case JEPSEN -> jepsen(f, raw);
            case KEYED -> raw instanceof Value.Vec v && v.items().size() == 2
                    ? new Value.Keyed(v.items().get(0), jepsen(f, v.items().get(1)))
                    : jepsen(f, raw);
        };
    }

    private static Value jepsen(String f, Value raw) {
        if (f.equals("cas") && raw instanceof Value.Vec v && v.items().size() == 2) {
            return new Value.Cas(v.items().get(0), v.items().get(1));
        }
        if (f.equals("txn") && raw instanceof Value.Vec v && isTxn(v)) {
            List<MicroOp> ops = new ArrayList<>(v.items().size());
            for (Value item : v.items()) {
                List<Value> t = ((Value.Vec) item).items();
                ops.add(new MicroOp(name(t.get(0)), t.get(1), t.get(2)));
            }
            return new Value.Txn(ops);
        }
        return logRecords(raw);
    }

    private static boolean isTxn(Value.Vec v) {
        for (Value item : v.items()) {
            if (!(item instanceof Value.Vec t) || t.items().size() != 3 || name(t.items().get(0)) == null) {
                return false;
            }
        }
        return true;
    }

    private static String name(Value v) {
        if (v instanceof Value.Kw k) {
            return k.name();
        }
        return v instanceof Value.Str s ? s.value() : null;
    }

    private static Value logRecords(Value raw) {
        if (raw instanceof Value.Dict d) {
            Value index = d.get("index");
            Value payload = d.get("payload");
            Value checksum = d.get("checksum");
            if (index instanceof Value.Int i && payload instanceof Value.Str p && checksum instanceof Value.Int c) {
                Value stream = d.get("stream");
                String s = stream == null || stream.isNil() ? "" : (name(stream) != null ? name(stream) : stream.toString());
                return new Value.LogRecord(s, i.value(), p.value(), c.value());
            }
            return raw;
        }
        if (raw instanceof Value.Vec v && !v.items().isEmpty() && v.items().get(0) instanceof Value.Dict) {
            List<Value> items = new ArrayList<>(v.items().size());
            for (Value item : v.items()) {
                items.add(logRecords(item));
            }
            return new Value.Vec(items);
        }
        return raw;
    }
}
