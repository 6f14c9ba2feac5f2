package io.paxsim.sim.explore;

import io.paxsim.sim.Event;

/**
 * A {@link StateHasher} that remembers the content hashes of messages in flight: a message is an
 * immutable record, and the worlds a search re-executes from one kept ancestor share the ancestor's
 * pending messages (as objects), so each would otherwise walk the same message again to name a
 * delivery (sleep sets) and to extend a node's event chain. Found by reference only, so a hit is
 * the very object hashed before; a slot holds the last message that landed there, and a miss just
 * asks the hasher. Its answers are always the hasher's own.
 *
 * <p>Shared by the threads of a parallel search without locks: an entry is immutable (final fields)
 * and published whole, so a reader sees a complete entry or an older one (then a miss).
 */
final class MessageHashMemo implements StateHasher {
    private static final int SLOTS = 1 << 12;
    private final StateHasher hasher;
    private final Entry[] plain = new Entry[SLOTS];
    private final Entry[] inWorld = new Entry[SLOTS];

    private record Entry(Object message, long nowNanos, long hash) {
    }

    private MessageHashMemo(StateHasher hasher) {
        this.hasher = hasher;
    }

    /** {@code hasher} with a memo in front (itself when it has one already). */
    static StateHasher of(StateHasher hasher) {
        return hasher instanceof MessageHashMemo ? hasher : new MessageHashMemo(hasher);
    }

    @Override
    public long hash(World world) {
        return hasher.hash(world);
    }

    @Override
    public long valueHash(Object value) {
        return hasher.valueHash(value);
    }

    @Override
    public long valueHash(World world, Object value) {
        return hasher.valueHash(world, value);
    }

    /** {@link #valueHash(Object)} of the message {@code d} carries. */
    long messageHash(Event.Deliver d) {
        int slot = slot(d);
        Entry e = plain[slot];
        if (e != null && e.message() == d.message()) {
            return e.hash();
        }
        long h = hasher.valueHash(d.message());
        plain[slot] = new Entry(d.message(), 0, h);
        return h;
    }

    @Override
    public boolean valueHashReadsOnlyNow() {
        return hasher.valueHashReadsOnlyNow();
    }

    /**
     * {@link #valueHash(World, Object)} of the message {@code d} carries; remembered only when the
     * hasher says it is a function of the message and now ({@link StateHasher#valueHashReadsOnlyNow}).
     */
    long messageHash(World world, Event.Deliver d) {
        if (!hasher.valueHashReadsOnlyNow()) {
            return hasher.valueHash(world, d.message());
        }
        long now = world.simulation().nowNanos();
        int slot = slot(d);
        Entry e = inWorld[slot];
        if (e != null && e.message() == d.message() && e.nowNanos() == now) {
            return e.hash();
        }
        long h = hasher.valueHash(world, d.message());
        inWorld[slot] = new Entry(d.message(), now, h);
        return h;
    }

    /**
     * By the trace's hash of the message (taken at the send), so a broadcast's copies find one entry;
     * messages alike in that hash share a slot, which costs hits, never answers.
     */
    private static int slot(Event.Deliver d) {
        long h = d.payloadHash() * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 52) & (SLOTS - 1);
    }
}
