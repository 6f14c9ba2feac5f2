package io.paxsim.checkers.durability;

import java.nio.charset.StandardCharsets;

/**
 * The cumulative checksum chain for replicated-log canaries (paxos-bugs.md): per stream s,
 * {@code C0 = H(s ‖ salt)} and {@code Ci = H(Ci-1 ‖ i ‖ len(p) ‖ p)}. Writers (the testbed's log
 * workload) and the {@link ChecksumChecker} must use exactly these functions.
 *
 * <p>H is 64-bit FNV-1a (offset basis 0xcbf29ce484222325, prime 0x100000001b3) over these bytes:
 * <ul>
 *   <li>{@code C0}: the stream name in UTF-8, then the salt as 8 bytes big-endian;</li>
 *   <li>{@code Ci}: {@code Ci-1} as 8 bytes big-endian, {@code i} as 8 bytes big-endian,
 *       {@code len(p)} as 4 bytes big-endian, then the payload bytes (a String payload is its UTF-8).</li>
 * </ul>
 * Records are numbered from 1. Because each checksum folds in its predecessor, a deleted,
 * duplicated or reordered record breaks the chain even when every record is intact by itself.
 */
public final class LogChecksum {
    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private LogChecksum() {
    }

    /** {@code C0} for a stream. */
    public static long initial(String stream, long salt) {
        long h = update(FNV_OFFSET_BASIS, stream.getBytes(StandardCharsets.UTF_8));
        return updateLong(h, salt);
    }

    /** {@code Ci} from {@code Ci-1}, the record's index and its payload. */
    public static long next(long previous, long index, byte[] payload) {
        long h = updateLong(FNV_OFFSET_BASIS, previous);
        h = updateLong(h, index);
        h = updateInt(h, payload.length);
        return update(h, payload);
    }

    /** As {@link #next(long, long, byte[])} with the payload's UTF-8 bytes. */
    public static long next(long previous, long index, String payload) {
        return next(previous, index, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Plain FNV-1a-64 of some bytes (also the replica-log fold {@code G_j = H(G_j-1 ‖ slot_j)} building block). */
    public static long fnv1a64(byte[] bytes) {
        return update(FNV_OFFSET_BASIS, bytes);
    }

    private static long update(long h, byte[] bytes) {
        for (byte b : bytes) {
            h ^= b & 0xFF;
            h *= FNV_PRIME;
        }
        return h;
    }

    private static long updateLong(long h, long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            h ^= (value >>> shift) & 0xFF;
            h *= FNV_PRIME;
        }
        return h;
    }

    private static long updateInt(long h, int value) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            h ^= (value >>> shift) & 0xFF;
            h *= FNV_PRIME;
        }
        return h;
    }
}
