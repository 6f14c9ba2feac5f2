package io.paxsim.sim;

public enum NodeStatus {
    UP,
    /** Volatile state gone; events for it are dropped until restart. */
    CRASHED,
    /** Alive but frozen (a GC pause, SIGSTOP): its events wait until resume. */
    PAUSED
}
