package io.paxsim.testbed.sweep;

import io.paxsim.sim.SimObserver;
import io.paxsim.sim.Simulation;
import io.paxsim.testbed.client.ClientEvent;

import java.util.BitSet;

/**
 * What a sweep measures beyond metrics.json, from the observer hook only (so measuring does not
 * perturb the run): every completed operation's latency in simulated time, and in which
 * {@value #WINDOW_MILLIS} ms windows any operation completed (availability).
 */
public final class SweepProbe implements SimObserver {
    static final long WINDOW_MILLIS = 10;
    static final long WINDOW_NANOS = WINDOW_MILLIS * 1_000_000L;

    private final LatencyBuckets latency = new LatencyBuckets();
    // Keyed by process (a stable Long hash); looked up only, never iterated.
    private final java.util.HashMap<Long, Long> invokedAtNanos = new java.util.HashMap<>();
    private final BitSet windowsWithCompletions = new BitSet();

    @Override
    public void onObservation(Simulation sim, int node, Object observation) {
        if (observation instanceof ClientEvent.Invoked i) {
            invokedAtNanos.put(i.process(), sim.nowNanos());
        } else if (observation instanceof ClientEvent.Completed c) {
            Long start = invokedAtNanos.remove(c.process());
            if (start != null) {
                latency.record((sim.nowNanos() - start) / 1_000L);
            }
            windowsWithCompletions.set(Math.toIntExact(sim.nowNanos() / WINDOW_NANOS));
        } else if (observation instanceof ClientEvent.TimedOut t) {
            invokedAtNanos.remove(t.process());
        }
    }

    public LatencyBuckets latency() {
        return latency;
    }

    /** Whether some operation completed in window {@code w} ({@code [w, w+1) x WINDOW}). */
    boolean completedIn(int window) {
        return windowsWithCompletions.get(window);
    }
}
