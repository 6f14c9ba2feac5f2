package io.paxsim.sim;

import java.util.Arrays;

/**
 * A map from positive {@code long} keys to values, by open addressing with linear probing: a
 * node's pending timers, looked up at every timer event. {@code HashMap<Long, V>} boxed the key
 * on every lookup. Has no iteration order to leak: {@link #sortedKeys} is the only way to walk it.
 */
final class LongKeyedTable<V> {
    private static final long FREE = 0;
    private long[] keys = new long[16];
    private Object[] values = new Object[16];
    private int size;

    /**
     * Makes this table a copy of {@code o} with the same slots (so the same probe sequences), each
     * value replaced by {@code copyValue} of it.
     */
    @SuppressWarnings("unchecked")
    void copyFrom(LongKeyedTable<V> o, java.util.function.UnaryOperator<V> copyValue) {
        LongKeyedTable<V> t = this;
        t.keys = o.keys.clone();
        t.values = o.values.clone();
        t.size = o.size;
        for (int i = 0; i < t.values.length; i++) {
            if (t.values[i] != null) {
                t.values[i] = copyValue.apply((V) t.values[i]);
            }
        }
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                return (V) values[i];
            }
            if (k == FREE) {
                return null;
            }
        }
    }

    void put(long key, V value) {
        if (key <= 0) {
            throw new IllegalArgumentException("keys are positive: " + key);
        }
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != FREE && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (keys[i] == FREE) {
            size++;
        }
        keys[i] = key;
        values[i] = value;
    }

    /** Removes {@code key}; returns its value, or null when absent. */
    @SuppressWarnings("unchecked")
    V remove(long key) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != key) {
            if (keys[i] == FREE) {
                return null;
            }
            i = (i + 1) & mask;
        }
        V old = (V) values[i];
        size--;
        // Backward-shift deletion: pull later entries of the probe run into the hole.
        int hole = i;
        for (int j = (hole + 1) & mask; keys[j] != FREE; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = FREE;
        values[hole] = null;
        return old;
    }

    void clear() {
        Arrays.fill(keys, FREE);
        Arrays.fill(values, null);
        size = 0;
    }

    int size() {
        return size;
    }

    /** Every key, ascending. */
    long[] sortedKeys() {
        long[] out = new long[size];
        int n = 0;
        for (long k : keys) {
            if (k != FREE) {
                out[n++] = k;
            }
        }
        Arrays.sort(out);
        return out;
    }

    private static int slot(long key, int mask) {
        return (int) (key * 0x9E3779B97F4A7C15L >>> 40) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != FREE) {
                int i = slot(oldKeys[j], mask);
                while (keys[i] != FREE) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    /** The key slots (free ones 0), for hashing: read only. */
    long[] keysForHashing() {
        return keys;
    }

    /** The value slots matching {@link #keysForHashing}, for hashing: read only. */
    Object[] valuesForHashing() {
        return values;
    }
}
