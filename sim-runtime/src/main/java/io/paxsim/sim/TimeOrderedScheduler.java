package io.paxsim.sim;

import java.util.Arrays;

/**
 * Events in (time, insertion sequence) order: randomness enters only through drawn delays.
 *
 * <p>A 4-ary min-heap with primitive keys: keys are compared as primitives, never through
 * {@code Event}'s interface methods (a megamorphic call per comparison made a
 * {@code PriorityQueue} with a comparator the runtime's main cost). Each node's time and sequence
 * sit side by side in one array, and four children share a cache line or two, so a sift touches
 * half the levels of a binary heap. The order is total, so the heap's layout cannot leak into a run.
 */
public final class TimeOrderedScheduler implements Scheduler {
    /** keys[2i] is event i's time, keys[2i + 1] its sequence. */
    private long[] keys = new long[2 * 256];
    private Event[] events = new Event[256];
    private int size;

    @Override
    public void add(Event event) {
        if (size == events.length) {
            grow();
        }
        long time = event.time();
        long seq = event.seq();
        long[] k = keys;
        int hole = size++;
        while (hole > 0) {
            int parent = (hole - 1) >>> 2;
            long parentTime = k[2 * parent];
            if (parentTime < time || parentTime == time && k[2 * parent + 1] < seq) {
                break;
            }
            k[2 * hole] = parentTime;
            k[2 * hole + 1] = k[2 * parent + 1];
            events[hole] = events[parent];
            hole = parent;
        }
        k[2 * hole] = time;
        k[2 * hole + 1] = seq;
        events[hole] = event;
    }

    @Override
    public Event poll() {
        if (size == 0) {
            return null;
        }
        Event first = events[0];
        int last = --size;
        long time = keys[2 * last];
        long seq = keys[2 * last + 1];
        Event moved = events[last];
        events[last] = null;
        if (last > 0) {
            siftDown(time, seq, moved, last);
        }
        return first;
    }

    private void siftDown(long time, long seq, Event moved, int count) {
        long[] k = keys;
        int hole = 0;
        while (true) {
            int first = 4 * hole + 1;
            if (first >= count) {
                break;
            }
            int child = first;
            long childTime = k[2 * first];
            long childSeq = k[2 * first + 1];
            int end = Math.min(first + 4, count);
            for (int c = first + 1; c < end; c++) {
                long t = k[2 * c];
                if (t < childTime || t == childTime && k[2 * c + 1] < childSeq) {
                    child = c;
                    childTime = t;
                    childSeq = k[2 * c + 1];
                }
            }
            if (time < childTime || time == childTime && seq < childSeq) {
                break;
            }
            k[2 * hole] = childTime;
            k[2 * hole + 1] = childSeq;
            events[hole] = events[child];
            hole = child;
        }
        k[2 * hole] = time;
        k[2 * hole + 1] = seq;
        events[hole] = moved;
    }

    @Override
    public Event peek() {
        return size == 0 ? null : events[0];
    }

    @Override
    public int size() {
        return size;
    }

    /** The time of the next event, or {@code Long.MAX_VALUE} when none is pending (no dispatch). */
    public long peekTime() {
        return size == 0 ? Long.MAX_VALUE : keys[0];
    }

    private void grow() {
        int capacity = events.length * 2;
        keys = Arrays.copyOf(keys, 2 * capacity);
        events = Arrays.copyOf(events, capacity);
    }
}
