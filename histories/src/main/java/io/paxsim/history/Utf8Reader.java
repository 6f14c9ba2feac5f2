package io.paxsim.history;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * A strict UTF-8 decoder that names the line of a bad byte. The JDK's decoders either replace
 * bad input silently or throw a {@code MalformedInputException} that says neither where nor
 * what; a history that is not UTF-8 should say "line 12: not UTF-8" instead. ASCII, the bulk of
 * every history, takes a one-comparison fast path. A leading byte-order mark is skipped.
 * Single-threaded use only.
 */
final class Utf8Reader extends Reader {
    private final InputStream in;
    private final byte[] bytes = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean started;
    private long line = 1;

    Utf8Reader(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (pos == limit && !refill()) {
            return -1;
        }
        if (!started) {
            started = true;
            skipByteOrderMark();
        }
        int n = 0;
        while (n < length) {
            if (pos == limit && (n > 0 || !refill())) {
                break;
            }
            int b = bytes[pos];
            if (b >= 0) {
                if (b == '\n') {
                    line++;
                }
                target[offset + n++] = (char) b;
                pos++;
                continue;
            }
            int decoded = decodeMultiByte(target, offset + n, length - n);
            if (decoded == 0) {
                break;
            }
            n += decoded;
        }
        return n == 0 ? -1 : n;
    }

    private void skipByteOrderMark() throws IOException {
        if (ensure(3) && (bytes[pos] & 0xff) == 0xef && (bytes[pos + 1] & 0xff) == 0xbb && (bytes[pos + 2] & 0xff) == 0xbf) {
            pos += 3;
        }
    }

    /** Decodes one multi-byte sequence at {@link #pos}; 0 when it needs two chars and has room for one. */
    private int decodeMultiByte(char[] target, int at, int room) throws IOException {
        int lead = bytes[pos] & 0xff;
        int extra;
        int codePoint;
        int min;
        if (lead >= 0xc2 && lead <= 0xdf) {
            extra = 1;
            codePoint = lead & 0x1f;
            min = 0x80;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            extra = 2;
            codePoint = lead & 0x0f;
            min = 0x800;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            extra = 3;
            codePoint = lead & 0x07;
            min = 0x10000;
        } else {
            throw notUtf8(lead);
        }
        if (!ensure(extra + 1)) {
            throw new HistoryException("not UTF-8: the file ends inside a multi-byte character", line);
        }
        for (int i = 1; i <= extra; i++) {
            int b = bytes[pos + i] & 0xff;
            if ((b & 0xc0) != 0x80) {
                throw new HistoryException(String.format(java.util.Locale.ROOT,
                        "not UTF-8 (byte 0x%02x followed by 0x%02x, perhaps Latin-1); save the history as UTF-8", lead, b), line);
            }
            codePoint = (codePoint << 6) | (b & 0x3f);
        }
        if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
            throw notUtf8(lead);
        }
        if (codePoint >= 0x10000) {
            if (room < 2) {
                return 0;
            }
            target[at] = Character.highSurrogate(codePoint);
            target[at + 1] = Character.lowSurrogate(codePoint);
            pos += extra + 1;
            return 2;
        }
        target[at] = (char) codePoint;
        pos += extra + 1;
        return 1;
    }

    private HistoryException notUtf8(int b) {
        return new HistoryException(String.format(java.util.Locale.ROOT,
                "not UTF-8 (byte 0x%02x); save the history as UTF-8", b), line);
    }

    /** Makes at least {@code count} bytes available from {@link #pos}, unless the stream ends first. */
    private boolean ensure(int count) throws IOException {
        while (limit - pos < count) {
            if (eof) {
                return false;
            }
            System.arraycopy(bytes, pos, bytes, 0, limit - pos);
            limit -= pos;
            pos = 0;
            int n = in.read(bytes, limit, bytes.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }
        return true;
    }

    private boolean refill() throws IOException {
        if (eof) {
            return false;
        }
        pos = 0;
        limit = 0;
        while (limit == 0) {
            int n = in.read(bytes, 0, bytes.length);
            if (n < 0) {
                eof = true;
                return false;
            }
            limit = n;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
