package io.paxsim.testbed.bench;

/**
 * One benchmark's figure.
 *
 * @param target     the bench target's name
 * @param operations operations completed while measuring
 * @param unit       what an operation is ("delivered messages")
 * @param elapsedNanos wall-clock time measured
 * @param cpuNanos   CPU time the measuring thread got meanwhile (less than wall time on a busy machine)
 * @param detail     anything else worth printing (a determinism fingerprint, say)
 */
public record BenchResult(String target, long operations, String unit, long elapsedNanos, long cpuNanos, String detail) {
    public double perSecond() {
        return operations / (elapsedNanos / 1e9);
    }

    /** Operations per second of CPU time: the one-core rate even when other processes share the core. */
    public double perCpuSecond() {
        return cpuNanos <= 0 ? perSecond() : operations / (cpuNanos / 1e9);
    }

    /** {@code runtime: 7,512,345 delivered messages/s (75,123,450 in 10.00 s) ...}. */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "%s: %,.0f %s/s wall-clock, %,.0f per CPU-second (%,d in %.2f s, %.0f%% CPU)%s",
                target, perSecond(), unit, perCpuSecond(), operations, elapsedNanos / 1e9,
                100.0 * cpuNanos / elapsedNanos, detail.isEmpty() ? "" : "; " + detail);
    }
}
