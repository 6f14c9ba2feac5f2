package io.paxsim.testbed.pipeline;

import io.paxsim.sim.LogSink;
import io.paxsim.sim.trace.TraceSink;

/**
 * How to run a scenario, as opposed to what it is: none of these change the trace hash.
 *
 * @param traceSink   where trace records stream to, or null
 * @param logSink     where node log lines go
 * @param stopAtNanos end the run at this simulated time (replay --stop-at), or Long.MAX_VALUE
 * @param faultPlan   a saved fault schedule to replay as given, or null to draw one from the scenario
 */
public record RunOptions(TraceSink traceSink, LogSink logSink, long stopAtNanos, FaultPlan faultPlan) {
    public static RunOptions quiet() {
        return new RunOptions(null, LogSink.NONE, Long.MAX_VALUE, null);
    }

    public RunOptions withTraceSink(TraceSink sink) {
        return new RunOptions(sink, logSink, stopAtNanos, faultPlan);
    }

    public RunOptions withLogSink(LogSink sink) {
        return new RunOptions(traceSink, sink, stopAtNanos, faultPlan);
    }

    public RunOptions withStopAtNanos(long t) {
        return new RunOptions(traceSink, logSink, t, faultPlan);
    }

    public RunOptions withFaultPlan(FaultPlan plan) {
        return new RunOptions(traceSink, logSink, stopAtNanos, plan);
    }
}
