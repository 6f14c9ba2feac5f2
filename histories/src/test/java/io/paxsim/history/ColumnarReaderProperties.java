package io.paxsim.history;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The columnar reader ({@link ColumnarHistoryReader}, what {@link HistoryReader#read} uses) and the
 * op-by-op general readers give the same history or the same error (message and line) for the same
 * bytes: valid histories of every kind the workloads write, and the same text damaged at random
 * (a byte dropped, doubled or replaced), so every way out of the fast path is taken somewhere.
 */
class ColumnarReaderProperties {
    private static final String DAMAGE = "{}[]()\":;,#\\ \n0-9.enxé\u2003_";

    @Property(tries = 300)
    void sameAsTheGeneralReaders(@ForAll("histories") List<Op> ops, @ForAll int where,
                                 @ForAll @IntRange(min = 0, max = 3) int how, @ForAll("damage") char with) throws IOException {
        for (HistoryFormat format : List.of(HistoryFormat.EDN, HistoryFormat.JSONL)) {
            String text = write(ops, format);
            assertSameOutcome(text, format);
            if (!text.isEmpty()) {
                int at = Math.floorMod(where, text.length());
                String damaged = switch (how) {
                    case 0 -> text.substring(0, at) + text.substring(at + 1);
                    case 1 -> text.substring(0, at) + text.charAt(at) + text.substring(at);
                    case 2 -> text.substring(0, at) + with + text.substring(at + 1);
                    default -> text.substring(0, at) + with + text.substring(at);
                };
                assertSameOutcome(damaged, format);
            }
        }
    }

    @Example
    void jepsenFieldOrderAndOddOpsAgree() throws IOException {
        String edn = """
                [{:type :invoke, :f :txn, :value [[:append :x 1] [:r :y nil]], :time 5, :process 0, :index 0}
                 {:type :ok, :f :txn, :value [[:append :x 1] [:r :y [1 2]]], :time 9, :process 0, :index 1}
                 ; a comment
                 {:type :info, :f :start, :value [[:a :b 1]], :process :nemesis, :index 2}
                 #jepsen.history.Op{:type :invoke, :f :cas, :value [1 2], :process 1, :index 3, :time 10}
                 {:type :fail, :f :cas, :value [1 2], :process 1, :index 4, :time 11, :error "precondition \\"x\\""}
                 {:type :invoke, :f :write, :value "é", :process 2, :index 5, :node :n1, :extra #{1 2}}
                 {:type :ok, :f :write, :value "é", :process 2, :index 6, :node nil}
                 #_ {:type :bogus} {:type :invoke, :f :read, :value nil, :process 3, :index 7}]
                """;
        assertSameOutcome(edn, HistoryFormat.EDN);
        History h = HistoryReader.read(new ByteArrayInputStream(edn.getBytes(StandardCharsets.UTF_8)), HistoryFormat.EDN, ValueTyping.JEPSEN);
        assertEquals(8, h.size());
        assertEquals(new Value.Cas(Value.of(1), Value.of(2)), h.ops().get(3).value());
        assertEquals(7, h.lineOf(5));
        String jsonl = """
                {"index":0,"time":5,"type":"invoke","process":0,"f":"txn","value":[["append","x",1],["r","y",null]]}
                {"index":1,"time":9,"type":"ok","process":0,"f":"txn","value":[["append","x",1],["r","y",[1,2]]]}
                {"index":2,"type":"info","process":"nemesis","f":"start","value":"partition \\u00e9"}
                {"index":3,"type":"invoke","process":1,"f":"cas","value":[1,2],"node":null,"other":{"a":1}}
                {"index":4,"type":"ok","process":1,"f":"cas","value":[1,2],"error":null}
                """;
        assertSameOutcome(jsonl, HistoryFormat.JSONL);
    }

    private static void assertSameOutcome(String text, HistoryFormat format) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String general;
        String columnar;
        try {
            general = describe(HistoryReader.readOpByOp(new ByteArrayInputStream(bytes), format, ValueTyping.JEPSEN));
        } catch (HistoryException e) {
            general = "error at line " + e.line() + ": " + e.getMessage();
        }
        try {
            columnar = describe(HistoryReader.read(new ByteArrayInputStream(bytes), format, ValueTyping.JEPSEN));
        } catch (HistoryException e) {
            columnar = "error at line " + e.line() + ": " + e.getMessage();
        }
        assertEquals(general, columnar, format + " text:\n" + text);
    }

    /** Every op (EDN text, raw double bits aside) with its line. */
    private static String describe(History h) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < h.size(); i++) {
            Op op = h.ops().get(i);
            sb.append(h.lineOf(i)).append(' ').append(EdnHistoryWriter.format(op)).append(' ')
                    .append(op.value().getClass().getSimpleName()).append('\n');
        }
        return sb.toString();
    }

    @Provide
    Arbitrary<List<Op>> histories() {
        return new CompactHistoryProperties().clientHistories();
    }

    @Provide
    Arbitrary<Character> damage() {
        return Arbitraries.of(DAMAGE.chars().mapToObj(c -> (char) c).toArray(Character[]::new));
    }

    private static String write(List<Op> ops, HistoryFormat format) throws IOException {
        StringWriter out = new StringWriter();
        try (LineHistoryWriter w = format == HistoryFormat.EDN ? new EdnHistoryWriter(out) : new JsonlHistoryWriter(out)) {
            w.writeAll(ops);
        }
        return out.toString();
    }
}
