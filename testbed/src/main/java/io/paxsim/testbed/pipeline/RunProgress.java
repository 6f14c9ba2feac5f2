package io.paxsim.testbed.pipeline;

/**
 * Told, every few thousand simulation events of the safety phase, how far a run has got; for a
 * progress line, never for anything that changes the run (it cannot: it only reads).
 */
@FunctionalInterface
public interface RunProgress {
    /**
     * @param simulatedNanos simulated time now
     * @param safetyNanos    simulated time at which the safety phase ends
     * @param opsInvoked     client operations invoked so far
     * @param opLimit        the scenario's op limit, or 0 when the duration decides
     */
    void update(long simulatedNanos, long safetyNanos, long opsInvoked, long opLimit);
}
