package io.paxsim.paxos;

import java.util.List;

/**
 * The value of one log slot: the client commands batched into it, applied in order. An empty
 * batch is a no-op (what a new leader proposes to fill holes and to open its term).
 */
public record Batch(List<ClientCommand> commands) {
    public static final Batch NOOP = new Batch(List.of());

    public Batch {
        commands = List.copyOf(commands);
    }

    public boolean isNoop() {
        return commands.isEmpty();
    }

    /** A stable 64-bit fingerprint of the encoded value, for monitors comparing values across nodes. */
    public long digest() {
        return Codec.fnv64(Codec.encodeBatch(this));
    }

    public int sizeBytes() {
        int size = 16;
        for (ClientCommand c : commands) {
            size += 24 + Codec.commandSizeBytes(c.command());
        }
        return size;
    }
}
