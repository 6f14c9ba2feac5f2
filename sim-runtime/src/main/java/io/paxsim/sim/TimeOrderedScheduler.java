package io.paxsim.sim;

import java.util.Arrays;

/**
 * Events in (time, insertion sequence) order: randomness enters only through drawn delays.
 *
 * <p>A 4-ary min-heap of primitives: keys are compared as primitives, never through
 * {@code Event}'s interface methods (a megamorphic call per comparison made a
 * {@code PriorityQueue} with a comparator the runtime's main cost). Each heap entry is its time
 * and sequence side by side plus an int naming the event's place in a pool, so a sift moves only
 * primitives (moving references would pay the collector's write barrier at every level), and
 * four children share a cache line or two. The order is total, so the heap's layout cannot leak
 * into a run.
 */
public final class TimeOrderedScheduler implements Scheduler {
    private static final int INITIAL_CAPACITY = 256;
    /** keys[2i] is heap entry i's time, keys[2i + 1] its sequence; ids[i] its event's pool index. */
    private long[] keys = new long[2 * INITIAL_CAPACITY];
    private int[] ids = new int[INITIAL_CAPACITY];
    private Event[] pool = new Event[INITIAL_CAPACITY];
    /** Free pool indices: freeIds[0 .. freeCount) (a stack). */
    private int[] freeIds = new int[INITIAL_CAPACITY];
    private int freeCount;
    private int size;

    public TimeOrderedScheduler() {
        for (int i = 0; i < INITIAL_CAPACITY; i++) {
            freeIds[i] = INITIAL_CAPACITY - 1 - i;
        }
        freeCount = INITIAL_CAPACITY;
    }

    @Override
    public void add(Event event) {
        if (size == ids.length) {
            grow();
        }
        int id = freeIds[--freeCount];
        pool[id] = event;
        long time = event.time();
        long seq = event.seq();
        long[] k = keys;
        int[] h = ids;
        int hole = size++;
        while (hole > 0) {
            int parent = (hole - 1) >>> 2;
            long parentTime = k[2 * parent];
            if (parentTime < time || parentTime == time && k[2 * parent + 1] < seq) {
                break;
            }
            k[2 * hole] = parentTime;
            k[2 * hole + 1] = k[2 * parent + 1];
            h[hole] = h[parent];
            hole = parent;
        }
        k[2 * hole] = time;
        k[2 * hole + 1] = seq;
        h[hole] = id;
    }

    @Override
    public Event poll() {
        if (size == 0) {
            return null;
        }
        int firstId = ids[0];
        Event first = pool[firstId];
        pool[firstId] = null;
        freeIds[freeCount++] = firstId;
        int last = --size;
        if (last > 0) {
            siftDown(keys[2 * last], keys[2 * last + 1], ids[last], last);
        }
        return first;
    }

    private void siftDown(long time, long seq, int id, int count) {
        long[] k = keys;
        int[] h = ids;
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
            h[hole] = h[child];
            hole = child;
        }
        k[2 * hole] = time;
        k[2 * hole + 1] = seq;
        h[hole] = id;
    }

    @Override
    public Event peek() {
        return size == 0 ? null : pool[ids[0]];
    }

    @Override
    public int size() {
        return size;
    }

    /** The time of the next event, or {@code Long.MAX_VALUE} when none is pending (no dispatch). */
    public long peekTime() {
        return size == 0 ? Long.MAX_VALUE : keys[0];
    }

    /** Doubles every array; only called when full, so every pool index is in use and none is free. */
    private void grow() {
        int old = ids.length;
        int capacity = old * 2;
        keys = Arrays.copyOf(keys, 2 * capacity);
        ids = Arrays.copyOf(ids, capacity);
        pool = Arrays.copyOf(pool, capacity);
        freeIds = new int[capacity];
        for (int i = 0; i < capacity - old; i++) {
            freeIds[i] = capacity - 1 - i;
        }
        freeCount = capacity - old;
    }
}
