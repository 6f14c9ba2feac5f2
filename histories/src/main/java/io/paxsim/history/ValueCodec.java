package io.paxsim.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes a {@link Value} tree into bytes and back, exactly: every value type keeps its kind (a
 * {@link Value.Txn} stays a Txn, not a vector), order (sets, maps), and bits (a double's raw bits,
 * a string's UTF-16 units, lone surrogates included). Keyword names and micro-op functions, which
 * repeat across a history, are interned to small ids; strings are stored inline. Integers are
 * zig-zag varints, so a typical list-append transaction takes 15-40 bytes.
 */
final class ValueCodec {
    static final int NIL = 0;
    static final int INT = 1;
    private static final int REAL = 2;
    static final int FALSE = 3;
    static final int TRUE = 4;
    static final int STR_ASCII = 5;
    private static final int STR_UTF16 = 6;
    static final int KW = 7;
    static final int VEC = 8;
    static final int INTS = 9;
    static final int SET = 10;
    static final int DICT = 11;
    static final int CAS = 12;
    static final int TXN = 13;
    static final int KEYED = 14;
    static final int LOG_RECORD = 15;

    /** Where encoded bytes go. */
    interface Sink {
        void write(int b);

        void write(byte[] bytes, int from, int length);
    }

    /** A read position in encoded bytes. */
    static final class Source {
        private byte[] bytes;
        private int at;

        Source(byte[] bytes, int at) {
            this.bytes = bytes;
            this.at = at;
        }

        /**
         * Reads {@code bytes} from {@code at} on from now, as a new Source would: for a reader that opens
         * one value after another ({@link TxnCursor}), where a Source per value was ~80 bytes of garbage
         * per transaction at 1M transactions (the JIT did not scalar-replace it).
         */
        void reset(byte[] bytes, int at) {
            this.bytes = bytes;
            this.at = at;
        }

        int read() {
            return bytes[at++] & 0xff;
        }

        /** Where the next byte is read from. */
        int position() {
            return at;
        }

        long readVarLong() {
            int first = bytes[at];
            if (first >= 0) { // one byte (0..127): function ids, tags' counts, most keys and elements
                at++;
                return first;
            }
            return readLongVarLong();
        }

        private long readLongVarLong() {
            long result = 0;
            int shift = 0;
            while (true) {
                int b = read();
                result |= (long) (b & 0x7f) << shift;
                if (b < 0x80) {
                    return result;
                }
                shift += 7;
            }
        }

        long readSigned() {
            long raw = readVarLong();
            return (raw >>> 1) ^ -(raw & 1);
        }

        int readCount() {
            return (int) readVarLong();
        }

        /** Steps over {@code count} varints (each ends at its first byte below 0x80). */
        void skipVarLongs(int count) {
            byte[] b = bytes;
            int i = at;
            for (int j = 0; j < count; j++) {
                while (b[i++] < 0) {
                    // a continuation byte
                }
            }
            at = i;
        }

        /**
         * {@code count} zig-zag varints ({@link #readSigned}) into {@code out} from {@code from}: a
         * one-byte one (-64..63, every list-append element of a run) without the general loop.
         */
        void readSignedInto(long[] out, int from, int count) {
            byte[] b = bytes;
            for (int j = 0; j < count; j++) {
                int raw = b[at];
                if (raw >= 0) {
                    at++;
                    out[from + j] = (raw >>> 1) ^ -(raw & 1);
                } else {
                    out[from + j] = readSigned();
                }
            }
        }
    }

    /** Decoded small integers are shared: list-append elements and register values are mostly small. */
    private static final int SMALL_INTS = 4096;
    private static final Value.Int[] SMALL = new Value.Int[SMALL_INTS];

    static {
        for (int i = 0; i < SMALL_INTS; i++) {
            SMALL[i] = new Value.Int(i);
        }
    }

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> strings = new ArrayList<>();
    private Value.Kw[] keywords = new Value.Kw[16];

    /** A copy with the same interned strings and ids (for the explorer's copies of a recorder). */
    ValueCodec copy() {
        ValueCodec c = new ValueCodec();
        c.ids.putAll(ids);
        c.strings.addAll(strings);
        c.keywords = keywords.clone();
        return c;
    }

    /** The id of an interned string (a keyword name or function). */
    int intern(String s) {
        Integer id = ids.get(s);
        if (id != null) {
            return id;
        }
        int fresh = strings.size();
        strings.add(s);
        ids.put(s, fresh);
        return fresh;
    }

    /** The id of an interned string, or -1 when it was never interned (nothing is added). */
    int lookup(String s) {
        Integer id = ids.get(s);
        return id == null ? -1 : id;
    }

    String string(int id) {
        return strings.get(id);
    }

    long retainedBytes() {
        long bytes = 8L * keywords.length;
        for (String s : strings) {
            bytes += 100 + 2L * s.length();
        }
        return bytes;
    }

    void encode(Value value, Sink out) {
        if (value instanceof Value.Nil) {
            out.write(NIL);
        } else if (value instanceof Value.Int i) {
            out.write(INT);
            writeSigned(out, i.value());
        } else if (value instanceof Value.Kw k) {
            out.write(KW);
            writeVarLong(out, intern(k.name()));
        } else if (value instanceof Value.Vec v) {
            encodeVec(v, out);
        } else if (value instanceof Value.Txn t) {
            out.write(TXN);
            writeVarLong(out, t.ops().size());
            for (MicroOp m : t.ops()) {
                writeVarLong(out, intern(m.f()));
                encode(m.key(), out);
                encode(m.value(), out);
            }
        } else if (value instanceof Value.Keyed k) {
            out.write(KEYED);
            encode(k.key(), out);
            encode(k.value(), out);
        } else if (value instanceof Value.Cas c) {
            out.write(CAS);
            encode(c.expected(), out);
            encode(c.next(), out);
        } else {
            encodeRare(value, out);
        }
    }

    private void encodeRare(Value value, Sink out) {
        if (value instanceof Value.Str s) {
            writeString(out, s.value());
        } else if (value instanceof Value.Bool b) {
            out.write(b.value() ? TRUE : FALSE);
        } else if (value instanceof Value.Real r) {
            out.write(REAL);
            long bits = Double.doubleToRawLongBits(r.value());
            for (int shift = 0; shift < 64; shift += 8) {
                out.write((int) (bits >>> shift) & 0xff);
            }
        } else if (value instanceof Value.SetOf s) {
            out.write(SET);
            encodeAll(s.items(), out);
        } else if (value instanceof Value.Dict d) {
            out.write(DICT);
            writeVarLong(out, d.entries().size());
            for (Map.Entry<Value, Value> e : d.entries().entrySet()) {
                encode(e.getKey(), out);
                encode(e.getValue(), out);
            }
        } else if (value instanceof Value.LogRecord r) {
            out.write(LOG_RECORD);
            writeVarLong(out, intern(r.stream()));
            writeSigned(out, r.index());
            writeString(out, r.payload());
            writeSigned(out, r.checksum());
        } else {
            throw new AssertionError("unknown value type: " + value.getClass());
        }
    }

    private void encodeVec(Value.Vec v, Sink out) {
        List<Value> items = v.items();
        boolean allInts = true;
        for (Value item : items) {
            if (!(item instanceof Value.Int)) {
                allInts = false;
                break;
            }
        }
        if (!allInts) {
            out.write(VEC);
            encodeAll(items, out);
            return;
        }
        out.write(INTS);
        writeVarLong(out, items.size());
        for (Value item : items) {
            writeSigned(out, ((Value.Int) item).value());
        }
    }

    private void encodeAll(List<Value> items, Sink out) {
        writeVarLong(out, items.size());
        for (Value item : items) {
            encode(item, out);
        }
    }

    Value decode(Source in) {
        int tag = in.read();
        return switch (tag) {
            case NIL -> Value.NIL;
            case INT -> integer(in.readSigned());
            case KW -> keyword(in.readCount());
            case INTS -> {
                int n = in.readCount();
                Value[] items = new Value[n];
                for (int i = 0; i < n; i++) {
                    items[i] = integer(in.readSigned());
                }
                yield new Value.Vec(java.util.Arrays.asList(items));
            }
            case VEC -> new Value.Vec(decodeAll(in));
            case TXN -> {
                int n = in.readCount();
                MicroOp[] ops = new MicroOp[n];
                for (int i = 0; i < n; i++) {
                    String f = string(in.readCount());
                    Value key = decode(in);
                    ops[i] = new MicroOp(f, key, decode(in));
                }
                yield new Value.Txn(java.util.Arrays.asList(ops));
            }
            case KEYED -> {
                Value key = decode(in);
                yield new Value.Keyed(key, decode(in));
            }
            case CAS -> {
                Value expected = decode(in);
                yield new Value.Cas(expected, decode(in));
            }
            default -> decodeRare(tag, in);
        };
    }

    private Value decodeRare(int tag, Source in) {
        return switch (tag) {
            case STR_ASCII, STR_UTF16 -> new Value.Str(readString(tag, in));
            case FALSE -> new Value.Bool(false);
            case TRUE -> new Value.Bool(true);
            case REAL -> {
                long bits = 0;
                for (int shift = 0; shift < 64; shift += 8) {
                    bits |= (long) in.read() << shift;
                }
                yield new Value.Real(Double.longBitsToDouble(bits));
            }
            case SET -> new Value.SetOf(decodeAll(in));
            case DICT -> {
                int n = in.readCount();
                Map<Value, Value> entries = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    Value key = decode(in);
                    entries.put(key, decode(in));
                }
                yield new Value.Dict(entries);
            }
            case LOG_RECORD -> {
                String stream = string(in.readCount());
                long index = in.readSigned();
                String payload = readString(in.read(), in);
                yield new Value.LogRecord(stream, index, payload, in.readSigned());
            }
            default -> throw new AssertionError("corrupt value encoding: tag " + tag);
        };
    }

    private List<Value> decodeAll(Source in) {
        int n = in.readCount();
        Value[] items = new Value[n];
        for (int i = 0; i < n; i++) {
            items[i] = decode(in);
        }
        return java.util.Arrays.asList(items);
    }

    private static Value.Int integer(long v) {
        return v >= 0 && v < SMALL_INTS ? SMALL[(int) v] : new Value.Int(v);
    }

    Value.Kw keyword(int id) {
        if (id >= keywords.length) {
            keywords = java.util.Arrays.copyOf(keywords, Math.max(id + 1, keywords.length * 2));
        }
        Value.Kw kw = keywords[id];
        if (kw == null) {
            kw = new Value.Kw(strings.get(id));
            keywords[id] = kw;
        }
        return kw;
    }

    /** ASCII strings as bytes; others as their UTF-16 units, so any Java string comes back equal. */
    private static void writeString(Sink out, String s) {
        int n = s.length();
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        out.write(ascii ? STR_ASCII : STR_UTF16);
        writeVarLong(out, n);
        if (ascii) {
            byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            out.write(bytes, 0, bytes.length);
        } else {
            for (int i = 0; i < n; i++) {
                writeVarLong(out, s.charAt(i));
            }
        }
    }

    private static String readString(int tag, Source in) {
        int n = in.readCount();
        if (tag == STR_ASCII) {
            String s = new String(in.bytes, in.at, n, java.nio.charset.StandardCharsets.ISO_8859_1);
            in.at += n;
            return s;
        }
        char[] chars = new char[n];
        for (int i = 0; i < n; i++) {
            chars[i] = (char) in.readVarLong();
        }
        return new String(chars);
    }

    static void writeSigned(Sink out, long v) {
        writeVarLong(out, (v << 1) ^ (v >> 63));
    }

    static void writeVarLong(Sink out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
