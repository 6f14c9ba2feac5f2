package io.paxsim.testbed.client;

import io.paxsim.paxos.api.Command;
import io.paxsim.paxos.api.Result;

/**
 * What client processes publish through {@code Context.observe}: the history recorder and the
 * metrics stamp each with the simulation's true time, so neither the clients' clocks nor any
 * extra message perturbs the run.
 */
public sealed interface ClientEvent {
    long process();

    /** An open-loop arrival for this process (it may wait in the backlog before being invoked). */
    record Arrived(long process) implements ClientEvent {
    }

    record Invoked(long process, Command command) implements ClientEvent {
    }

    /** The command certainly took effect; {@code replica} answered. */
    record Completed(long process, Command command, Result result, int replica) implements ClientEvent {
    }

    /** The overall timeout expired: the command may or may not have taken effect. */
    record TimedOut(long process, Command command) implements ClientEvent {
    }

    /** An open-loop arrival found the backlog full and was shed. */
    record Shed(long process) implements ClientEvent {
    }
}
