package io.paxsim.testbed.workload;

import io.paxsim.sim.random.RandomStream;

import java.util.Arrays;

/** Zipfian ranks in [0, n) by inverse CDF over a precomputed table (StrictMath: replays bit for bit). */
final class Zipf {
    private final double[] cumulative;

    Zipf(int n, double exponent) {
        if (n <= 0) {
            throw new IllegalArgumentException("zipf needs at least one item: " + n);
        }
        cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / StrictMath.pow(i + 1, exponent);
            cumulative[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= sum;
        }
    }

    int next(RandomStream random) {
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        int rank = i >= 0 ? i : -i - 1;
        return Math.min(rank, cumulative.length - 1);
    }
}
