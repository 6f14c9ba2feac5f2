package io.paxsim.history;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * A streaming reader of ops: {@link #next()} parses one op at a time, so a large file never has
 * to be in memory as text. Parse errors are {@link HistoryException}s carrying the source line.
 */
public interface HistoryReader extends Iterator<Op>, AutoCloseable {
    /** The 1-based line at which the op last returned by {@link #next()} starts. */
    long line();

    @Override
    void close() throws IOException;

    /** A reader of UTF-8 bytes; a byte that is not UTF-8 is an error naming its line. */
    static HistoryReader open(InputStream source, HistoryFormat format, ValueTyping typing) {
        return format == HistoryFormat.JSONL ? new JsonlHistoryReader(source, typing)
                : open(new Utf8Reader(source), format, typing);
    }

    static HistoryReader open(Reader source, HistoryFormat format, ValueTyping typing) {
        return switch (format) {
            case EDN -> new EdnHistoryReader(source, typing);
            case JSONL -> new JsonlHistoryReader(source, typing);
            case JEPSEN_LOG -> new JepsenLogReader(source, typing);
        };
    }

    /** Reads and validates a whole file; errors name the file and line. */
    static History read(Path file, HistoryFormat format, ValueTyping typing) throws IOException {
        try (InputStream in = HistoryFormat.openStream(file)) {
            return read(in, format, typing);
        } catch (HistoryException e) {
            throw located(file, e);
        }
    }

    /** Reads and validates a whole UTF-8 stream, then closes it; errors name the line. */
    static History read(InputStream in, HistoryFormat format, ValueTyping typing) {
        if (ColumnarHistoryReader.reads(format, typing)) {
            try (in) {
                return ColumnarHistoryReader.read(in, format, typing);
            } catch (IOException e) {
                throw new HistoryException("cannot read: " + e.getMessage());
            }
        }
        return readOpByOp(in, format, typing);
    }

    /** As {@link #read(InputStream, HistoryFormat, ValueTyping)}, one {@link Op} at a time (the general readers alone). */
    static History readOpByOp(InputStream in, HistoryFormat format, ValueTyping typing) {
        OpColumns ops = new OpColumns();
        long[] lines = new long[1024];
        try (HistoryReader reader = open(in, format, typing)) {
            while (reader.hasNext()) {
                int pos = ops.add(reader.next());
                if (pos >= lines.length) {
                    lines = java.util.Arrays.copyOf(lines, lines.length * 2);
                }
                lines[pos] = reader.line();
            }
        } catch (IOException e) {
            throw new HistoryException("cannot read: " + e.getMessage());
        }
        long[] lineOf = lines;
        return History.of(ops, pos -> lineOf[pos]);
    }

    private static HistoryException located(Path file, HistoryException e) {
        return new HistoryException(file + (e.line() > 0 ? ":" + e.line() : "") + ": " + e.getMessage(), e.line());
    }

    /** As {@link #read(Path, HistoryFormat, ValueTyping)} with the format detected and Jepsen typing. */
    static History read(Path file) throws IOException {
        return read(file, HistoryFormat.detect(file), ValueTyping.JEPSEN);
    }
}
