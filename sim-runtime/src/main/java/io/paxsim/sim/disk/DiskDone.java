package io.paxsim.sim.disk;

/** Completion of an fsync: {@code ok} false means EIO, and durability of the writes is unknown. */
public record DiskDone(long requestId, String file, boolean ok) {
}
