package io.paxsim.history;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads Jepsen/Knossos EDN histories one op at a time. A file may be a vector or list of op maps,
 * or op maps one after another; Jepsen's tagged {@code #jepsen.history.Op{...}} reads as its map.
 * {@link EdnParser} builds each op straight from the text; a form that uses EDN it leaves out is
 * read again by {@code clojure.edn} ({@link ClojureEdn}), so nothing {@code clojure.edn} reads is
 * lost, and Clojure is started only for such a file.
 */
public final class EdnHistoryReader extends StreamingHistoryReader {
    private final Reader source;
    private final EdnParser parser;
    private int closer = -2;

    public EdnHistoryReader(Reader source, ValueTyping typing) {
        super(typing);
        this.source = source;
        this.parser = new EdnParser(source, 1 << 16);
    }

    /**
     * Reads op maps one after another (no enclosing vector) from a part of a file whose first line
     * is {@code firstLine}: the columnar reader's way to read an op its fast path leaves out.
     */
    EdnHistoryReader(Reader source, ValueTyping typing, long firstLine, int bufferChars) {
        super(typing);
        this.source = source;
        this.parser = new EdnParser(source, bufferChars);
        this.parser.startAtLine(firstLine);
        this.closer = -1;
    }

    /** Parses one EDN value (e.g. a model's initial state given on the command line). */
    public static Value parseValue(String edn) {
        EdnParser parser = new EdnParser(new java.io.StringReader(edn), edn.length() + 1);
        try {
            if (parser.skipBlank() == -1) {
                throw new HistoryException("empty EDN value");
            }
            parser.mark();
            Value value = parser.readValue(0);
            if (parser.skipBlank() != -1) {
                throw new HistoryException("unreadable EDN value '" + HistoryException.excerpt(edn) + "': text after the value");
            }
            return value;
        } catch (EdnParser.Unsupported e) {
            return ClojureEdn.parseValue(edn);
        } catch (HistoryException e) {
            throw e.getMessage().startsWith("unreadable EDN value") || e.getMessage().startsWith("empty") ? e
                    : new HistoryException("unreadable EDN value '" + HistoryException.excerpt(edn) + "': " + e.getMessage());
        } catch (IOException e) {
            throw new AssertionError("a StringReader does not fail", e);
        }
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    @Override
    protected Op readRawOp() throws IOException {
        if (closer == -2) {
            closer = openOuter();
        }
        int c = parser.skipBlank();
        if (c == -1) {
            if (closer > 0) {
                throw new HistoryException("unterminated history: expected '" + (char) closer + "'", parser.line());
            }
            return null;
        }
        if (c == closer) {
            parser.expect((char) c);
            closer = -1;
            if (parser.skipBlank() != -1) {
                throw new HistoryException("unexpected text after the end of the history", parser.line());
            }
            return null;
        }
        startOp(parser.line());
        parser.mark();
        try {
            return readOp();
        } catch (EdnParser.Unsupported e) {
            parser.rewind();
            return ClojureEdn.readOp(parser.fallbackReader(), typing, opStartLine());
        } finally {
            parser.unmark();
        }
    }

    @Override
    protected HistoryException unreadable(Exception e) {
        return new HistoryException("unreadable EDN: " + e.getMessage(), parser.line());
    }

    /** Consumes a leading '[' or '(' and returns its closer, or -1 for op maps one after another. */
    private int openOuter() throws IOException {
        int c = parser.skipBlank();
        if (c == '[' || c == '(') {
            parser.expect((char) c);
            return c == '[' ? ']' : ')';
        }
        return -1;
    }

    private Op readOp() throws IOException {
        int c = parser.skipBlank();
        if (c == '#') {
            parser.expect('#');
            if (!Character.isLetter(parser.peek())) {
                throw new EdnParser.Unsupported("dispatch");
            }
            parser.readValue(0); // the tag, a symbol
            c = parser.skipBlank();
        }
        if (c != '{') {
            Value form = parser.readValue(0);
            throw new HistoryException("expected an op map, found " + describe(form), opStartLine());
        }
        parser.expect('{');
        return new OpFields().read();
    }

    /**
     * Porcupine's kv histories name the key in a field of its own ({@code :key "3"}); it becomes the
     * key of a {@link Value.Keyed}, as Jepsen's independent {@code [k v]} tuples are read.
     */
    static Value keyed(Value key, String f, Value raw) {
        return new Value.Keyed(key, ValueTyping.JEPSEN.type(f, raw));
    }

    /** A transaction read ahead of its (non-client) process, back as the vectors it was written as. */
    private static Value untyped(Value.Txn txn) {
        java.util.List<Value> items = new java.util.ArrayList<>(txn.ops().size());
        for (MicroOp m : txn.ops()) {
            items.add(Value.vec(Value.kw(m.f()), m.key(), m.value()));
        }
        return new Value.Vec(items);
    }

    private static String describe(Value form) {
        return HistoryException.excerpt(EdnHistoryWriter.format(form)) + " (" + form.getClass().getSimpleName() + ")";
    }

    /** The fields of one op map as they are read. */
    private final class OpFields {
        OpType type;
        Value process;
        String f;
        Value value = Value.NIL;
        boolean hasValue;
        long index = -1;
        long time = -1;
        Value node;
        Value error;
        Value key;
        int seen;

        Op read() throws IOException {
            while (true) {
                int c = parser.skipBlank();
                if (c == '}') {
                    parser.expect('}');
                    return build();
                }
                if (c == -1) {
                    throw new HistoryException("unreadable EDN: the file ends inside the op that starts at line "
                            + opStartLine(), parser.line());
                }
                Value key = parser.readValue(1);
                if (parser.skipBlank() == '}') {
                    throw new HistoryException("unreadable EDN: a map has a key without a value: " + key, parser.line());
                }
                field(key);
            }
        }

        private void field(Value name) throws IOException {
            int bit = name instanceof Value.Kw k ? bit(k.name()) : 0;
            if (bit != 0 && (seen & bit) != 0) {
                throw new HistoryException("unreadable EDN: duplicate map key " + name, parser.line());
            }
            seen |= bit;
            Value v = bit == 8 && typing == ValueTyping.JEPSEN && "txn".equals(f) ? parser.readTxnOrValue(1) : parser.readValue(1);
            switch (bit) {
                case 1 -> type = v instanceof Value.Kw k ? OpType.fromWireName(k.name()) : null;
                case 2 -> process = v;
                case 4 -> f = v instanceof Value.Kw k ? k.name() : v instanceof Value.Str s ? s.value() : v.toString();
                case 8 -> {
                    value = v;
                    hasValue = true;
                }
                case 16 -> index = integer(v);
                case 32 -> time = integer(v);
                case 64 -> node = v;
                case 128 -> error = v;
                case 256 -> key = v;
                default -> { }
            }
        }

        private int bit(String name) {
            return switch (name) {
                case "type" -> 1;
                case "process" -> 2;
                case "f" -> 4;
                case "value" -> 8;
                case "index" -> 16;
                case "time" -> 32;
                case "node" -> 64;
                case "error" -> 128;
                case "key" -> 256;
                default -> 0;
            };
        }

        private long integer(Value v) {
            if (v instanceof Value.Int i) {
                return i.value();
            }
            throw new HistoryException("expected an integer :index/:time, found " + describe(v), opStartLine());
        }

        private Op build() throws IOException {
            if (type == null || f == null || process == null) {
                parser.rewind();
                String form = HistoryException.excerpt(EdnHistoryWriter.format(parser.readValue(0)));
                String what = type == null ? "op has no valid :type (invoke/ok/fail/info): "
                        : f == null ? "op has no :f: " : "op has no :process: ";
                throw new HistoryException(what + form, opStartLine());
            }
            boolean client = process instanceof Value.Int;
            if (client) {
                requireValue(type, f, hasValue);
            } else if (value instanceof Value.Txn txn) {
                value = untyped(txn);
            }
            Value typed = client ? typing.type(f, value) : value;
            return new Op(index, time, type, process, f, client && key != null ? keyed(key, f, value) : typed, node, error);
        }
    }
}
