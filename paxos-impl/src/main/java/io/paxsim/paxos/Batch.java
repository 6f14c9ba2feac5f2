package io.paxsim.paxos;

import java.util.List;

/**
 * The value of one log slot: the client commands batched into it, applied in order. An empty
 * batch is a no-op (what a new leader proposes to fill holes and to open its term).
 *
 * <p>{@code digest} and {@code sizeBytes} are derived from the commands, once, when the batch is
 * made (whatever is passed for them is replaced): every replica digests each batch several times
 * (vote, learn, apply) and every send sizes it, so they are worth keeping rather than recomputing.
 *
 * @param digest    a stable 64-bit fingerprint of the value, for monitors comparing values across
 *                  nodes: built from fields and String.hashCode (specified, so identical on every
 *                  JVM), without encoding
 * @param sizeBytes the batch's size on the wire, for the network's bandwidth model
 */
public record Batch(List<ClientCommand> commands, long digest, int sizeBytes) implements io.paxsim.sim.NodeStateHash {
    public static final Batch NOOP = new Batch(List.of());

    public Batch {
        commands = List.copyOf(commands);
        digest = digestOf(commands);
        sizeBytes = sizeOf(commands);
    }

    public Batch(List<ClientCommand> commands) {
        this(commands, 0, 0);
    }

    public boolean isNoop() {
        return commands.isEmpty();
    }

    /** As before the derived fields were kept: traces print values, and they did not change. */
    @Override
    public String toString() {
        return "Batch[commands=" + commands + "]";
    }

    private static long digestOf(List<ClientCommand> commands) {
        long h = 0x51AFD7ED558CCD1DL ^ commands.size();
        for (int i = 0; i < commands.size(); i++) {
            ClientCommand c = commands.get(i);
            h = mix(h, c.clientId());
            h = mix(h, c.sequence());
            h = mix(h, commandDigest(c.command()));
        }
        return h;
    }

    private static long mix(long h, long v) {
        return io.paxsim.sim.random.RandomStream.mix64(h ^ v) * 31 + v;
    }

    private static long commandDigest(io.paxsim.paxos.api.Command c) {
        if (c instanceof io.paxsim.paxos.api.Command.Read r) {
            return mix(1, r.key().hashCode());
        } else if (c instanceof io.paxsim.paxos.api.Command.Write w) {
            return mix(mix(2, w.key().hashCode()), w.value());
        } else if (c instanceof io.paxsim.paxos.api.Command.Cas x) {
            return mix(mix(mix(3, x.key().hashCode()), x.expected()), x.update());
        } else if (c instanceof io.paxsim.paxos.api.Command.Txn t) {
            long h = 4;
            for (io.paxsim.paxos.api.MicroOp op : t.ops()) {
                long v = op instanceof io.paxsim.paxos.api.MicroOp.Append a ? mix(1, a.value()) : 2;
                h = mix(mix(h, op.key().hashCode()), v);
            }
            return h;
        } else if (c instanceof io.paxsim.paxos.api.Command.LogAppend a) {
            return mix(mix(mix(mix(5, a.stream().hashCode()), a.index()), a.payload().hashCode()), a.checksum());
        } else if (c instanceof io.paxsim.paxos.api.Command.LogRead r) {
            return mix(mix(mix(6, r.stream().hashCode()), r.fromIndex()), r.maxCount());
        }
        return 7;
    }

    private static int sizeOf(List<ClientCommand> commands) {
        int size = 16;
        for (int i = 0; i < commands.size(); i++) {
            size += 24 + Codec.commandSizeBytes(commands.get(i).command());
        }
        return size;
    }

    /**
     * The explorer's fingerprint of this value: its commands (a list shared with another batch is
     * told from an equal copy, as the reflective walk tells it), digest and size.
     */
    @Override
    public long nodeStateHash(Hashing h) {
        long back = h.seen(commands);
        long x = back != 0 ? NodeHashes.mix(0x5348415245L, back) : NodeHashes.inOrder(h, 0x42415443L, commands);
        return NodeHashes.mix(NodeHashes.mix(x, digest), sizeBytes);
    }
}
