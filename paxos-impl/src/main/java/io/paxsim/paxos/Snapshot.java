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

    public int sizeBytes() {
        return 16 + state.length;
    }
}
