package io.paxsim.sim;

import io.paxsim.sim.disk.NodeDisk;
import io.paxsim.sim.random.RandomStream;

/**
 * A node's only window on the world: messages, timers, its own clock, its own disk, randomness,
 * named fault points, observations and logging. Nothing else a node does may reach outside it.
 */
public interface Context {
    int self();

    /** Ids of the cluster members this node was configured with (replicas, not clients). */
    int[] peers();

    /** The node's own clock: true time distorted by this node's offset, drift and jumps. */
    long localTimeNanos();

    void send(int to, Message message);

    /** Sends to every member of {@link #peers()} except this node. */
    void broadcast(Message message);

    /** Fires after {@code delayNanos} of this node's local clock (so drift and jumps matter). */
    TimerId setTimer(long delayNanos, Timer timer);

    /** Cancels a pending timer; cancelling a timer that already fired is a no-op. */
    void cancelTimer(TimerId id);

    NodeDisk disk();

    /** This node's random stream ({@code node/<id>}); survives restarts, as hardware entropy would. */
    RandomStream random();

    /**
     * BUGGIFY: a named fault point in protocol code. Each name is switched on or off once per run
     * by the simulation's fault-point policy, then fires with some probability when reached.
     * Always false unless the run enables fault points.
     */
    boolean buggify(String pointName);

    /**
     * A named delay point: how long the world makes this node wait before the work named (0 unless
     * a targeted fault, such as a slow apply, is on for this node). The node decides what waiting means.
     */
    default long faultDelayNanos(String pointName) {
        return 0;
    }

    /** Publishes a fact for invariant monitors and metrics (e.g. "slot 7 applied"). Not traced as a message. */
    void observe(Object observation);

    boolean isLogEnabled(LogLevel level);

    /** Logs with the simulated time and node id; arguments formatted with {@code {}} only when enabled. */
    void log(LogLevel level, String format, Object... args);
}
