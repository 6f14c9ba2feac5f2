package io.paxsim.sim;

import io.paxsim.sim.disk.DiskDone;

/**
 * A simulated process: pure handlers that read the node's own state and act on the world only
 * through the {@link Context} they are given. The runtime creates a fresh instance (through a
 * {@link NodeFactory}) at first start and at every restart, so volatile state cannot survive a
 * crash by accident; only what was synced to the node's disk does.
 *
 * <p>Handlers must be deterministic functions of the node's state, the event and what the context
 * returns. An unexpected message is a bug: throw {@link AssertionError}, do not ignore it.
 */
public interface Node {
    /** First boot, with an empty disk. */
    void onStart(Context ctx);

    /** Boot after a crash: rebuild volatile state from {@code ctx.disk()}. */
    void onRecover(Context ctx);

    void onMessage(Context ctx, int from, Message message);

    void onTimer(Context ctx, Timer timer);

    /** An fsync the node requested has completed (successfully or not). */
    default void onDiskDone(Context ctx, DiskDone done) {
        throw new AssertionError("node " + ctx.self() + " issued no disk request but got " + done);
    }

    /**
     * A canonical fingerprint of the node's volatile state, for state deduplication by a systematic
     * explorer. Must not depend on identity hashes or unordered iteration.
     */
    default long stateFingerprint() {
        return 0L;
    }
}
