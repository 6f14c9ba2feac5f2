package io.paxsim.testbed.pipeline;

import io.paxsim.sim.SimObserver;
import io.paxsim.sim.Simulation;

import java.util.BitSet;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * A run's fault schedule as the pipeline needs it: data that can be saved as JSON, cut down entry
 * by entry by the shrinker, and turned into an {@link Injection} for one simulation.
 */
public interface FaultPlan {
    int size();

    /** When the last entry ends (0 for an empty plan): a run need not outlast it by much to fail. */
    long lastEndNanos();

    /** The plan with only the entries whose index is set. */
    FaultPlan keep(BitSet entries);

    /** A fresh injector for one run. */
    Injection prepare();

    String toJson();

    /** One line per entry, for the summary. */
    List<String> describe();

    /** Each entry's fault kind (its stable name), in schedule order; the summary counts them. */
    default List<String> kinds() {
        return List.of();
    }

    /** Applies the plan to one simulation: observe it, schedule the entries, stop them at heal. */
    interface Injection {
        Injection NOTHING = new Injection() {
            @Override
            public void install(Simulation sim, int[] replicas, IntSupplier leader) {
            }

            @Override
            public void heal(Simulation sim) {
            }
        };

        /** Registered on the simulation before it is built, or null when not needed. */
        default SimObserver observer() {
            return null;
        }

        /** Puts every entry on the timeline; {@code leader} resolves "the leader" targets when they start. */
        void install(Simulation sim, int[] replicas, IntSupplier leader);

        /** Ends the safety phase: no entry does anything from now on. */
        void heal(Simulation sim);
    }
}
