package io.paxsim.checkers.linear;

import java.util.Arrays;

/**
 * The WGL memo: a set of (linearized-calls bitset, model state) pairs, open addressing. The
 * caller keeps an incremental hash of the bitset (XOR of per-call random words), so a lookup
 * costs one state hash plus, on a hash hit, one bitset comparison.
 */
final class StateCache {
    private long[] hashes;
    private long[][] bitsets;
    private Object[] states;
    private int size;
    private int mask;

    StateCache() {
        allocate(1 << 10);
    }

    private void allocate(int capacity) {
        hashes = new long[capacity];
        bitsets = new long[capacity][];
        states = new Object[capacity];
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    /** Adds (bits, state) and returns true if it was not present. {@code bits} is copied on insert. */
    boolean add(long bitsHash, long[] bits, Object state) {
        long h = bitsHash ^ mix(state.hashCode());
        int slot = (int) (h ^ (h >>> 32)) & mask;
        while (states[slot] != null) {
            if (hashes[slot] == h && Arrays.equals(bitsets[slot], bits) && states[slot].equals(state)) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        hashes[slot] = h;
        bitsets[slot] = bits.clone();
        states[slot] = state;
        if (++size * 2 > mask) {
            grow();
        }
        return true;
    }

    private void grow() {
        long[] oldHashes = hashes;
        long[][] oldBits = bitsets;
        Object[] oldStates = states;
        allocate(oldHashes.length * 2);
        for (int i = 0; i < oldHashes.length; i++) {
            if (oldStates[i] != null) {
                long h = oldHashes[i];
                int slot = (int) (h ^ (h >>> 32)) & mask;
                while (states[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                hashes[slot] = h;
                bitsets[slot] = oldBits[i];
                states[slot] = oldStates[i];
            }
        }
    }

    /** SplitMix64's finaliser: spreads a call number or a state hash over 64 bits. */
    static long mix(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
