package io.paxsim.history;

import java.util.Objects;

/**
 * One micro-operation of a transaction, Elle-style: {@code [:append k v]}, {@code [:r k [1 2]]},
 * {@code [:w k v]}; Knossos' multi-register spells them {@code [:read k v]} and {@code [:write k v]}.
 * In an invocation a read's value is nil; in its completion it is what was read.
 */
public record MicroOp(String f, Value key, Value value) {
    public MicroOp {
        Objects.requireNonNull(f);
        Objects.requireNonNull(key);
        Objects.requireNonNull(value);
    }

    public static MicroOp append(Value key, long element) {
        return new MicroOp("append", key, Value.of(element));
    }

    public static MicroOp append(String key, long element) {
        return append(Value.kw(key), element);
    }

    /** A list read: {@code elements} is null for a read that has not completed yet. */
    public static MicroOp readList(String key, long... elements) {
        return new MicroOp("r", Value.kw(key), elements == null ? Value.NIL : Value.ints(elements));
    }

    public static MicroOp read(Value key, Value value) {
        return new MicroOp("r", key, value);
    }

    public static MicroOp write(Value key, Value value) {
        return new MicroOp("w", key, value);
    }

    public boolean isRead() {
        return f.equals("r") || f.equals("read");
    }

    public boolean isWrite() {
        return f.equals("w") || f.equals("write");
    }

    public boolean isAppend() {
        return f.equals("append");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MicroOp other && other.f.equals(f) && other.key.equals(key) && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return (f.hashCode() * 31 + key.hashCode()) * 31 + value.hashCode();
    }

    @Override
    public String toString() {
        return "[:" + f + " " + key + " " + value + "]";
    }
}
