package io.paxsim.paxos;

/** The state machine (KV, logs, session table) after applying every slot through {@code slot}, encoded. */
public record Snapshot(long slot, byte[] state) {
    public Snapshot {
        state = state.clone();
    }

    @Override
    public byte[] state() {
        return state.clone();
    }

    /**
     * The state itself, not a copy, for readers in this package that never change it (encoding it
     * into a snapshot file, decoding it, whose frozen lists keep it): each {@link #state()} copied a state that
     * takes megabytes in a long list-append run.
     */
    byte[] stateUnchanged() {
        return state;
    }

    public int sizeBytes() {
        return 16 + state.length;
    }
}
