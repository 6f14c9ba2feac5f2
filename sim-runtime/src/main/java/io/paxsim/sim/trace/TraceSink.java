package io.paxsim.sim.trace;

/** Receives every trace record as it happens (for streaming to a file); never asked to hold them. */
@FunctionalInterface
public interface TraceSink {
    void accept(TraceRecord record);

    /**
     * Whether a record at this simulated time would be kept. A sink for a time window says no outside
     * it, and the record is then never built (rendering every payload is most of a trace's cost).
     */
    default boolean wants(long timeNanos) {
        return true;
    }
}
