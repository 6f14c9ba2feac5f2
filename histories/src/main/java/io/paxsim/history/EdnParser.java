package io.paxsim.history;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A streaming parser for the EDN that Jepsen histories are made of — maps, vectors, lists, sets,
 * keywords, symbols, strings, integers, decimals, nil, booleans, {@code #_} and tagged literals
 * (read as their untagged form) — straight into {@link Value}s, several times faster than
 * {@code clojure.edn} with its Clojure data in between. What it leaves out (characters, ratios,
 * big and radix numbers, {@code ##Inf}, {@code #inst}, {@code #uuid}) makes it throw
 * {@link Unsupported}; the caller rewinds to {@link #mark()} and lets {@code clojure.edn} read that
 * form through {@link #fallbackReader()}. Nesting is capped at {@link #MAX_DEPTH}, so a hostile
 * file is a one-line error rather than a stack overflow. Keywords are interned per parser.
 * Single-threaded use only.
 */
final class EdnParser {
    /** Deepest nesting read; Jepsen's deepest (a txn of reads of lists) is four. */
    static final int MAX_DEPTH = 1000;
    private static final Value.Int[] SMALL_INTS = new Value.Int[1024];

    private static final boolean[] DELIMITERS = new boolean[128];

    static {
        for (char c : " ,\n\t\r\f()[]{}\";\\".toCharArray()) {
            DELIMITERS[c] = true;
        }
        for (int i = 0; i < SMALL_INTS.length; i++) {
            SMALL_INTS[i] = new Value.Int(i);
        }
    }

    private final Reader source;
    private final NameTable names = new NameTable();
    private char[] buffer;
    private Object[] stack = new Object[256];
    private int top;
    private int pos;
    private int limit;
    private int mark = -1;
    private long markLine;
    private boolean eof;
    private long line = 1;

    /** What this parser leaves to {@code clojure.edn}. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String what) {
            super(what, null, false, false);
        }
    }

    EdnParser(Reader source, int bufferChars) {
        this.source = source;
        this.buffer = new char[Math.max(16, bufferChars)];
    }

    /** Numbers lines from {@code first} (the source is a part of a file that starts there). */
    void startAtLine(long first) {
        line = first;
    }

    long line() {
        return line;
    }

    /** Keeps the text from here in the buffer until {@link #unmark()}, so a form can be read again. */
    void mark() {
        mark = pos;
        markLine = line;
    }

    void unmark() {
        mark = -1;
    }

    /** Goes back to {@link #mark()} (still marked). */
    void rewind() {
        pos = mark;
        line = markLine;
    }

    /** The source from the current position, char by char with one char of push-back, for {@code clojure.edn}. */
    java.io.PushbackReader fallbackReader() {
        return new java.io.PushbackReader(Reader.nullReader()) {
            @Override
            public int read() throws IOException {
                int c = next();
                if (c == '\n') {
                    line++;
                }
                return c;
            }

            @Override
            public int read(char[] target, int offset, int length) throws IOException {
                int c = read();
                if (c < 0) {
                    return -1;
                }
                target[offset] = (char) c;
                return 1;
            }

            @Override
            public void unread(int c) {
                assert pos > 0 && buffer[pos - 1] == c;
                pos--;
                if (c == '\n') {
                    line--;
                }
            }
        };
    }

    // ---- the character source ----

    int peek() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buffer[pos];
    }

    private int next() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buffer[pos++];
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (mark >= 0) {
            System.arraycopy(buffer, mark, buffer, 0, limit - mark);
            limit -= mark;
            pos -= mark;
            mark = 0;
            if (limit == buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
            }
        } else {
            pos = 0;
            limit = 0;
        }
        while (true) {
            int n = source.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                eof = true;
                return false;
            }
            if (n > 0) {
                limit += n;
                return true;
            }
        }
    }

    /** Skips whitespace, commas and comments; returns the next char (not consumed), or -1 at the end. */
    int skipBlank() throws IOException {
        while (true) {
            if (pos == limit && !fill()) {
                return -1;
            }
            char c = buffer[pos];
            if (c == ' ' || c == ',') {
                pos++;
            } else if (c == '\n') {
                pos++;
                line++;
            } else if (c == ';') {
                skipComment();
            } else if (c == '\t' || c == '\r' || c == '\f' || (c > 127 && Character.isWhitespace(c))) {
                pos++;
            } else {
                return c;
            }
        }
    }

    private void skipComment() throws IOException {
        int c;
        do {
            c = next();
        } while (c != '\n' && c != -1);
        if (c == '\n') {
            line++;
        }
    }

    void expect(char c) throws IOException {
        if (next() != c) {
            throw new AssertionError("expected " + c);
        }
    }

    // ---- values ----

    /** Reads one value; throws at the end of the source. */
    Value readValue(int depth) throws IOException {
        int c = skipBlank();
        switch (c) {
            case -1:
                throw error("the file ends where a value should be");
            case '{':
                pos++;
                return readDict(depth + 1);
            case '[':
            case '(':
                pos++;
                return new Value.Vec(readItems(c == '[' ? ']' : ')', depth + 1));
            case '"':
                pos++;
                return new Value.Str(readString());
            case ':':
                pos++;
                return readKeyword();
            case '#':
                pos++;
                return readDispatch(depth);
            case ')':
            case ']':
            case '}':
                throw error("unmatched '" + (char) c + "'");
            case '\\':
                throw new Unsupported("character literal");
            default:
                return readAtom();
        }
    }

    private Value readDispatch(int depth) throws IOException {
        int c = peek();
        if (c == '{') {
            pos++;
            return readSet(depth + 1);
        }
        if (c == '_') {
            pos++;
            readValue(depth + 1);
            return readValue(depth);
        }
        if (c < 0 || !Character.isLetter(c)) {
            throw new Unsupported("#" + (char) c);
        }
        String tag = readToken();
        if (tag.equals("inst") || tag.equals("uuid")) {
            throw new Unsupported("#" + tag);
        }
        return readValue(depth);
    }

    private HistoryException error(String what) {
        return new HistoryException("unreadable EDN: " + what, line);
    }

    private void enter(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private List<Value> readItems(char closer, int depth) throws IOException {
        enter(depth);
        long startLine = line;
        int base = top;
        while (true) {
            int c = skipBlank();
            if (c == closer) {
                pos++;
                return popItems(base);
            }
            if (c == -1) {
                top = base;
                throw unterminated(closer, startLine);
            }
            push(readValue(depth));
        }
    }

    /**
     * A transaction value {@code [[:append k v] [:r k [1 2]] ...]} read straight into a
     * {@link Value.Txn} (no vectors in between), as {@link ValueTyping#JEPSEN} would type it; any other
     * value reads as usual.
     */
    Value readTxnOrValue(int depth) throws IOException {
        if (skipBlank() != '[') {
            return readValue(depth);
        }
        pos++;
        enter(depth + 1);
        long startLine = line;
        int base = top;
        boolean allMicroOps = true;
        while (true) {
            int c = skipBlank();
            if (c == ']') {
                pos++;
                break;
            }
            if (c == -1) {
                top = base;
                throw unterminated(']', startLine);
            }
            Object item = c == '[' ? readMicroOpOrVector(depth + 2) : readValue(depth + 1);
            allMicroOps &= item instanceof MicroOpValue;
            push(item);
        }
        if (!allMicroOps || top == base) {
            for (int i = base; i < top; i++) {
                if (stack[i] instanceof MicroOpValue m) {
                    stack[i] = m.asVector();
                }
            }
            return new Value.Vec(popItems(base));
        }
        MicroOp[] ops = new MicroOp[top - base];
        for (int i = base; i < top; i++) {
            ops[i - base] = ((MicroOpValue) stack[i]).op;
            stack[i] = null;
        }
        top = base;
        return new Value.Txn(List.of(ops));
    }

    /** A micro-op {@code [:f k v]}, or another vector read as usual. */
    private Object readMicroOpOrVector(int depth) throws IOException {
        pos++;
        enter(depth);
        int base = top;
        long startLine = line;
        while (true) {
            int c = skipBlank();
            if (c == ']') {
                pos++;
                break;
            }
            if (c == -1) {
                top = base;
                throw unterminated(']', startLine);
            }
            push(readValue(depth));
        }
        if (top - base == 3 && (stack[base] instanceof Value.Kw || stack[base] instanceof Value.Str)) {
            Value name = (Value) stack[base];
            MicroOp op = new MicroOp(name instanceof Value.Kw k ? k.name() : ((Value.Str) name).value(),
                    (Value) stack[base + 1], (Value) stack[base + 2]);
            stack[base] = stack[base + 1] = stack[base + 2] = null;
            top = base;
            return new MicroOpValue(op, name);
        }
        return new Value.Vec(popItems(base));
    }

    /** A parsed micro-op travelling through the item stack until its transaction is complete. */
    private record MicroOpValue(MicroOp op, Value name) {
        Value asVector() {
            return new Value.Vec(List.of(name, op.key(), op.value()));
        }
    }

    private void push(Object v) {
        if (top == stack.length) {
            stack = java.util.Arrays.copyOf(stack, stack.length * 2);
        }
        stack[top++] = v;
    }

    /** The items from {@code base} to the top as an immutable list (one copy), and pops them. */
    @SuppressWarnings("unchecked")
    private List<Value> popItems(int base) {
        int n = top - base;
        List<Value> items = switch (n) {
            case 0 -> List.of();
            case 1 -> List.of((Value) stack[base]);
            case 2 -> List.of((Value) stack[base], (Value) stack[base + 1]);
            default -> (List<Value>) (List<?>) List.of(java.util.Arrays.copyOfRange(stack, base, top));
        };
        java.util.Arrays.fill(stack, base, top, null);
        top = base;
        return items;
    }

    private HistoryException unterminated(char closer, long startLine) {
        return error("the file ends before the '" + closer + "' closing what opens at line " + startLine);
    }

    private Value readSet(int depth) throws IOException {
        List<Value> items = readItems('}', depth);
        if (new java.util.HashSet<>(items).size() != items.size()) {
            throw error("duplicate element in a set: #{" + HistoryException.excerpt(Values.join("", items, "")) + "}");
        }
        return new Value.SetOf(items);
    }

    private Value readDict(int depth) throws IOException {
        enter(depth);
        long startLine = line;
        Map<Value, Value> entries = new LinkedHashMap<>();
        while (true) {
            int c = skipBlank();
            if (c == '}') {
                pos++;
                return new Value.Dict(entries);
            }
            if (c == -1) {
                throw unterminated('}', startLine);
            }
            Value key = readValue(depth);
            if (skipBlank() == '}') {
                throw error("a map has a key without a value: " + key);
            }
            if (entries.put(key, readValue(depth)) != null) {
                throw error("duplicate map key " + key);
            }
        }
    }

    /** The text of a string after its opening quote, through its closing quote. */
    String readString() throws IOException {
        long startLine = line;
        int start = pos;
        while (true) {
            if (pos == limit) {
                break;
            }
            char c = buffer[pos];
            if (c == '"') {
                String s = new String(buffer, start, pos - start);
                pos++;
                return s;
            }
            if (c == '\\') {
                break;
            }
            if (c == '\n') {
                line++;
            }
            pos++;
        }
        StringBuilder sb = new StringBuilder().append(buffer, start, pos - start);
        while (true) {
            int c = next();
            if (c == -1) {
                throw error("the file ends inside a string that opens at line " + startLine);
            }
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\n') {
                line++;
            }
            sb.append(c == '\\' ? escape() : (char) c);
        }
    }

    private char escape() throws IOException {
        int c = next();
        switch (c) {
            case 't': return '\t';
            case 'n': return '\n';
            case 'r': return '\r';
            case 'b': return '\b';
            case 'f': return '\f';
            case '"': return '"';
            case '\\': return '\\';
            case 'u': return unicodeEscape();
            default: throw new Unsupported("string escape");
        }
    }

    private char unicodeEscape() throws IOException {
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(next(), 16);
            if (digit < 0) {
                throw error("bad \\u escape in a string");
            }
            code = code * 16 + digit;
        }
        return (char) code;
    }

    /** A keyword after its colon, interned. */
    Value.Kw readKeyword() throws IOException {
        int start = tokenEnd();
        if (pos == start) {
            throw error("a ':' with no keyword name");
        }
        if (buffer[start] == ':') {
            throw new Unsupported("auto-resolved keyword");
        }
        return names.keyword(buffer, start, pos);
    }

    /** Consumes a token (up to a delimiter) and returns where it starts; the token then ends at {@link #pos}. */
    private int tokenEnd() throws IOException {
        int start = pos;
        while (true) {
            if (pos == limit) {
                boolean ownMark = mark < 0;
                if (ownMark) {
                    mark = start;
                }
                int offset = start - mark;
                boolean more = fill();
                start = mark + offset;
                if (ownMark) {
                    mark = -1;
                }
                if (!more) {
                    return start;
                }
            }
            if (isDelimiter(buffer[pos])) {
                return start;
            }
            pos++;
        }
    }

    private String readToken() throws IOException {
        int start = tokenEnd();
        return new String(buffer, start, pos - start);
    }

    private static boolean isDelimiter(char c) {
        return c < 128 ? DELIMITERS[c] : Character.isWhitespace(c);
    }

    /** A number, nil, true, false, or a symbol (read as a string, as the old reader did). */
    private Value readAtom() throws IOException {
        int start = tokenEnd();
        int end = pos;
        char first = buffer[start];
        boolean signed = first == '-' || first == '+';
        if (Character.isDigit(first) || (signed && end - start > 1 && Character.isDigit(buffer[start + 1]))) {
            return number(start, end);
        }
        int length = end - start;
        if (length == 3 && first == 'n' && buffer[start + 1] == 'i' && buffer[start + 2] == 'l') {
            return Value.NIL;
        }
        String token = new String(buffer, start, length);
        if (token.equals("true") || token.equals("false")) {
            return new Value.Bool(token.equals("true"));
        }
        return new Value.Str(token);
    }

    private Value number(int start, int end) {
        int i = start;
        boolean negative = buffer[i] == '-';
        if (buffer[i] == '-' || buffer[i] == '+') {
            i++;
        }
        int digitsStart = i;
        long value = 0;
        while (i < end && buffer[i] >= '0' && buffer[i] <= '9' && i - digitsStart < 18) {
            value = value * 10 + (buffer[i] - '0');
            i++;
        }
        boolean leadingZero = buffer[digitsStart] == '0' && i - digitsStart > 1;
        if (i == end && !leadingZero) {
            return integer(negative ? -value : value);
        }
        String token = new String(buffer, start, end - start);
        if (isDecimal(token)) {
            return new Value.Real(Double.parseDouble(token));
        }
        throw new Unsupported("number " + token);
    }

    private static boolean isDecimal(String token) {
        boolean point = false;
        boolean exponent = false;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.' && !point && !exponent) {
                point = true;
            } else if ((c == 'e' || c == 'E') && !exponent) {
                exponent = true;
            } else if (!(Character.isDigit(c) || ((c == '-' || c == '+')
                    && (i == 0 || token.charAt(i - 1) == 'e' || token.charAt(i - 1) == 'E')))) {
                return false;
            }
        }
        return point || exponent;
    }

    /** {@code value} as a Value, shared for the small non-negative integers histories are full of. */
    static Value.Int integer(long value) {
        return value >= 0 && value < SMALL_INTS.length ? SMALL_INTS[(int) value] : new Value.Int(value);
    }

    /**
     * Interned keywords: looked up by the characters in the buffer, so reading a known keyword
     * allocates nothing. Open addressing, power-of-two capacity.
     */
    private static final class NameTable {
        private char[][] keys = new char[256][];
        private Value.Kw[] values = new Value.Kw[256];
        private int size;

        Value.Kw keyword(char[] text, int from, int to) {
            int hash = 0;
            for (int i = from; i < to; i++) {
                hash = 31 * hash + text[i];
            }
            int mask = keys.length - 1;
            for (int slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
                char[] key = keys[slot];
                if (key == null) {
                    return add(slot, text, from, to);
                }
                if (java.util.Arrays.equals(key, 0, key.length, text, from, to)) {
                    return values[slot];
                }
            }
        }

        private Value.Kw add(int slot, char[] text, int from, int to) {
            Value.Kw kw = new Value.Kw(new String(text, from, to - from).intern());
            if (size >= 4096) {
                return kw; // a file of ever-new keywords: stop interning rather than grow without bound
            }
            keys[slot] = java.util.Arrays.copyOfRange(text, from, to);
            values[slot] = kw;
            if (++size * 2 > keys.length) {
                rehash();
            }
            return kw;
        }

        private void rehash() {
            char[][] oldKeys = keys;
            Value.Kw[] oldValues = values;
            keys = new char[oldKeys.length * 2][];
            values = new Value.Kw[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != null) {
                    int hash = 0;
                    for (char c : oldKeys[i]) {
                        hash = 31 * hash + c;
                    }
                    int slot = mix(hash) & mask;
                    while (keys[slot] != null) {
                        slot = (slot + 1) & mask;
                    }
                    keys[slot] = oldKeys[i];
                    values[slot] = oldValues[i];
                }
            }
        }

        private static int mix(int hash) {
            return hash ^ (hash >>> 16);
        }
    }
}
