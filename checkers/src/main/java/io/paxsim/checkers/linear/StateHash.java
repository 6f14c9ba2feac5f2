package io.paxsim.checkers.linear;

/** Hash mixing for the search: SplitMix64's finaliser. */
final class StateHash {
    private StateHash() {
    }

    /** Spreads a call number or a state hash over 64 bits. */
    static long mix(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
