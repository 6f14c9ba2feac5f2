package io.paxsim.paxos.api;

import io.paxsim.sim.Message;

/**
 * The client protocol: what a client node and a replica say to each other. A client may send a
 * request to any replica; a non-leader passes it on to the replica it believes leads (whose reply
 * then comes from there), or answers {@link NotLeader} when it knows no leader. A client retries a request with
 * the same (clientId, sequence) until it gets a reply, and the session table makes the command
 * apply once. A reply comes only after the command was chosen and applied.
 */
public sealed interface ClientMessage extends Message {
    long clientId();

    long sequence();

    record Request(long clientId, long sequence, Command command) implements ClientMessage {
        @Override
        public int sizeBytes() {
            return 64 + commandBytes(command);
        }
    }

    record Reply(long clientId, long sequence, Result result) implements ClientMessage {
    }

    /** Not the leader; {@code leaderHint} is the replica believed to lead, or -1 if unknown. */
    record NotLeader(long clientId, long sequence, @io.paxsim.sim.NodeIds int leaderHint) implements ClientMessage {
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
