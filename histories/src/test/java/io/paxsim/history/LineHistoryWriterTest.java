package io.paxsim.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The history writers buffer (no flush per op) yet never lose or tear an op: {@code out} only ever
 * receives whole lines, {@code flush()} and {@code close()} push them to the file, and an op that
 * fails half-way leaves the ops written before it intact when the writer is closed on that path.
 */
class LineHistoryWriterTest {
    /** A writer that records what reached it and how often it was flushed. */
    private static final class RecordingWriter extends Writer {
        final StringBuilder received = new StringBuilder();
        int flushes;
        boolean closed;

        @Override
        public void write(char[] chars, int offset, int count) {
            received.append(chars, offset, count);
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {
            flushes++;
            closed = true;
        }
    }

    private static List<Op> ops(int count) {
        HistoryRecorder rec = new HistoryRecorder();
        for (int i = 0; i < count; i++) {
            rec.invoke(1_000L * i, i % 5, "txn", Value.txn(MicroOp.append("k" + i % 7, i), MicroOp.readList("k" + i % 3, (long[]) null)));
            rec.ok(1_000L * i + 500, i % 5, Value.txn(MicroOp.append("k" + i % 7, i), MicroOp.readList("k" + i % 3, i)));
        }
        return rec.history().ops();
    }

    private static List<Op> read(String text, HistoryFormat format) throws IOException {
        List<Op> back = new ArrayList<>();
        try (HistoryReader r = HistoryReader.open(new StringReader(text), format, ValueTyping.JEPSEN)) {
            r.forEachRemaining(back::add);
        }
        return back;
    }

    /** A value nested past Jackson's write depth limit (1000): the JSON generator fails half-way through the op. */
    private static Value nestedTooDeep() {
        Value v = Value.of(1);
        for (int i = 0; i < 1_500; i++) {
            v = Value.vec(v);
        }
        return v;
    }

    @Test
    void jsonLinesReachOutWholeWithoutAFlushPerOp() throws IOException {
        List<Op> ops = ops(500);
        RecordingWriter out = new RecordingWriter();
        JsonlHistoryWriter w = new JsonlHistoryWriter(out);
        for (int i = 0; i < ops.size(); i++) {
            w.write(ops.get(i));
            assertTrue(out.received.toString().endsWith("\n"), "op " + i + " reached out whole, with its line break");
        }
        assertEquals(0, out.flushes, "no flush per op");
        assertEquals(ops, read(out.received.toString(), HistoryFormat.JSONL));
        w.flush();
        assertEquals(1, out.flushes);
        w.close();
        assertTrue(out.closed);
        assertEquals(ops, read(out.received.toString(), HistoryFormat.JSONL), "close adds nothing after the last op");
    }

    @Test
    void anOpFailingHalfWayLeavesNoPartialLineAndTheOthersIntact() throws IOException {
        List<Op> ops = ops(3);
        RecordingWriter out = new RecordingWriter();
        try (JsonlHistoryWriter w = new JsonlHistoryWriter(out)) {
            w.writeAll(ops.subList(0, 3));
            String before = out.received.toString();
            assertThrows(UncheckedIOException.class, () -> w.write(Op.invoke(9, "write", nestedTooDeep())));
            assertEquals(before, out.received.toString(), "nothing of the failed op reached out");
            w.writeAll(ops.subList(3, ops.size()));
        }
        assertEquals(ops, read(out.received.toString(), HistoryFormat.JSONL), "the writer goes on after a failed op");
    }

    @Test
    void closingOnAnErrorPathWritesEveryEarlierOpToTheFile(@TempDir Path dir) throws IOException {
        for (HistoryFormat format : List.of(HistoryFormat.JSONL, HistoryFormat.EDN)) {
            Path file = dir.resolve("history." + format.name());
            List<Op> ops = ops(2_000);
            RuntimeException failure = new IllegalStateException("the run failed");
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> {
                try (LineHistoryWriter w = writer(format, Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
                    w.writeAll(ops);
                    throw failure;
                }
            });
            assertEquals(failure, thrown);
            assertEquals(ops, read(Files.readString(file), format), format + ": complete up to the last op");
        }
    }

    @Test
    void flushPutsEveryWrittenOpInTheFileWhileTheWriterStaysOpen(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("history.jsonl");
        List<Op> ops = ops(2_000);
        try (JsonlHistoryWriter w = new JsonlHistoryWriter(new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16))) {
            w.writeAll(ops);
            long unflushedBytes = Files.size(file);
            w.flush();
            assertTrue(unflushedBytes < Files.size(file), "buffered: the last ops reach the file at the flush");
            assertEquals(ops, read(Files.readString(file), HistoryFormat.JSONL), "a reader of the open file sees every op");
        }
    }

    private static LineHistoryWriter writer(HistoryFormat format, Writer out) {
        return format == HistoryFormat.EDN ? new EdnHistoryWriter(out) : new JsonlHistoryWriter(out);
    }
}
