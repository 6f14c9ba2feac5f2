package io.paxsim.testbed.output;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A gzip stream (RFC 1952, one member) whose deflate (RFC 1951) is done here, in Java, for the run
 * directory's text: greedy LZ77 with one hash probe per position (the last position whose next four
 * bytes hashed alike; matches of 4 to 258 bytes within 32 KiB) and a dynamic Huffman block per
 * {@link #BLOCK_TOKENS} tokens.
 *
 * <p>Why not {@link java.util.zip.GZIPOutputStream} at zlib's fastest level: a 1M-op list-append
 * history is ~330 MB of JSON lines, and zlib spent ~1.2 s of CPU on it (~200 MB/s), about 11% of the
 * whole pipeline; this spends under 0.5 s (~700 MB/s). A history's lines repeat the previous
 * lines' keys, and their numbers share prefixes with the previous line's (index, time, process,
 * keys), which one probe of the most recent match finds as zlib's four do: the files came out 2%
 * larger than zlib's level 1 for list-append, 0.2% for register and 5% smaller for the log
 * workload (docs/performance.md, "la9"). Any gzip reader reads it ({@code GZIPInputStream},
 * {@code zcat}); the same bytes in give the same file out.
 *
 * <p>Where the time goes (docs/performance.md, "lw"): about ten tokens per history line, each a
 * chain of dependent loads (four bytes, their hash's head, the candidate's bytes, the match's
 * length) and a branch that goes either way (literal or match). So the parse is a small loop of its
 * own ({@link #parse}), and the Huffman pass turns every token into its bits with the same steps,
 * literal or match, and one 8-byte store ({@link #writeTokens}).
 *
 * <p>{@link #flush()} passes on only whole bytes already compressed (no sync point): the file is
 * read after {@link #close()}.
 */
public final class FastGzipOutputStream extends OutputStream {
    private static final int WINDOW = 1 << 15;
    /** New bytes compressed per pass, behind the window's {@link #WINDOW} bytes of history. */
    private static final int CHUNK = 1 << 18;
    private static final int MIN_MATCH = 4;
    private static final int MAX_MATCH = 258;
    private static final int HASH_BITS = 15;
    /** A head entry that no position's distance reaches. */
    private static final int NIL = -WINDOW - 1;
    /** Tokens (literals and matches) per Huffman block: enough to pay for its ~80-byte header. */
    static final int BLOCK_TOKENS = 1 << 16;
    /** Token symbols: the 256 literal bytes, then 256 + each match length up to {@link #MAX_MATCH}. */
    private static final int SYMBOLS = 256 + MAX_MATCH + 1;
    /** A literal token's distance code: one past the last real one, its code and extra bits empty. */
    private static final int NO_DISTANCE = 30;
    private static final int END_OF_BLOCK = 256;
    private static final int LITLEN_CODES = 286;
    private static final int DIST_CODES = 30;
    private static final int MAX_CODE_BITS = 15;
    private static final int MAX_CODE_LENGTH_BITS = 7;
    /** The order in which a dynamic block's header lists the code-length code's lengths (RFC 1951, 3.2.7). */
    private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
            67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
            5, 5, 5, 5, 0};
    private static final int[] DIST_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513,
            769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DIST_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10,
            11, 11, 12, 12, 13, 13};
    /** Per match length (3..258): its length code's index 0..28 (symbol 257 + index). */
    private static final byte[] LENGTH_INDEX = lengthIndex();
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final OutputStream out;
    private final CRC32 crc = new CRC32();
    private long inputBytes;

    /** History (up to {@link #WINDOW} bytes already compressed) then new bytes, from index 0 up to {@link #filled}. */
    private final byte[] window = new byte[WINDOW + CHUNK];
    private int filled;
    /** The first byte of {@link #window} not yet compressed. */
    private int next;
    /** Per hash of four bytes: the last position in {@link #window} that began with them, or {@link #NIL}. */
    private final int[] head = new int[1 << HASH_BITS];

    /**
     * The current block's tokens: a symbol (bits 0-9: a literal byte 0-255, or 256 + a match's length),
     * a match's distance code (bits 23-27; {@link #NO_DISTANCE} for a literal) and the distance's extra
     * bits (bits 10-22). {@link #writeTokens} turns one into its bits without a branch.
     */
    private final int[] tokens = new int[BLOCK_TOKENS];
    private int tokenCount;
    /** Per token symbol (a literal, or 256 + a match length): how often the block holds it. */
    private final int[] symbolFreq = new int[SYMBOLS];
    /** Per distance code: how often the block holds it. */
    private final int[] distFreq = new int[DIST_CODES];
    private final int[] litLenFreq = new int[LITLEN_CODES];
    private final int[] litLenLengths = new int[LITLEN_CODES];
    private final int[] distLengths = new int[DIST_CODES];
    private final int[] litLenCodes = new int[LITLEN_CODES];
    private final int[] distCodes = new int[DIST_CODES];
    /** Per token symbol: its code with a length's extra bits, and their width (filled per block). */
    private final int[] symbolBits = new int[SYMBOLS];
    private final int[] symbolWidth = new int[SYMBOLS];
    /** Per distance code and {@link #NO_DISTANCE}: its code, its width and the width with its extra bits (per block). */
    private final int[] distBits = new int[DIST_CODES + 1];
    private final int[] distCodeWidth = new int[DIST_CODES + 1];
    private final int[] distWidth = new int[DIST_CODES + 1];

    /**
     * A block's most bytes: its header (under 1 KiB) and 48 bits per token (a 258-byte match at the
     * longest distance), and 8 bytes more for {@link #putBitsUnchecked}'s whole-long store.
     */
    private static final int MAX_BLOCK_BYTES = 1024 + BLOCK_TOKENS * 6 + 8;
    private final byte[] buffer = new byte[2 * MAX_BLOCK_BYTES];
    private int buffered;
    /** Bits not yet in {@link #buffer}: at most 7 between writes ({@link #putBitsUnchecked} moves whole bytes out). */
    private long bits;
    private int bitCount;
    private boolean closed;

    public FastGzipOutputStream(OutputStream out) throws IOException {
        this.out = out;
        Arrays.fill(head, NIL);
        // As GZIPOutputStream writes it: no name, no time, OS "unknown".
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        crc.update(b, off, len);
        inputBytes += len;
        while (len > 0) {
            if (filled == window.length) {
                compress();
                slide();
            }
            int n = Math.min(len, window.length - filled);
            System.arraycopy(b, off, window, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        if (!closed) {
            drain();
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            compress();
            writeBlock(true);
            if (bitCount > 0) {
                putByte((int) bits); // the last byte, its unused high bits zero
            }
            bits = 0;
            bitCount = 0;
            putIntLe((int) crc.getValue());
            putIntLe((int) inputBytes);
            drain();
        } finally {
            closed = true;
            out.close();
        }
    }

    // ---- LZ77 ------------------------------------------------------------------------------

    /** Turns the window's new bytes into tokens, writing each block as it fills; a match ends at the last byte written so far. */
    private void compress() throws IOException {
        int end = filled;
        int p = next;
        while (true) {
            p = parse(p, end);
            if (tokenCount < BLOCK_TOKENS) {
                break;
            }
            writeBlock(false);
        }
        for (; p < end; p++) {
            addToken(window[p] & 0xff | NO_DISTANCE << 23);
        }
        next = end;
    }

    /**
     * Greedy LZ77 from {@code p} until the block's tokens are full or too few bytes are left to hash;
     * returns where it stopped. The block is written by the caller, not from inside this loop, so the
     * loop stays small enough for the JIT to keep its state in registers.
     */
    private int parse(int p, int end) {
        byte[] w = window;
        int[] h = head;
        int[] t = tokens;
        int[] symbols = symbolFreq;
        int[] distances = distFreq;
        int n = tokenCount;
        int lastHashable = end - MIN_MATCH;
        while (p <= lastHashable && n < BLOCK_TOKENS) {
            int four = (int) INT.get(w, p);
            int slot = hash(four);
            int candidate = h[slot];
            h[slot] = p;
            int distance = p - candidate;
            if (distance <= WINDOW && (int) INT.get(w, candidate) == four) {
                int length = matchLength(w, candidate + MIN_MATCH, p + MIN_MATCH, Math.min(end, p + MAX_MATCH)) + MIN_MATCH;
                int d = distance - 1;
                int code = distCode(d);
                t[n++] = code << 23 | (d - DIST_BASE[code] + 1) << 10 | 256 + length;
                symbols[256 + length]++;
                distances[code]++;
                // The match's last position is hashed too, so the next line's same bytes find this line.
                int last = p + length - 1;
                if (last <= lastHashable) {
                    h[hash((int) INT.get(w, last))] = last;
                }
                p += length;
            } else {
                int literal = w[p] & 0xff;
                t[n++] = literal | NO_DISTANCE << 23;
                symbols[literal]++;
                p++;
            }
        }
        tokenCount = n;
        return p;
    }

    private static int hash(int four) {
        return (four * 0x9E3779B1) >>> (32 - HASH_BITS);
    }

    private static int matchLength(byte[] w, int a, int b, int limit) {
        int start = b;
        while (b + 8 <= limit) {
            long x = (long) LONG.get(w, a) ^ (long) LONG.get(w, b);
            if (x != 0) {
                return b - start + (Long.numberOfTrailingZeros(x) >>> 3);
            }
            a += 8;
            b += 8;
        }
        while (b < limit && w[a] == w[b]) {
            a++;
            b++;
        }
        return b - start;
    }

    /** Keeps the last {@link #WINDOW} compressed bytes at the window's start and moves the hash heads with them. */
    private void slide() {
        int shift = filled - WINDOW;
        System.arraycopy(window, shift, window, 0, WINDOW);
        for (int i = 0; i < head.length; i++) {
            head[i] = Math.max(head[i] - shift, NIL);
        }
        filled = WINDOW;
        next = WINDOW;
    }

    /** A literal token outside {@link #parse} (the last bytes, too few to hash). */
    private void addToken(int token) throws IOException {
        symbolFreq[token & 0x3ff]++;
        tokens[tokenCount++] = token;
        if (tokenCount == BLOCK_TOKENS) {
            writeBlock(false);
        }
    }

    /**
     * The distance code of a distance - 1 (RFC 1951, 3.2.5): 0-3 as themselves, then two codes per
     * power of two, told apart by the bit below the highest. Computed rather than looked up: a table
     * needs a second index past 256, and that branch goes either way on a history's distances.
     */
    static int distCode(int d) {
        if (d < 4) {
            return d;
        }
        int highest = 31 - Integer.numberOfLeadingZeros(d);
        return 2 * highest + ((d >>> (highest - 1)) & 1);
    }

    // ---- Huffman blocks ----------------------------------------------------------------------

    /** Writes the tokens so far as one dynamic Huffman block (RFC 1951, 3.2.7), the last one if {@code last}. */
    private void writeBlock(boolean last) throws IOException {
        System.arraycopy(symbolFreq, 0, litLenFreq, 0, 256);
        Arrays.fill(litLenFreq, 256, LITLEN_CODES, 0);
        for (int length = MIN_MATCH; length <= MAX_MATCH; length++) {
            litLenFreq[257 + LENGTH_INDEX[length]] += symbolFreq[256 + length];
        }
        litLenFreq[END_OF_BLOCK] = 1;
        huffmanLengths(litLenFreq, litLenLengths, MAX_CODE_BITS);
        huffmanLengths(distFreq, distLengths, MAX_CODE_BITS);
        canonicalCodes(litLenLengths, litLenCodes);
        canonicalCodes(distLengths, distCodes);
        int litLenCount = lastNonZero(litLenLengths, 257);
        int distCount = lastNonZero(distLengths, 1);

        // The two code lengths' sequence, run-length coded with symbols 16-18.
        int[] all = new int[litLenCount + distCount];
        System.arraycopy(litLenLengths, 0, all, 0, litLenCount);
        System.arraycopy(distLengths, 0, all, litLenCount, distCount);
        int[] runSymbols = new int[all.length];
        int[] runExtra = new int[all.length];
        int runs = runLengthCode(all, runSymbols, runExtra);
        int[] clFreq = new int[19];
        for (int i = 0; i < runs; i++) {
            clFreq[runSymbols[i]]++;
        }
        int[] clLengths = new int[19];
        int[] clCodes = new int[19];
        huffmanLengths(clFreq, clLengths, MAX_CODE_LENGTH_BITS);
        canonicalCodes(clLengths, clCodes);
        int clCount = 19;
        while (clCount > 4 && clLengths[CODE_LENGTH_ORDER[clCount - 1]] == 0) {
            clCount--;
        }

        if (buffered > buffer.length - MAX_BLOCK_BYTES) {
            drain();
        }
        // From here to the block's end every write fits the buffer: no write checks it.
        putBits(last ? 1 : 0, 1);
        putBits(2, 2);
        putBits(litLenCount - 257, 5);
        putBits(distCount - 1, 5);
        putBits(clCount - 4, 4);
        for (int i = 0; i < clCount; i++) {
            putBits(clLengths[CODE_LENGTH_ORDER[i]], 3);
        }
        for (int i = 0; i < runs; i++) {
            int s = runSymbols[i];
            putBits(clCodes[s], clLengths[s]);
            switch (s) {
                case 16 -> putBits(runExtra[i], 2);
                case 17 -> putBits(runExtra[i], 3);
                case 18 -> putBits(runExtra[i], 7);
                default -> { }
            }
        }
        writeTokens();
        putBits(litLenCodes[END_OF_BLOCK], litLenLengths[END_OF_BLOCK]);
        tokenCount = 0;
        Arrays.fill(symbolFreq, 0);
        Arrays.fill(distFreq, 0);
    }

    /**
     * The block's tokens, each as one write: a literal's code, or a match's length code with its
     * extra bits and its distance code with its extra bits. Tables made per block give every token
     * symbol and distance code its bits; a literal's distance code is {@link #NO_DISTANCE}, whose
     * bits and width are zero, so literals and matches take the same steps (no branch to mispredict).
     */
    private void writeTokens() {
        for (int b = 0; b < 256; b++) {
            symbolBits[b] = litLenCodes[b];
            symbolWidth[b] = litLenLengths[b];
        }
        for (int length = MIN_MATCH; length <= MAX_MATCH; length++) {
            int li = LENGTH_INDEX[length];
            int codeLength = litLenLengths[257 + li];
            symbolBits[256 + length] = litLenCodes[257 + li] | (length - LENGTH_BASE[li]) << codeLength;
            symbolWidth[256 + length] = codeLength + LENGTH_EXTRA[li];
        }
        for (int dc = 0; dc < DIST_CODES; dc++) {
            distBits[dc] = distCodes[dc];
            distCodeWidth[dc] = distLengths[dc];
            distWidth[dc] = distLengths[dc] + DIST_EXTRA[dc];
        }
        int[] t = tokens;
        int[] sBits = symbolBits;
        int[] sWidth = symbolWidth;
        int[] dBits = distBits;
        int[] dCodeWidth = distCodeWidth;
        int[] dWidth = distWidth;
        for (int i = 0; i < tokenCount; i++) {
            int token = t[i];
            int symbol = token & 0x3ff;
            int dc = token >>> 23;
            int distance = dBits[dc] | ((token >>> 10) & 0x1fff) << dCodeWidth[dc];
            putBitsUnchecked(sBits[symbol] | (long) distance << sWidth[symbol], sWidth[symbol] + dWidth[dc]);
        }
    }

    /** How many leading entries to send: up to the last nonzero one, at least {@code min}. */
    private static int lastNonZero(int[] lengths, int min) {
        int n = lengths.length;
        while (n > min && lengths[n - 1] == 0) {
            n--;
        }
        return n;
    }

    /**
     * Code lengths as symbols 0-18: a length as itself, 16 repeats the previous length 3-6 times,
     * 17 and 18 are 3-10 and 11-138 zeros; returns how many symbols.
     */
    static int runLengthCode(int[] lengths, int[] symbols, int[] extra) {
        int n = 0;
        int i = 0;
        while (i < lengths.length) {
            int len = lengths[i];
            int run = 1;
            while (i + run < lengths.length && lengths[i + run] == len) {
                run++;
            }
            i += run;
            if (len == 0) {
                while (run >= 11) {
                    int r = Math.min(run, 138);
                    symbols[n] = 18;
                    extra[n++] = r - 11;
                    run -= r;
                }
                if (run >= 3) {
                    symbols[n] = 17;
                    extra[n++] = run - 3;
                    run = 0;
                }
            } else {
                symbols[n++] = len;
                run--;
                while (run >= 3) {
                    int r = Math.min(run, 6);
                    symbols[n] = 16;
                    extra[n++] = r - 3;
                    run -= r;
                }
            }
            while (run > 0) {
                symbols[n++] = len;
                run--;
            }
        }
        return n;
    }

    /**
     * Huffman code lengths for {@code freq}, none longer than {@code limit}: a tree built from the
     * leaves sorted by weight (ties by symbol, so the same counts give the same code); while it is too
     * deep, the weights are halved (a nonzero one stays nonzero) and it is built again. Every code is
     * complete: a lone used symbol gets a sibling of length 1 (zlib's inflate rejects an incomplete
     * code-length code), and an empty alphabet gets two codes of length 1.
     */
    static void huffmanLengths(int[] freq, int[] lengths, int limit) {
        int n = freq.length;
        Arrays.fill(lengths, 0);
        long[] leaves = new long[n];
        int m = 0;
        for (int s = 0; s < n; s++) {
            if (freq[s] > 0) {
                leaves[m++] = (long) freq[s] << 16 | s;
            }
        }
        if (m < 2) {
            int used = m == 1 ? (int) (leaves[0] & 0xffff) : 0;
            lengths[used] = 1;
            lengths[used == 0 ? 1 : 0] = 1;
            return;
        }
        Arrays.sort(leaves, 0, m);
        long[] weight = new long[2 * m - 1];
        int[] parent = new int[2 * m - 1];
        while (true) {
            for (int i = 0; i < m; i++) {
                weight[i] = leaves[i] >>> 16;
            }
            // Two queues: the sorted leaves, and inner nodes in the order made (their weights never decrease).
            int leaf = 0;
            int inner = m;
            for (int made = m; made < 2 * m - 1; made++) {
                int a = leaf < m && (inner >= made || weight[leaf] <= weight[inner]) ? leaf++ : inner++;
                int b = leaf < m && (inner >= made || weight[leaf] <= weight[inner]) ? leaf++ : inner++;
                weight[made] = weight[a] + weight[b];
                parent[a] = made;
                parent[b] = made;
            }
            int[] depth = new int[2 * m - 1];
            int deepest = 0;
            for (int node = 2 * m - 3; node >= 0; node--) {
                depth[node] = depth[parent[node]] + 1;
                if (node < m) {
                    deepest = Math.max(deepest, depth[node]);
                }
            }
            if (deepest <= limit) {
                for (int i = 0; i < m; i++) {
                    lengths[(int) (leaves[i] & 0xffff)] = depth[i];
                }
                return;
            }
            for (int i = 0; i < m; i++) {
                long w = leaves[i] >>> 16;
                leaves[i] = ((w + 1) >>> 1) << 16 | (leaves[i] & 0xffff);
            }
            Arrays.sort(leaves, 0, m);
        }
    }

    /** Canonical codes for {@code lengths} (RFC 1951, 3.2.2), bit-reversed: deflate sends a code's first bit first. */
    static void canonicalCodes(int[] lengths, int[] codes) {
        int[] count = new int[MAX_CODE_BITS + 1];
        for (int len : lengths) {
            count[len]++;
        }
        count[0] = 0;
        int[] nextCode = new int[MAX_CODE_BITS + 2];
        int code = 0;
        for (int bitsLong = 1; bitsLong <= MAX_CODE_BITS; bitsLong++) {
            code = (code + count[bitsLong - 1]) << 1;
            nextCode[bitsLong] = code;
        }
        for (int s = 0; s < lengths.length; s++) {
            int len = lengths[s];
            if (len != 0) {
                codes[s] = Integer.reverse(nextCode[len]++) >>> (32 - len);
            }
        }
    }

    // ---- bits out ----------------------------------------------------------------------------

    /** As {@link #putBitsUnchecked}, draining the buffer first when it might not have room. */
    private void putBits(int value, int n) throws IOException {
        if (buffered > buffer.length - 8) {
            drain();
        }
        putBitsUnchecked(value, n);
    }

    /**
     * Appends the low {@code n} bits (at most 56) of {@code value}, whose other bits are zero: one
     * 8-byte store of all pending bits, then the whole bytes among them count as written (the rest is
     * stored again next time). No branch on how many bits are pending; the buffer must have 8 bytes
     * of room.
     */
    private void putBitsUnchecked(long value, int n) {
        long b = bits | value << bitCount;
        int count = bitCount + n;
        LONG.set(buffer, buffered, b);
        int whole = count >>> 3;
        buffered += whole;
        bits = b >>> (whole << 3); // whole <= 7: a shift below 64
        bitCount = count & 7;
    }

    private void putByte(int b) throws IOException {
        if (buffered == buffer.length) {
            drain();
        }
        buffer[buffered++] = (byte) b;
    }

    private void putIntLe(int v) throws IOException {
        for (int i = 0; i < 4; i++) {
            putByte(v >>> (8 * i));
        }
    }

    private void drain() throws IOException {
        out.write(buffer, 0, buffered);
        buffered = 0;
    }

    private static byte[] lengthIndex() {
        byte[] index = new byte[MAX_MATCH + 1];
        for (int len = 3; len <= MAX_MATCH; len++) {
            int i = 0;
            while (i + 1 < LENGTH_BASE.length && LENGTH_BASE[i + 1] <= len) {
                i++;
            }
            index[len] = (byte) i;
        }
        return index;
    }
}
