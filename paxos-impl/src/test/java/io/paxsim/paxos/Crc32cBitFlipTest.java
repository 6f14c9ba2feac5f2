package io.paxsim.paxos;

import io.paxsim.sim.random.RandomStream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Crc32cBitFlip} finds the bit that trying every bit with a checksum each finds, and no other. */
class Crc32cBitFlipTest {
    /** What recovery did before: flip each bit in index order, keep the first whose flip makes the checksum hold. */
    private static int bruteForce(byte[] bytes, int from, int length, int expected) {
        for (int bit = 0; bit < length * 8; bit++) {
            bytes[from + bit / 8] ^= (byte) (1 << (bit % 8));
            boolean valid = Codec.crc32c(bytes, from, length) == expected;
            bytes[from + bit / 8] ^= (byte) (1 << (bit % 8));
            if (valid) {
                return bit;
            }
        }
        return -1;
    }

    @Test
    void aSingleFlippedBitIsFoundWhereverItIs() {
        RandomStream random = RandomStream.derive(7, "crc-flip");
        for (int round = 0; round < 400; round++) {
            int length = 1 + (int) random.nextLong(round < 300 ? 64 : 4096);
            int from = (int) random.nextLong(9);
            byte[] bytes = randomBytes(random, from + length + 3);
            int crc = Codec.crc32c(bytes, from, length);
            int bit = (int) random.nextLong(length * 8L);
            bytes[from + bit / 8] ^= (byte) (1 << (bit % 8));
            assertEquals(bit, Crc32cBitFlip.find(bytes, from, length, crc), "length " + length + ", bit " + bit);
        }
    }

    @Test
    void itAgreesWithTryingEveryBitOnValidTwiceFlippedAndForeignSpans() {
        RandomStream random = RandomStream.derive(8, "crc-flip");
        int none = 0;
        for (int round = 0; round < 300; round++) {
            int length = (int) random.nextLong(round < 250 ? 40 : 700);
            byte[] bytes = randomBytes(random, length + 2);
            int crc = Codec.crc32c(bytes, 1, length);
            int kind = round % 3;
            if (kind == 1 && length > 0) {
                for (int k = 0; k < 2; k++) {
                    int bit = (int) random.nextLong(length * 8L);
                    bytes[1 + bit / 8] ^= (byte) (1 << (bit % 8));
                }
            } else if (kind == 2) {
                crc = (int) random.nextLong(1L << 32); // a checksum of other bytes (a torn or lost body)
            }
            int expected = bruteForce(bytes, 1, length, crc);
            none += expected < 0 ? 1 : 0;
            assertEquals(expected, Crc32cBitFlip.find(bytes, 1, length, crc), "round " + round + ", length " + length);
        }
        assertTrue(none > 100, "sometimes no single flip helps: " + none);
    }

    private static byte[] randomBytes(RandomStream random, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextLong(256);
        }
        return b;
    }
}
