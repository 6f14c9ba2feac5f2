package io.paxsim.sim;

import java.util.PriorityQueue;

/** Events in (time, insertion sequence) order: randomness enters only through drawn delays. */
public final class TimeOrderedScheduler implements Scheduler {
    private final PriorityQueue<Event> queue = new PriorityQueue<>(256, (a, b) -> {
        int byTime = Long.compare(a.time(), b.time());
        return byTime != 0 ? byTime : Long.compare(a.seq(), b.seq());
    });

    @Override
    public void add(Event event) {
        queue.add(event);
    }

    @Override
    public Event poll() {
        return queue.poll();
    }

    @Override
    public Event peek() {
        return queue.peek();
    }

    @Override
    public int size() {
        return queue.size();
    }
}
