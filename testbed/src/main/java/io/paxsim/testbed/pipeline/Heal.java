package io.paxsim.testbed.pipeline;

import io.paxsim.sim.NodeStatus;
import io.paxsim.sim.Simulation;

/**
 * The pipeline's own guarantee after a fault plan's heal: no fault points, no cuts or clogs, every
 * replica up. Link, disk and clock settings are the fault plan's to restore (it knows the
 * scenario's baseline, which may deliberately include a slow link).
 */
final class Heal {
    private Heal() {
    }

    static void ensureWhole(Simulation sim, int replicaCount) {
        sim.faultPoints().disable();
        if (sim.network().anyCut() || !sim.network().cloggedLinks().isEmpty()) {
            sim.healNetwork();
        }
        for (int id = 0; id < replicaCount; id++) {
            if (sim.status(id) == NodeStatus.PAUSED) {
                sim.resume(id);
            } else if (sim.status(id) == NodeStatus.CRASHED) {
                sim.restart(id);
            }
        }
    }
}
