package io.paxsim.testbed.output;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FastGzipOutputStreamTest {

    @Test
    void emptyAndTinyInputsComeBackAsTheyWent() throws IOException {
        for (String s : new String[] {"", "x", "ab", "abc", "abcd", "abcdabcd", "aaaaaaaaaaaaaaaaaaaa"}) {
            byte[] in = s.getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(in, gunzip(gzip(in, 1)), s);
        }
    }

    @Test
    void historyLikeLinesRoundTripInAnyWriteSizesAndCompressAboutAsWellAsZlibAtItsFastestLevel() throws IOException {
        byte[] in = jsonLines(60_000); // ~6 MB: many windows slid, many blocks
        for (int writeSize : new int[] {1, 7, 4096, 61_000, 1 << 20, in.length}) {
            byte[] gz = gzip(in, writeSize);
            assertArrayEquals(in, gunzip(gz), "write size " + writeSize);
        }
        int zlib = zlibFastest(in).length;
        int ours = gzip(in, 1 << 16).length;
        // The matcher finds the lines' shared keys and number prefixes: a broken one (no matches, or
        // matches cut short) would be several times larger.
        assertTrue(ours < zlib * 5 / 4, "FastGzip " + ours + " bytes, zlib level 1 " + zlib);
    }

    @Test
    void incompressibleBytesRoundTripAcrossManyBlocks() throws IOException {
        byte[] in = new byte[3 * FastGzipOutputStream.BLOCK_TOKENS + 12_345];
        new SplittableRandom(7).nextBytes(in);
        assertArrayEquals(in, gunzip(gzip(in, 10_000)));
    }

    @Test
    void longRunsOfOneByteUseTheLongestMatchesAtDistanceOne() throws IOException {
        byte[] in = new byte[1 << 20];
        java.util.Arrays.fill(in, (byte) 'z');
        byte[] gz = gzip(in, 100_000);
        assertArrayEquals(in, gunzip(gz));
        assertTrue(gz.length < 4_000, gz.length + " bytes for 1 MiB of one byte");
    }

    @Test
    void fewSymbolsAndMatchesAtTheWindowsEdgeRoundTrip() throws IOException {
        // A 32 KiB random block repeated: every match is at the deflate window's largest distance.
        byte[] block = new byte[1 << 15];
        new SplittableRandom(3).nextBytes(block);
        byte[] in = new byte[block.length * 20];
        for (int i = 0; i < 20; i++) {
            System.arraycopy(block, 0, in, i * block.length, block.length);
        }
        assertArrayEquals(in, gunzip(gzip(in, 50_000)));
        byte[] twoSymbols = new byte[300_000];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < twoSymbols.length; i++) {
            twoSymbols[i] = (byte) (r.nextInt(50) == 0 ? 'b' : 'a');
        }
        assertArrayEquals(twoSymbols, gunzip(gzip(twoSymbols, 4096)));
    }

    @Test
    void theSameBytesGiveTheSameFile() throws IOException {
        byte[] in = jsonLines(5_000);
        assertArrayEquals(gzip(in, 1000), gzip(in, 77));
    }

    @Test
    void codeLengthsStayWithinTheLimitAndEveryCodeIsComplete() {
        // Fibonacci counts make an unlimited Huffman tree as deep as the alphabet is long.
        int[] freq = new int[40];
        freq[0] = 1;
        freq[1] = 1;
        for (int i = 2; i < freq.length; i++) {
            freq[i] = freq[i - 1] + freq[i - 2];
        }
        for (int limit : new int[] {7, 15}) {
            int[] lengths = new int[freq.length];
            FastGzipOutputStream.huffmanLengths(freq, lengths, limit);
            double kraft = 0;
            for (int len : lengths) {
                assertTrue(len >= 1 && len <= limit, "length " + len + " with limit " + limit);
                kraft += Math.pow(2, -len);
            }
            assertEquals(1.0, kraft, 1e-12, "a complete code");
        }
        int[] one = new int[19];
        one[5] = 9;
        int[] lengths = new int[19];
        FastGzipOutputStream.huffmanLengths(one, lengths, 7);
        assertEquals(1, lengths[5]);
        assertEquals(2, java.util.Arrays.stream(lengths).filter(l -> l == 1).count(), "a lone symbol gets a sibling");
    }

    @Test
    void runLengthCodingOfCodeLengthsExpandsBackToThem() {
        int[] lengths = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 5, 0, 0, 7, 7, 7};
        int[] symbols = new int[lengths.length];
        int[] extra = new int[lengths.length];
        int n = FastGzipOutputStream.runLengthCode(lengths, symbols, extra);
        java.util.List<Integer> back = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            switch (symbols[i]) {
                case 16 -> {
                    for (int k = 0; k < 3 + extra[i]; k++) {
                        back.add(back.get(back.size() - 1));
                    }
                }
                case 17 -> back.addAll(java.util.Collections.nCopies(3 + extra[i], 0));
                case 18 -> back.addAll(java.util.Collections.nCopies(11 + extra[i], 0));
                default -> back.add(symbols[i]);
            }
        }
        assertEquals(java.util.Arrays.stream(lengths).boxed().toList(), back);
    }

    /** The distance code is computed from the bit length, not looked up: every distance against RFC 1951's table (3.2.5). */
    @Test
    void everyDistanceGetsTheRfcsCode() {
        int[] base = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                4097, 6145, 8193, 12289, 16385, 24577, 32769};
        int code = 0;
        for (int distance = 1; distance <= 32768; distance++) {
            if (distance == base[code + 1]) {
                code++;
            }
            assertEquals(code, FastGzipOutputStream.distCode(distance - 1), "distance " + distance);
        }
    }

    @Test
    void writingAfterCloseFails() throws IOException {
        FastGzipOutputStream out = new FastGzipOutputStream(new ByteArrayOutputStream());
        out.close();
        assertThrows(IOException.class, () -> out.write(1));
    }

    /** Lines like a list-append history's: the same keys, numbers sharing prefixes with the lines before. */
    private static byte[] jsonLines(int n) {
        StringBuilder b = new StringBuilder();
        SplittableRandom r = new SplittableRandom(11);
        long time = 0;
        for (int i = 0; i < n; i++) {
            time += r.nextInt(400_000);
            b.append("{\"index\":").append(i).append(",\"time\":").append(time).append(",\"type\":\"")
                    .append(i % 2 == 0 ? "invoke" : "ok").append("\",\"process\":").append(r.nextInt(2000))
                    .append(",\"f\":\"txn\",\"value\":[");
            int micro = 1 + r.nextInt(4);
            for (int m = 0; m < micro; m++) {
                b.append(m > 0 ? "," : "").append(r.nextBoolean() ? "[\"append\",\"l" : "[\"r\",\"l")
                        .append(i / 50 + r.nextInt(8)).append("\",").append(r.nextInt(30)).append(']');
            }
            b.append("]}\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] gzip(byte[] in, int writeSize) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (FastGzipOutputStream out = new FastGzipOutputStream(bytes)) {
            for (int off = 0; off < in.length; off += writeSize) {
                int n = Math.min(writeSize, in.length - off);
                if (n == 1) {
                    out.write(in[off]);
                } else {
                    out.write(in, off, n);
                }
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] zlibFastest(byte[] in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            out.write(in);
        }
        return bytes.toByteArray();
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
