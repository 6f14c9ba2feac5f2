package io.paxsim.testbed.pipeline;

import io.paxsim.sim.NodeStatus;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.disk.DiskConfig;
import io.paxsim.sim.net.LinkConfig;

/**
 * The end of the safety phase: no more faults, the network whole and clean, every replica up.
 * Clock offsets stay where the faults left them (a healed cluster still has skewed clocks, and a
 * correct protocol must cope); drift stops.
 */
final class Heal {
    private Heal() {
    }

    static void apply(Simulation sim, int replicaCount, LinkConfig link, DiskConfig disk) {
        sim.faultPoints().disable();
        sim.healNetwork();
        sim.network().setAllLinks(link);
        for (int id = 0; id < replicaCount; id++) {
            if (!sim.disk(id).config().equals(disk)) {
                sim.setDiskConfig(id, disk);
            }
            if (sim.clock(id).driftPpm() != 0) {
                sim.setClockDriftPpm(id, 0);
            }
            if (sim.status(id) == NodeStatus.PAUSED) {
                sim.resume(id);
            } else if (sim.status(id) == NodeStatus.CRASHED) {
                sim.restart(id);
            }
        }
    }
}
