package io.paxsim.testbed.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * results.jsonl as an append-only log: one line per finished run, written in one call and forced
 * to disk before the run counts as done. Opening it recovers from a kill: a torn last line (no
 * newline) is cut off, every complete line is read back, and those runs are not run again.
 */
public final class ResultsLog implements AutoCloseable {
    public static final String FILE = "results.jsonl";

    private final Path file;
    private final Map<String, ObjectNode> rows;
    private final long tornBytes;
    private FileChannel channel;

    private ResultsLog(Path file, Map<String, ObjectNode> rows, long tornBytes) {
        this.file = file;
        this.rows = rows;
        this.tornBytes = tornBytes;
    }

    /** Reads what is there (cutting off a torn last line) and opens the file for appending. */
    public static ResultsLog open(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        Map<String, ObjectNode> rows = new LinkedHashMap<>();
        long torn = 0;
        if (Files.exists(file)) {
            byte[] bytes = Files.readAllBytes(file);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            torn = bytes.length - end;
            readRows(file, new String(bytes, 0, end, StandardCharsets.UTF_8), rows);
            if (torn > 0) {
                try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    c.truncate(end);
                    c.force(true);
                }
            }
        }
        ResultsLog log = new ResultsLog(file, rows, torn);
        log.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return log;
    }

    /** Reads a finished results.jsonl (of a shard, say) without opening it for writing. */
    public static Map<String, ObjectNode> read(Path file) throws IOException {
        Map<String, ObjectNode> rows = new LinkedHashMap<>();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n') + 1;
        readRows(file, text.substring(0, end), rows);
        return rows;
    }

    private static void readRows(Path file, String text, Map<String, ObjectNode> rows) {
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode row;
            try {
                row = SweepRows.JSON.readTree(line);
            } catch (IOException e) {
                throw new IllegalArgumentException(file + " line " + lineNo + " is not JSON; the file is damaged "
                        + "(only a torn last line is repaired)");
            }
            if (!(row instanceof ObjectNode o) || !row.hasNonNull("variant") || !row.hasNonNull("seed")) {
                throw new IllegalArgumentException(file + " line " + lineNo + " is not a sweep result row");
            }
            ObjectNode previous = rows.putIfAbsent(SweepRows.key(o), o);
            if (previous != null && !SweepRows.line(previous).equals(SweepRows.line(o))) {
                throw new IllegalArgumentException(file + " line " + lineNo + ": run " + SweepRows.key(o)
                        + " appears twice with different results");
            }
        }
    }

    public boolean done(String key) {
        synchronized (rows) {
            return rows.containsKey(key);
        }
    }

    /** Rows read back plus rows appended since, by key. */
    public Map<String, ObjectNode> rows() {
        synchronized (rows) {
            return new LinkedHashMap<>(rows);
        }
    }

    /** Bytes of a torn last line cut off when opening (0 when the file ended cleanly). */
    public long tornBytes() {
        return tornBytes;
    }

    /** Appends one row as one line and forces it to disk; from here on the run is done. */
    public void append(ObjectNode row) throws IOException {
        byte[] line = (SweepRows.line(row) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (rows) {
            if (rows.putIfAbsent(SweepRows.key(row), row) != null) {
                throw new IllegalStateException("run " + SweepRows.key(row) + " finished twice");
            }
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
