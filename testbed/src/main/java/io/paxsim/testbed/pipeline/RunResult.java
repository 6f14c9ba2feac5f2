package io.paxsim.testbed.pipeline;

import io.paxsim.history.History;

import io.paxsim.checkers.Verdict;

import java.util.List;
import java.util.Map;

/**
 * Everything a run produced.
 *
 * @param scenario        what ran
 * @param faults          the fault schedule that was applied (entries after healing were skipped)
 * @param history         the client history, nemesis events included
 * @param metrics         metrics.json content
 * @param failure         why the run failed, or null
 * @param verdicts        each checker's verdict, in the workload's order
 * @param traceHash       the run's fingerprint
 * @param healAtNanos     simulated time the safety phase ended
 * @param simulatedNanos  simulated time at the end
 */
public record RunResult(Scenario scenario, FaultPlan faults, History history, Map<String, Object> metrics,
                        Failure failure, List<Verdict> verdicts, long traceHash, long healAtNanos, long simulatedNanos) {
    public RunResult {
        verdicts = List.copyOf(verdicts);
    }

    public boolean passed() {
        return failure == null;
    }

    /** No failure, but some checker could not decide. */
    public boolean unknown() {
        return failure == null && verdicts.stream().anyMatch(v -> v instanceof Verdict.Unknown);
    }

    public String traceHashHex() {
        return String.format("%016x", traceHash);
    }
}
