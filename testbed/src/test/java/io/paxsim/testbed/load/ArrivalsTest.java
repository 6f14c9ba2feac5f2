package io.paxsim.testbed.load;

import io.paxsim.sim.random.RandomStream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Thinning follows the rate profile: counts per window track the profile's rate. */
class ArrivalsTest {
    private static final long SECOND = 1_000_000_000L;

    private static long[] countPerSecond(RateProfile profile, int seconds, long seed) {
        RandomStream random = RandomStream.derive(seed, "test/arrivals");
        long[] counts = new long[seconds];
        long t = 0;
        while (true) {
            t = Arrivals.nextArrivalNanos(profile, 1, t, random);
            if (t >= seconds * SECOND) {
                return counts;
            }
            counts[(int) (t / SECOND)]++;
        }
    }

    @Test
    void constantRateGivesAboutThatManyArrivalsPerSecond() {
        long[] counts = countPerSecond(new RateProfile.Constant(2_000), 10, 1);
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        assertTrue(Math.abs(total - 20_000) < 600, "total " + total);
    }

    @Test
    void stepDoublesTheRateAtTheStep() {
        long[] counts = countPerSecond(new RateProfile.Step(1_000, 3_000, 5 * SECOND), 10, 2);
        long before = 0;
        long after = 0;
        for (int s = 0; s < 5; s++) {
            before += counts[s];
            after += counts[s + 5];
        }
        double ratio = (double) after / before;
        assertTrue(ratio > 2.7 && ratio < 3.3, "ratio " + ratio);
    }

    @Test
    void sinusoidPeaksAQuarterPeriodIn() {
        RateProfile p = new RateProfile.Sinusoid(1_000, 800, 4 * SECOND);
        long[] counts = countPerSecond(p, 8, 3);
        assertTrue(counts[0] + counts[4] > counts[2] + counts[6] + 1_000, java.util.Arrays.toString(counts));
        assertEquals(1_800, p.rateAt(SECOND), 1e-9);
    }

    @Test
    void sameSeedSameArrivals() {
        assertEquals(java.util.Arrays.toString(countPerSecond(new RateProfile.Bursts(500, 5_000, SECOND, SECOND / 10), 3, 9)),
                java.util.Arrays.toString(countPerSecond(new RateProfile.Bursts(500, 5_000, SECOND, SECOND / 10), 3, 9)));
    }
}
