package io.paxsim.paxos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A sorted map from log slot to value for the window of slots a replica keeps (from its oldest
 * snapshot to the newest vote): a ring indexed by {@code slot & mask}, so a lookup is an array
 * read, not a walk down a tree of boxed keys. The ring spans the lowest to the highest key held,
 * so it suits keys that are dense in a sliding window, as log slots are; iteration is in slot
 * order, as a TreeMap's. Slots far apart (a rotted record or snapshot claiming slot 2^44 beside
 * the live window) would leave a ring mostly empty, or too large to allocate: while the span is
 * more than {@value #SPARSE_SPAN_RATIO} times the slots held (and past {@value #MIN_SPARSE_SPAN}), the
 * slots live in a TreeMap instead, and go back to a ring once the span fits again. Not
 * thread-safe, like the replica that owns it.
 */
final class SlotMap<V> implements io.paxsim.sim.NodeStateHash {
    private static final int MIN_CAPACITY = 16;
    /** The ring of a map that never held a slot (shared: nothing is ever written to an empty array). */
    private static final Object[] NO_RING = new Object[0];
    private static final int SHRINK_ABOVE_CAPACITY = 1 << 16;
    /** Spans up to this always fit a ring; past it a ring needs one slot held per this many it spans. */
    private static final long MIN_SPARSE_SPAN = 1 << 16;
    private static final long SPARSE_SPAN_RATIO = 64;
    private static final long MAX_RING_SPAN = 1 << 28;
    private Object[] ring;
    private long lo = 1;
    private long hi = 0; // lo > hi: empty; otherwise lo and hi are keys held
    private int size;
    /** Values replaced or removed so far: while it stands still, every value held before is still held, unchanged. */
    private long overwrites;
    /** Non-null: the slots are held here, not in the ring (they lie too far apart for one). */
    private TreeMap<Long, V> sparse;

    /** Makes this map a copy of {@code o}, same layout; values are immutable (ballots, batches, entries), shared. */
    void copyFrom(SlotMap<V> o) {
        ring = o.ring.length == 0 ? NO_RING : o.ring.clone();
        lo = o.lo;
        hi = o.hi;
        size = o.size;
        overwrites = o.overwrites;
        sparse = o.sparse == null ? null : new TreeMap<>(o.sparse);
    }

    /**
     * A new map holds no ring until its first put: the explorer copies a replica by first constructing
     * it (every map empty) and then copying each map in, and many maps stay empty on a short path.
     */
    SlotMap() {
        ring = NO_RING;
    }

    /** A copy of {@code o} (see {@link #copyFrom}), its ring cloned, not first made empty. */
    private SlotMap(SlotMap<V> o) {
        copyFrom(o);
    }

    /** A copy of this map (see {@link #copyFrom}). */
    SlotMap<V> copy() {
        return new SlotMap<>(this);
    }

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
        if (slot < lo || slot > hi) {
            return null;
        }
        return sparse != null ? sparse.get(slot) : (V) ring[index(slot)];
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
            if (sparse == null && ring.length == 0) {
                ring = new Object[MIN_CAPACITY];
            }
        } else if (slot < lo || slot > hi) {
            long newLo = Math.min(lo, slot);
            long newHi = Math.max(hi, slot);
            if (sparse == null && !ringFits(newLo, newHi, size + 1)) {
                toSparse();
            } else if (sparse == null) {
                ensureSpan(newLo, newHi);
            }
            lo = newLo;
            hi = newHi;
        }
        if (sparse != null) {
            sparse.put(slot, value);
        } else {
            ring[index(slot)] = value;
        }
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
        if (sparse != null) {
            clearSparse(sparse.headMap(end, true));
        } else {
            for (long s = lo; s <= end; s++) {
                clear(s);
            }
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
        if (sparse != null) {
            clearSparse(sparse.tailMap(slot, false));
        } else {
            for (long s = Math.max(slot + 1, lo); s <= hi; s++) {
                clear(s);
            }
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
        long start = Math.max(fromExclusive + 1, lo);
        if (sparse != null) {
            return start > end ? out : new ArrayList<>(sparse.subMap(start, true, end, true).values());
        }
        for (long s = start; s <= end; s++) {
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
        if (sparse != null) {
            return new ArrayList<>(sparse.keySet());
        }
        List<Long> out = new ArrayList<>(size);
        for (long s = lo; s <= hi && size > 0; s++) {
            if (get(s) != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** The explorer's fingerprint: the (slot, value) pairs in slot order, not the ring's layout or counters. */
    @Override
    public long nodeStateHash(Hashing h) {
        long x = NodeHashes.mix(0x534C4F54L, size);
        if (sparse != null) {
            for (java.util.Map.Entry<Long, V> e : sparse.entrySet()) {
                x = NodeHashes.mix(NodeHashes.mix(x, e.getKey()), h.value(e.getValue()));
            }
            return x;
        }
        for (long s = lo; s <= hi; s++) {
            Object v = ring[index(s)];
            if (v != null) {
                x = NodeHashes.mix(NodeHashes.mix(x, s), h.value(v));
            }
        }
        return x;
    }

    /**
     * Mixes each (slot, value) pair into {@code x}, in slot order, the value as {@code valueHash} gives
     * it: what a {@link #forEach} that mixed them would give, without boxing slots or listing keys.
     */
    long mixPairs(long x, java.util.function.ToLongFunction<? super V> valueHash) {
        if (sparse != null) {
            for (java.util.Map.Entry<Long, V> e : sparse.entrySet()) {
                x = NodeHashes.mix(NodeHashes.mix(x, e.getKey()), valueHash.applyAsLong(e.getValue()));
            }
            return x;
        }
        for (long s = lo; s <= hi && size > 0; s++) {
            @SuppressWarnings("unchecked") V v = (V) ring[index(s)];
            if (v != null) {
                x = NodeHashes.mix(NodeHashes.mix(x, s), valueHash.applyAsLong(v));
            }
        }
        return x;
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

    /** Removes a view of the sparse map's slots (a head or tail map), counting them as {@link #clear} does. */
    private void clearSparse(java.util.SortedMap<Long, V> view) {
        size -= view.size();
        overwrites += view.size();
        view.clear();
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
            sparse = null;
            if (ring.length > SHRINK_ABOVE_CAPACITY) {
                ring = new Object[MIN_CAPACITY];
            }
            return;
        }
        if (sparse != null) {
            lo = sparse.firstKey();
            hi = sparse.lastKey();
            if (ringFits(lo, hi, size / 2)) { // denser than the way in, so a map at the threshold does not flip back and forth
                toRing();
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

    /** Whether slots {@code lo..hi}, {@code held} of them, suit a ring (the span is checked without overflow). */
    private static boolean ringFits(long lo, long hi, long held) {
        long span = hi - lo + 1;
        if (span <= 0 || span > MAX_RING_SPAN) {
            return false; // past MAX_RING_SPAN, or so far apart that hi - lo overflows
        }
        return span <= MIN_SPARSE_SPAN || span <= SPARSE_SPAN_RATIO * held;
    }

    @SuppressWarnings("unchecked")
    private void toSparse() {
        TreeMap<Long, V> map = new TreeMap<>();
        for (long s = lo; s <= hi; s++) {
            Object v = ring[index(s)];
            if (v != null) {
                map.put(s, (V) v);
            }
        }
        sparse = map;
        ring = new Object[MIN_CAPACITY];
    }

    private void toRing() {
        TreeMap<Long, V> map = sparse;
        sparse = null;
        ring = new Object[capacityFor(hi - lo + 1)];
        map.forEach((s, v) -> ring[index(s)] = v);
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
