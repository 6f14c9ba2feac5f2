package io.paxsim.paxos.api;

import io.paxsim.sim.Message;
import io.paxsim.sim.NodeStateHash;

/**
 * The client protocol: what a client node and a replica say to each other. A client may send a
 * request to any replica; a non-leader passes it on to the replica it believes leads (whose reply
 * then comes from there), or answers {@link NotLeader} when it knows no leader. A client retries a request with
 * the same (clientId, sequence) until it gets a reply, and the session table makes the command
 * apply once. A reply comes only after the command was chosen and applied.
 */
public sealed interface ClientMessage extends Message, NodeStateHash {
    long clientId();

    long sequence();

    record Request(long clientId, long sequence, Command command) implements ClientMessage {
        @Override
        public int sizeBytes() {
            return 64 + commandBytes(command);
        }

        /** The explorer's fingerprint of this request: every component. */
        @Override
        public long nodeStateHash(Hashing h) {
            return NodeStateHash.mix(NodeStateHash.mix(NodeStateHash.mix(0x524551L, clientId), sequence), h.value(command));
        }
    }

    record Reply(long clientId, long sequence, Result result) implements ClientMessage {
        /** The explorer's fingerprint of this reply: every component. */
        @Override
        public long nodeStateHash(Hashing h) {
            return NodeStateHash.mix(NodeStateHash.mix(NodeStateHash.mix(0x52504CL, clientId), sequence), h.value(result));
        }
    }

    /** Not the leader; {@code leaderHint} is the replica believed to lead, or -1 if unknown. */
    record NotLeader(long clientId, long sequence, @io.paxsim.sim.NodeIds int leaderHint) implements ClientMessage {
        /** The explorer's fingerprint of this answer: every component, the hint as renamed. */
        @Override
        public long nodeStateHash(Hashing h) {
            return NodeStateHash.mix(NodeStateHash.mix(NodeStateHash.mix(0x4E4C44L, clientId), sequence), h.id(leaderHint));
        }
    }

    private static int commandBytes(Command c) {
        if (c instanceof Command.LogAppend a) {
            return a.payload().length() + a.stream().length();
        }
        if (c instanceof Command.Txn t) {
            return 16 * t.ops().size();
        }
        return 16;
    }
}
