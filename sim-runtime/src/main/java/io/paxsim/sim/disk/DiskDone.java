package io.paxsim.sim.disk;

import io.paxsim.sim.random.RandomStream;
import io.paxsim.sim.trace.StableHash;

/** Completion of an fsync: {@code ok} false means EIO, and durability of the writes is unknown. */
public record DiskDone(long requestId, String file, boolean ok) implements StableHash {
    @Override
    public long stableHash() {
        return RandomStream.mix64(requestId * 31 + RandomStream.fnv1a64Cached(file)) ^ (ok ? 1 : 0);
    }
}
