package io.paxsim.sim.trace;

/**
 * One line of a trace: {@code peer} is the other end of a message (sender on DELIVER, receiver on
 * SEND) or -1; {@code detail} is a human-readable rendering of the payload.
 */
public record TraceRecord(long index, long timeNanos, TraceKind kind, int node, int peer, String detail) {
}
