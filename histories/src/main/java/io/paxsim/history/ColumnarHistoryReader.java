package io.paxsim.history;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a whole EDN or JSON-lines history with {@link ValueTyping#JEPSEN} straight into
 * {@link OpColumns}: the bytes of the shapes histories are made of (op maps of integers, names,
 * plain ASCII strings, integer lists and {@code [f k v]} transactions) are encoded into the columns'
 * arena as they are scanned, with no {@link Op} or {@link Value} in between. An op outside those
 * shapes (an escape in a string, a map, a tagged literal, a float, a field the fast path does not
 * know, anything malformed) is read again from its first byte by the general reader of the
 * format ({@link EdnHistoryReader}, which hands what it leaves out to {@code clojure.edn}, or
 * {@link JsonlHistoryReader}), so both paths give the same columns and the same errors.
 * Single-threaded; one instance per read.
 */
final class ColumnarHistoryReader {
    /** Thrown (preallocated, no stack) when an op leaves the fast path; the op is then read again. */
    private static final class Leave extends RuntimeException {
        Leave() {
            super("leaves the fast path", null, false, false);
        }
    }

    private static final Leave LEAVE = new Leave();
    private static final boolean[] EDN_DELIMITERS = new boolean[256];
    private static final int TYPE = 1;
    private static final int PROCESS = 2;
    private static final int F = 4;
    private static final int VALUE = 8;
    private static final int INDEX = 16;
    private static final int TIME = 32;
    private static final int NODE = 64;
    private static final int ERROR = 128;
    /** Longest integer the fast path reads (18 digits fit a long; longer ones go to the general reader). */
    private static final int MAX_DIGITS = 18;

    static {
        for (char c : " ,\n\t\r\f()[]{}\";\\".toCharArray()) {
            EDN_DELIMITERS[c] = true;
        }
        for (int b = 0x80; b < 0x100; b++) {
            EDN_DELIMITERS[b] = true; // not ASCII: never part of a fast-path token
        }
    }

    private final InputStream in;
    private final boolean edn;
    private final ValueTyping typing;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    /** Start of the op being read; bytes from here on stay in the buffer. -1 between ops. */
    private int mark = -1;
    private long line = 1;
    private final OpColumns columns = new OpColumns();
    private final ValueCodec codec = columns.codec();
    private final OpOrder order = new OpOrder();
    private final Names names = new Names();
    private final Scratch scratch = new Scratch();
    private final Scratch microOps = new Scratch();
    private long[] lines = new long[1024];
    private final int txnId = codec.intern("txn");
    private final int casId = codec.intern("cas");
    private final int writeId = codec.intern("write");
    private final OpType[] opTypes = OpType.values();

    private ColumnarHistoryReader(InputStream in, HistoryFormat format, ValueTyping typing) {
        assert format == HistoryFormat.EDN || format == HistoryFormat.JSONL;
        this.in = in;
        this.edn = format == HistoryFormat.EDN;
        this.typing = typing;
    }

    /** True when this reader reads {@code format} with {@code typing}. */
    static boolean reads(HistoryFormat format, ValueTyping typing) {
        return typing == ValueTyping.JEPSEN && (format == HistoryFormat.EDN || format == HistoryFormat.JSONL);
    }

    /** Reads and validates a whole UTF-8 stream (not closed here). */
    static History read(InputStream in, HistoryFormat format, ValueTyping typing) throws IOException {
        ColumnarHistoryReader reader = new ColumnarHistoryReader(in, format, typing);
        reader.readAll();
        long[] lineOf = reader.lines;
        return History.of(reader.columns, pos -> lineOf[pos]);
    }

    private void readAll() throws IOException {
        skipByteOrderMark();
        int closer = -1;
        if (edn) {
            int c = skipBlank();
            if (c == '[' || c == '(') {
                pos++;
                closer = c == '[' ? ']' : ')';
            }
        }
        while (true) {
            int c = skipBlank();
            if (c == -1) {
                if (closer > 0) {
                    throw new HistoryException("unterminated history: expected '" + (char) closer + "'", line);
                }
                return;
            }
            if (c == closer) {
                pos++;
                if (skipBlank() != -1) {
                    throw new HistoryException("unexpected text after the end of the history", line);
                }
                return;
            }
            long startLine = line;
            mark = pos;
            try {
                readFastOp(startLine);
            } catch (Leave leave) {
                pos = mark;
                line = startLine;
                readGeneralOp(startLine);
            }
            mark = -1;
        }
    }

    // ---- the fast path ----

    private void readFastOp(long startLine) throws IOException {
        if (peek() != '{') {
            throw LEAVE;
        }
        pos++;
        scratch.size = 0;
        int seen = 0;
        int type = -1;
        int function = -1;
        int clientProcess = 0;
        int actor = -1;
        long index = -1;
        long time = -1;
        int valueFrom = -1;
        int valueTo = -1;
        int nodeFrom = -1;
        int nodeTo = -1;
        int errorFrom = -1;
        int errorTo = -1;
        boolean first = true;
        boolean typedShape = false;
        while (true) {
            int c = skipBlank();
            if (c == '}') {
                pos++;
                break;
            }
            if (!edn && !first) {
                if (c != ',') {
                    throw LEAVE;
                }
                pos++;
                c = skipBlank();
            }
            first = false;
            int field = readFieldName(c);
            if ((seen & field) != 0) {
                throw LEAVE;
            }
            seen |= field;
            skipBlank();
            switch (field) {
                case TYPE -> type = readOpType();
                case F -> function = readName();
                case PROCESS -> {
                    if (peek() == (edn ? ':' : '"')) {
                        actor = readName();
                    } else {
                        long p = readLong();
                        if (p != (int) p) {
                            throw LEAVE;
                        }
                        clientProcess = (int) p;
                    }
                }
                case VALUE -> {
                    if (function < 0) {
                        throw LEAVE; // typing needs f first
                    }
                    valueFrom = scratch.size;
                    if (actor < 0) {
                        typedShape = clientValue(function);
                    } else {
                        plainValue();
                    }
                    valueTo = scratch.size;
                }
                case INDEX -> index = readOptionalLong();
                case TIME -> time = readOptionalLong();
                case NODE -> {
                    if (!edn && peekNull()) {
                        break;
                    }
                    nodeFrom = scratch.size;
                    scalar();
                    nodeTo = scratch.size;
                }
                case ERROR -> {
                    if (!edn && peekNull()) {
                        break;
                    }
                    errorFrom = scratch.size;
                    scalar();
                    errorTo = scratch.size;
                }
                default -> throw new AssertionError(field);
            }
        }
        if (type < 0 || function < 0 || (seen & PROCESS) == 0) {
            throw LEAVE;
        }
        if (typedShape && actor >= 0) {
            throw LEAVE; // a value typed as a client's before the actor said it is not a client
        }
        OpType opType = opTypes[type];
        if (actor < 0 && valueFrom < 0 && function == writeId && (opType == OpType.INVOKE || opType == OpType.OK)) {
            throw LEAVE;
        }
        if (valueFrom < 0) {
            valueFrom = scratch.size;
            scratch.write(ValueCodec.NIL);
            valueTo = scratch.size;
        }
        order.check(index, time, actor < 0 ? EdnParser.integer(clientProcess) : codec.keyword(actor), startLine);
        int at = columns.addEncoded(opType, function, clientProcess, actor, time, index, scratch.bytes,
                valueFrom, valueTo, nodeFrom, nodeTo, errorFrom, errorTo);
        recordLine(at, startLine);
    }

    /** The field a key names (one bit each); any other key leaves the fast path. */
    private int readFieldName(int c) throws IOException {
        int at = nameText(c);
        int length = pos - at;
        int field = switch (length) {
            case 1 -> buf[at] == 'f' ? F : 0;
            case 4 -> is(at, "type") ? TYPE : is(at, "time") ? TIME : is(at, "node") ? NODE : 0;
            case 5 -> is(at, "value") ? VALUE : is(at, "index") ? INDEX : is(at, "error") ? ERROR : 0;
            case 7 -> is(at, "process") ? PROCESS : 0;
            default -> 0;
        };
        if (field == 0) {
            throw LEAVE;
        }
        if (!edn) {
            pos++; // the closing quote
            if (skipBlank() != ':') {
                throw LEAVE;
            }
            pos++;
        }
        return field;
    }

    private boolean is(int at, String name) {
        for (int i = 0; i < name.length(); i++) {
            if (buf[at + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int readOpType() throws IOException {
        int at = nameText(peek());
        int length = pos - at;
        if (!edn) {
            pos++;
        }
        int type = length == 6 && is(at, "invoke") ? OpType.INVOKE.ordinal()
                : length == 2 && is(at, "ok") ? OpType.OK.ordinal()
                : length == 4 && is(at, "fail") ? OpType.FAIL.ordinal()
                : length == 4 && is(at, "info") ? OpType.INFO.ordinal() : -1;
        if (type < 0) {
            throw LEAVE;
        }
        return type;
    }

    /** A keyword (EDN) or string (JSON) as an interned id. */
    private int readName() throws IOException {
        int at = nameText(peek());
        int id = names.id(at, pos - at);
        if (!edn) {
            pos++;
        }
        return id;
    }

    /**
     * Steps into a keyword (EDN) or string (JSON) whose first character is {@code c} and over its
     * text: returns where the text starts in {@code buf}; it ends at {@code pos} (for a string, at
     * the closing quote, which the caller steps over). Any other token leaves the fast path.
     */
    private int nameText(int c) throws IOException {
        if (c != (edn ? ':' : '"')) {
            throw LEAVE;
        }
        pos++;
        if (edn && peek() == ':') {
            throw LEAVE; // an auto-resolved keyword
        }
        int from = edn ? tokenEnd() : stringEnd();
        return mark + from;
    }

    /**
     * A client op's value, typed as {@link ValueTyping#JEPSEN} types it; true when typing made it
     * something other than the plain data (a transaction or a cas).
     */
    private boolean clientValue(int function) throws IOException {
        if (peek() != '[') {
            scalar();
            return false;
        }
        if (function == txnId) {
            transaction();
            return true;
        } else if (function == casId) {
            pos++;
            long expected = nextInt(true);
            long next = nextInt(false);
            if (skipBlank() != ']') {
                throw LEAVE;
            }
            pos++;
            scratch.write(ValueCodec.CAS);
            scratch.write(ValueCodec.INT);
            ValueCodec.writeSigned(scratch, expected);
            scratch.write(ValueCodec.INT);
            ValueCodec.writeSigned(scratch, next);
            return true;
        }
        intList(scratch);
        return false;
    }

    /** A non-client actor's value, not typed: a scalar or a list of integers. */
    private void plainValue() throws IOException {
        if (peek() == '[') {
            intList(scratch);
        } else {
            scalar();
        }
    }

    /** The next integer of a vector (after a separator in JSON unless it is the first). */
    private long nextInt(boolean firstItem) throws IOException {
        int c = skipBlank();
        if (!edn && !firstItem) {
            if (c != ',') {
                throw LEAVE;
            }
            pos++;
            skipBlank();
        }
        return readLong();
    }

    /** {@code [[f k v] ...]}: a {@link Value.Txn}; any other vector leaves the fast path. */
    private void transaction() throws IOException {
        pos++; // '['
        microOps.size = 0;
        int count = 0;
        while (true) {
            int c = skipBlank();
            if (c == ']') {
                pos++;
                break;
            }
            if (!edn && count > 0) {
                if (c != ',') {
                    throw LEAVE;
                }
                pos++;
                c = skipBlank();
            }
            if (c != '[') {
                throw LEAVE;
            }
            pos++;
            skipBlank();
            ValueCodec.writeVarLong(microOps, readName());
            separator();
            if (edn || peek() != '"') {
                scalar(microOps);
            } else {
                microOps.write(ValueCodec.KW); // JSON spells a keyword key as a string
                ValueCodec.writeVarLong(microOps, readName());
            }
            separator();
            if (peek() == '[') {
                intList(microOps);
            } else {
                scalar(microOps);
            }
            if (skipBlank() != ']') {
                throw LEAVE;
            }
            pos++;
            count++;
        }
        scratch.write(ValueCodec.TXN);
        ValueCodec.writeVarLong(scratch, count);
        scratch.write(microOps.bytes, 0, microOps.size);
    }

    private void separator() throws IOException {
        int c = skipBlank();
        if (!edn) {
            if (c != ',') {
                throw LEAVE;
            }
            pos++;
            skipBlank();
        }
    }

    /** {@code [i ...]} of integers only, as {@link ValueCodec}'s packed integer vector. */
    private void intList(Scratch out) throws IOException {
        pos++; // '['
        long[] items = scratch.longs;
        int n = 0;
        while (true) {
            int c = skipBlank();
            if (c == ']') {
                pos++;
                break;
            }
            if (!edn && n > 0) {
                if (c != ',') {
                    throw LEAVE;
                }
                pos++;
                skipBlank();
            }
            if (n == items.length) {
                items = scratch.longs = Arrays.copyOf(items, n * 2);
            }
            items[n++] = readLong();
        }
        out.write(ValueCodec.INTS);
        ValueCodec.writeVarLong(out, n);
        for (int i = 0; i < n; i++) {
            ValueCodec.writeSigned(out, items[i]);
        }
    }

    private void scalar() throws IOException {
        scalar(scratch);
    }

    /** nil/null, true, false, an integer, a keyword (EDN) or a plain ASCII string. */
    private void scalar(Scratch out) throws IOException {
        int c = peek();
        if (c == '"') {
            pos++;
            int from = stringEnd();
            int at = mark + from;
            int length = pos - at;
            out.write(ValueCodec.STR_ASCII);
            ValueCodec.writeVarLong(out, length);
            out.write(buf, at, length);
            pos++;
        } else if (c == ':' && edn) {
            pos++;
            if (peek() == ':') {
                throw LEAVE; // an auto-resolved keyword
            }
            int from = tokenEnd();
            int at = mark + from;
            out.write(ValueCodec.KW);
            ValueCodec.writeVarLong(out, names.id(at, pos - at));
        } else if (c == '-' || (c >= '0' && c <= '9') || (c == '+' && edn)) {
            out.write(ValueCodec.INT);
            ValueCodec.writeSigned(out, readLong());
        } else if (c == 'n' && word(edn ? "nil" : "null")) {
            out.write(ValueCodec.NIL);
        } else if (c == 't' && word("true")) {
            out.write(ValueCodec.TRUE);
        } else if (c == 'f' && word("false")) {
            out.write(ValueCodec.FALSE);
        } else {
            throw LEAVE;
        }
    }

    /** Consumes {@code w} when it is the whole next token. */
    private boolean word(String w) throws IOException {
        int from = tokenEnd();
        int at = mark + from;
        if (pos - at != w.length() || !is(at, w)) {
            throw LEAVE;
        }
        return true;
    }

    private boolean peekNull() throws IOException {
        if (peek() == 'n') {
            word("null");
            return true;
        }
        return false;
    }

    /** An integer, or nil/null for -1 (no index or time). */
    private long readOptionalLong() throws IOException {
        int c = peek();
        if (c == 'n') {
            if (edn) {
                throw LEAVE; // EDN's reader calls a nil :index an error
            }
            word("null");
            return -1;
        }
        return readLong();
    }

    /** A decimal integer of at most {@link #MAX_DIGITS} digits, then a delimiter. */
    private long readLong() throws IOException {
        int c = peek();
        boolean negative = c == '-';
        if (c == '-' || (c == '+' && edn)) {
            pos++;
        }
        long value = 0;
        int digits = 0;
        while (true) {
            c = peek();
            if (c < '0' || c > '9') {
                break;
            }
            if (digits == MAX_DIGITS || (digits == 1 && value == 0)) {
                throw LEAVE; // too long for the fast path, or a leading zero
            }
            value = value * 10 + (c - '0');
            digits++;
            pos++;
        }
        if (digits == 0 || !endsToken(c)) {
            throw LEAVE;
        }
        return negative ? -value : value;
    }

    private boolean endsToken(int c) {
        if (c == -1) {
            return true;
        }
        return edn ? EDN_DELIMITERS[c] && c < 0x80 : c == ',' || c == ']' || c == '}' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    /** Consumes an EDN token of ASCII bytes; returns its start relative to the mark. */
    private int tokenEnd() throws IOException {
        int from = pos - mark;
        while (true) {
            int c = peek();
            if (c == -1 || EDN_DELIMITERS[c]) {
                if (c >= 0x80 || pos - mark == from) {
                    throw LEAVE;
                }
                return from;
            }
            pos++;
        }
    }

    /** Consumes a string's plain ASCII text up to (not past) its closing quote; returns its start relative to the mark. */
    private int stringEnd() throws IOException {
        int from = pos - mark;
        while (true) {
            int c = peek();
            if (c == '"') {
                return from;
            }
            if (c < 0x20 || c >= 0x80 || c == '\\') {
                throw LEAVE; // escapes, control characters, non-ASCII, the end: the general reader
            }
            pos++;
        }
    }

    // ---- bytes ----

    /** The next byte (0-255) without consuming it, or -1 at the end. */
    private int peek() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buf[pos] & 0xff;
    }

    /** Skips blanks (and EDN comments); returns the next byte, or -1 at the end. */
    private int skipBlank() throws IOException {
        while (true) {
            if (pos == limit && !fill()) {
                return -1;
            }
            int c = buf[pos] & 0xff;
            if (c == ' ' || c == '\t' || c == '\r' || (edn && (c == ',' || c == '\f'))) {
                pos++;
            } else if (c == '\n') {
                pos++;
                line++;
            } else if (c == ';' && edn) {
                while ((c = peek()) != '\n' && c != -1) {
                    pos++;
                }
            } else {
                return c;
            }
        }
    }

    private void skipByteOrderMark() throws IOException {
        if (peek() == 0xEF && fillTo(3) && (buf[pos + 1] & 0xff) == 0xBB && (buf[pos + 2] & 0xff) == 0xBF) {
            pos += 3;
        }
    }

    /** Makes at least {@code n} bytes from pos available when the source has them. */
    private boolean fillTo(int n) throws IOException {
        while (limit - pos < n) {
            if (!fill()) {
                return false;
            }
        }
        return true;
    }

    /** Reads more bytes, keeping those from the mark; false at the end of the source. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int keep = mark >= 0 ? mark : pos;
        if (keep > 0) {
            System.arraycopy(buf, keep, buf, 0, limit - keep);
            limit -= keep;
            pos -= keep;
            if (mark >= 0) {
                mark = 0;
            }
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n <= 0) {
            eof = n < 0;
            return n > 0 || (!eof && fill());
        }
        limit += n;
        return true;
    }

    private void recordLine(int at, long startLine) {
        if (at >= lines.length) {
            lines = Arrays.copyOf(lines, lines.length * 2);
        }
        lines[at] = startLine;
    }

    // ---- the general path ----

    /** Reads the op at the mark with the format's general reader; its bytes end where its form ends. */
    private void readGeneralOp(long startLine) throws IOException {
        int end = formEnd();
        byte[] text = Arrays.copyOfRange(buf, mark, end);
        pos = end;
        countLines(text);
        Op op;
        try (HistoryReader reader = generalReader(text, startLine)) {
            if (!reader.hasNext()) {
                return; // only what the general reader takes for blank (a non-ASCII space, a discarded form)
            }
            op = reader.next();
            if (reader.hasNext()) {
                throw new AssertionError("one form read as two ops at line " + startLine);
            }
        } catch (HistoryException e) {
            throw sameErrorInPlace(text, startLine, e);
        }
        order.check(op, startLine);
        recordLine(columns.add(op), startLine);
    }

    private HistoryReader generalReader(byte[] text, long startLine) {
        return edn ? new EdnHistoryReader(new Utf8Reader(new ByteArrayInputStream(text)), typing, startLine, text.length + 1)
                : new JsonlHistoryReader(new ByteArrayInputStream(text), typing);
    }

    /**
     * The error the general reader gives for {@code text} read where it stands in the file: read
     * again after {@code startLine - 1} newlines, so every line in the message (Jackson's, the UTF-8
     * decoder's) is the file's. Done once, for the error that ends the read.
     */
    private HistoryException sameErrorInPlace(byte[] text, long startLine, HistoryException first) throws IOException {
        byte[] padded = new byte[(int) Math.min(Integer.MAX_VALUE - 16, startLine - 1 + text.length)];
        int lead = padded.length - text.length;
        Arrays.fill(padded, 0, lead, (byte) '\n');
        System.arraycopy(text, 0, padded, lead, text.length);
        try (HistoryReader reader = edn
                ? new EdnHistoryReader(new Utf8Reader(new ByteArrayInputStream(padded)), typing, 1, padded.length + 1)
                : new JsonlHistoryReader(new ByteArrayInputStream(padded), typing)) {
            while (reader.hasNext()) {
                reader.next();
            }
        } catch (HistoryException e) {
            return e;
        }
        return first;
    }

    private void countLines(byte[] text) {
        for (byte b : text) {
            if (b == '\n') {
                line++;
            }
        }
    }

    /**
     * Where the form at the mark ends (exclusive): a bracketed form through its matching closer
     * (strings, EDN character literals and comments skipped), a tagged or discarded EDN form through
     * the form it tags, anything else through its token. At the end of the source: the end.
     */
    private int formEnd() throws IOException {
        pos = mark;
        skipForm();
        if (pos == mark && peek() != -1) {
            pos++; // a delimiter where a form should start (a stray ',' in JSON): the general reader says what is wrong
        }
        return pos;
    }

    private void skipForm() throws IOException {
        int c = peek();
        if (c == -1) {
            return;
        }
        if (edn && c == '#') {
            pos++;
            int next = peek();
            if (next == '{') {
                skipBracketed();
                return;
            }
            if (next == '_') {
                pos++;
                skipBlankInForm();
                skipForm();
            } else {
                skipToken();
            }
            skipBlankInForm();
            skipForm();
            return;
        }
        if (c == '{' || c == '[' || c == '(') {
            skipBracketed();
        } else if (c == '"') {
            skipString();
        } else {
            skipToken();
        }
    }

    private void skipBracketed() throws IOException {
        int depth = 0;
        while (true) {
            int c = peek();
            if (c == -1) {
                return;
            }
            pos++;
            if (c == '{' || c == '[' || c == '(') {
                depth++;
            } else if (c == '}' || c == ']' || c == ')') {
                if (--depth == 0) {
                    return;
                }
            } else if (c == '"') {
                pos--;
                skipString();
            } else if (edn && c == '\\') {
                if (peek() != -1) {
                    pos++;
                }
            } else if (edn && c == ';') {
                while ((c = peek()) != '\n' && c != -1) {
                    pos++;
                }
            }
        }
    }

    private void skipString() throws IOException {
        pos++; // opening quote
        while (true) {
            int c = peek();
            if (c == -1) {
                return;
            }
            pos++;
            if (c == '"') {
                return;
            }
            if (c == '\\' && peek() != -1) {
                pos++;
            }
        }
    }

    private void skipToken() throws IOException {
        if (peek() == '\\') {
            pos++;
            if (peek() != -1) {
                pos++;
            }
        }
        while (true) {
            int c = peek();
            if (c == -1 || (c < 0x80 && EDN_DELIMITERS[c])) {
                return;
            }
            pos++;
        }
    }

    private void skipBlankInForm() throws IOException {
        while (true) {
            int c = peek();
            if (c == ' ' || c == ',' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
                pos++;
            } else if (c == ';') {
                while ((c = peek()) != '\n' && c != -1) {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    // ---- helpers ----

    /** Encoded bytes of the op being read, and a reusable array of integers. */
    private static final class Scratch implements ValueCodec.Sink {
        byte[] bytes = new byte[256];
        int size;
        long[] longs = new long[64];

        @Override
        public void write(int b) {
            if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, size * 2);
            }
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] from, int offset, int length) {
            if (size + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(size + length, size * 2));
            }
            System.arraycopy(from, offset, bytes, size, length);
            size += length;
        }
    }

    /** Interned ids of names by their ASCII bytes, so a known name costs a hash and a compare, not a String. */
    private final class Names {
        private byte[][] keys = new byte[64][];
        private int[] ids = new int[64];
        private int count;

        int id(int at, int length) {
            int hash = 0;
            for (int i = 0; i < length; i++) {
                hash = 31 * hash + buf[at + i];
            }
            int mask = keys.length - 1;
            for (int slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
                byte[] key = keys[slot];
                if (key == null) {
                    int id = codec.intern(new String(buf, at, length, StandardCharsets.ISO_8859_1));
                    if (count < 1 << 16) { // a file of ever-new names: stop caching rather than grow without bound
                        keys[slot] = Arrays.copyOfRange(buf, at, at + length);
                        ids[slot] = id;
                        if (++count * 2 > keys.length) {
                            grow();
                        }
                    }
                    return id;
                }
                if (Arrays.equals(key, 0, key.length, buf, at, at + length)) {
                    return ids[slot];
                }
            }
        }

        private int mix(int hash) {
            return hash ^ (hash >>> 16) * 0x45d9f3b;
        }

        private void grow() {
            byte[][] oldKeys = keys;
            int[] oldIds = ids;
            keys = new byte[oldKeys.length * 2][];
            ids = new int[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int i = 0; i < oldKeys.length; i++) {
                byte[] key = oldKeys[i];
                if (key == null) {
                    continue;
                }
                int hash = 0;
                for (byte b : key) {
                    hash = 31 * hash + b;
                }
                int slot = mix(hash) & mask;
                while (keys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = key;
                ids[slot] = oldIds[i];
            }
        }
    }
}
