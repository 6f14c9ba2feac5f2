package io.paxsim.paxos;

import io.paxsim.sim.Simulation;

/**
 * Wires a Paxos cluster into a simulation (replicas take ids 0..n-1 and form the peer group), and
 * reads the observations a testbed needs: leader changes and applied slots.
 */
public final class PaxosCluster {
    private PaxosCluster() {
    }

    /**
     * Adds {@code config.clusterSize()} replicas (ids 0..n-1) to {@code builder} and makes them the
     * peer group. Add client nodes afterwards: they get ids n, n+1, ...
     */
    public static Simulation.Builder configure(Simulation.Builder builder, PaxosConfig config) {
        int n = config.clusterSize();
        int[] replicas = new int[n];
        for (int i = 0; i < n; i++) {
            replicas[i] = i;
        }
        return builder.nodes(n, PaxosReplica.factory(config)).peers(replicas);
    }

    /** The configuration for a variant name, cluster size and mutant name ("none" or empty for the correct protocol). */
    public static PaxosConfig config(String variant, int clusterSize, String mutant) {
        PaxosConfig config = Variants.config(variant, clusterSize);
        if (mutant == null || mutant.isEmpty() || mutant.equals("none")) {
            return config;
        }
        return config.withMutants(mutant);
    }

    /** True for the observation a replica publishes when it becomes leader. */
    public static boolean isLeaderChange(Object observation) {
        return observation instanceof PaxosObservation.BecameLeader;
    }

    /** The slot a replica has applied through, if {@code observation} says so; else -1. */
    public static long appliedSlotOf(Object observation) {
        if (observation instanceof PaxosObservation.Applied a) {
            return a.slot();
        }
        if (observation instanceof PaxosObservation.SnapshotInstalled s) {
            return s.slot();
        }
        return -1;
    }
}
