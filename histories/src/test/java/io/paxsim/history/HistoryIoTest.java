package io.paxsim.history;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryIoTest {
    private static Path resource(String name) throws URISyntaxException {
        return Path.of(HistoryIoTest.class.getResource("/edn/" + name).toURI());
    }

    private static List<Op> readAll(String text, HistoryFormat format) throws IOException {
        List<Op> ops = new ArrayList<>();
        try (HistoryReader r = HistoryReader.open(new StringReader(text), format, ValueTyping.JEPSEN)) {
            r.forEachRemaining(ops::add);
        }
        return ops;
    }

    @Test
    void readsKnossosVectorWithNemesisOps() throws Exception {
        History h = HistoryReader.read(resource("etcd.edn"));
        assertTrue(h.ops().stream().anyMatch(op -> !op.isClient()), "nemesis ops are kept");
        assertTrue(h.calls().stream().allMatch(c -> c.invoke().isClient()));
        assertEquals("acquire", h.calls().stream().filter(c -> c.f().equals("acquire")).findFirst().orElseThrow().f());
        assertTrue(h.calls().size() > 10);
    }

    @Test
    void readsListFormWithCasValues() throws Exception {
        History h = HistoryReader.read(resource("rethink-fail.edn"));
        Call first = h.calls().get(0);
        assertEquals(new Value.Cas(Value.of(1), Value.of(4)), first.invoke().value());
        assertEquals(OpType.FAIL, first.outcome());
    }

    @Test
    void readsMultiRegisterTransactions() throws Exception {
        History h = HistoryReader.read(resource("multi-register.edn"));
        Value.Txn txn = assertInstanceOf(Value.Txn.class, h.calls().get(0).invoke().value());
        assertEquals(new MicroOp("read", Value.kw("x"), Value.NIL), txn.ops().get(0));
    }

    @Test
    void readsOpsOnePerLineAndTaggedRecords() throws IOException {
        String text = """
                ; Jepsen 0.3 prints ops as records
                #jepsen.history.Op{:index 0, :time 5, :type :invoke, :process 0, :f :read, :value nil}
                {:index 1, :time 9, :type :ok, :process 0, :f :read, :value 3, :node "n1"}
                """;
        List<Op> ops = readAll(text, HistoryFormat.EDN);
        assertEquals(2, ops.size());
        assertEquals(Value.of(3), ops.get(1).value());
        assertEquals(Value.of("n1"), ops.get(1).node());
        assertEquals(5, ops.get(0).timeNanos());
    }

    @Test
    void ednRoundTripPreservesEveryField() throws IOException {
        List<Op> ops = sampleHistory().ops();
        StringWriter out = new StringWriter();
        try (EdnHistoryWriter w = new EdnHistoryWriter(out)) {
            w.writeAll(ops);
        }
        assertEquals(ops, readAll(out.toString(), HistoryFormat.EDN));
    }

    @Test
    void jsonlRoundTripPreservesTypedValues() throws IOException {
        List<Op> ops = sampleHistory().ops();
        StringWriter out = new StringWriter();
        try (JsonlHistoryWriter w = new JsonlHistoryWriter(out)) {
            w.writeAll(ops);
        }
        List<Op> back = readAll(out.toString(), HistoryFormat.JSONL);
        assertEquals(ops.size(), back.size());
        assertEquals(ops.get(0), back.get(0));
        assertEquals(new Value.Cas(Value.of(3), Value.of(4)), back.get(4).value());
        Value.Txn txn = assertInstanceOf(Value.Txn.class, back.get(7).value());
        assertEquals(Value.ints(1), txn.ops().get(1).value());
        assertEquals(OpType.INFO, back.get(5).type());
    }

    @Test
    void parseErrorsNameTheLine() {
        String text = "[{:type :invoke, :process 0, :f :read, :value nil}\n{:type :ok, :process 0, :f :read, :value [1 2}\n]";
        HistoryException e = assertThrows(HistoryException.class, () -> readAll(text, HistoryFormat.EDN));
        assertEquals(2, e.line());
        HistoryException json = assertThrows(HistoryException.class,
                () -> readAll("{\"type\":\"invoke\",\"process\":0,\"f\":\"read\"}\n{\"type\":\"bogus\"}\n", HistoryFormat.JSONL));
        assertEquals(2, json.line());
    }

    @Test
    void keysReadAsKeywordsFromEdnAndJsonLinesAlike() throws IOException {
        String edn = "{:type :invoke, :process 0, :f :write, :value [:x1 3]}\n"
                + "{:type :invoke, :process 1, :f :txn, :value [[:append :y 1] [:r 7 nil] [:r :z nil]]}\n";
        List<Op> fromEdn = readKeyed(edn, HistoryFormat.EDN);
        StringWriter jsonl = new StringWriter();
        try (JsonlHistoryWriter w = new JsonlHistoryWriter(jsonl)) {
            w.writeAll(fromEdn);
        }
        assertTrue(jsonl.toString().contains("[\"x1\",3]"), "JSON has no keywords: the writer spells :x1 as a string");
        List<Op> fromJsonl = readKeyed(jsonl.toString(), HistoryFormat.JSONL);
        assertEquals(new Value.Keyed(Value.kw("x1"), Value.of(3)), fromJsonl.get(0).value());
        assertEquals(fromEdn.get(0).value().toString(), fromJsonl.get(0).value().toString());
        Value.Txn txn = assertInstanceOf(Value.Txn.class, fromJsonl.get(1).value());
        assertEquals(Value.kw("y"), txn.ops().get(0).key());
        assertEquals(Value.of(7), txn.ops().get(1).key(), "non-string keys stay as they are");
    }

    private static List<Op> readKeyed(String text, HistoryFormat format) throws IOException {
        List<Op> ops = new ArrayList<>();
        try (HistoryReader r = HistoryReader.open(new StringReader(text), format, ValueTyping.KEYED)) {
            r.forEachRemaining(ops::add);
        }
        return ops;
    }

    @Test
    void errorsQuoteAtMostAnExcerptOfTheOffendingOp() {
        String huge = "x".repeat(5000);
        HistoryException json = assertThrows(HistoryException.class,
                () -> readAll("{\"format\":\"paxsim-faults/1\",\"comment\":\"" + huge + "\"}\n", HistoryFormat.JSONL));
        assertTrue(json.getMessage().length() < 200, json.getMessage());
        assertTrue(json.getMessage().contains("paxsim-faults/1") && json.getMessage().endsWith("…"), json.getMessage());
        HistoryException edn = assertThrows(HistoryException.class,
                () -> readAll("{:format \"" + huge + "\"}", HistoryFormat.EDN));
        assertTrue(edn.getMessage().length() < 200, edn.getMessage());
    }

    @Test
    void unterminatedVectorIsAnError() {
        assertThrows(HistoryException.class, () -> readAll("[{:type :invoke, :process 0, :f :read}", HistoryFormat.EDN));
    }

    @Test
    void validationRejectsOverlappingOpsOfOneProcess() {
        List<Op> ops = List.of(Op.invoke(0, "read", Value.NIL), Op.invoke(0, "write", Value.of(1)));
        HistoryException e = assertThrows(HistoryException.class, () -> History.of(ops));
        assertTrue(e.getMessage().contains("still outstanding"), e.getMessage());
    }

    @Test
    void validationRejectsMismatchedAndOrphanCompletions() {
        assertThrows(HistoryException.class, () -> History.of(List.of(
                Op.invoke(0, "read", Value.NIL), Op.ok(0, "write", Value.of(1)))));
        assertThrows(HistoryException.class, () -> History.of(List.of(Op.ok(0, "read", Value.of(1)))));
        assertThrows(HistoryException.class, () -> History.of(List.of(
                Op.invoke(0, "read", Value.NIL), Op.info(0, "read", Value.NIL), Op.invoke(0, "read", Value.NIL))));
    }

    @Test
    void recorderPairsAndLeavesOpenCallsIndeterminate() {
        History h = sampleHistory();
        assertEquals(4, h.calls().size());
        Call cas = h.calls().get(2);
        assertTrue(cas.isIndeterminate());
        assertEquals(7, h.calls().get(3).completionPosition());
        HistoryRecorder rec = new HistoryRecorder();
        rec.invoke(0, 0, "read", Value.NIL);
        assertThrows(IllegalStateException.class, () -> rec.invoke(1, 0, "read", Value.NIL));
        assertThrows(IllegalStateException.class, () -> rec.ok(2, 5, Value.NIL));
        Call open = rec.history().calls().get(0);
        assertNull(open.completion());
        assertFalse(open.outcome() == OpType.OK);
    }

    /** Porcupine's kv format (test_data/kv/*.txt): EDN maps with a {@code :key}, one per line, no brackets. */
    @Test
    void porcupineKvFilesLoadAsTheyAreWithTheirKeys() throws Exception {
        Path file = Files.createTempDirectory("porcupine-kv").resolve("c02-ok.txt");
        Files.writeString(file, String.join("\n",
                "{:process 0, :type :invoke, :f :append, :key \"0\", :value \"x 0 0 y\"}",
                "{:process 1, :type :invoke, :f :get, :key \"0\", :value nil}",
                "{:process 0, :type :ok, :f :append, :key \"0\", :value \"x 0 0 y\"}",
                "{:process 1, :type :ok, :f :get, :key \"0\", :value \"x 0 0 y\"}",
                "{:process 0, :type :invoke, :f :put, :key \"7\", :value \"x 0 1 y\"}",
                "{:process 0, :type :ok, :f :put, :key \"7\", :value \"x 0 1 y\"}", ""));
        assertEquals(HistoryFormat.EDN, HistoryFormat.detect(file));
        History h = HistoryReader.read(file);
        assertEquals(3, h.calls().size());
        for (Call c : h.calls()) {
            Value.Keyed kv = assertInstanceOf(Value.Keyed.class, c.invoke().value());
            assertInstanceOf(Value.Str.class, kv.key());
            assertTrue(List.of("get", "put", "append").contains(c.f()));
        }
        assertEquals(new Value.Keyed(Value.of("0"), Value.of("x 0 0 y")), h.calls().get(0).value());
        assertEquals(new Value.Keyed(Value.of("7"), Value.of("x 0 1 y")), h.calls().get(2).value());
    }

    @Test
    void contentSniffingTellsFormatsApart() throws IOException {
        Path dir = Files.createTempDirectory("sniff");
        Files.writeString(dir.resolve("a.txt"), "\n { \"type\":\"invoke\"}");
        Files.writeString(dir.resolve("b.txt"), "INFO  jepsen.util - 3\t:invoke\t:read\tnil\n");
        Files.writeString(dir.resolve("c.txt"), "notes about the test\n");
        assertEquals(HistoryFormat.JSONL, HistoryFormat.sniff(dir.resolve("a.txt")));
        assertEquals(HistoryFormat.JEPSEN_LOG, HistoryFormat.sniff(dir.resolve("b.txt")));
        assertNull(HistoryFormat.sniff(dir.resolve("c.txt")));
    }

    static History sampleHistory() {
        HistoryRecorder rec = new HistoryRecorder();
        rec.invoke(1_000, 0, "write", Value.of(3));
        rec.invoke(1_500, 1, "read", Value.NIL);
        rec.ok(2_000, 0, Value.of(3));
        rec.ok(2_500, 1, Value.of(3));
        rec.invoke(3_000, 2, "cas", Value.cas(3, 4));
        rec.info(3_500, 2, Value.cas(3, 4));
        rec.invoke(4_000, 3, "txn", Value.txn(MicroOp.append("x", 1), MicroOp.readList("x", (long[]) null)));
        rec.ok(5_000, 3, Value.txn(MicroOp.append("x", 1), MicroOp.readList("x", 1)));
        rec.event(6_000, "nemesis", "start", Value.of("partition"));
        return rec.history();
    }
}
