package io.paxsim.history;

import clojure.java.api.Clojure;
import clojure.lang.AFn;
import clojure.lang.IFn;
import clojure.lang.ILookup;
import clojure.lang.IPersistentMap;
import clojure.lang.Keyword;
import clojure.lang.PersistentHashMap;
import clojure.lang.Symbol;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code clojure.edn} side of EDN reading, for the forms {@link EdnParser} leaves out (character
 * literals, ratios, big numbers, {@code #inst}, {@code #uuid}): reads one form and converts its
 * Clojure data to ops and values. Loading this class starts Clojure (hundreds of milliseconds), so
 * only a file that needs it pays for it.
 */
final class ClojureEdn {
    private static final Object EOF = new Object();
    private static final IFn EDN_READ = ednRead();
    private static final IPersistentMap OPTIONS = PersistentHashMap.create(
            Keyword.intern("eof"), EOF, Keyword.intern("default"), new UntaggedValue());
    private static final Keyword TYPE = Keyword.intern("type");
    private static final Keyword PROCESS = Keyword.intern("process");
    private static final Keyword F = Keyword.intern("f");
    private static final Keyword VALUE = Keyword.intern("value");
    private static final Keyword TIME = Keyword.intern("time");
    private static final Keyword INDEX = Keyword.intern("index");
    private static final Keyword NODE = Keyword.intern("node");
    private static final Keyword ERROR = Keyword.intern("error");
    private static final Keyword KEY = Keyword.intern("key");

    private ClojureEdn() {
    }

    /** Reads one op map from {@code in}; null at the end of the source. */
    static Op readOp(java.io.PushbackReader in, ValueTyping typing, long atLine) {
        Object form;
        try {
            form = EDN_READ.invoke(OPTIONS, in);
        } catch (HistoryException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new HistoryException("unreadable EDN: " + rootMessage(e), atLine);
        }
        return form == EOF ? null : toOp(form, typing, atLine);
    }

    private static IFn ednRead() {
        Clojure.var("clojure.core", "require").invoke(Symbol.intern("clojure.edn"));
        return Clojure.var("clojure.edn", "read");
    }

    private static String rootMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HistoryException h) {
                throw h;
            }
        }
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static Op toOp(Object form, ValueTyping typing, long atLine) {
        if (!(form instanceof ILookup map) || !(form instanceof Map)) {
            throw new HistoryException("expected an op map, found " + describe(form), atLine);
        }
        Object typeForm = map.valAt(TYPE);
        OpType type = typeForm instanceof Keyword k ? OpType.fromWireName(k.getName()) : null;
        if (type == null) {
            throw new HistoryException("op has no valid :type (invoke/ok/fail/info): " + HistoryException.excerpt(form), atLine);
        }
        Object fForm = map.valAt(F);
        if (fForm == null) {
            throw new HistoryException("op has no :f: " + HistoryException.excerpt(form), atLine);
        }
        if (!((Map<?, ?>) form).containsKey(PROCESS)) {
            throw new HistoryException("op has no :process: " + HistoryException.excerpt(form), atLine);
        }
        Value process = toValue(map.valAt(PROCESS));
        String f = fForm instanceof Keyword k ? k.sym.toString() : fForm.toString();
        boolean writeLacksValue = f.equals("write") && (type == OpType.INVOKE || type == OpType.OK)
                && !((Map<?, ?>) form).containsKey(VALUE);
        if (process instanceof Value.Int && writeLacksValue) {
            throw new HistoryException("a :" + type.wireName() + " :write op has no :value", atLine);
        }
        Value raw = toValue(map.valAt(VALUE));
        Value value = process instanceof Value.Int ? typing.type(f, raw) : raw;
        if (map.valAt(KEY) != null && process instanceof Value.Int) {
            value = EdnHistoryReader.keyed(toValue(map.valAt(KEY)), f, raw);
        }
        return new Op(longOr(map.valAt(INDEX), -1, atLine), longOr(map.valAt(TIME), -1, atLine), type, process, f,
                value, nullable(map.valAt(NODE)), nullable(map.valAt(ERROR)));
    }

    private static long longOr(Object form, long absent, long atLine) {
        if (form == null) {
            return absent;
        }
        if (form instanceof Number n && !(form instanceof Double) && !(form instanceof Float)) {
            return n.longValue();
        }
        throw new HistoryException("expected an integer :index/:time, found " + describe(form), atLine);
    }

    private static Value nullable(Object form) {
        return form == null ? null : toValue(form);
    }

    private static String describe(Object form) {
        return form == null ? "nil" : HistoryException.excerpt(form) + " (" + form.getClass().getSimpleName() + ")";
    }

    /** Parses one EDN value with {@code clojure.edn}. */
    static Value parseValue(String edn) {
        try (java.io.PushbackReader in = new java.io.PushbackReader(new java.io.StringReader(edn))) {
            Object form = EDN_READ.invoke(OPTIONS, in);
            if (form == EOF) {
                throw new HistoryException("empty EDN value");
            }
            return toValue(form);
        } catch (HistoryException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new HistoryException("unreadable EDN value '" + HistoryException.excerpt(edn) + "': " + rootMessage(e));
        }
    }

    /** Converts Clojure data to a plain {@link Value}. */
    static Value toValue(Object form) {
        if (form == null) {
            return Value.NIL;
        }
        if (form instanceof Long || form instanceof Integer || form instanceof Short || form instanceof Byte) {
            return new Value.Int(((Number) form).longValue());
        }
        if (form instanceof Keyword k) {
            return new Value.Kw(k.sym.toString());
        }
        if (form instanceof String s) {
            return new Value.Str(s);
        }
        if (form instanceof Boolean b) {
            return new Value.Bool(b);
        }
        if (form instanceof Map<?, ?> m) {
            Map<Value, Value> entries = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                entries.put(toValue(e.getKey()), toValue(e.getValue()));
            }
            return new Value.Dict(entries);
        }
        if (form instanceof java.util.Set<?> s) {
            return new Value.SetOf(toValues(s));
        }
        if (form instanceof java.util.Collection<?> c) {
            return new Value.Vec(toValues(c));
        }
        return numberOrText(form);
    }

    private static Value numberOrText(Object form) {
        if (form instanceof clojure.lang.BigInt || form instanceof BigInteger) {
            BigInteger big = form instanceof clojure.lang.BigInt b ? b.toBigInteger() : (BigInteger) form;
            return big.bitLength() < 64 ? new Value.Int(big.longValue()) : new Value.Str(big.toString());
        }
        if (form instanceof Number n) {
            return new Value.Real(n.doubleValue());
        }
        return new Value.Str(form.toString());
    }

    private static List<Value> toValues(java.util.Collection<?> items) {
        List<Value> values = new ArrayList<>(items.size());
        for (Object item : items) {
            values.add(toValue(item));
        }
        return values;
    }

    /** Reads any tagged literal as its untagged form. */
    private static final class UntaggedValue extends AFn {
        @Override
        public Object invoke(Object tag, Object value) {
            return value;
        }
    }
}
