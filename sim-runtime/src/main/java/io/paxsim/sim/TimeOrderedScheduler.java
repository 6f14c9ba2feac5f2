package io.paxsim.sim;

import java.util.Arrays;

/**
 * Events in (time, insertion sequence) order: randomness enters only through drawn delays.
 *
 * <p>A timing wheel in front of a {@link RadixHeap}. Most events of a run are due soon (messages a
 * LAN latency ahead, disk completions), so time is cut into slots of {@value #SLOT_NANOS} ns and
 * the next {@value #SLOTS} slots after the current one ({@code base}) form a ring: an add puts the
 * event into its slot, a poll finds the first non-empty slot from a bit map and takes the slot's
 * first event. A slot keeps its first event (by time, then sequence) in one flat array of every
 * slot's first events, and the rest, if any, in a small binary heap of its own. A slot usually
 * holds one event, so an add or a poll touches 24 bytes of one flat array, next to the slots
 * touched just before; with an array per slot (two cache lines each, every slot touched once per
 * turn of the ring) the first load of a slot's array was a cache miss in perf's profile of
 * {@code bench runtime} (8% of samples). A burst of events due in one slot costs a
 * heap's log n per event, never a scan. Events due past the window wait in the radix heap and
 * move into the ring when the window reaches them, before anything due later can be added there,
 * so every event in the ring is due before every event in the heap.
 *
 * <p>Ties are broken by sequence number, compared inside a slot; {@link #add} rejects
 * a sequence number not above every earlier one, or a time before the last event polled. The
 * order is total, so the layout cannot leak into a run. {@link #peek} changes nothing, so
 * {@code runUntil} can still add events before the one it peeked at.
 */
public final class TimeOrderedScheduler implements Scheduler {
    private static final int SLOT_BITS = 10;
    static final long SLOT_NANOS = 1L << SLOT_BITS;
    static final int SLOTS = 512;
    private static final int MASK = SLOTS - 1;
    private static final int INITIAL_REST_CAPACITY = 4;

    /**
     * Per ring position p, its first event as (time, seq, pool index) at {@code 3p}: valid while
     * bit p of {@link #occupied} is set. The sequence number sits beside the time so that a tie is
     * broken without touching the event: messages held by a paused node or a clogged link are
     * released at one instant, and a long pause makes a slot of tens of thousands of events due at
     * the same time.
     */
    private final long[] firsts = new long[3 * SLOTS];
    /** Per ring position: its other events as (time, seq, pool index) triples, a binary heap by (time, seq); none before the first. */
    private final long[][] rests = new long[SLOTS][];
    private final int[] restCounts = new int[SLOTS];
    /** Bit p set when ring position p holds events. */
    private final long[] occupied = new long[SLOTS / Long.SIZE];
    /** The slot (time / SLOT_NANOS) of the last event polled: the ring covers [base, base + SLOTS). */
    private long base;
    private int inRing;
    private final RadixHeap far = new RadixHeap();

    private long floor;
    private long lastSeq = Long.MIN_VALUE;

    private final EventPool pool = new EventPool();

    public TimeOrderedScheduler() {
    }

    /**
     * @throws IllegalArgumentException when the event is due before the last event polled, or its
     *                                  sequence number is not above every earlier one's
     */
    @Override
    public void add(Event event) {
        long time = event.time();
        RadixHeap.requireAddOrder(event, floor, lastSeq);
        lastSeq = event.seq();
        if ((time >>> SLOT_BITS) - base < SLOTS) {
            putInRing(time, event);
        } else {
            far.add(event);
        }
    }

    @Override
    public Event poll() {
        if (inRing == 0) {
            Event next = far.peek();
            if (next == null) {
                return null;
            }
            base = next.time() >>> SLOT_BITS;
            pullFromFar();
        }
        int position = firstOccupied();
        long slot = base + ((position - (int) (base & MASK)) & MASK);
        if (slot != base) {
            base = slot;
            pullFromFar();
        }
        int at = 3 * position;
        long time = firsts[at];
        int id = (int) firsts[at + 2];
        int n = restCounts[position];
        if (n == 0) {
            occupied[position >>> 6] &= ~(1L << position);
        } else {
            long[] rest = rests[position];
            firsts[at] = rest[0];
            firsts[at + 1] = rest[1];
            firsts[at + 2] = rest[2];
            n--;
            restCounts[position] = n;
            if (n > 0) {
                siftDown(rest, n, rest[3 * n], rest[3 * n + 1], rest[3 * n + 2]);
            }
        }
        inRing--;
        floor = time;
        return pool.take(id);
    }

    /** The next event without removing it (nothing moves: later adds may still come before it). */
    @Override
    public Event peek() {
        if (inRing == 0) {
            return far.peek();
        }
        int position = firstOccupied();
        return pool.get((int) firsts[3 * position + 2]);
    }

    @Override
    public int size() {
        return inRing + far.size();
    }

    /** The time of the next event, or {@code Long.MAX_VALUE} when none is pending. */
    public long peekTime() {
        Event next = peek();
        return next == null ? Long.MAX_VALUE : next.time();
    }

    private void putInRing(long time, Event event) {
        long seq = event.seq();
        int id = pool.put(event);
        int position = (int) ((time >>> SLOT_BITS) & MASK);
        int word = position >>> 6;
        long bit = 1L << position;
        int at = 3 * position;
        inRing++;
        if ((occupied[word] & bit) == 0) {
            occupied[word] |= bit;
            firsts[at] = time;
            firsts[at + 1] = seq;
            firsts[at + 2] = id;
            return;
        }
        if (before(time, seq, firsts[at], firsts[at + 1])) {
            // The new event goes first: the old first joins the rest (it is due no later than any of them).
            addToRest(position, firsts[at], firsts[at + 1], firsts[at + 2]);
            firsts[at] = time;
            firsts[at + 1] = seq;
            firsts[at + 2] = id;
        } else {
            addToRest(position, time, seq, id);
        }
    }

    private void addToRest(int position, long time, long seq, long id) {
        int n = restCounts[position];
        long[] e = rests[position];
        if (e == null) {
            e = new long[3 * INITIAL_REST_CAPACITY];
            rests[position] = e;
        } else if (3 * n == e.length) {
            e = Arrays.copyOf(e, 6 * n);
            rests[position] = e;
        }
        // Sift up: an event almost always stays where it lands (a later time than its parent, or a
        // tie with a higher sequence number).
        int at = n;
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!before(time, seq, e[3 * parent], e[3 * parent + 1])) {
                break;
            }
            e[3 * at] = e[3 * parent];
            e[3 * at + 1] = e[3 * parent + 1];
            e[3 * at + 2] = e[3 * parent + 2];
            at = parent;
        }
        e[3 * at] = time;
        e[3 * at + 1] = seq;
        e[3 * at + 2] = id;
        restCounts[position] = n + 1;
    }

    /** Places (time, seq, id) from the root down, in a heap of {@code n} entries whose root is vacant. */
    private static void siftDown(long[] e, int n, long time, long seq, long id) {
        int at = 0;
        while (true) {
            int child = 2 * at + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && before(e[3 * child + 3], e[3 * child + 4], e[3 * child], e[3 * child + 1])) {
                child++;
            }
            if (!before(e[3 * child], e[3 * child + 1], time, seq)) {
                break;
            }
            e[3 * at] = e[3 * child];
            e[3 * at + 1] = e[3 * child + 1];
            e[3 * at + 2] = e[3 * child + 2];
            at = child;
        }
        e[3 * at] = time;
        e[3 * at + 1] = seq;
        e[3 * at + 2] = id;
    }

    /** Whether (time, seq) comes before (otherTime, otherSeq). */
    private static boolean before(long time, long seq, long otherTime, long otherSeq) {
        return time < otherTime || time == otherTime && seq < otherSeq;
    }

    /** Moves the far events the window now covers into the ring (each moves once). */
    private void pullFromFar() {
        while (far.size() > 0 && (far.peekTime() >>> SLOT_BITS) - base < SLOTS) {
            Event e = far.poll();
            putInRing(e.time(), e);
        }
    }

    /** The first occupied ring position at or after base's, wrapping; the ring is not empty. */
    private int firstOccupied() {
        int start = (int) (base & MASK);
        int word = start >>> 6;
        long bits = occupied[word] & (-1L << start);
        for (int k = 0; k <= occupied.length; k++) {
            if (bits != 0) {
                return (word << 6) + Long.numberOfTrailingZeros(bits);
            }
            word = (word + 1) % occupied.length;
            bits = occupied[word];
        }
        throw new AssertionError("no occupied slot although " + inRing + " events are in the ring");
    }
}
