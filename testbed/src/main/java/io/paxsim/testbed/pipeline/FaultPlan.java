package io.paxsim.testbed.pipeline;

import io.paxsim.sim.Simulation;

import java.util.BitSet;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A run's fault schedule as the pipeline needs it: installed into a simulation before it starts,
 * each entry applied only while the safety phase lasts, saved as JSON, and cut down entry by entry
 * by the shrinker.
 */
public interface FaultPlan {
    FaultPlan NONE = new FaultPlan() {
        @Override
        public int size() {
            return 0;
        }

        @Override
        public FaultPlan keep(BitSet entries) {
            return this;
        }

        @Override
        public void install(Simulation sim, BooleanSupplier safetyPhase) {
        }

        @Override
        public String toJson() {
            return "{\"profile\":\"none\",\"entries\":[]}";
        }

        @Override
        public List<String> describe() {
            return List.of();
        }
    };

    int size();

    /** The plan with only the entries whose index is set. */
    FaultPlan keep(BitSet entries);

    void install(Simulation sim, BooleanSupplier safetyPhase);

    String toJson();

    /** One line per entry, for the summary. */
    List<String> describe();
}
