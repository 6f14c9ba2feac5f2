package io.paxsim.history;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile and malformed input: each class of defect is a one-line error naming the line, never a crash. */
class ParserHardeningTest {
    private static History read(String text, HistoryFormat format) {
        return read(text.getBytes(StandardCharsets.UTF_8), format);
    }

    private static History read(byte[] bytes, HistoryFormat format) {
        return HistoryReader.read(new ByteArrayInputStream(bytes), format, ValueTyping.JEPSEN);
    }

    private static HistoryException rejected(String text, HistoryFormat format) {
        HistoryException e = assertThrows(HistoryException.class, () -> read(text, format));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "[".repeat(100_000);
        HistoryException edn = rejected(deep, HistoryFormat.EDN);
        assertTrue(edn.getMessage().contains("nested deeper than 1000"), edn.getMessage());
        HistoryException value = assertThrows(HistoryException.class, () -> EdnHistoryReader.parseValue(deep));
        assertTrue(value.getMessage().contains("nested deeper"), value.getMessage());
        HistoryException inOp = rejected("{:type :invoke, :process 0, :f :write, :value " + "[".repeat(100_000) + "}",
                HistoryFormat.EDN);
        assertTrue(inOp.getMessage().contains("nested deeper"), inOp.getMessage());
        HistoryException json = rejected("{\"type\":\"invoke\",\"process\":0,\"f\":\"write\",\"value\":" + "[".repeat(100_000),
                HistoryFormat.JSONL);
        assertTrue(json.getMessage().contains("nesting depth"), json.getMessage());
    }

    @Test
    void nonUtf8InputNamesTheLine() {
        byte[] bad = "{:type :invoke, :process 0, :f :write, :value 1}\n{:type :ok, :process 0, :f :write, :value \"x\u00ff\"}\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        for (HistoryFormat format : List.of(HistoryFormat.EDN, HistoryFormat.JEPSEN_LOG)) {
            HistoryException e = assertThrows(HistoryException.class, () -> read(bad, format));
            assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
            assertEquals(2, e.line(), format + ": " + e.getMessage());
        }
        byte[] json = "{\"type\":\"invoke\",\"process\":0,\"f\":\"write\",\"value\":1}\n{\"type\":\"ok\",\"process\":0,\"f\":\"write\",\"value\":\"x\u00ff\"}\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        HistoryException e = assertThrows(HistoryException.class, () -> read(json, HistoryFormat.JSONL));
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
        assertEquals(2, e.line(), e.getMessage());
    }

    @Test
    void utf8AndAByteOrderMarkRead() {
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        byte[] text = "[{:type :invoke, :process 0, :f :write, :value \"é€𝄞\"}]".getBytes(StandardCharsets.UTF_8);
        byte[] both = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, both, 0, 3);
        System.arraycopy(text, 0, both, 3, text.length);
        assertEquals(new Value.Str("é€𝄞"), read(both, HistoryFormat.EDN).ops().get(0).value());
    }

    @Test
    void duplicateOrBackwardsIndexIsBadInput() {
        for (HistoryFormat format : List.of(HistoryFormat.EDN, HistoryFormat.JSONL)) {
            String dup = ops(format, new long[] {0, 1, 1, 2}, new long[] {5, 6, 7, 8});
            HistoryException e = rejected(dup, format);
            assertTrue(e.getMessage().contains("duplicate :index 1"), e.getMessage());
            assertEquals(3, e.line());
            String back = ops(format, new long[] {0, 5, 3, 6}, new long[] {5, 6, 7, 8});
            assertTrue(rejected(back, format).getMessage().contains(":index goes backwards: 3 after :index 5 at line 2"));
        }
    }

    @Test
    void backwardsTimeOfOneProcessIsBadInput() {
        for (HistoryFormat format : List.of(HistoryFormat.EDN, HistoryFormat.JSONL)) {
            HistoryException e = rejected(ops(format, new long[] {0, 1, 2, 3}, new long[] {50, 60, 70, 65}), format);
            assertTrue(e.getMessage().contains(":time goes backwards for process 0: 65 after 70"), e.getMessage());
            assertEquals(4, e.line());
        }
    }

    @Test
    void timesOfDifferentProcessesMayInterleaveAsInJepsen() {
        String text = "{:index 0, :time 100, :type :invoke, :process 0, :f :read, :value nil}\n"
                + "{:index 1, :time 90, :type :invoke, :process 1, :f :read, :value nil}\n";
        assertEquals(2, read(text, HistoryFormat.EDN).size());
    }

    @Test
    void writeWithoutValueIsBadInput() {
        HistoryException edn = rejected("{:type :invoke, :process 0, :f :write}", HistoryFormat.EDN);
        assertTrue(edn.getMessage().contains("a :invoke :write op has no :value"), edn.getMessage());
        HistoryException json = rejected("{\"type\":\"invoke\",\"process\":0,\"f\":\"write\"}", HistoryFormat.JSONL);
        assertTrue(json.getMessage().contains("a :invoke :write op has no :value"), json.getMessage());
        assertEquals(1, read("{:type :invoke, :process 0, :f :write, :value nil}", HistoryFormat.EDN).size(),
                "an explicit nil is a value");
        assertEquals(1, read("{:type :invoke, :process :nemesis, :f :write}", HistoryFormat.EDN).size(),
                "nemesis ops are not client writes");
    }

    @Test
    void malformedEdnIsOneLineNamingTheLine() {
        assertEquals(2, rejected("[{:type :invoke, :process 0, :f :read, :value nil}\n{:type :ok :process}]", HistoryFormat.EDN).line());
        assertTrue(rejected("[{:type :invoke, :process 0, :f :read, :value \"abc", HistoryFormat.EDN).getMessage()
                .contains("ends inside a string"));
        assertTrue(rejected("{:type :invoke, :type :ok, :process 0, :f :read}", HistoryFormat.EDN).getMessage()
                .contains("duplicate map key :type"));
        assertTrue(rejected("[{:type :invoke, :process 0, :f :read, :value [1 2)}]", HistoryFormat.EDN).getMessage()
                .contains("unmatched ')'"));
        assertTrue(rejected("[1 2]", HistoryFormat.EDN).getMessage().contains("expected an op map, found 1 (Int)"));
    }

    @Test
    void truncatedJsonSaysWhereWithoutTheParsersSourceNote() {
        String message = rejected("{\"type\":\"invoke\"\n", HistoryFormat.JSONL).getMessage();
        assertTrue(message.contains("expected close marker for Object (start marker at [line: 1, column: 1])"), message);
        assertFalse(message.contains("Source") || message.contains("REDACTED"), message);
    }

    @Test
    void whatOnlyClojureReadsFallsBackToIt() {
        String text = "[{:type :invoke, :process 0, :f :write, :value \\a, :time 1}\n"
                + " {:type :ok, :process 0, :f :write, :value 1/2, :time 2}\n"
                + " {:type :invoke, :process 0, :f :write, :value 123456789012345678901234567890N}\n"
                + " {:type :ok, :process 0, :f :write, :value #uuid \"f81d4fae-7dec-11d0-a765-00a0c91e6bf6\"}]";
        History h = read(text, HistoryFormat.EDN);
        assertEquals(new Value.Str("a"), h.ops().get(0).value());
        assertEquals(new Value.Real(0.5), h.ops().get(1).value());
        assertEquals(new Value.Str("123456789012345678901234567890"), h.ops().get(2).value());
        assertEquals(new Value.Str("f81d4fae-7dec-11d0-a765-00a0c91e6bf6"), h.ops().get(3).value());
    }

    @Test
    void fastParserAgreesWithClojureEdnOnTheCorpus() throws IOException, URISyntaxException {
        Path fixtures = Path.of(ParserHardeningTest.class.getResource("/edn/").toURI());
        Path shared = Path.of("../../shared/reference/histories/knossos");
        for (Path root : List.of(fixtures, shared)) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".edn")).toList()) {
                    String text = Files.readString(file);
                    assertEquals(ClojureEdn.parseValue("[" + text + "]"), EdnHistoryReader.parseValue("[" + text + "]"),
                            file.toString());
                }
            }
        }
        String odd = "[#{1 2} (1 2.5 -3e2) {\"a\" true, :b/c false} sym #_ ignored #jepsen.history.Op{:x \"q\\n\\\"\\u00e9\"} -0 +7]";
        assertEquals(ClojureEdn.parseValue(odd), EdnHistoryReader.parseValue(odd));
    }

    private static String ops(HistoryFormat format, long[] index, long[] time) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < index.length; i++) {
            String type = i % 2 == 0 ? "invoke" : "ok";
            sb.append(format == HistoryFormat.EDN
                    ? "{:index " + index[i] + ", :time " + time[i] + ", :type :" + type + ", :process 0, :f :read, :value nil}\n"
                    : "{\"index\":" + index[i] + ",\"time\":" + time[i] + ",\"type\":\"" + type + "\",\"process\":0,\"f\":\"read\",\"value\":null}\n");
        }
        return sb.toString();
    }
}
