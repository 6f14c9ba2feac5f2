package io.paxsim.testbed.pipeline;

import io.paxsim.sim.SimObserver;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.trace.TraceKind;

import java.util.function.Predicate;

/** Who leads now, as far as the protocol's observations say: for "isolate the leader" faults. */
final class LeaderTracker implements SimObserver {
    private final Predicate<Object> isLeaderChange;
    private int leader = -1;

    LeaderTracker(Predicate<Object> isLeaderChange) {
        this.isLeaderChange = isLeaderChange;
    }

    @Override
    public void onObservation(Simulation sim, int node, Object observation) {
        if (isLeaderChange.test(observation)) {
            leader = node;
        }
    }

    /** A crash ends a leadership. */
    @Override
    public java.util.Set<io.paxsim.sim.trace.TraceKind> eventKinds() {
        return java.util.EnumSet.of(io.paxsim.sim.trace.TraceKind.CRASH);
    }

    @Override
    public void onEvent(Simulation sim, TraceKind kind, int node, int peer, Object payload) {
        if (kind == TraceKind.CRASH && node == leader) {
            leader = -1;
        }
    }

    int leader() {
        return leader;
    }
}
