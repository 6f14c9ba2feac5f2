package io.paxsim.sim;

/**
 * The one decision point: which pending event happens next. The simulation uses
 * {@link TimeOrderedScheduler}; a systematic explorer plugs in here to enumerate choices.
 */
public interface Scheduler {
    void add(Event event);

    /** Removes and returns the next event, or null when none is pending. */
    Event poll();

    /** The next event without removing it, or null. */
    Event peek();

    int size();
}
