package io.paxsim.paxos.api;

import java.nio.charset.StandardCharsets;

/**
 * The cumulative checksum a reader of a log-canary stream folds as it scans (paxos-bugs.md): per
 * stream s, {@code C0 = H(s ‖ salt)} and {@code Ci = H(Ci-1 ‖ i ‖ len(p) ‖ p)}, H 64-bit FNV-1a
 * over big-endian longs/ints and UTF-8 payloads. This is the formula the checkers' {@code LogChecksum}
 * documents; the two modules do not depend on each other, so a testbed test holds them equal.
 * The state machine folds with salt {@link #SALT}.
 */
public final class LogChain {
    public static final long SALT = 0;
    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private LogChain() {
    }

    /** {@code C0} of a stream. */
    public static long initial(String stream, long salt) {
        return updateLong(update(FNV_OFFSET_BASIS, stream.getBytes(StandardCharsets.UTF_8)), salt);
    }

    /** {@code Ci} from {@code Ci-1}, the record's index and its payload. */
    public static long next(long previous, long index, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        long h = updateLong(updateLong(FNV_OFFSET_BASIS, previous), index);
        for (int shift = 24; shift >= 0; shift -= 8) {
            h = (h ^ ((bytes.length >>> shift) & 0xFF)) * FNV_PRIME;
        }
        return update(h, bytes);
    }

    private static long update(long h, byte[] bytes) {
        for (byte b : bytes) {
            h = (h ^ (b & 0xFF)) * FNV_PRIME;
        }
        return h;
    }

    private static long updateLong(long h, long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            h = (h ^ ((value >>> shift) & 0xFF)) * FNV_PRIME;
        }
        return h;
    }
}
