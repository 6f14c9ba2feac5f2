package io.paxsim.sim;

import java.util.Arrays;

/**
 * Events in (time, insertion sequence) order: randomness enters only through drawn delays.
 *
 * <p>A binary min-heap over parallel arrays: keys are compared as primitives, never through
 * {@code Event}'s interface methods (a megamorphic call per comparison made a
 * {@code PriorityQueue} with a comparator the runtime's main cost). The order is total, so the
 * heap's internal layout cannot leak into a run.
 */
public final class TimeOrderedScheduler implements Scheduler {
    private long[] times = new long[256];
    private long[] seqs = new long[256];
    private Event[] events = new Event[256];
    private int size;

    @Override
    public void add(Event event) {
        if (size == events.length) {
            grow();
        }
        long time = event.time();
        long seq = event.seq();
        int hole = size++;
        while (hole > 0) {
            int parent = (hole - 1) >>> 1;
            long parentTime = times[parent];
            if (parentTime < time || parentTime == time && seqs[parent] < seq) {
                break;
            }
            times[hole] = parentTime;
            seqs[hole] = seqs[parent];
            events[hole] = events[parent];
            hole = parent;
        }
        times[hole] = time;
        seqs[hole] = seq;
        events[hole] = event;
    }

    @Override
    public Event poll() {
        if (size == 0) {
            return null;
        }
        Event first = events[0];
        int last = --size;
        long time = times[last];
        long seq = seqs[last];
        Event moved = events[last];
        events[last] = null;
        if (last > 0) {
            siftDown(time, seq, moved, last);
        }
        return first;
    }

    private void siftDown(long time, long seq, Event moved, int count) {
        int hole = 0;
        int half = count >>> 1;
        while (hole < half) {
            int child = 2 * hole + 1;
            int right = child + 1;
            if (right < count && (times[right] < times[child] || times[right] == times[child] && seqs[right] < seqs[child])) {
                child = right;
            }
            long childTime = times[child];
            if (time < childTime || time == childTime && seq < seqs[child]) {
                break;
            }
            times[hole] = childTime;
            seqs[hole] = seqs[child];
            events[hole] = events[child];
            hole = child;
        }
        times[hole] = time;
        seqs[hole] = seq;
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
        return size == 0 ? Long.MAX_VALUE : times[0];
    }

    private void grow() {
        int capacity = events.length * 2;
        times = Arrays.copyOf(times, capacity);
        seqs = Arrays.copyOf(seqs, capacity);
        events = Arrays.copyOf(events, capacity);
    }
}
