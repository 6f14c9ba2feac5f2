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
 * @param checkerBudget an optional wall-clock guard per checker (null: none). Checkers are bounded by
 *                      their deterministic step and memory budgets; this guard is machine-dependent, so
 *                      it is off unless asked for, and a verdict it cuts short says so
 * @param progress    told how far the safety phase has got every few thousand events, or null
 */
public record RunOptions(TraceSink traceSink, LogSink logSink, long stopAtNanos, FaultPlan faultPlan,
                         java.time.Duration checkerBudget, RunProgress progress) {
    public static RunOptions quiet() {
        return new RunOptions(null, LogSink.NONE, Long.MAX_VALUE, null, null, null);
    }

    public RunOptions withProgress(RunProgress listener) {
        return new RunOptions(traceSink, logSink, stopAtNanos, faultPlan, checkerBudget, listener);
    }

    public RunOptions withTraceSink(TraceSink sink) {
        return new RunOptions(sink, logSink, stopAtNanos, faultPlan, checkerBudget, progress);
    }

    public RunOptions withLogSink(LogSink sink) {
        return new RunOptions(traceSink, sink, stopAtNanos, faultPlan, checkerBudget, progress);
    }

    public RunOptions withStopAtNanos(long t) {
        return new RunOptions(traceSink, logSink, t, faultPlan, checkerBudget, progress);
    }

    public RunOptions withCheckerBudget(java.time.Duration budget) {
        return new RunOptions(traceSink, logSink, stopAtNanos, faultPlan, budget, progress);
    }

    public RunOptions withFaultPlan(FaultPlan plan) {
        return new RunOptions(traceSink, logSink, stopAtNanos, plan, checkerBudget, progress);
    }
}
