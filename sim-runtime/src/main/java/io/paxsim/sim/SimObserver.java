package io.paxsim.sim;

import io.paxsim.sim.trace.TraceKind;

/**
 * The one hook invariant monitors and metrics subscribe to. Called synchronously, in event order,
 * after the event was traced; an observer must not change the simulation except through
 * {@link Simulation#stop(String)}.
 */
public interface SimObserver {
    /** Every traced event; {@code payload} is the message, timer, fault action or disk op. */
    default void onEvent(Simulation sim, TraceKind kind, int node, int peer, Object payload) {
    }

    /** A fact a node published with {@link Context#observe(Object)}. */
    default void onObservation(Simulation sim, int node, Object observation) {
    }
}
