package io.paxsim.paxos;

import io.paxsim.sim.Simulation;

/** Wires a Paxos cluster into a simulation: replicas take ids 0..n-1 and form the peer group. */
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
}
