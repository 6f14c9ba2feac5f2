package io.paxsim.paxos;

/**
 * Finds the one flipped bit that makes a CRC32C-checked span valid, from the checksum's difference,
 * in one pass over the span's bits: no checksum per bit tried.
 *
 * <p>Why it works: CRC32C is linear over GF(2), so for two spans of equal length
 * {@code crc(a) ^ crc(b)} depends only on {@code a ^ b} (the start and final xor cancel). Flipping
 * bit {@code j} (0 = least significant) of byte {@code k} of an {@code n}-byte span changes the
 * checksum by the raw register (start 0) after that one bit and the {@code 8 * (n - k)} register
 * steps that follow it. The reflected CRC feeds a byte's bits least significant first, so going one
 * bit back from the span's last bit adds exactly one register step. Trying bits with a checksum
 * each (what recovery did) cost {@code 8n} checksums of {@code n} bytes: a torn 1 KB WAL body took
 * 8,000 checksums of 1 KB in each mirror, a third of a list-append run's recovery.
 */
final class Crc32cBitFlip {
    /** CRC-32C's polynomial, bit-reflected (as {@link java.util.zip.CRC32C} computes it). */
    private static final int REFLECTED_POLYNOMIAL = 0x82F63B78;

    private Crc32cBitFlip() {
    }

    /**
     * The lowest bit index ({@code byte * 8 + bit}, bits from the least significant) whose flip alone
     * makes {@code crc32c(bytes[from, from + length)) == expected}, or -1 when no single flip does
     * (the span is already valid, or needs more than one flip). The lowest, as trying bits in
     * index order finds first; below CRC-32C's period at most one bit can match anyway.
     */
    static int find(byte[] bytes, int from, int length, int expected) {
        int syndrome = Codec.crc32c(bytes, from, length) ^ expected;
        if (syndrome == 0) {
            return -1;
        }
        int found = -1;
        int change = afterSteps(0x80, Byte.SIZE); // bit 7 of the last byte: the last bit fed in
        for (int bit = length * Byte.SIZE - 1; bit >= 0; bit--) {
            if (change == syndrome) {
                found = bit;
            }
            change = step(change);
        }
        return found;
    }

    /** One step of the reflected register with a zero bit fed in. */
    private static int step(int register) {
        return (register >>> 1) ^ (-(register & 1) & REFLECTED_POLYNOMIAL);
    }

    private static int afterSteps(int register, int steps) {
        for (int i = 0; i < steps; i++) {
            register = step(register);
        }
        return register;
    }
}
