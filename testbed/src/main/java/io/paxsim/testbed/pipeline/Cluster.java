package io.paxsim.testbed.pipeline;

import io.paxsim.sim.NodeFactory;
import io.paxsim.sim.SimObserver;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The replicated system a run tests: how to make a replica, the monitors that watch it online,
 * how to recognise its "a new leader took over" observation, how to read "replica applied
 * through slot s" from an observation (-1 for any other observation) to check convergence, and the
 * counts of "sometimes" events the run reached (coverage; read once the run is over).
 */
public record Cluster(NodeFactory replicaFactory, List<SimObserver> monitors, Predicate<Object> isLeaderChange,
                      ToLongFunction<Object> appliedSlotOf, Supplier<Map<String, Long>> coverage) {
    public Cluster {
        monitors = List.copyOf(monitors);
    }

    /** A system that counts no "sometimes" events. */
    public Cluster(NodeFactory replicaFactory, List<SimObserver> monitors, Predicate<Object> isLeaderChange,
                   ToLongFunction<Object> appliedSlotOf) {
        this(replicaFactory, monitors, isLeaderChange, appliedSlotOf, Map::of);
    }

    /** A system without leaders or applied-slot observations (tests' toy servers). */
    public static Cluster simple(NodeFactory replicaFactory) {
        return new Cluster(replicaFactory, List.of(), o -> false, o -> -1);
    }
}
