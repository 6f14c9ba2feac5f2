package io.paxsim.testbed.pipeline;

import io.paxsim.sim.NodeFactory;
import io.paxsim.sim.SimObserver;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The replicated system a run tests: how to make a replica, the monitors that watch it online,
 * how to recognise its "a new leader took over" observation, and how to read "replica applied
 * through slot s" from an observation (-1 for any other observation) to check convergence.
 */
public record Cluster(NodeFactory replicaFactory, List<SimObserver> monitors, Predicate<Object> isLeaderChange,
                      ToLongFunction<Object> appliedSlotOf) {
    public Cluster {
        monitors = List.copyOf(monitors);
    }

    /** A system without leaders or applied-slot observations (tests' toy servers). */
    public static Cluster simple(NodeFactory replicaFactory) {
        return new Cluster(replicaFactory, List.of(), o -> false, o -> -1);
    }
}
