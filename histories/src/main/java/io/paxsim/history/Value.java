package io.paxsim.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A typed operation value. Plain data ({@link Nil}, {@link Int}, {@link Str}, {@link Kw}, {@link Bool},
 * {@link Real}, {@link Vec}, {@link SetOf}, {@link Dict}) mirrors EDN; the domain records ({@link Cas},
 * {@link Txn}, {@link Keyed}, {@link LogRecord}) are what the readers produce when an op's {@code f} and
 * shape say so (see {@link ValueTyping}), and what simulation code builds directly.
 */
public sealed interface Value {
    // Every value defines equals/hashCode itself: the generated ones bootstrap through invokedynamic
    // on first use (tens of milliseconds in a fresh CLI JVM), and their hash algorithm is
    // unspecified, so hash-ordered output could differ between JDK 17 and 25.
    Nil NIL = new Nil();

    /** EDN nil / JSON null. */
    record Nil() implements Value {
        @Override
        public boolean equals(Object o) {
            return o instanceof Nil;
        }

        @Override
        public int hashCode() {
            return 0x6e696c;
        }

        @Override
        public String toString() {
            return "nil";
        }
    }

    record Int(long value) implements Value {
        @Override
        public boolean equals(Object o) {
            return o instanceof Int other && other.value == value;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(value);
        }

        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    record Real(double value) implements Value {
        @Override
        public boolean equals(Object o) {
            return o instanceof Real other && Double.compare(other.value, value) == 0;
        }

        @Override
        public int hashCode() {
            return Double.hashCode(value);
        }

        @Override
        public String toString() {
            return Double.toString(value);
        }
    }

    record Bool(boolean value) implements Value {
        @Override
        public boolean equals(Object o) {
            return o instanceof Bool other && other.value == value;
        }

        @Override
        public int hashCode() {
            return value ? 1231 : 1237;
        }

        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    record Str(String value) implements Value {
        public Str {
            java.util.Objects.requireNonNull(value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Str other && other.value.equals(value);
        }

        @Override
        public int hashCode() {
            return value.hashCode();
        }

        @Override
        public String toString() {
            return '"' + value + '"';
        }
    }

    /** An EDN keyword, without its colon ({@code :x} is {@code Kw("x")}). */
    record Kw(String name) implements Value {
        public Kw {
            java.util.Objects.requireNonNull(name);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Kw other && other.name.equals(name);
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + 7;
        }

        @Override
        public String toString() {
            return ":" + name;
        }
    }

    record Vec(List<Value> items) implements Value {
        public Vec {
            items = List.copyOf(items);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Vec other && other.items.equals(items);
        }

        @Override
        public int hashCode() {
            return items.hashCode();
        }

        @Override
        public String toString() {
            return Values.join("[", items, "]");
        }
    }

    /** An EDN set, in the order it was read or built. */
    record SetOf(List<Value> items) implements Value {
        public SetOf {
            items = List.copyOf(items);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SetOf other && other.items.equals(items);
        }

        @Override
        public int hashCode() {
            return items.hashCode() + 17;
        }

        @Override
        public String toString() {
            return Values.join("#{", items, "}");
        }
    }

    /** A map, in insertion order. */
    record Dict(Map<Value, Value> entries) implements Value {
        public Dict {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public Value get(String keyword) {
            Value v = entries.get(new Kw(keyword));
            return v != null ? v : entries.get(new Str(keyword));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Dict other && other.entries.equals(entries);
        }

        @Override
        public int hashCode() {
            return entries.hashCode();
        }
    }

    /** A compare-and-set argument: set to {@code next} if the current value is {@code expected}. */
    record Cas(Value expected, Value next) implements Value {
        @Override
        public boolean equals(Object o) {
            return o instanceof Cas other && other.expected.equals(expected) && other.next.equals(next);
        }

        @Override
        public int hashCode() {
            return 31 * expected.hashCode() + next.hashCode();
        }

        @Override
        public String toString() {
            return "[" + expected + " " + next + "]";
        }
    }

    /** A transaction of micro-operations (list-append, rw-register, or Knossos multi-register). */
    record Txn(List<MicroOp> ops) implements Value {
        public Txn {
            ops = List.copyOf(ops);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Txn other && other.ops.equals(ops);
        }

        @Override
        public int hashCode() {
            return ops.hashCode() + 31;
        }

        @Override
        public String toString() {
            return Values.join("[", ops, "]");
        }
    }

    /** A value addressed to one key of a key-value store; Jepsen's independent tuple {@code [k v]}. */
    record Keyed(Value key, Value value) implements Value {
        @Override
        public boolean equals(Object o) {
            return o instanceof Keyed other && other.key.equals(key) && other.value.equals(value);
        }

        @Override
        public int hashCode() {
            return 31 * key.hashCode() + value.hashCode() + 1;
        }

        @Override
        public String toString() {
            return "[" + key + " " + value + "]";
        }
    }

    /**
     * One record of a checksummed log (see {@code io.paxsim.checkers.durability.LogChecksum}):
     * stream, sequence index, payload, and the cumulative checksum after it.
     */
    record LogRecord(String stream, long index, String payload, long checksum) implements Value {
        public LogRecord {
            java.util.Objects.requireNonNull(stream);
            java.util.Objects.requireNonNull(payload);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LogRecord other && other.stream.equals(stream) && other.index == index
                    && other.payload.equals(payload) && other.checksum == checksum;
        }

        @Override
        public int hashCode() {
            return ((stream.hashCode() * 31 + Long.hashCode(index)) * 31 + payload.hashCode()) * 31 + Long.hashCode(checksum);
        }
    }

    static Value of(long value) {
        return new Int(value);
    }

    static Value of(String value) {
        return new Str(value);
    }

    static Value kw(String name) {
        return new Kw(name);
    }

    static Value cas(long expected, long next) {
        return new Cas(new Int(expected), new Int(next));
    }

    static Value vec(Value... items) {
        return new Vec(Arrays.asList(items));
    }

    static Value ints(long... values) {
        List<Value> items = new ArrayList<>(values.length);
        for (long v : values) {
            items.add(new Int(v));
        }
        return new Vec(items);
    }

    static Value txn(MicroOp... ops) {
        return new Txn(Arrays.asList(ops));
    }

    static Value keyed(Value key, Value value) {
        return new Keyed(key, value);
    }

    default boolean isNil() {
        return this instanceof Nil;
    }
}
