package io.paxsim.sim.explore;

import io.paxsim.sim.Event;
import io.paxsim.sim.Scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * The scheduler of an explored world: pending events wait in the order they were made, and the
 * next one {@link #poll() polled} is whichever the driver {@link #choose chose}, re-stamped with
 * the time it happens. Time order is not enforced: the driver is the clock's only source.
 */
public final class ChoiceScheduler implements Scheduler, io.paxsim.sim.Copyable {
    private final ArrayList<Event> pending = new ArrayList<>();
    private Event chosen;

    /** Explicit copy for the explorer (see {@link io.paxsim.sim.Copyable}): events are immutable records, shared. */
    @Override
    public ChoiceScheduler copy(io.paxsim.sim.Copyable.Copies copies) {
        ChoiceScheduler s = copies.remember(this, new ChoiceScheduler());
        s.copyFrom(this);
        return s;
    }

    /** Makes this scheduler a copy of {@code o} (events are immutable records, shared). */
    void copyFrom(ChoiceScheduler o) {
        pending.clear();
        pending.addAll(o.pending);
        chosen = o.chosen;
    }

    @Override
    public void add(Event event) {
        pending.add(event);
    }

    @Override
    public Event poll() {
        Event next = chosen;
        chosen = null;
        return next;
    }

    @Override
    public Event peek() {
        return chosen;
    }

    @Override
    public int size() {
        return pending.size();
    }

    /** Pending events in the order they were scheduled (a live view; do not modify). */
    List<Event> pending() {
        return pending;
    }

    Event find(long seq) {
        for (int i = 0, n = pending.size(); i < n; i++) { // indexed: no iterator per look-up before C2 compiles this
            Event e = pending.get(i);
            if (e.seq() == seq) {
                return e;
            }
        }
        return null;
    }

    /** Takes {@code event} out of the pending set; the next {@link #poll()} returns it at {@code timeNanos}. */
    void choose(Event event, long timeNanos) {
        remove(event);
        chosen = retime(event, timeNanos);
    }

    void remove(Event event) {
        // By reference first: callers hand over the pending event itself, and a record's equals
        // compares every component (a message's deep content) through method handles. Seqs are
        // unique among pending events, so the first equal event is this very one anyway.
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i) == event) {
                pending.remove(i);
                return;
            }
        }
        if (!pending.remove(event)) {
            throw new IllegalStateException("event is not pending: " + event);
        }
    }

    /**
     * Takes out the {@code stale} events, keeping the others in their order, in one pass that also
     * returns the oldest pending fsync completion left (null when none): the explorer's
     * fsyncs-at-once loop asks for both after every step.
     */
    Event removeStale(java.util.function.Predicate<Event> stale) {
        Event firstFsync = null;
        int kept = 0;
        int n = pending.size();
        for (int i = 0; i < n; i++) {
            Event e = pending.get(i);
            if (stale.test(e)) {
                continue;
            }
            if (firstFsync == null && e instanceof Event.FsyncDone) {
                firstFsync = e;
            }
            if (kept != i) {
                pending.set(kept, e);
            }
            kept++;
        }
        if (kept < n) {
            pending.subList(kept, n).clear();
        }
        return firstFsync;
    }

    private static Event retime(Event e, long time) {
        if (e instanceof Event.Deliver d) {
            return new Event.Deliver(time, d.seq(), d.from(), d.to(), d.message(), d.payloadHash()); // taken at the send
        } else if (e instanceof Event.TimerFire t) {
            return new Event.TimerFire(time, t.seq(), t.node(), t.incarnation(), t.timerId(), t.generation());
        } else if (e instanceof Event.FsyncDone f) {
            return f.withTime(time, f.seq());
        }
        return new Event.Action(time, e.seq(), ((Event.Action) e).action());
    }
}
