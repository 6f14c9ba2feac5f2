package io.paxsim.paxos;

import io.paxsim.paxos.api.Command;

/** A client's command as it travels through the log: the session key (clientId, sequence) and the command. */
public record ClientCommand(long clientId, long sequence, Command command) {
}
