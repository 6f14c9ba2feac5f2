package io.paxsim.history;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A streaming reader of ops: {@link #next()} parses one op at a time, so a large file never has
 * to be in memory as text. Parse errors are {@link HistoryException}s carrying the source line.
 */
public interface HistoryReader extends Iterator<Op>, AutoCloseable {
    /** The 1-based line at which the op last returned by {@link #next()} starts. */
    long line();

    @Override
    void close() throws IOException;

    static HistoryReader open(Reader source, HistoryFormat format, ValueTyping typing) {
        return switch (format) {
            case EDN -> new EdnHistoryReader(source, typing);
            case JSONL -> new JsonlHistoryReader(source, typing);
            case JEPSEN_LOG -> new JepsenLogReader(source, typing);
        };
    }

    /** Reads and validates a whole file; errors name the file and line. */
    static History read(Path file, HistoryFormat format, ValueTyping typing) throws IOException {
        List<Op> ops = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try (HistoryReader reader = open(HistoryFormat.openText(file), format, typing)) {
            while (reader.hasNext()) {
                ops.add(reader.next());
                lines.add(reader.line());
            }
        } catch (HistoryException e) {
            throw located(file, e);
        }
        try {
            return History.of(ops, pos -> lines.get(pos));
        } catch (HistoryException e) {
            throw located(file, e);
        }
    }

    private static HistoryException located(Path file, HistoryException e) {
        return new HistoryException(file + (e.line() > 0 ? ":" + e.line() : "") + ": " + e.getMessage(), e.line());
    }

    /** As {@link #read(Path, HistoryFormat, ValueTyping)} with the format detected and Jepsen typing. */
    static History read(Path file) throws IOException {
        return read(file, HistoryFormat.detect(file), ValueTyping.JEPSEN);
    }
}
