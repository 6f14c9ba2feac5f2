package io.paxsim.sim.trace;

/** What happened; the name is what trace files and filters use. */
public enum TraceKind {
    START, SEND, DELIVER, DROP, DUPLICATE, HOLD, TIMER, FSYNC, FSYNC_DONE,
    CRASH, RESTART, PAUSE, RESUME, CLOCK, FAULT, OBSERVE
}
