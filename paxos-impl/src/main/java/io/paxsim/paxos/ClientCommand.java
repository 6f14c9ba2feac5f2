package io.paxsim.paxos;

import io.paxsim.paxos.api.Command;

/** A client's command as it travels through the log: the session key (clientId, sequence) and the command. */
public record ClientCommand(long clientId, long sequence, Command command) implements io.paxsim.sim.NodeStateHash {
    /** The explorer's fingerprint of this command: session key and command by content. */
    @Override
    public long nodeStateHash(Hashing h) {
        return NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(0x434D44L, clientId), sequence), h.value(command));
    }
}
