package io.paxsim.faults;

import java.util.function.IntSupplier;

/**
 * What the fault injector needs to know about the cluster at the moment a fault starts: which
 * simulation nodes are replicas and which one currently leads. The testbed implements it (from
 * observations of the protocol); symbolic targets ("leader", "random-minority") resolve through it.
 */
public interface ClusterView {
    /** Simulation node ids of the replicas, in a fixed order; targets name replicas by index here. */
    int[] replicas();

    /** The current leader's node id, or -1 if there is none (or it is unknown). */
    int leader();

    static ClusterView of(int[] replicas, IntSupplier leader) {
        int[] ids = replicas.clone();
        return new ClusterView() {
            @Override
            public int[] replicas() {
                return ids.clone();
            }

            @Override
            public int leader() {
                return leader.getAsInt();
            }
        };
    }
}
