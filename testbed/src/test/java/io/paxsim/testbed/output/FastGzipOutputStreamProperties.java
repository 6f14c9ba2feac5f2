package io.paxsim.testbed.output;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Every history paxsim writes goes through its own deflate, so a wrong code or distance there
 * would lose a history: any input, cut into any write sizes, must come back byte for byte through
 * the JDK's own gzip reader. Inputs are built from a few pieces repeated at random with random
 * bytes between them, which makes matches of every length and distance (and literals between).
 */
class FastGzipOutputStreamProperties {
    @Property(tries = 300)
    void anyBytesInAnyWriteSizesComeBackThroughTheJdksReader(@ForAll("inputs") byte[] input,
                                                              @ForAll("writeSizes") List<Integer> writeSizes) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (FastGzipOutputStream gz = new FastGzipOutputStream(file)) {
            int at = 0;
            for (int i = 0; at < input.length; i++) {
                int n = Math.min(input.length - at, writeSizes.get(i % writeSizes.size()));
                if (n == 1) {
                    gz.write(input[at] & 0xff);
                } else {
                    gz.write(input, at, n);
                }
                at += n;
            }
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(file.toByteArray()))) {
            assertArrayEquals(input, in.readAllBytes());
        }
    }

    @Provide
    Arbitrary<byte[]> inputs() {
        Arbitrary<byte[]> piece = Arbitraries.bytes().between((byte) 0, (byte) 7).array(byte[].class).ofMinSize(1).ofMaxSize(300);
        Arbitrary<List<byte[]>> pieces = piece.list().ofMinSize(1).ofMaxSize(6);
        Arbitrary<List<Integer>> picks = Arbitraries.integers().between(0, 1 << 20).list().ofMaxSize(3000);
        Arbitrary<Integer> noise = Arbitraries.integers().between(0, 8);
        Arbitrary<Long> seed = Arbitraries.longs();
        return Combinators.combine(pieces, picks, noise, seed).as(FastGzipOutputStreamProperties::assemble);
    }

    /** Pieces in the order {@code picks} names them, each followed by up to {@code noise} pseudo-random bytes. */
    private static byte[] assemble(List<byte[]> pieces, List<Integer> picks, int noise, long seed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long x = seed | 1;
        for (int pick : picks) {
            byte[] p = pieces.get(pick % pieces.size());
            int from = pick / pieces.size() % p.length;
            out.write(p, from, p.length - from);
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            for (int i = 0; i < Math.floorMod(x, noise + 1); i++) {
                out.write((int) (x >>> (8 * i)));
            }
        }
        return out.toByteArray();
    }

    @Provide
    Arbitrary<List<Integer>> writeSizes() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, 16), Arbitraries.integers().between(1, 70_000))
                .list().ofMinSize(1).ofMaxSize(8);
    }
}
