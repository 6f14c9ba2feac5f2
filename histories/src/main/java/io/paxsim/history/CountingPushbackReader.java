package io.paxsim.history;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;

/**
 * The PushbackReader {@code clojure.edn/read} needs, without the per-character locking of
 * {@link PushbackReader} and {@link java.io.LineNumberReader} (a third of EDN parse time on large
 * histories), counting lines for error messages. Single-threaded use only.
 */
final class CountingPushbackReader extends PushbackReader {
    private final Reader in;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private int pushedBack = -1;
    private long line = 1;

    CountingPushbackReader(Reader in) {
        super(in, 1);
        this.in = in;
    }

    long lineNumber() {
        return line;
    }

    @Override
    public int read() throws IOException {
        int c;
        if (pushedBack >= 0) {
            c = pushedBack;
            pushedBack = -1;
        } else {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return -1;
                }
            }
            c = buffer[position++];
        }
        if (c == '\n') {
            line++;
        }
        return c;
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
        int n = 0;
        while (n < length) {
            int c = read();
            if (c < 0) {
                return n == 0 ? -1 : n;
            }
            target[offset + n++] = (char) c;
        }
        return n;
    }

    @Override
    public void unread(int c) throws IOException {
        if (pushedBack >= 0) {
            throw new IOException("pushback buffer overflow");
        }
        if (c == '\n') {
            line--;
        }
        pushedBack = c;
    }

    @Override
    public boolean ready() throws IOException {
        return pushedBack >= 0 || position < limit || in.ready();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
