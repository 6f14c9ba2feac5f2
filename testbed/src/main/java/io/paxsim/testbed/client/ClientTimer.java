package io.paxsim.testbed.client;

import io.paxsim.sim.Timer;

/** The timers of a client node. */
sealed interface ClientTimer extends Timer {
    /**
     * The client's one deadline timer, armed for the earliest of its attempt and operation deadlines:
     * an attempt past its deadline is sent again to the next replica; an operation past its deadline
     * is recorded indeterminate and its process replaced. Deadlines move with every attempt, but the
     * timer is not cancelled and set again per op: when it fires before the current deadline, it is
     * armed once more for it (a timer wheel's lazy re-arm). A timer per attempt and per operation, set
     * and cancelled each op, cost two events per client op (a cancelled timer still leaves the queue
     * as an event); this one fires about once per attempt timeout per client.
     */
    record DeadlineCheck() implements ClientTimer {
    }

    /** Retry after a NotLeader without a hint. */
    record Backoff(long clientId, long sequence, int attempt) implements ClientTimer {
    }

    /** Closed loop: the think time after a completion is over. */
    record ThinkOver() implements ClientTimer {
    }

    /** Open loop: the next Poisson arrival. */
    record Arrival() implements ClientTimer {
    }
}
