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

    /**
     * The kinds {@link #onEvent} acts on, asked once when the simulation is built: it is called for
     * these kinds only (all of them by default). A run traces several events per step (sends,
     * deliveries, disk writes), so an observer that reads a few kinds should name them; leaving
     * out a kind its {@code onEvent} does act on would silently blind it.
     */
    default java.util.Set<TraceKind> eventKinds() {
        return java.util.EnumSet.allOf(TraceKind.class);
    }

    /** A fact a node published with {@link Context#observe(Object)}. */
    default void onObservation(Simulation sim, int node, Object observation) {
    }
}
