package io.paxsim.sim.explore;

import java.util.Arrays;

/**
 * Visited states: an open-addressing table from 64-bit fingerprints to their search entry
 * (sleep set, depth, whether expanded). Primitive keys, no boxing, no iteration order to leak.
 * Not thread-safe: the explorer updates it only between (possibly parallel) expansion rounds.
 */
final class FingerprintTable {
    /** Search bookkeeping of one visited state. */
    static final class Entry {
        long[] sleep;
        int depth;
        boolean expanded;
        /** A terminal state's checks ran (a state expanded again is not counted again). */
        boolean terminalCounted;

        Entry(long[] sleep, int depth) {
            this.sleep = sleep;
            this.depth = depth;
        }
    }

    private long[] keys = new long[1 << 16];
    private Entry[] entries = new Entry[1 << 16];
    private boolean zeroPresent;
    private Entry zeroEntry;
    private int size;

    int size() {
        return size;
    }

    Entry get(long key) {
        if (key == 0) {
            return zeroPresent ? zeroEntry : null;
        }
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return entries[i];
            }
            if (keys[i] == 0) {
                return null;
            }
        }
    }

    boolean containsKey(long key) {
        return get(key) != null;
    }

    /** Adds {@code key}; the caller checked it is absent. */
    void put(long key, Entry entry) {
        if (key == 0) {
            zeroPresent = true;
            zeroEntry = entry;
            size++;
            return;
        }
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        insert(key, entry);
        size++;
    }

    private void insert(long key, Entry entry) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != 0) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        entries[i] = entry;
    }

    private void grow() {
        long[] oldKeys = keys;
        Entry[] oldEntries = entries;
        keys = new long[oldKeys.length * 2];
        entries = new Entry[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                insert(oldKeys[i], oldEntries[i]);
            }
        }
    }

    private static int slot(long key, int mask) {
        return (int) (key ^ key >>> 29) & mask;
    }

    /** Approximate bytes held, for the memory line of a report. */
    long approximateBytes() {
        return keys.length * 12L + size * 40L;
    }

    // ---- sleep sets: sorted arrays of (action key, footprint) pairs ----

    static final long[] EMPTY = new long[0];

    static boolean contains(long[] sleep, long key) {
        for (int i = 0; i < sleep.length; i += 2) {
            if (sleep[i] == key) {
                return true;
            }
        }
        return false;
    }

    /** Pairs of {@code a} whose key is also in {@code b}. */
    static long[] intersect(long[] a, long[] b) {
        long[] out = new long[a.length];
        int n = 0;
        for (int i = 0; i < a.length; i += 2) {
            if (contains(b, a[i])) {
                out[n++] = a[i];
                out[n++] = a[i + 1];
            }
        }
        return n == 0 ? EMPTY : Arrays.copyOf(out, n);
    }

    /** Pairs of {@code a} whose key is not in {@code b}. */
    static long[] minus(long[] a, long[] b) {
        long[] out = new long[a.length];
        int n = 0;
        for (int i = 0; i < a.length; i += 2) {
            if (!contains(b, a[i])) {
                out[n++] = a[i];
                out[n++] = a[i + 1];
            }
        }
        return n == 0 ? EMPTY : Arrays.copyOf(out, n);
    }
}
