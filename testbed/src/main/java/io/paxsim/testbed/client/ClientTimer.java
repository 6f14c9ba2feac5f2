package io.paxsim.testbed.client;

import io.paxsim.sim.Timer;

/** The timers of a client node. */
sealed interface ClientTimer extends Timer {
    /** No reply to this attempt in time: send the same (clientId, sequence) again, to the next replica. */
    record AttemptExpired(long clientId, long sequence, int attempt) implements ClientTimer {
    }

    /** The whole operation ran out of time: record it indeterminate and replace the process. */
    record OperationExpired(long clientId, long operationNumber) implements ClientTimer {
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
