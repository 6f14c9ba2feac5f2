package io.paxsim.sim.net;

import io.paxsim.sim.random.RandomStream;
import io.paxsim.sim.trace.StableHash;

/** One-way network delay of a link, in nanoseconds; every model has a floor it never goes below. */
public sealed interface LatencyModel extends StableHash {
    long sampleNanos(RandomStream random);

    /** The smallest delay the model can produce: the protocol's floor per one-way hop. */
    long floorNanos();

    record Constant(long nanos) implements LatencyModel {
        public Constant {
            requireNonNegative("latency", nanos);
        }

        @Override
        public long sampleNanos(RandomStream random) {
            return nanos;
        }

        @Override
        public long stableHash() {
            return RandomStream.mix64(1 ^ nanos);
        }

        @Override
        public long floorNanos() {
            return nanos;
        }
    }

    record Uniform(long minNanos, long maxNanos) implements LatencyModel {
        public Uniform {
            requireNonNegative("minimum latency", minNanos);
            if (maxNanos < minNanos) {
                throw new IllegalArgumentException("latency max " + maxNanos + " < min " + minNanos);
            }
        }

        @Override
        public long sampleNanos(RandomStream random) {
            return minNanos == maxNanos ? minNanos : random.nextLong(minNanos, maxNanos + 1);
        }

        @Override
        public long floorNanos() {
            return minNanos;
        }

        @Override
        public long stableHash() {
            return RandomStream.mix64(RandomStream.mix64(2 ^ minNanos) ^ maxNanos);
        }
    }

    /** floor + Exp(mean); a long tail like a real network's. */
    record Exponential(long floorNanos, long meanExtraNanos) implements LatencyModel {
        public Exponential {
            requireNonNegative("latency floor", floorNanos);
            requireNonNegative("mean extra latency", meanExtraNanos);
        }

        @Override
        public long sampleNanos(RandomStream random) {
            return floorNanos + (long) Math.min(random.exponential(meanExtraNanos), (double) MAX_NANOS);
        }

        @Override
        public long stableHash() {
            return RandomStream.mix64(RandomStream.mix64(3 ^ floorNanos) ^ meanExtraNanos);
        }
    }

    /** floor + LogNormal with the given median and sigma of the underlying normal. */
    record LogNormal(long floorNanos, long medianExtraNanos, double sigma) implements LatencyModel {
        public LogNormal {
            requireNonNegative("latency floor", floorNanos);
            requireNonNegative("log-normal median", medianExtraNanos);
            if (medianExtraNanos == 0) {
                throw new IllegalArgumentException("log-normal median must be positive: " + medianExtraNanos);
            }
            if (!(sigma >= 0 && sigma <= 10)) {
                throw new IllegalArgumentException("log-normal sigma must be within 0..10: " + sigma);
            }
        }

        @Override
        public long sampleNanos(RandomStream random) {
            double extra = random.logNormalWithMedian(medianExtraNanos, sigma);
            return floorNanos + (long) Math.min(extra, (double) MAX_NANOS);
        }

        @Override
        public long stableHash() {
            long h = RandomStream.mix64(RandomStream.mix64(4 ^ floorNanos) ^ medianExtraNanos);
            return RandomStream.mix64(h ^ Double.doubleToLongBits(sigma));
        }
    }

    /** One hour: longer one-way delays are a configuration mistake, and time sums stay far from overflow. */
    long MAX_NANOS = 3_600_000_000_000L;

    private static void requireNonNegative(String what, long value) {
        if (value < 0 || value > MAX_NANOS) {
            throw new IllegalArgumentException(what + " must be within 0.." + MAX_NANOS + " ns (one hour): " + value);
        }
    }
}
