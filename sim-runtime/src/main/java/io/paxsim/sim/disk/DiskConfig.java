package io.paxsim.sim.disk;

import io.paxsim.sim.random.RandomStream;
import io.paxsim.sim.trace.StableHash;

/**
 * The disk model of every node. What happens to unsynced writes at a crash is drawn per write:
 * with {@code crashLoseUnsyncedProbability} it is lost, else with {@code crashTearProbability} only
 * a prefix of its sectors reaches the platter, else it survives whole.
 *
 * @param fsyncLatencyMinNanos  lower bound of fsync latency
 * @param fsyncLatencyMaxNanos  upper bound (uniform in between)
 * @param capacityBytes         total bytes per node disk; writes past it fail with DISK_FULL
 * @param fsyncFailProbability  probability that an fsync completes with EIO
 * @param misdirectedWriteProbability probability that a write reaches the platter at a wrong sector
 */
public record DiskConfig(
        long fsyncLatencyMinNanos,
        long fsyncLatencyMaxNanos,
        long capacityBytes,
        double crashLoseUnsyncedProbability,
        double crashTearProbability,
        double fsyncFailProbability,
        double misdirectedWriteProbability) implements StableHash {

    public DiskConfig {
        if (fsyncLatencyMinNanos < 0 || fsyncLatencyMaxNanos < fsyncLatencyMinNanos) {
            throw new IllegalArgumentException("fsync latency range is invalid: ["
                    + fsyncLatencyMinNanos + ", " + fsyncLatencyMaxNanos + "]");
        }
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("disk capacity must be positive: " + capacityBytes);
        }
        checkProbability("crashLoseUnsyncedProbability", crashLoseUnsyncedProbability);
        checkProbability("crashTearProbability", crashTearProbability);
        checkProbability("fsyncFailProbability", fsyncFailProbability);
        checkProbability("misdirectedWriteProbability", misdirectedWriteProbability);
    }

    /** An NVMe-like disk: 50-150 us fsync, 1 GiB, unsynced writes may vanish or tear on a crash. */
    public static DiskConfig defaults() {
        return new DiskConfig(50_000, 150_000, 1L << 30, 0.3, 0.2, 0.0, 0.0);
    }

    public DiskConfig withFsyncFailProbability(double p) {
        return new DiskConfig(fsyncLatencyMinNanos, fsyncLatencyMaxNanos, capacityBytes,
                crashLoseUnsyncedProbability, crashTearProbability, p, misdirectedWriteProbability);
    }

    public DiskConfig withMisdirectedWriteProbability(double p) {
        return new DiskConfig(fsyncLatencyMinNanos, fsyncLatencyMaxNanos, capacityBytes,
                crashLoseUnsyncedProbability, crashTearProbability, fsyncFailProbability, p);
    }

    public DiskConfig withCapacityBytes(long bytes) {
        return new DiskConfig(fsyncLatencyMinNanos, fsyncLatencyMaxNanos, bytes,
                crashLoseUnsyncedProbability, crashTearProbability, fsyncFailProbability, misdirectedWriteProbability);
    }

    public DiskConfig withFsyncLatencyNanos(long min, long max) {
        return new DiskConfig(min, max, capacityBytes,
                crashLoseUnsyncedProbability, crashTearProbability, fsyncFailProbability, misdirectedWriteProbability);
    }

    /** Bits of every field, never their decimal rendering (Double.toString differs across JDKs). */
    @Override
    public long stableHash() {
        long h = RandomStream.mix64(fsyncLatencyMinNanos ^ 0x5DEECE66DL);
        h = RandomStream.mix64(h ^ fsyncLatencyMaxNanos);
        h = RandomStream.mix64(h ^ capacityBytes);
        h = RandomStream.mix64(h ^ Double.doubleToLongBits(crashLoseUnsyncedProbability));
        h = RandomStream.mix64(h ^ Double.doubleToLongBits(crashTearProbability));
        h = RandomStream.mix64(h ^ Double.doubleToLongBits(fsyncFailProbability));
        return RandomStream.mix64(h ^ Double.doubleToLongBits(misdirectedWriteProbability));
    }

    private static void checkProbability(String name, double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + p);
        }
    }
}
