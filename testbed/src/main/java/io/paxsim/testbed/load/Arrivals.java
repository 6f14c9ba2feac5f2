package io.paxsim.testbed.load;

import io.paxsim.sim.random.RandomStream;

/**
 * Draws the next arrival of a non-homogeneous Poisson process by thinning (Lewis and Shedler):
 * candidates at the envelope rate, each kept with probability rate(t) / envelope.
 */
public final class Arrivals {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Arrivals() {
    }

    /**
     * The time of the next arrival after {@code nowNanos}, for one of {@code shareCount} equal
     * shares of the profile's rate.
     */
    public static long nextArrivalNanos(RateProfile profile, int shareCount, long nowNanos, RandomStream random) {
        double envelopePerSecond = profile.maxRate() / shareCount;
        assert envelopePerSecond > 0 : "rate envelope must be positive";
        double meanGapNanos = NANOS_PER_SECOND / envelopePerSecond;
        long t = nowNanos;
        for (int candidates = 0; candidates < 1_000_000; candidates++) {
            t += Math.max(1L, (long) random.exponential(meanGapNanos));
            double keep = profile.rateAt(t) / profile.maxRate();
            if (random.nextDouble() < keep) {
                return t;
            }
        }
        throw new AssertionError("thinning rejected a million candidates: rate profile " + profile.describe());
    }
}
