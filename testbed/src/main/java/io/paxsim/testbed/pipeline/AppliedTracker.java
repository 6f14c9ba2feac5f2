package io.paxsim.testbed.pipeline;

import io.paxsim.sim.SimObserver;
import io.paxsim.sim.Simulation;

import java.util.Arrays;
import java.util.function.ToLongFunction;

/** The highest slot each replica has applied, from the protocol's observations; for convergence. */
final class AppliedTracker implements SimObserver {
    private final ToLongFunction<Object> appliedSlotOf;
    private final long[] appliedSlot;

    AppliedTracker(int replicaCount, ToLongFunction<Object> appliedSlotOf) {
        this.appliedSlotOf = appliedSlotOf;
        this.appliedSlot = new long[replicaCount];
        Arrays.fill(appliedSlot, -1);
    }

    /** Observations only: no traced event. */
    @Override
    public java.util.Set<io.paxsim.sim.trace.TraceKind> eventKinds() {
        return java.util.EnumSet.noneOf(io.paxsim.sim.trace.TraceKind.class);
    }

    @Override
    public void onObservation(Simulation sim, int node, Object observation) {
        if (node < appliedSlot.length) {
            long slot = appliedSlotOf.applyAsLong(observation);
            if (slot > appliedSlot[node]) {
                appliedSlot[node] = slot;
            }
        }
    }

    boolean converged() {
        for (long s : appliedSlot) {
            if (s != appliedSlot[0]) {
                return false;
            }
        }
        return true;
    }

    String describe() {
        return Arrays.toString(appliedSlot);
    }
}
