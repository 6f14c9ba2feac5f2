package io.paxsim.testbed.pipeline;

import io.paxsim.sim.NodeFactory;
import io.paxsim.sim.SimObserver;

import java.util.List;
import java.util.function.Predicate;

/**
 * The replicated system a run tests: how to make a replica, the monitors that watch it online,
 * and how to recognise its "a new leader took over" observation for the metrics.
 */
public record Cluster(NodeFactory replicaFactory, List<SimObserver> monitors, Predicate<Object> isLeaderChange) {
    public Cluster {
        monitors = List.copyOf(monitors);
    }
}
