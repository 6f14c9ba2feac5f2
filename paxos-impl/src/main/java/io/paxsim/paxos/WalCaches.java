package io.paxsim.paxos;

/**
 * The WAL's process-wide caches, for whoever runs simulations one after another: only speed
 * depends on what they hold, never a run's bytes or trace.
 */
public final class WalCaches {
    private WalCaches() {
    }

    /**
     * Drops the encoded WAL record bodies cached by slot and the bodies recovery decoded, and with
     * them their batches, once a run is over: they would otherwise stay live until the next run's slots
     * overwrite them. Harmless to a run still going on another thread (it encodes again).
     */
    public static void release() {
        RecordFormat.forgetCachedBodies();
    }
}
