package io.paxsim.faults;

import io.paxsim.sim.random.RandomStream;

import java.util.Arrays;

/**
 * What a nemesis needs to know to write schedule entries for one run.
 *
 * @param replicaCount          number of replicas (2f+1)
 * @param durationNanos         length of the safety phase; no fault starts at or after it
 * @param quietStartNanos       no fault starts before this (let the cluster elect a leader first)
 * @param faultDurationMinNanos shortest fault (partition, crash, pause, burst ...)
 * @param faultDurationMaxNanos longest fault
 * @param rateMultiplier        scales every nemesis's rate (1 = the profile's rates)
 * @param storageFaultReplicas  replica indices allowed to carry storage faults (the fault atlas);
 *                              profiles choose them, at most f
 */
public record FaultContext(
        int replicaCount,
        long durationNanos,
        long quietStartNanos,
        long faultDurationMinNanos,
        long faultDurationMaxNanos,
        double rateMultiplier,
        int[] storageFaultReplicas) {

    public FaultContext {
        if (replicaCount < 1) {
            throw new IllegalArgumentException("replicaCount must be >= 1: " + replicaCount);
        }
        if (durationNanos <= 0 || quietStartNanos < 0 || faultDurationMinNanos < 0
                || faultDurationMaxNanos < faultDurationMinNanos) {
            throw new IllegalArgumentException("bad fault timing: duration " + durationNanos + ", quiet start "
                    + quietStartNanos + ", fault length [" + faultDurationMinNanos + ", " + faultDurationMaxNanos + "]");
        }
        if (!(rateMultiplier >= 0) || Double.isInfinite(rateMultiplier)) {
            throw new IllegalArgumentException("rateMultiplier must be >= 0 and finite: " + rateMultiplier);
        }
        storageFaultReplicas = storageFaultReplicas.clone();
    }

    /**
     * Defaults for a run: faults from min(duration/10, 500 ms) on, each lasting 50 ms to
     * min(2 s, duration/4) (never shorter than the minimum).
     */
    public static FaultContext of(int replicaCount, long durationNanos) {
        long min = 50_000_000L;
        long max = Math.max(min, Math.min(2_000_000_000L, durationNanos / 4));
        return new FaultContext(replicaCount, durationNanos, Math.min(durationNanos / 10, 500_000_000L),
                min, max, 1.0, new int[0]);
    }

    public FaultContext withRateMultiplier(double multiplier) {
        return new FaultContext(replicaCount, durationNanos, quietStartNanos, faultDurationMinNanos,
                faultDurationMaxNanos, multiplier, storageFaultReplicas);
    }

    public FaultContext withFaultDurationNanos(long min, long max) {
        return new FaultContext(replicaCount, durationNanos, quietStartNanos, min, max, rateMultiplier,
                storageFaultReplicas);
    }

    public FaultContext withQuietStartNanos(long quietStart) {
        return new FaultContext(replicaCount, durationNanos, quietStart, faultDurationMinNanos,
                faultDurationMaxNanos, rateMultiplier, storageFaultReplicas);
    }

    FaultContext withStorageFaultReplicas(int[] replicas) {
        return new FaultContext(replicaCount, durationNanos, quietStartNanos, faultDurationMinNanos,
                faultDurationMaxNanos, rateMultiplier, replicas);
    }

    @Override
    public int[] storageFaultReplicas() {
        return storageFaultReplicas.clone();
    }

    /** The f of 2f+1: how many replicas may fail (and carry storage faults) at once. */
    public int tolerance() {
        return (replicaCount - 1) / 2;
    }

    long drawFaultDurationNanos(RandomStream random) {
        return random.nextLong(faultDurationMinNanos, faultDurationMaxNanos + 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FaultContext c && c.replicaCount == replicaCount && c.durationNanos == durationNanos
                && c.quietStartNanos == quietStartNanos && c.faultDurationMinNanos == faultDurationMinNanos
                && c.faultDurationMaxNanos == faultDurationMaxNanos
                && Double.compare(c.rateMultiplier, rateMultiplier) == 0
                && Arrays.equals(c.storageFaultReplicas, storageFaultReplicas);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(durationNanos) * 31 + replicaCount;
    }

    @Override
    public String toString() {
        return "FaultContext[replicas=" + replicaCount + ", duration=" + Fmt.nanos(durationNanos) + ", quietStart="
                + Fmt.nanos(quietStartNanos) + ", faultLength=" + Fmt.nanos(faultDurationMinNanos) + ".."
                + Fmt.nanos(faultDurationMaxNanos) + ", storageFaultReplicas=" + Arrays.toString(storageFaultReplicas) + "]";
    }
}
