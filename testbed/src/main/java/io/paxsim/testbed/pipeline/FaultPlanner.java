package io.paxsim.testbed.pipeline;

/** Draws a scenario's fault schedule from its seed and fault profile. */
@FunctionalInterface
public interface FaultPlanner {
    /** @throws IllegalArgumentException when the profile is unknown */
    FaultPlan plan(Scenario scenario);
}
