package io.paxsim.faults;

import io.paxsim.sim.random.RandomStream;

/**
 * One line of a fault schedule: at {@code startNanos} (simulated time) {@code fault} hits
 * {@code targets}; it ends {@code durationNanos} later (0 for point faults such as bit rot).
 * {@code seed} drives every choice made when the entry is applied (which node is "random-node",
 * which bit rots), so an entry behaves the same wherever it sits in a shrunk schedule.
 */
public record ScheduleEntry(long startNanos, Fault fault, Target targets, long durationNanos, long seed) {
    public ScheduleEntry {
        if (startNanos < 0 || durationNanos < 0) {
            throw new IllegalArgumentException("start and duration must be >= 0: " + startNanos + ", " + durationNanos);
        }
        if (fault == null || targets == null) {
            throw new IllegalArgumentException("a schedule entry needs a fault and targets");
        }
    }

    public long endNanos() {
        return startNanos + durationNanos;
    }

    /** e.g. {@code @1200.000ms for 300.000ms crash-restart -> leader}. */
    public String describe() {
        return "@" + Fmt.nanos(startNanos) + " for " + Fmt.nanos(durationNanos) + " " + fault.describe()
                + " -> " + targets.format();
    }

    /** A content hash stable across JVMs (no identity or enum hashes, no printed doubles). */
    public long stableHash() {
        long h = RandomStream.fnv1a64(describe());
        return RandomStream.mix64(h ^ seed);
    }

    RandomStream targetStream() {
        return RandomStream.derive(seed, "targets");
    }

    RandomStream effectStream() {
        return RandomStream.derive(seed, "effect");
    }
}
