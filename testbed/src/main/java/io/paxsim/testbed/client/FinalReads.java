package io.paxsim.testbed.client;

import io.paxsim.sim.Simulation;
import io.paxsim.sim.SimAction;

/** World action: wakes every client node so idle ones pick up the queued final reads. */
public record FinalReads(int firstClientNode, int clientCount) implements SimAction {
    @Override
    public void apply(Simulation sim) {
        for (int i = 0; i < clientCount; i++) {
            Object node = sim.node(firstClientNode + i);
            if (!(node instanceof ClientNode client)) {
                throw new AssertionError("node " + (firstClientNode + i) + " is not a live client: " + node);
            }
            client.startFinalReads();
        }
    }
}
