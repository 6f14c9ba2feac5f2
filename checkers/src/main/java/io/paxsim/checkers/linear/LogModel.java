package io.paxsim.checkers.linear;

import io.paxsim.history.Call;
import io.paxsim.history.HistoryException;
import io.paxsim.history.Value;

import java.util.List;

/**
 * An append-only log: {@code :append v} adds v at the end, {@code :read} returns the whole log
 * as a vector. The state is an immutable linked list with a cached size and hash.
 */
public final class LogModel implements Model<LogModel.Log, Value, List<Value>> {
    /** An immutable log: {@code last} appended onto {@code before}. */
    public static final class Log {
        static final Log EMPTY = new Log(null, null);
        final Log before;
        final Value last;
        final int size;
        final int hash;

        Log(Log before, Value last) {
            this.before = before;
            this.last = last;
            this.size = before == null ? 0 : before.size + 1;
            this.hash = before == null ? 1 : 31 * before.hash + last.hashCode();
        }

        Log append(Value v) {
            return new Log(this, v);
        }

        boolean sameAs(List<Value> values) {
            if (values.size() != size) {
                return false;
            }
            Log at = this;
            for (int i = size - 1; i >= 0; i--, at = at.before) {
                if (!values.get(i).equals(at.last)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Log other) || other.size != size || other.hash != hash) {
                return false;
            }
            Log a = this;
            Log b = other;
            while (a != b) {
                if (!a.last.equals(b.last)) {
                    return false;
                }
                a = a.before;
                b = b.before;
            }
            return true;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("]");
            for (Log at = this; at.before != null; at = at.before) {
                sb.insert(0, at.last).insert(0, at.before.before == null ? "" : " ");
            }
            return sb.insert(0, '[').toString();
        }
    }

    private final Log init;

    public LogModel(Value init) {
        Log log = Log.EMPTY;
        if (init instanceof Value.Vec v) {
            for (Value item : v.items()) {
                log = log.append(item);
            }
        } else if (init != null && !init.isNil()) {
            throw new HistoryException("log --init must be a vector, got " + HistoryException.excerpt(init));
        }
        this.init = log;
    }

    @Override
    public String name() {
        return "log";
    }

    @Override
    public Log init() {
        return init;
    }

    /** The appended value; nil for a read. */
    @Override
    public Value input(Call call) {
        return switch (call.f()) {
            case "append" -> call.invoke().value();
            case "read" -> null;
            default -> throw io.paxsim.checkers.ModelMismatch.of("log", call, "it knows :append and :read");
        };
    }

    @Override
    public List<Value> output(Call call) {
        if (call.isIndeterminate() || !call.f().equals("read")) {
            return null;
        }
        Value v = call.completion().value();
        if (v instanceof Value.Vec vec) {
            return vec.items();
        }
        if (v.isNil()) {
            return List.of();
        }
        throw io.paxsim.checkers.ModelMismatch.at("log", call.completion(), call.completionPosition(), "a read returns a vector");
    }

    @Override
    public Log step(Log state, Value appended, List<Value> read) {
        if (appended != null) {
            return state.append(appended);
        }
        return read == null || state.sameAs(read) ? state : null;
    }
}
