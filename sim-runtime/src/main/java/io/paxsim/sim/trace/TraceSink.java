package io.paxsim.sim.trace;

/** Receives every trace record as it happens (for streaming to a file); never asked to hold them. */
@FunctionalInterface
public interface TraceSink {
    void accept(TraceRecord record);
}
