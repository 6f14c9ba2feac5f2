package io.paxsim.sim;

/**
 * A pending event, as data: the scheduler (and later a systematic explorer) sees exactly what
 * would happen, to whom, and when. Ordered by (time, seq); seq is the insertion order.
 */
public sealed interface Event {
    long time();

    long seq();

    /** Target node, or -1 for world actions. */
    int node();

    record Deliver(long time, long seq, int from, int to, Message message) implements Event {
        @Override
        public int node() {
            return to;
        }
    }

    record TimerFire(long time, long seq, int node, int incarnation, long timerId, long generation) implements Event {
    }

    record FsyncDone(long time, long seq, int node, int incarnation, long requestId, String file, long barrier, boolean ok)
            implements Event {
    }

    record Action(long time, long seq, SimAction action) implements Event {
        @Override
        public int node() {
            return -1;
        }
    }
}
