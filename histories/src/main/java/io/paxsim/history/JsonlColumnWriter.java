package io.paxsim.history;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a history as JSON lines in UTF-8 straight from its compact columns: the same bytes as
 * {@link JsonlHistoryWriter} through a UTF-8 {@link java.io.OutputStreamWriter}, without building
 * an {@link Op}, a value tree, a Jackson token or a char per op. Each op's encoded value is walked
 * in the arena and spelled as bytes.
 *
 * <p>The direct path spells what runs record: integers, nil, booleans, keywords and ASCII strings
 * that JSON needs no escape for, vectors, sets, transactions, keyed values, cas pairs, log records
 * and maps with such keys. Any other op (a double, a string with an escape or a non-ASCII char, a
 * node or an error, an index other than its position, a value nested deeper than {@link
 * #MAX_DEPTH}) is written by {@link JsonlHistoryWriter} and encoded as the stream writer would
 * (a JSON line ends in a newline and a string in a quote, so no surrogate pair spans two ops), so
 * every op comes out byte for byte the same either way ({@code JsonlColumnWriterProperties}).
 */
public final class JsonlColumnWriter {
    /** Deeper values go the general way (Jackson enforces its own nesting limit there). */
    static final int MAX_DEPTH = 64;

    private static final byte[] INDEX = ascii("{\"index\":");
    private static final byte[] TIME = ascii(",\"time\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] STREAM = ascii("{\"stream\":");
    private static final byte[] LOG_INDEX = ascii(",\"index\":");
    private static final byte[] PAYLOAD = ascii(",\"payload\":");
    private static final byte[] CHECKSUM = ascii(",\"checksum\":");
    /** Per op type: {@code ,"type":"invoke","process":} and the like, written as one piece. */
    private static final byte[][] TYPE_FIELDS = typeFields();
    /** Room for an op's fields before its function: index, time, type and process (numbers of up to 20 chars). */
    private static final int HEADER_ROOM = 256;
    private static final long[] POWERS_OF_TEN = powersOfTen();
    /** "00", "01", ... "99": two digits per entry. */
    private static final byte[] DIGIT_PAIRS = digitPairs();
    private static final byte[] LONG_MIN = ascii(Long.toString(Long.MIN_VALUE));
    /**
     * Per one-byte encoding (0-127: zigzag of -64..63) of a list element: a comma and its decimal
     * digits, packed little-endian into an int (at most 4 bytes: ",-64"); their count below.
     */
    private static final int[] SMALL_INTS = new int[128];
    private static final byte[] SMALL_INT_LENGTHS = new byte[128];
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        for (int raw = 0; raw < 128; raw++) {
            byte[] spelled = ascii("," + ((raw >>> 1) ^ -(raw & 1)));
            int packed = 0;
            for (int k = 0; k < spelled.length; k++) {
                packed |= (spelled[k] & 0xff) << (8 * k);
            }
            SMALL_INTS[raw] = packed;
            SMALL_INT_LENGTHS[raw] = (byte) spelled.length;
        }
    }

    private final OpColumns columns;
    private final OutputStream out;
    private byte[] buf = new byte[1 << 16];
    private int length;
    /** Per interned string id: 0 not yet looked at, 1 JSON needs no escape for it, 2 it does. */
    private byte[] plain = new byte[64];
    /** Per interned string id that is plain: its spelling as a JSON string, quotes included; null until first spelled. */
    private byte[][] quoted = new byte[64][];
    /** Per interned function id that is plain: {@code ,"f":"txn","value":} and the like; null until first spelled. */
    private byte[][] functionFields = new byte[16][];
    private byte[] arena;
    private int at;
    private JsonlHistoryWriter general;
    private StringWriter generalText;

    private JsonlColumnWriter(OpColumns columns, OutputStream out) {
        this.columns = columns;
        this.out = out;
    }

    /** Writes every op of {@code history} as one JSON line each to {@code out} (not closed, flushed at the end). */
    public static void write(History history, OutputStream out) throws IOException {
        write(history.columns(), history.size(), out);
    }

    static void write(OpColumns columns, int size, OutputStream out) throws IOException {
        JsonlColumnWriter w = new JsonlColumnWriter(columns, out);
        for (int pos = 0; pos < size; pos++) {
            w.writeOp(pos);
        }
        w.drain();
        out.flush();
    }

    /** Whether op {@code pos} takes the direct path (for tests: both paths must be exercised). */
    static boolean spellsDirectly(OpColumns columns, int pos) {
        JsonlColumnWriter w = new JsonlColumnWriter(columns, OutputStream.nullOutputStream());
        return w.direct(pos);
    }

    private void writeOp(int pos) throws IOException {
        if (length > buf.length - 4096) {
            drain();
        }
        int start = length;
        if (!direct(pos)) {
            length = start;
            viaGeneralWriter(pos);
        }
        put((byte) '\n');
    }

    /** Spells op {@code pos} into the buffer; false (buffer content past the start undefined) when it needs the general writer. */
    private boolean direct(int pos) {
        byte flags = columns.flags(pos);
        if ((flags & (OpColumns.HAS_NODE | OpColumns.HAS_ERROR | OpColumns.OWN_INDEX | OpColumns.LONG_PROCESS)) != 0) {
            return false;
        }
        byte[] functionField = functionField(columns.functionId(pos));
        if (functionField == null) {
            return false;
        }
        arena = columns.arena(pos);
        at = columns.valueAt(pos);
        ensure(HEADER_ROOM);
        byte[] b = buf;
        int i = copy(INDEX, b, length);
        i = putLong(b, i, pos);
        long time = columns.timeNanos(pos);
        if (time >= 0) {
            i = copy(TIME, b, i);
            i = putLong(b, i, time);
        }
        i = copy(TYPE_FIELDS[columns.typeOrdinal(pos)], b, i);
        if ((flags & OpColumns.NON_CLIENT) == 0) {
            length = putLong(b, i, columns.clientProcessInt(pos));
            put(functionField);
            if (!value(0)) {
                return false;
            }
        } else {
            length = i;
            if (!nonClientTail(functionField)) {
                return false;
            }
        }
        put((byte) '}');
        return true;
    }

    /**
     * The process, function and value of an op whose process is a keyword: the arena holds the value
     * first and the actor after it, but the line has the actor first. The value is spelled after a
     * gap, then moved behind the actor and function.
     */
    private boolean nonClientTail(byte[] functionField) {
        int processAt = length;
        int valueStart = length;
        if (!value(0)) {
            return false;
        }
        int valueEnd = length;
        if (read() != ValueCodec.KW) {
            return false;
        }
        int actor = (int) readVarLong();
        if (!isPlain(actor)) {
            return false;
        }
        put((byte) '"');
        putAscii(columns.codec().string(actor));
        put((byte) '"');
        put(functionField);
        // Rotate [valueStart, valueEnd) behind [valueEnd, length).
        int valueLength = valueEnd - valueStart;
        int tailLength = length - valueEnd;
        ensure(valueLength);
        System.arraycopy(buf, valueStart, buf, length, valueLength);
        System.arraycopy(buf, valueEnd, buf, processAt, tailLength + valueLength);
        length = processAt + tailLength + valueLength;
        return true;
    }

    /** Spells the encoded value at {@link #at}; false when it is one the general writer must spell. */
    private boolean value(int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        int tag = read();
        switch (tag) {
            case ValueCodec.NIL -> put(NULL);
            case ValueCodec.INT -> putNumber(readSigned());
            case ValueCodec.TRUE -> put(TRUE);
            case ValueCodec.FALSE -> put(FALSE);
            case ValueCodec.KW -> {
                return interned((int) readVarLong());
            }
            case ValueCodec.STR_ASCII -> {
                return asciiString();
            }
            case ValueCodec.INTS -> ints((int) readVarLong());
            case ValueCodec.VEC, ValueCodec.SET -> {
                return items((int) readVarLong(), depth);
            }
            case ValueCodec.TXN -> {
                return txn(depth);
            }
            case ValueCodec.KEYED, ValueCodec.CAS -> {
                put((byte) '[');
                if (!value(depth + 1)) {
                    return false;
                }
                put((byte) ',');
                if (!value(depth + 1)) {
                    return false;
                }
                put((byte) ']');
            }
            case ValueCodec.LOG_RECORD -> {
                return logRecord();
            }
            case ValueCodec.DICT -> {
                return dict(depth);
            }
            default -> {
                return false; // a double or a non-ASCII string: the general writer spells those
            }
        }
        return true;
    }

    /**
     * A list of integers (a list-append read's result, the most of a history's numbers): room for
     * all of it is made once, and an element whose encoding is one byte (-64..63, most of them) is
     * written as one 4-byte store of its spelling with a comma before it ({@link #SMALL_INTS}). The
     * first element's comma is then overwritten by the bracket.
     */
    private void ints(int n) {
        ensure(2 + 21 * n + 4);
        byte[] b = buf;
        byte[] a = arena;
        int start = length;
        int i = start;
        for (int k = 0; k < n; k++) {
            int raw = a[at];
            if (raw >= 0) {
                at++;
                INT.set(b, i, SMALL_INTS[raw]);
                i += SMALL_INT_LENGTHS[raw];
            } else {
                b[i++] = ',';
                i = putLong(b, i, readSigned());
            }
        }
        if (n == 0) {
            b[i++] = '[';
        } else {
            b[start] = '[';
        }
        b[i++] = ']';
        length = i;
    }

    private boolean items(int n, int depth) {
        put((byte) '[');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                put((byte) ',');
            }
            if (!value(depth + 1)) {
                return false;
            }
        }
        put((byte) ']');
        return true;
    }

    /** {@code [[f key value] ...]}, f as a string. */
    private boolean txn(int depth) {
        int n = (int) readVarLong();
        put((byte) '[');
        for (int k = 0; k < n; k++) {
            byte[] f = quoted((int) readVarLong());
            if (f == null) {
                return false;
            }
            ensure(f.length + 3);
            byte[] b = buf;
            int i = length;
            if (k > 0) {
                b[i++] = ',';
            }
            b[i++] = '[';
            i = copy(f, b, i);
            b[i++] = ',';
            length = i;
            if (!value(depth + 2)) {
                return false;
            }
            put((byte) ',');
            if (!value(depth + 2)) {
                return false;
            }
            put((byte) ']');
        }
        put((byte) ']');
        return true;
    }

    private boolean logRecord() {
        int stream = (int) readVarLong();
        if (!isPlain(stream)) {
            return false;
        }
        long index = readSigned();
        put(STREAM);
        put((byte) '"');
        putAscii(columns.codec().string(stream));
        put((byte) '"');
        put(LOG_INDEX);
        putNumber(index);
        put(PAYLOAD);
        if (read() != ValueCodec.STR_ASCII || !asciiString()) {
            return false;
        }
        put(CHECKSUM);
        putNumber(readSigned());
        put((byte) '}');
        return true;
    }

    /** A map whose keys are keywords or strings JSON needs no escape for: {@code {"k":v,...}}. */
    private boolean dict(int depth) {
        int n = (int) readVarLong();
        put((byte) '{');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                put((byte) ',');
            }
            int keyTag = read();
            if (keyTag == ValueCodec.KW) {
                if (!interned((int) readVarLong())) {
                    return false;
                }
            } else if (keyTag != ValueCodec.STR_ASCII || !asciiString()) {
                return false;
            }
            put((byte) ':');
            if (!value(depth + 1)) {
                return false;
            }
        }
        put((byte) '}');
        return true;
    }

    /**
     * An interned name (keyword, micro-op function) as a JSON string: its quoted bytes are made
     * once per name and copied from then on (every micro-op spells a function and a key).
     */
    private boolean interned(int id) {
        byte[] spelled = quoted(id);
        if (spelled == null) {
            return false;
        }
        put(spelled);
        return true;
    }

    /** {@code "name"} for interned name {@code id}, made once; null when JSON needs an escape for it. */
    private byte[] quoted(int id) {
        byte[] spelled = id < quoted.length ? quoted[id] : null;
        if (spelled == null && isPlain(id)) {
            spelled = quote(id);
        }
        return spelled;
    }

    /** {@code "name"} in ASCII for a name {@link #isPlain} said JSON needs no escape for. */
    private byte[] quote(int id) {
        if (id >= quoted.length) {
            quoted = Arrays.copyOf(quoted, Math.max(id + 1, quoted.length * 2));
        }
        String s = columns.codec().string(id);
        byte[] spelled = new byte[s.length() + 2];
        spelled[0] = '"';
        s.getBytes(0, s.length(), spelled, 1); // ASCII only (isPlain): the deprecated method is exact here
        spelled[spelled.length - 1] = '"';
        quoted[id] = spelled;
        return spelled;
    }

    /** {@code ,"f":"name","value":} for function {@code id}, made once per id; null when the name needs an escape. */
    private byte[] functionField(int id) {
        byte[] field = id < functionFields.length ? functionFields[id] : null;
        if (field == null) {
            if (!isPlain(id)) {
                return null;
            }
            if (id >= functionFields.length) {
                functionFields = Arrays.copyOf(functionFields, Math.max(id + 1, functionFields.length * 2));
            }
            field = ascii(",\"f\":\"" + columns.codec().string(id) + "\",\"value\":");
            functionFields[id] = field;
        }
        return field;
    }

    /** An inline ASCII string (tag already read) as a JSON string, unless a char of it needs an escape. */
    private boolean asciiString() {
        int n = (int) readVarLong();
        ensure(n + 2);
        buf[length++] = '"';
        for (int i = 0; i < n; i++) {
            byte b = arena[at + i];
            if (!plainChar(b)) {
                return false;
            }
            buf[length++] = b;
        }
        buf[length++] = '"';
        at += n;
        return true;
    }

    private boolean isPlain(int id) {
        if (id >= plain.length) {
            plain = Arrays.copyOf(plain, Math.max(id + 1, plain.length * 2));
        }
        if (plain[id] == 0) {
            String s = columns.codec().string(id);
            boolean ok = true;
            for (int i = 0; i < s.length() && ok; i++) {
                char c = s.charAt(i);
                ok = c < 0x80 && plainChar((byte) c);
            }
            plain[id] = (byte) (ok ? 1 : 2);
        }
        return plain[id] == 1;
    }

    /** Printable ASCII that Jackson writes as it is (no quote, backslash, control char or DEL). */
    private static boolean plainChar(byte b) {
        return b >= 0x20 && b < 0x7f && b != '"' && b != '\\';
    }

    private void viaGeneralWriter(int pos) throws IOException {
        if (general == null) {
            generalText = new StringWriter();
            general = new JsonlHistoryWriter(generalText);
        }
        generalText.getBuffer().setLength(0);
        general.write(columns.op(pos));
        general.flush();
        StringBuffer text = generalText.getBuffer();
        // The general writer ends the line; this writer adds its own newline.
        byte[] bytes = text.substring(0, text.length() - 1).getBytes(StandardCharsets.UTF_8);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, length, bytes.length);
        length += bytes.length;
    }

    // ---- arena reading ---------------------------------------------------------------------

    private int read() {
        return arena[at++] & 0xff;
    }

    private long readVarLong() {
        byte first = arena[at];
        if (first >= 0) {
            at++;
            return first;
        }
        return readLongVarLong();
    }

    private long readLongVarLong() {
        long result = 0;
        int shift = 0;
        while (true) {
            int b = arena[at++] & 0xff;
            result |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                return result;
            }
            shift += 7;
        }
    }

    private long readSigned() {
        long raw = readVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    // ---- output ----------------------------------------------------------------------------

    private void ensure(int more) {
        if (length + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[length++] = b;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, length, bytes.length);
        length += bytes.length;
    }

    private void putAscii(String s) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, buf, length); // ASCII only (checked by isPlain): the deprecated method is exact here
        length += n;
    }

    private void putNumber(long v) {
        ensure(20);
        length = putLong(buf, length, v);
    }

    /** Copies {@code piece} into {@code b} at {@code i} (room made by the caller); returns the index after it. */
    private static int copy(byte[] piece, byte[] b, int i) {
        System.arraycopy(piece, 0, b, i, piece.length);
        return i + piece.length;
    }

    /**
     * Writes {@code v} in decimal, as Jackson writes it, into {@code b} at {@code i} (20 bytes of room
     * made by the caller); returns the index after it. Every op's index, time and process and every
     * list element goes through here: small numbers (most list elements) take one or two table bytes,
     * the rest get their digit count from the bit length and a table and their digits two at a time,
     * in int arithmetic once the rest fits an int.
     */
    static int putLong(byte[] b, int i, long v) {
        if (v >= 0 && v < 100) {
            if (v < 10) {
                b[i] = (byte) ('0' + v);
                return i + 1;
            }
            b[i] = DIGIT_PAIRS[2 * (int) v];
            b[i + 1] = DIGIT_PAIRS[2 * (int) v + 1];
            return i + 2;
        }
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                return copy(LONG_MIN, b, i);
            }
            b[i++] = '-';
            v = -v;
        }
        int end = i + digitCount(v);
        int j = end;
        while (v > Integer.MAX_VALUE) {
            long q = v / 100;
            int r = (int) (v - q * 100);
            j -= 2;
            b[j] = DIGIT_PAIRS[2 * r];
            b[j + 1] = DIGIT_PAIRS[2 * r + 1];
            v = q;
        }
        int w = (int) v;
        while (w >= 100) {
            int q = w / 100;
            int r = w - q * 100;
            j -= 2;
            b[j] = DIGIT_PAIRS[2 * r];
            b[j + 1] = DIGIT_PAIRS[2 * r + 1];
            w = q;
        }
        if (w >= 10) {
            b[j - 2] = DIGIT_PAIRS[2 * w];
            b[j - 1] = DIGIT_PAIRS[2 * w + 1];
        } else {
            b[j - 1] = (byte) ('0' + w);
        }
        return end;
    }

    /** Decimal digits of {@code v} (positive): about log10 from the bit length, then one comparison. */
    static int digitCount(long v) {
        int guess = (64 - Long.numberOfLeadingZeros(v)) * 1233 >>> 12;
        return guess + (v >= POWERS_OF_TEN[guess] ? 1 : 0);
    }

    private static long[] powersOfTen() {
        long[] p = new long[19];
        p[0] = 1;
        for (int i = 1; i < p.length; i++) {
            p[i] = p[i - 1] * 10;
        }
        return p;
    }

    private static byte[] digitPairs() {
        byte[] pairs = new byte[200];
        for (int i = 0; i < 100; i++) {
            pairs[2 * i] = (byte) ('0' + i / 10);
            pairs[2 * i + 1] = (byte) ('0' + i % 10);
        }
        return pairs;
    }

    private void drain() throws IOException {
        out.write(buf, 0, length);
        length = 0;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[][] typeFields() {
        OpType[] types = OpType.values();
        byte[][] fields = new byte[types.length][];
        for (OpType t : types) {
            fields[t.ordinal()] = ascii(",\"type\":\"" + t.wireName() + "\",\"process\":");
        }
        return fields;
    }
}
