package io.paxsim.testbed.client;

import io.paxsim.paxos.api.Result;
import io.paxsim.testbed.workload.Operation;

import java.util.List;

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

    record Invoked(long process, Operation operation) implements ClientEvent {
    }

    /** Every command of the operation certainly took effect, with these results; {@code replica} answered last. */
    record Completed(long process, Operation operation, List<Result> results, int replica) implements ClientEvent {
        public Completed {
            results = List.copyOf(results);
            assert results.size() == operation.commands().size() : "one result per command";
        }
    }

    /** The overall timeout expired: the operation may or may not have taken effect. */
    record TimedOut(long process, Operation operation) implements ClientEvent {
    }

    /** An open-loop arrival found the backlog full and was shed. */
    record Shed(long process) implements ClientEvent {
    }
}
