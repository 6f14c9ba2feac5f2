package io.paxsim.testbed.pipeline;

import io.paxsim.sim.LogSink;
import io.paxsim.sim.trace.TraceSink;

import java.util.function.BooleanSupplier;

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
 * @param maxEvents   a run that needs more simulation events than this is abandoned with {@link RunAbandoned}
 *                    (Long.MAX_VALUE: no cap); deterministic, so the same run is abandoned the same way
 * @param abandon     asked every few thousand events whether to abandon the run ({@link RunAbandoned}), or
 *                    null; the shrinker's wall-clock cap per candidate, which the pipeline itself never reads
 */
public record RunOptions(TraceSink traceSink, LogSink logSink, long stopAtNanos, FaultPlan faultPlan,
                         java.time.Duration checkerBudget, RunProgress progress, long maxEvents, BooleanSupplier abandon) {
    public RunOptions {
        if (maxEvents <= 0) {
            throw new IllegalArgumentException("an event cap must be positive: " + maxEvents);
        }
    }

    public static RunOptions quiet() {
        return new RunOptions(null, LogSink.NONE, Long.MAX_VALUE, null, null, null, Long.MAX_VALUE, null);
    }

    public RunOptions withProgress(RunProgress listener) {
        return new RunOptions(traceSink, logSink, stopAtNanos, faultPlan, checkerBudget, listener, maxEvents, abandon);
    }

    public RunOptions withTraceSink(TraceSink sink) {
        return new RunOptions(sink, logSink, stopAtNanos, faultPlan, checkerBudget, progress, maxEvents, abandon);
    }

    public RunOptions withLogSink(LogSink sink) {
        return new RunOptions(traceSink, sink, stopAtNanos, faultPlan, checkerBudget, progress, maxEvents, abandon);
    }

    public RunOptions withStopAtNanos(long t) {
        return new RunOptions(traceSink, logSink, t, faultPlan, checkerBudget, progress, maxEvents, abandon);
    }

    public RunOptions withCheckerBudget(java.time.Duration budget) {
        return new RunOptions(traceSink, logSink, stopAtNanos, faultPlan, budget, progress, maxEvents, abandon);
    }

    public RunOptions withFaultPlan(FaultPlan plan) {
        return new RunOptions(traceSink, logSink, stopAtNanos, plan, checkerBudget, progress, maxEvents, abandon);
    }

    /** Abandon the run past {@code events} simulation events, or when {@code when} says so (checked every few thousand). */
    public RunOptions withCap(long events, BooleanSupplier when) {
        return new RunOptions(traceSink, logSink, stopAtNanos, faultPlan, checkerBudget, progress, events, when);
    }
}
