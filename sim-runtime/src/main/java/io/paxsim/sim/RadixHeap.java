package io.paxsim.sim;

import java.util.Arrays;

/**
 * Events in (time, insertion sequence) order: the far part of {@link TimeOrderedScheduler}, which
 * holds events due within its window in a timing wheel and the rest here.
 *
 * <p>A radix heap, which fits a discrete-event loop: time never goes backwards, so no event is
 * added before the last one polled ({@code floor}). An event lives in bucket {@code b}, the bit
 * length of {@code time ^ floor}: bucket 0 holds the events due exactly at the floor, bucket
 * {@code b > 0} those that first differ from it in bit {@code b - 1}. An add is an append; a poll
 * takes bucket 0's oldest event, and when bucket 0 is empty it raises the floor to the earliest
 * time in the lowest non-empty bucket and spreads that bucket over the buckets below it. Each
 * event moves at most 64 times, a few in practice, instead of a heap's log(n) sift per poll.
 *
 * <p>Ties are broken by insertion order, which is sequence order (the simulation numbers events
 * as it adds them, and {@link #add} rejects any other order): a bucket keeps its events in the
 * order they arrived, a spread keeps the relative order, and events due at the same time always
 * share a bucket. The order is total, so the layout cannot leak into a run.
 */
final class RadixHeap implements Scheduler {
    /** Times are never negative, so bit 63 never differs from the floor's: buckets 0..63. */
    private static final int BUCKETS = 64;
    private static final int INITIAL_BUCKET_CAPACITY = 16;

    /** Per bucket: its events in arrival order, each as its time and its pool index side by side. */
    private final long[][] entries = new long[BUCKETS][];
    private final int[] counts = new int[BUCKETS];
    /**
     * Per bucket: its earliest time (MAX_VALUE when empty) and the position of the first event due
     * then, kept as events are appended, so raising the floor needs no scan of the bucket.
     */
    private final long[] minTimes = new long[BUCKETS];
    private final int[] minPositions = new int[BUCKETS];
    /** Bucket 0 is a FIFO: its events before this index were polled already. */
    private int head0;
    /** Bit b set when bucket b holds events (bucket 0 when it holds unpolled ones). */
    private long nonEmpty;
    private long floor;
    private long lastSeq = Long.MIN_VALUE;
    private int size;

    private final EventPool pool = new EventPool();

    RadixHeap() {
        for (int b = 0; b < BUCKETS; b++) {
            entries[b] = new long[2 * INITIAL_BUCKET_CAPACITY];
        }
        Arrays.fill(minTimes, Long.MAX_VALUE);
    }

    /**
     * @throws IllegalArgumentException when the event is due before the last event polled, or its
     *                                  sequence number is not above every earlier one's
     */
    @Override
    public void add(Event event) {
        long time = event.time();
        requireAddOrder(event, floor, lastSeq);
        lastSeq = event.seq();
        int id = pool.put(event);
        append(bucketOf(time), time, id);
        size++;
    }

    /**
     * The add order both schedulers accept (the wheel in front of this heap too): sequence numbers
     * rising, and no event due before the last one polled.
     */
    static void requireAddOrder(Event event, long floor, long lastSeq) {
        if (event.time() < floor || event.seq() <= lastSeq) {
            throw new IllegalArgumentException("events must be added in sequence order and not before the last one polled ("
                    + floor + "ns, seq " + lastSeq + "): " + event);
        }
    }

    @Override
    public Event poll() {
        if (size == 0) {
            return null;
        }
        if (counts[0] == head0) {
            spreadLowestBucket();
        }
        int id = (int) entries[0][2 * head0++ + 1];
        if (head0 == counts[0]) {
            head0 = 0;
            counts[0] = 0;
            minTimes[0] = Long.MAX_VALUE;
            nonEmpty &= ~1L;
        }
        size--;
        return pool.take(id);
    }

    /** The next event without removing it (the floor stays where it is: later adds may still come before it). */
    @Override
    public Event peek() {
        if (size == 0) {
            return null;
        }
        if (counts[0] > head0) {
            return pool.get((int) entries[0][2 * head0 + 1]);
        }
        int b = Long.numberOfTrailingZeros(nonEmpty);
        return pool.get((int) entries[b][2 * minPositions[b] + 1]);
    }

    @Override
    public int size() {
        return size;
    }

    /** The time of the next event, or {@code Long.MAX_VALUE} when none is pending. */
    public long peekTime() {
        Event next = peek();
        return next == null ? Long.MAX_VALUE : next.time();
    }

    private int bucketOf(long time) {
        return Long.SIZE - Long.numberOfLeadingZeros(time ^ floor);
    }

    private void append(int b, long time, int id) {
        int n = counts[b];
        long[] e = entries[b];
        if (2 * n == e.length) {
            e = Arrays.copyOf(e, 4 * n);
            entries[b] = e;
        }
        e[2 * n] = time;
        e[2 * n + 1] = id;
        counts[b] = n + 1;
        if (time < minTimes[b]) { // strictly: among equal times the first to arrive stays the earliest
            minTimes[b] = time;
            minPositions[b] = n;
        }
        nonEmpty |= 1L << b;
    }

    /** Bucket 0 is empty: raise the floor to the earliest pending time and spread its bucket below. */
    private void spreadLowestBucket() {
        int b = Long.numberOfTrailingZeros(nonEmpty);
        assert b > 0 && b < BUCKETS : "no pending event in any bucket although size is " + size;
        long[] e = entries[b];
        int n = counts[b];
        floor = minTimes[b];
        assert floor == e[2 * minPositions[b]] : "bucket " + b + " lost track of its earliest event";
        counts[b] = 0;
        minTimes[b] = Long.MAX_VALUE;
        nonEmpty &= ~(1L << b);
        head0 = 0;
        for (int i = 0; i < n; i++) {
            long time = e[2 * i];
            int to = bucketOf(time);
            assert to < b : "a spread moves events to lower buckets";
            append(to, time, (int) e[2 * i + 1]);
        }
    }
}
