package io.paxsim.paxos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A sorted map from log slot to value for the window of slots a replica keeps (from its oldest
 * snapshot to the newest vote): a ring indexed by {@code slot & mask}, so a lookup is an array
 * read, not a walk down a tree of boxed keys. The ring spans the lowest to the highest key held,
 * so it suits keys that are dense in a sliding window, as log slots are; iteration is in slot
 * order, as a TreeMap's. Not thread-safe, like the replica that owns it.
 */
final class SlotMap<V> {
    private static final int MIN_CAPACITY = 16;
    private static final int SHRINK_ABOVE_CAPACITY = 1 << 16;
    private Object[] ring = new Object[MIN_CAPACITY];
    private long lo = 1;
    private long hi = 0; // lo > hi: empty; otherwise lo and hi are keys held
    private int size;
    /** Values replaced or removed so far: while it stands still, every value held before is still held, unchanged. */
    private long overwrites;

    int size() {
        return size;
    }

    /**
     * How many values were ever replaced or removed. Equal readings at two moments prove that every
     * slot held at the first is held at the second with the same value (only new slots came in).
     */
    long overwrites() {
        return overwrites;
    }

    boolean isEmpty() {
        return size == 0;
    }

    @SuppressWarnings("unchecked")
    V get(long slot) {
        return slot < lo || slot > hi ? null : (V) ring[index(slot)];
    }

    boolean containsKey(long slot) {
        return get(slot) != null;
    }

    /** The highest slot held; the map must not be empty. */
    long lastKey() {
        if (size == 0) {
            throw new java.util.NoSuchElementException("empty slot map");
        }
        return hi;
    }

    /** Sets the value at {@code slot}; returns the previous one, or null. */
    V put(long slot, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null value at slot " + slot);
        }
        V previous = get(slot);
        if (size == 0) {
            lo = slot;
            hi = slot;
        } else if (slot < lo || slot > hi) {
            long newLo = Math.min(lo, slot);
            long newHi = Math.max(hi, slot);
            ensureSpan(newLo, newHi);
            lo = newLo;
            hi = newHi;
        }
        ring[index(slot)] = value;
        if (previous == null) {
            size++;
        } else {
            overwrites++;
        }
        return previous;
    }

    V putIfAbsent(long slot, V value) {
        V previous = get(slot);
        if (previous == null) {
            put(slot, value);
        }
        return previous;
    }

    /** Removes every slot at or below {@code slot} (a TreeMap's {@code headMap(slot, true).clear()}). */
    void removeThrough(long slot) {
        if (size == 0 || slot < lo) {
            return;
        }
        long end = Math.min(slot, hi);
        for (long s = lo; s <= end; s++) {
            clear(s);
        }
        lo = end + 1;
        tighten();
    }

    /** Removes every slot above {@code slot}; true when something was removed. */
    boolean removeAfter(long slot) {
        if (size == 0 || slot >= hi) {
            return false;
        }
        int before = size;
        for (long s = Math.max(slot + 1, lo); s <= hi; s++) {
            clear(s);
        }
        hi = Math.max(slot, lo - 1);
        tighten();
        return size != before;
    }

    /** Values at slots in {@code (fromExclusive, toInclusive]}, in slot order (a copy: the map may change meanwhile). */
    List<V> valuesBetween(long fromExclusive, long toInclusive) {
        List<V> out = new ArrayList<>();
        if (size == 0 || fromExclusive >= hi) {
            return out;
        }
        long end = Math.min(toInclusive, hi);
        for (long s = Math.max(fromExclusive + 1, lo); s <= end; s++) {
            V v = get(s);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    /** Values at {@code fromInclusive} and above, in slot order. */
    List<V> valuesFrom(long fromInclusive) {
        return fromInclusive == Long.MIN_VALUE ? values() : valuesBetween(fromInclusive - 1, Long.MAX_VALUE);
    }

    /** All values, in slot order. */
    List<V> values() {
        return size == 0 ? new ArrayList<>() : valuesBetween(lo - 1, hi);
    }

    /** All slots held, in order. */
    List<Long> keys() {
        List<Long> out = new ArrayList<>(size);
        for (long s = lo; s <= hi && size > 0; s++) {
            if (get(s) != null) {
                out.add(s);
            }
        }
        return out;
    }

    void forEach(BiConsumer<Long, V> action) {
        for (long s : keys()) {
            action.accept(s, get(s));
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        forEach((s, v) -> b.append(b.length() > 1 ? ", " : "").append(s).append('=').append(v));
        return b.append('}').toString();
    }

    // ---- internals -------------------------------------------------------------------------

    private int index(long slot) {
        return (int) slot & (ring.length - 1);
    }

    private void clear(long slot) {
        int i = index(slot);
        if (ring[i] != null) {
            ring[i] = null;
            size--;
            overwrites++;
        }
    }

    /** After removals: lo and hi back on held keys (or empty), and a ring not much larger than its span. */
    private void tighten() {
        if (size == 0) {
            lo = 1;
            hi = 0;
            if (ring.length > SHRINK_ABOVE_CAPACITY) {
                ring = new Object[MIN_CAPACITY];
            }
            return;
        }
        while (ring[index(lo)] == null) {
            lo++;
        }
        while (ring[index(hi)] == null) {
            hi--;
        }
        // Shrink only a large ring left mostly empty (a long partition's window, say): a snapshot
        // that clears most of a small window is followed by the window growing back.
        long span = hi - lo + 1;
        if (ring.length > SHRINK_ABOVE_CAPACITY && span < ring.length / 8) {
            resize(capacityFor(span));
        }
    }

    private void ensureSpan(long newLo, long newHi) {
        long span = newHi - newLo + 1;
        if (span > ring.length) {
            resize(capacityFor(span));
        }
    }

    /** A power of two with room for twice the span, so a sliding window rarely resizes. */
    private static int capacityFor(long span) {
        if (span > (1 << 29)) {
            throw new IllegalStateException("slot map spans " + span + " slots");
        }
        return Math.max(MIN_CAPACITY, Integer.highestOneBit((int) (2 * span - 1)) << 1);
    }

    private void resize(int capacity) {
        Object[] old = ring;
        ring = new Object[capacity];
        if (size > 0) {
            for (long s = lo; s <= hi; s++) {
                Object v = old[(int) s & (old.length - 1)];
                if (v != null) {
                    ring[index(s)] = v;
                }
            }
        }
        Arrays.fill(old, null);
    }
}
