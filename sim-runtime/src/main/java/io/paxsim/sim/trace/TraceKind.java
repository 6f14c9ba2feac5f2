package io.paxsim.sim.trace;

/** What happened; the name is what trace files and filters use. */
public enum TraceKind {
    START, SEND, DELIVER, DROP, DUPLICATE, HOLD, TIMER, FSYNC, FSYNC_DONE,
    CRASH, RESTART, PAUSE, RESUME, CLOCK, FAULT, OBSERVE,
    // Appended, never inserted: ordinals feed the trace hash.
    DISK_WRITE, DISK_TRUNCATE, DISK_DELETE
}
