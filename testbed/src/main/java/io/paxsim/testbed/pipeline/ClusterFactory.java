package io.paxsim.testbed.pipeline;

/** Builds the system under test for a scenario (its variant and mutant). */
@FunctionalInterface
public interface ClusterFactory {
    /** @throws IllegalArgumentException when the scenario names an unknown variant or mutant */
    Cluster create(Scenario scenario);
}
