package io.paxsim.sim;

import java.util.Arrays;

/**
 * Pending events by a small int index, so a scheduler's queues hold primitives (time, index) and
 * touch the event objects only to hand them out or to break a tie. Freed indices are reused, most
 * recently freed first; the pool doubles when every index is in use.
 */
final class EventPool {
    private static final int INITIAL_CAPACITY = 256;

    private Event[] events = new Event[INITIAL_CAPACITY];
    /** Free indices: freeIds[0 .. freeCount) (a stack). */
    private int[] freeIds = new int[INITIAL_CAPACITY];
    private int freeCount;

    EventPool() {
        for (int i = 0; i < events.length; i++) {
            freeIds[i] = events.length - 1 - i;
        }
        freeCount = events.length;
    }

    /** Stores {@code event}; its index until {@link #take}. */
    int put(Event event) {
        if (freeCount == 0) {
            grow();
        }
        int id = freeIds[--freeCount];
        events[id] = event;
        return id;
    }

    Event get(int id) {
        return events[id];
    }

    /** Removes the event at {@code id} and frees the index. */
    Event take(int id) {
        Event event = events[id];
        events[id] = null;
        freeIds[freeCount++] = id;
        return event;
    }

    /** Doubles the pool; only called when every index is in use. */
    private void grow() {
        int old = events.length;
        int capacity = old * 2;
        events = Arrays.copyOf(events, capacity);
        freeIds = new int[capacity];
        for (int i = 0; i < capacity - old; i++) {
            freeIds[i] = capacity - 1 - i;
        }
        freeCount = capacity - old;
    }
}
