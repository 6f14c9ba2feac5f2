package io.paxsim.sim.random;

/**
 * A deterministic pseudo-random stream (SplitMix64). Every random choice in a simulation is drawn
 * from one of these, derived from the root seed and a stable name, so adding a consumer never
 * shifts the draws of any other stream.
 *
 * <p>Transcendental functions use {@link StrictMath}: {@code Math.log} may be a JIT intrinsic whose
 * last bit differs from the interpreter's, which would break byte-identical replay.
 */
public final class RandomStream implements io.paxsim.sim.Copyable {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private final String name;
    private long state;
    private long draws;

    RandomStream(String name, long initialState) {
        this.name = name;
        this.state = initialState;
    }

    /** Explicit copy for the explorer (see {@link io.paxsim.sim.Copyable}). */
    @Override
    public RandomStream copy(io.paxsim.sim.Copyable.Copies copies) {
        RandomStream r = copies.remember(this, new RandomStream(name, state));
        r.draws = draws;
        return r;
    }

    /** Derives a stream from a root seed and a name; the same pair always gives the same stream. */
    public static RandomStream derive(long rootSeed, String name) {
        return new RandomStream(name, mix64(rootSeed ^ mix64(fnv1a64(name))));
    }

    public String name() {
        return name;
    }

    /** How many values this stream has produced; part of the run's determinism fingerprint. */
    public long draws() {
        return draws;
    }

    public long nextLong() {
        draws++;
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /**
     * Uniform in [0, bound), unbiased. Lemire's multiply-shift on 63-bit draws: the scaled draw
     * is the high part of {@code draw * bound}; a draw is rejected only when the low part falls in
     * the short biased zone, so the usual case costs a multiplication, not two divisions.
     */
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long draw = nextLong() >>> 1;
        long low = (draw * bound) & Long.MAX_VALUE;
        if (low < bound) {
            long threshold = (Long.MAX_VALUE - bound + 1) % bound;
            while (low < threshold) {
                draw = nextLong() >>> 1;
                low = (draw * bound) & Long.MAX_VALUE;
            }
        }
        return Math.multiplyHigh(draw, bound) << 1 | (draw * bound) >>> 63;
    }

    /** Uniform in [origin, bound). */
    public long nextLong(long origin, long bound) {
        if (bound <= origin) {
            throw new IllegalArgumentException("empty range [" + origin + ", " + bound + ")");
        }
        return origin + nextLong(bound - origin);
    }

    public int nextInt(int bound) {
        return (int) nextLong(bound);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    public double uniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    public boolean bernoulli(double probability) {
        if (probability <= 0) {
            return false;
        }
        if (probability >= 1) {
            return true;
        }
        return nextDouble() < probability;
    }

    /** Exponentially distributed with the given mean. */
    public double exponential(double mean) {
        return -mean * StrictMath.log(1.0 - nextDouble());
    }

    /**
     * Normal by Marsaglia's polar method: no trigonometry, and only the points inside the unit
     * circle are kept (about 79%), so each value costs one log and one square root.
     */
    public double normal(double mean, double stdDev) {
        double u;
        double v;
        double s;
        do {
            u = 2.0 * nextDouble() - 1.0;
            v = 2.0 * nextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        return mean + stdDev * u * StrictMath.sqrt(-2.0 * StrictMath.log(s) / s);
    }

    /** Log-normal: exp(N(mu, sigma)) where mu and sigma are of the underlying normal. */
    public double logNormal(double mu, double sigma) {
        return StrictMath.exp(normal(mu, sigma));
    }

    /** Log-normal given its median rather than mu: {@code median * exp(sigma * N(0, 1))}, one log cheaper. */
    public double logNormalWithMedian(double median, double sigma) {
        return median * StrictMath.exp(sigma * normal(0, 1));
    }

    public <T> T choice(java.util.List<T> options) {
        if (options.isEmpty()) {
            throw new IllegalArgumentException("choice from an empty list");
        }
        return options.get(nextInt(options.size()));
    }

    /** Fisher-Yates shuffle in place. */
    public <T> void shuffle(java.util.List<T> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            T tmp = list.get(i);
            list.set(i, list.get(j));
            list.set(j, tmp);
        }
    }

    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * {@link #fnv1a64}, remembered for short strings hashed over and over: every disk op and
     * fsync the trace records hashes its file name. A direct-mapped cache on the string's own
     * (content) hash; it is shared by parallel runs, which is safe because its entries are
     * immutable: a racing writer only costs the other thread a miss, never a wrong value.
     */
    public static long fnv1a64Cached(String s) {
        NameHash[] cache = NAME_HASHES;
        int i = s.hashCode() & (cache.length - 1);
        NameHash e = cache[i];
        if (e != null && (e.text == s || e.text.equals(s))) {
            return e.hash;
        }
        long h = fnv1a64(s);
        if (s.length() <= NAME_HASH_MAX_CHARS) {
            cache[i] = new NameHash(s, h);
        }
        return h;
    }

    private record NameHash(String text, long hash) {
    }

    private static final int NAME_HASH_MAX_CHARS = 64;
    private static final NameHash[] NAME_HASHES = new NameHash[256];

    /** FNV-1a over the UTF-16 code units: stable across JVMs, unlike identity hashes. */
    public static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
