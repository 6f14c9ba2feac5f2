package io.paxsim.checkers.elle;

import java.util.Arrays;

/**
 * An open-addressing map from non-negative longs to ints, in two primitive arrays: what the
 * columnar checks key by (key id, element id) pairs instead of nested maps of boxed values.
 */
final class LongIntMap {
    private static final long EMPTY = -1;

    private long[] keys;
    private int[] values;
    private int size;

    LongIntMap() {
        this(16);
    }

    LongIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(keys, EMPTY);
    }

    static long pair(int high, int low) {
        assert high >= 0 && low >= 0 : "negative id " + high + ", " + low;
        return ((long) high << 32) | low;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The value of {@code key}, or {@code missing}. */
    int get(long key, int missing) {
        int slot = find(key);
        return keys[slot] == key ? values[slot] : missing;
    }

    /** Sets {@code key} to {@code value} (replacing any value it had). */
    void put(long key, int value) {
        int slot = find(key);
        if (keys[slot] != key) {
            keys[slot] = key;
            if (++size * 2 > keys.length) {
                values[slot] = value;
                grow();
                return;
            }
        }
        values[slot] = value;
    }

    /** The value of {@code key}; when absent, stores {@code value} and returns -1. */
    int putIfAbsent(long key, int value) {
        int slot = find(key);
        if (keys[slot] == key) {
            return values[slot];
        }
        keys[slot] = key; // at the slot just found, not found again as put would
        values[slot] = value;
        if (++size * 2 > keys.length) {
            grow();
        }
        return -1;
    }

    private int find(long key) {
        assert key != EMPTY;
        int mask = keys.length - 1;
        int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
        while (keys[slot] != EMPTY && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = find(oldKeys[i]);
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }
}
