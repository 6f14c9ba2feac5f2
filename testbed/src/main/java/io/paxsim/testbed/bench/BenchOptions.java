package io.paxsim.testbed.bench;

/**
 * How long to warm up and to measure, and the seed of the simulated workload.
 *
 * @param warmupMillis  wall-clock time run and discarded so the JIT has compiled the hot path
 * @param measureMillis wall-clock time measured after the warm-up
 * @param seed          seed of the simulated workload
 */
public record BenchOptions(long warmupMillis, long measureMillis, long seed) {
    public BenchOptions {
        if (warmupMillis < 0) {
            throw new IllegalArgumentException("warm-up must be >= 0 ms: " + warmupMillis);
        }
        if (measureMillis <= 0) {
            throw new IllegalArgumentException("measurement time must be > 0 ms: " + measureMillis);
        }
    }
}
