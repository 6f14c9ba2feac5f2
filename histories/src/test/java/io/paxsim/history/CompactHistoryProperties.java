package io.paxsim.history;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compact columns ({@link OpColumns}) give back every field of every op exactly: value kinds,
 * order, raw double bits, strings with any UTF-16 units, node, error, non-client actors.
 */
class CompactHistoryProperties {
    @Property(tries = 200)
    void columnsReturnEveryOpExactly(@ForAll("ops") List<Op> ops) {
        OpColumns columns = new OpColumns();
        ops.forEach(columns::add);
        assertEquals(ops.size(), columns.size());
        for (int i = 0; i < ops.size(); i++) {
            assertSame(ops.get(i), columns.op(i));
        }
    }

    @Property(tries = 100)
    void ednToCompactToEdnIsTheSameText(@ForAll("clientHistories") List<Op> ops) throws IOException {
        for (HistoryFormat format : List.of(HistoryFormat.EDN, HistoryFormat.JSONL)) {
            String text = write(ops, format);
            List<Op> streamed = new ArrayList<>();
            try (HistoryReader r = HistoryReader.open(new StringReader(text), format, ValueTyping.JEPSEN)) {
                r.forEachRemaining(streamed::add);
            }
            History compact = HistoryReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                    format, ValueTyping.JEPSEN);
            assertEquals(streamed.size(), compact.size());
            for (int i = 0; i < streamed.size(); i++) {
                assertSame(streamed.get(i), compact.ops().get(i));
            }
            assertEquals(text, write(streamed, format), format + " text read and written again");
            assertEquals(text, write(compact.ops(), format), format + " text after the compact form");
        }
    }

    /** The direct byte writer spells every op as Jackson through a UTF-8 stream writer does, byte for byte. */
    @Property(tries = 300)
    void columnWriterWritesTheJacksonBytes(@ForAll("ops") List<Op> any, @ForAll("clientHistories") List<Op> recorded)
            throws IOException {
        // Any value, without what always takes the general path (node, error, an index other than the position).
        List<Op> bare = new ArrayList<>();
        for (Op op : any) {
            bare.add(new Op(bare.size(), op.timeNanos(), op.type(), op.process(), op.f(), op.value(), null, null));
        }
        for (List<Op> ops : List.of(any, recorded, bare)) {
            OpColumns columns = new OpColumns();
            ops.forEach(columns::add);
            java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
            try (JsonlHistoryWriter w = new JsonlHistoryWriter(new java.io.OutputStreamWriter(expected, StandardCharsets.UTF_8))) {
                for (int i = 0; i < columns.size(); i++) {
                    w.write(columns.op(i));
                }
            }
            java.io.ByteArrayOutputStream actual = new java.io.ByteArrayOutputStream();
            JsonlColumnWriter.write(columns, columns.size(), actual);
            assertEquals(expected.toString(StandardCharsets.ISO_8859_1), actual.toString(StandardCharsets.ISO_8859_1));
            for (int i = 0; i < columns.size(); i++) {
                net.jqwik.api.statistics.Statistics.label(ops == any ? "any op" : ops == bare ? "bare op" : "recorded op")
                        .collect(JsonlColumnWriter.spellsDirectly(columns, i) ? "direct" : "general");
            }
        }
        net.jqwik.api.statistics.Statistics.label("recorded op").coverage(c -> {
            c.check("direct").percentage(p -> p > 40);
            c.check("general").percentage(p -> p > 2);
        });
        net.jqwik.api.statistics.Statistics.label("bare op").coverage(c -> c.check("direct").percentage(p -> p > 10));
    }

    @Example
    void columnWriterWritesARecordedHistoryAsJackson() throws IOException {
        HistoryRecorder rec = new HistoryRecorder();
        rec.invoke(1, 0, "txn", Value.txn(MicroOp.append("x", 1), MicroOp.readList("y", (long[]) null)));
        rec.invoke(2, 1, "cas", Value.keyed(Value.kw("x0"), Value.cas(3, -4)));
        rec.event(3, "nemesis", "fault", Value.of("partition \"a\" b\u00e9"));
        rec.event(3, "nemesis", "crash", Value.of(2));
        rec.ok(4, 0, Value.txn(MicroOp.append("x", 1), MicroOp.readList("y", 1, Long.MIN_VALUE, Long.MAX_VALUE)));
        rec.info(Long.MAX_VALUE, 1, Value.keyed(Value.kw("x0"), Value.cas(3, -4)));
        History h = rec.history();
        String actual = columnWriterMatchesJackson(h);
        assertEquals("{\"index\":1,\"time\":2,\"type\":\"invoke\",\"process\":1,\"f\":\"cas\",\"value\":[\"x0\",[3,-4]]}",
                actual.split("\n")[1]);
    }

    @Example
    void columnWriterSpellsEveryDigitCountAsJackson() throws IOException {
        java.util.List<Long> values = new java.util.ArrayList<>(java.util.List.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE,
                (long) Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, (long) Integer.MIN_VALUE, Integer.MIN_VALUE - 1L));
        for (long p = 1; p <= 1_000_000_000_000_000_000L; p *= 10) {
            for (long v : new long[] {p - 1, p, p + 1, 2 * p - 1, 9 * p, 9 * p + p / 2}) {
                values.add(v);
                values.add(-v);
            }
        }
        HistoryRecorder rec = new HistoryRecorder();
        long[] elements = values.stream().mapToLong(Long::longValue).toArray();
        long[] times = values.stream().mapToLong(v -> Math.max(0, v)).sorted().toArray(); // times never go back
        for (int i = 0; i < values.size(); i++) {
            long time = times[i];
            rec.invoke(time, i, "txn", Value.txn(MicroOp.append("x", values.get(i))));
            rec.ok(time, i, Value.txn(MicroOp.readList("x", elements)));
        }
        History h = rec.history();
        columnWriterMatchesJackson(h);
        for (int i = 0; i < h.size(); i++) {
            assertTrue(JsonlColumnWriter.spellsDirectly(h.columns(), i), "op " + i + " took the general path");
        }
    }

    /**
     * List elements whose encoding is one byte (-64..63) are written from a table with a comma before
     * them, the first one's comma overwritten by the bracket: every such element, the ones just
     * outside, empty and one-element lists, and lists that start or end with a long element.
     */
    @Example
    void columnWriterSpellsOneByteListElementsAsJackson() throws IOException {
        HistoryRecorder rec = new HistoryRecorder();
        long[] all = java.util.stream.LongStream.rangeClosed(-130, 130).toArray();
        long[][] lists = {all, {}, {0}, {-64}, {63}, {64}, {-65}, {Long.MIN_VALUE, 5, -3}, {7, 1_000_000_007L},
                {99, 100, -99, -100}, {1, Long.MAX_VALUE, 2}};
        for (int i = 0; i < lists.length; i++) {
            rec.invoke(i, i, "txn", Value.txn(MicroOp.readList("k" + i, (long[]) null)));
            rec.ok(i, i, Value.txn(MicroOp.readList("k" + i, lists[i]), MicroOp.readList("j", lists[lists.length - 1 - i])));
        }
        History h = rec.history();
        columnWriterMatchesJackson(h);
        for (int i = 0; i < h.size(); i++) {
            assertTrue(JsonlColumnWriter.spellsDirectly(h.columns(), i), "op " + i + " took the general path");
        }
    }

    /** The column writer's JSON lines, asserted equal to the Jackson writer's for {@code h}. */
    private static String columnWriterMatchesJackson(History h) throws IOException {
        java.io.ByteArrayOutputStream actual = new java.io.ByteArrayOutputStream();
        JsonlColumnWriter.write(h, actual);
        StringWriter expected = new StringWriter();
        try (JsonlHistoryWriter w = new JsonlHistoryWriter(expected)) {
            w.writeAll(h.ops());
        }
        assertEquals(expected.toString(), actual.toString(StandardCharsets.UTF_8));
        return actual.toString(StandardCharsets.UTF_8);
    }

    @Example
    void callsPairTheSameAsTheOps() {
        HistoryRecorder rec = new HistoryRecorder();
        rec.invoke(1, 0, "txn", Value.txn(MicroOp.append("x", 1), MicroOp.readList("y", (long[]) null)));
        rec.invoke(2, 1, "read", Value.NIL);
        rec.event(3, "nemesis", "start", Value.of("partition"));
        rec.ok(4, 0, Value.txn(MicroOp.append("x", 1), MicroOp.readList("y", 1, 2)));
        rec.info(5, 1, Value.NIL);
        History h = rec.history();
        assertEquals(2, h.calls().size());
        Call first = h.calls().get(0);
        assertEquals(0, first.invokePosition());
        assertEquals(3, first.completionPosition());
        assertEquals(Value.txn(MicroOp.append("x", 1), MicroOp.readList("y", 1, 2)), first.value());
        assertEquals(OpType.INFO, h.calls().get(1).outcome());
        assertEquals(Value.kw("nemesis"), h.ops().get(2).process());
        assertEquals(5, h.ops().size());
    }

    private static void assertSame(Op expected, Op actual) {
        assertEquals(expected, actual);
        assertEquals(EdnHistoryWriter.format(expected), EdnHistoryWriter.format(actual));
        assertEquals(bits(expected.value()), bits(actual.value()), "double bits");
    }

    /** Raw bits of every double in a value (Real's equals treats all NaNs alike). */
    private static String bits(Value v) {
        StringBuilder sb = new StringBuilder();
        collectBits(v, sb);
        return sb.toString();
    }

    private static void collectBits(Value v, StringBuilder sb) {
        if (v instanceof Value.Real r) {
            sb.append(Double.doubleToRawLongBits(r.value())).append(',');
        } else if (v instanceof Value.Vec vec) {
            vec.items().forEach(i -> collectBits(i, sb));
        } else if (v instanceof Value.SetOf s) {
            s.items().forEach(i -> collectBits(i, sb));
        } else if (v instanceof Value.Dict d) {
            d.entries().forEach((k, x) -> {
                collectBits(k, sb);
                collectBits(x, sb);
            });
        } else if (v instanceof Value.Txn t) {
            t.ops().forEach(m -> {
                collectBits(m.key(), sb);
                collectBits(m.value(), sb);
            });
        } else if (v instanceof Value.Cas c) {
            collectBits(c.expected(), sb);
            collectBits(c.next(), sb);
        } else if (v instanceof Value.Keyed k) {
            collectBits(k.key(), sb);
            collectBits(k.value(), sb);
        }
    }

    private static String write(List<Op> ops, HistoryFormat format) throws IOException {
        StringWriter out = new StringWriter();
        try (LineHistoryWriter w = format == HistoryFormat.EDN ? new EdnHistoryWriter(out) : new JsonlHistoryWriter(out)) {
            w.writeAll(ops);
        }
        return out.toString();
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.longs().between(-1, Long.MAX_VALUE),
                Arbitraries.longs(),
                Arbitraries.of(OpType.class),
                Arbitraries.oneOf(Arbitraries.longs().map(Value.Int::new), value(2)),
                Arbitraries.of("read", "write", "cas", "txn", "append", "f\u00e9"),
                value(3),
                value(1).injectNull(0.5),
                value(1).injectNull(0.5)).as(Op::new);
        return op.list().ofMaxSize(40);
    }

    /** Valid client histories (plus nemesis ops) of the kinds workloads produce, for a file round trip. */
    @Provide
    Arbitrary<List<Op>> clientHistories() {
        Arbitrary<Value> key = Arbitraries.oneOf(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(3).map(Value.Kw::new),
                Arbitraries.longs().between(0, 9).map(Value.Int::new));
        Arbitrary<Value> element = Arbitraries.longs().map(Value.Int::new);
        Arbitrary<MicroOp> micro = Arbitraries.oneOf(
                Combinators.combine(key, element).as((k, e) -> new MicroOp("append", k, e)),
                Combinators.combine(key, Arbitraries.longs().array(long[].class).ofMaxSize(6)).as((k, xs) -> MicroOp.read(k, Value.ints(xs))),
                key.map(k -> MicroOp.read(k, Value.NIL)),
                Combinators.combine(key, element).as((k, e) -> MicroOp.write(k, e)));
        Arbitrary<Value> txn = micro.list().ofMinSize(1).ofMaxSize(5).map(Value.Txn::new);
        Arbitrary<Value> oddTxn = Combinators.combine(txn, Arbitraries.longs()).as((t, x) -> {
            List<Value> items = new ArrayList<>();
            ((Value.Txn) t).ops().forEach(m -> items.add(Value.vec(Value.kw(m.f()), m.key(), m.value())));
            items.add(Value.of(x));
            items.add(Value.vec(Value.kw("r")));
            return new Value.Vec(items);
        });
        Arbitrary<Value> register = Arbitraries.oneOf(element, Arbitraries.just(Value.NIL),
                Combinators.combine(element, element).as(Value.Cas::new));
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(12);
        Arbitrary<Op[]> pair = Combinators.combine(Arbitraries.longs().between(0, 5), Arbitraries.of(OpType.OK, OpType.FAIL, OpType.INFO),
                Arbitraries.oneOf(txn.map(v -> new Object[] {"txn", v}), oddTxn.map(v -> new Object[] {"txn", v}),
                        register.map(v -> new Object[] {"read", v})),
                text.injectNull(0.7), Arbitraries.longs().between(0, 1_000_000)).as((p, outcome, fv, error, t) -> new Op[] {
                    new Op(-1, t, OpType.INVOKE, Value.of(p), (String) fv[0], (Value) fv[1], Value.of(p % 3), null),
                    new Op(-1, t + 1, outcome, Value.of(p), (String) fv[0], (Value) fv[1], null,
                            error == null ? null : Value.of(error))});
        Arbitrary<Op> nemesis = Combinators.combine(Arbitraries.of("start", "txn"), Arbitraries.oneOf(text.map(Value.Str::new), txn, oddTxn))
                .as((f, v) -> new Op(-1, -1, OpType.INFO, Value.kw("nemesis"), f, v, null, null));
        return Arbitraries.oneOf(pair, nemesis.map(n -> new Op[] {n})).list().ofMaxSize(20).map(groups -> {
            List<Op> ops = new ArrayList<>();
            long process = 0;
            for (Op[] g : groups) {
                if (g.length == 2) {
                    long p = process++;
                    ops.add(withProcess(g[0], p).withIndex(ops.size()));
                    ops.add(withProcess(g[1], p).withIndex(ops.size()));
                } else {
                    ops.add(g[0].withIndex(ops.size()));
                }
            }
            return ops;
        });
    }

    private static Op withProcess(Op op, long p) {
        return new Op(op.index(), op.timeNanos(), op.type(), Value.of(p), op.f(), op.value(), op.node(), op.error());
    }

    /** Any value, nested up to {@code depth}. */
    private static Arbitrary<Value> value(int depth) {
        Arbitrary<String> anyString = Arbitraries.strings().all().ofMaxLength(8);
        List<Arbitrary<Value>> leaves = List.of(
                Arbitraries.just(Value.NIL),
                Arbitraries.longs().map(Value.Int::new),
                Arbitraries.doubles().withSpecialValue(Double.NaN).withSpecialValue(-0.0)
                        .withSpecialValue(Double.longBitsToDouble(0x7ff8_0000_0000_0abcL)).map(Value.Real::new),
                Arbitraries.of(true, false).map(Value.Bool::new),
                anyString.map(Value.Str::new),
                anyString.map(Value.Kw::new),
                Combinators.combine(anyString, Arbitraries.longs(), anyString, Arbitraries.longs()).as(Value.LogRecord::new));
        Arbitrary<Value> leaf = Arbitraries.oneOf(leaves);
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Value> inner = value(depth - 1);
        Arbitrary<List<Value>> items = inner.list().ofMaxSize(4);
        return Arbitraries.oneOf(leaf, leaf,
                items.map(Value.Vec::new),
                Arbitraries.longs().array(long[].class).ofMaxSize(5).map(Value::ints),
                items.map(Value.SetOf::new),
                Combinators.combine(inner, inner).as(Value.Cas::new),
                Combinators.combine(inner, inner).as(Value.Keyed::new),
                Combinators.combine(inner.list().ofMaxSize(3), inner.list().ofMaxSize(3)).as(CompactHistoryProperties::dict),
                Combinators.combine(Arbitraries.of("append", "r", "w", "read"), inner, inner).as(MicroOp::new)
                        .list().ofMaxSize(4).map(Value.Txn::new));
    }

    private static Value dict(List<Value> keys, List<Value> values) {
        Map<Value, Value> m = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(keys.size(), values.size()); i++) {
            m.put(keys.get(i), values.get(i));
        }
        return new Value.Dict(m);
    }
}
