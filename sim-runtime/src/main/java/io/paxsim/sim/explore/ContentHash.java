package io.paxsim.sim.explore;

import io.paxsim.sim.random.RandomStream;
import io.paxsim.sim.trace.Trace;

/**
 * A 64-bit hash of a message's or timer's whole content, for state fingerprints. Protocol
 * payloads are records, whose {@code toString} spells out every component (nested records, lists,
 * enum names) the same way on every JVM; a {@code StableHash} may cover only part of the content
 * (it is made for trace hashes), so it is not used here. Arrays inside records print by identity:
 * such states then never merge, which costs deduplication, never soundness.
 */
final class ContentHash {
    private Object lastPayload;
    private long lastHash;

    /** Hashes {@code payload}; remembers the last one, since a broadcast sends one object n - 1 times. */
    long of(Object payload) {
        if (payload == null) {
            return 0;
        }
        if (payload == lastPayload) {
            return lastHash;
        }
        long h = RandomStream.mix64(Trace.typeHash(payload) ^ RandomStream.fnv1a64(payload.toString()));
        lastPayload = payload;
        lastHash = h;
        return h;
    }

    /** Makes this memo a copy of {@code o}'s (payloads are immutable records, shared). */
    void copyFrom(ContentHash o) {
        lastPayload = o.lastPayload;
        lastHash = o.lastHash;
    }

    static long mix(long a, long b) {
        return io.paxsim.sim.ExplicitStateHash.mix(a, b); // one definition (see there why + and not ^)
    }

    static long mix(long a, long b, long c) {
        return mix(mix(a, b), c);
    }

    static long mix(long a, long b, long c, long d) {
        return mix(mix(mix(a, b), c), d);
    }
}
