package io.paxsim.faults;

import io.paxsim.sim.NodeStatus;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.disk.DiskConfig;
import io.paxsim.sim.net.LinkConfig;

/**
 * The end of the safety phase: the world made whole so the liveness phase can demand progress.
 * Network: every cut healed, every clog released, every link back to its baseline. Nodes: every
 * replica resumed or restarted. Clocks: drift back to baseline; offsets are left where they are
 * (stepping clocks back now would itself be a fault; schedules bound skews and jumps). Disks:
 * fault knobs back to baseline (damage already done stays: a correct protocol repairs it).
 * BUGGIFY: off.
 *
 * <p>Prefer {@link FaultInjector#heal()}, which also cancels the schedule's future actions.
 */
public final class Heal {
    private Heal() {
    }

    /** Heals towards {@code baseline} (use the one captured at install). */
    public static void apply(Simulation sim, ClusterView view, WorldBaseline baseline) {
        if (baseline.nodeCount() != sim.nodeCount()) {
            throw new IllegalArgumentException("baseline is for " + baseline.nodeCount() + " nodes, simulation has " + sim.nodeCount());
        }
        sim.faultPoints().disable();
        sim.faultPoints().clearDelays();
        sim.healNetwork();
        int n = sim.nodeCount();
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (!sim.network().link(a, b).equals(baseline.link(a, b))) {
                    sim.network().setLink(a, b, baseline.link(a, b));
                }
            }
            DiskConfig disk = baseline.disk(a);
            if (!sim.disk(a).config().equals(disk)) {
                sim.setDiskConfig(a, disk);
            }
            if (sim.clock(a).driftPpm() != baseline.driftPpm(a)) {
                sim.setClockDriftPpm(a, baseline.driftPpm(a));
            }
        }
        for (int replica : view.replicas()) {
            if (sim.status(replica) == NodeStatus.PAUSED) {
                sim.resume(replica);
            } else if (sim.status(replica) == NodeStatus.CRASHED) {
                sim.restart(replica);
            }
        }
        sim.traceFault(-1, "heal: network whole, replicas up, drift stopped, disk knobs and BUGGIFY reset");
        assert healed(sim, view, baseline) : "heal left the world broken";
    }

    /** Heals towards the runtime defaults ({@link LinkConfig#lan()}, {@link DiskConfig#defaults()}, no drift). */
    public static void apply(Simulation sim, ClusterView view) {
        apply(sim, view, WorldBaseline.standard(sim.nodeCount()));
    }

    /** Whether the world is whole: what the liveness phase may assume. */
    public static boolean healed(Simulation sim, ClusterView view, WorldBaseline baseline) {
        if (sim.network().anyCut() || !sim.network().cloggedLinks().isEmpty() || sim.faultPoints().enabled()) {
            return false;
        }
        for (int replica : view.replicas()) {
            if (sim.status(replica) != NodeStatus.UP) {
                return false;
            }
        }
        int n = sim.nodeCount();
        for (int a = 0; a < n; a++) {
            if (!sim.disk(a).config().equals(baseline.disk(a)) || sim.clock(a).driftPpm() != baseline.driftPpm(a)) {
                return false;
            }
            for (int b = 0; b < n; b++) {
                if (!sim.network().link(a, b).equals(baseline.link(a, b))) {
                    return false;
                }
            }
        }
        return true;
    }
}
