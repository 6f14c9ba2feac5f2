package io.paxsim.testbed.pipeline;

import io.paxsim.history.History;

import java.util.Map;

/**
 * Everything a run produced.
 *
 * @param scenario        what ran
 * @param faults          the fault schedule that was applied (entries after healing were skipped)
 * @param history         the client history, nemesis events included
 * @param metrics         metrics.json content
 * @param failure         why the run failed, or null
 * @param traceHash       the run's fingerprint
 * @param healAtNanos     simulated time the safety phase ended
 * @param simulatedNanos  simulated time at the end
 */
public record RunResult(Scenario scenario, FaultPlan faults, History history, Map<String, Object> metrics,
                        Failure failure, long traceHash, long healAtNanos, long simulatedNanos) {
    public boolean passed() {
        return failure == null;
    }

    public String traceHashHex() {
        return String.format("%016x", traceHash);
    }
}
