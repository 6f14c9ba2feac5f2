package io.paxsim.paxos;

import io.paxsim.sim.Timer;

/** Timers a replica sets. */
public sealed interface PaxosTimer extends Timer {
    /** The periodic tick: leaders send heartbeats; followers and candidates check their deadlines. */
    record Tick() implements PaxosTimer {
    }

    /** A slow apply's wait is over: apply what was chosen. */
    record ApplyDue() implements PaxosTimer {
    }

    /** A leader held its queued commands for clients it expects back: the wait is over, propose what is queued. */
    record ProposeDue() implements PaxosTimer {
    }
}
