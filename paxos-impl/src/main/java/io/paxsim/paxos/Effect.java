package io.paxsim.paxos;

import io.paxsim.sim.Message;

/** Something a replica does only once the WAL writes before it are durable. */
sealed interface Effect {
    record Send(int to, Message message) implements Effect {
    }

    record Observe(PaxosObservation observation) implements Effect {
    }
}
