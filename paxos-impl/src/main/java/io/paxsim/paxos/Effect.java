package io.paxsim.paxos;

import io.paxsim.sim.Message;

/** Something a replica does only once the WAL writes before it are durable. */
sealed interface Effect {
    record Send(@io.paxsim.sim.NodeIds int to, Message message) implements Effect {
    }

    record Observe(PaxosObservation observation) implements Effect {
    }

    /**
     * A leader's own vote for its own ballot, durable: counted as an Accepted without sending one to
     * itself. Comes after the vote's {@code Voted} observation, which is what monitors count.
     */
    record OwnVote(PaxosMessage.Accepted accepted) implements Effect {
    }
}
