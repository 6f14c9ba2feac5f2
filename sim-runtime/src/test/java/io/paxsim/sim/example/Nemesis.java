package io.paxsim.sim.example;

import io.paxsim.sim.NodeStatus;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.disk.DiskConfig;
import io.paxsim.sim.random.RandomStream;

import java.util.ArrayList;
import java.util.List;

import static io.paxsim.sim.example.GossipScenario.MILLIS;
import static io.paxsim.sim.example.GossipScenario.NODES;

/** Plans the safety phase's faults from its own stream and applies them through the fault API. */
final class Nemesis {
    private static final int FAULT_KINDS = 11;

    private final Simulation sim;
    private final RandomStream random;
    private final DiskConfig healthyDisk;

    Nemesis(Simulation sim, RandomStream random, DiskConfig healthyDisk) {
        this.sim = sim;
        this.random = random;
        this.healthyDisk = healthyDisk;
    }

    /** The copy each node's disk faults may touch; the other copy is spared (the fault atlas). */
    static String faultyCopy(int node) {
        return GossipCounter.COPIES[node % 2];
    }

    void plan() {
        if (random.bernoulli(0.5)) {
            int node = random.nextInt(NODES);
            sim.schedule(0, s -> s.setDiskConfig(node, healthyDisk.withCapacityBytes(8)));
            sim.schedule(30 * MILLIS + random.nextLong(100 * MILLIS), s -> s.setDiskConfig(node, healthyDisk));
        }
        // Swarm: each seed enables a subset of the fault kinds.
        boolean[] enabled = new boolean[FAULT_KINDS];
        for (int k = 0; k < FAULT_KINDS; k++) {
            enabled[k] = random.bernoulli(0.7);
        }
        long t = 50 * MILLIS;
        while (true) {
            t += random.nextLong(20 * MILLIS, 200 * MILLIS);
            if (t >= GossipScenario.SAFETY_END_NANOS - 100 * MILLIS) {
                break;
            }
            int kind = random.nextInt(FAULT_KINDS);
            if (enabled[kind]) {
                planFault(kind, t);
            }
        }
    }

    private void planFault(int kind, long at) {
        int node = random.nextInt(NODES);
        int other = (node + 1 + random.nextInt(NODES - 1)) % NODES;
        long duration = random.nextLong(10 * MILLIS, 300 * MILLIS);
        switch (kind) {
            case 0 -> {
                sim.schedule(at, s -> s.crash(node));
                sim.schedule(at + duration, s -> s.restart(node));
            }
            case 1 -> {
                sim.schedule(at, s -> s.pause(node));
                sim.schedule(at + duration / 3, s -> s.resume(node));
            }
            case 2 -> {
                List<int[]> groups = split();
                sim.schedule(at, s -> s.partition(groups));
                sim.schedule(at + duration, Simulation::healNetwork);
            }
            case 3 -> {
                sim.schedule(at, s -> s.cut(node, other));
                sim.schedule(at + duration, Simulation::healNetwork);
            }
            case 4 -> {
                sim.schedule(at, s -> s.clog(node, other));
                sim.schedule(at + duration, s -> s.unclog(node, other));
            }
            case 5 -> {
                long jump = random.nextLong(-200 * MILLIS, 200 * MILLIS);
                long drift = random.nextLong(-100_000, 100_000);
                sim.schedule(at, s -> s.clockJump(node, jump));
                sim.schedule(at, s -> s.setClockDriftPpm(node, drift));
            }
            case 6 -> {
                int bit = random.nextInt(8);
                long pick = random.nextLong();
                sim.schedule(at, s -> {
                    long size = s.disk(node).durableSize(faultyCopy(node));
                    if (size > 0) {
                        s.rotBit(node, faultyCopy(node), Math.floorMod(pick, size), bit);
                    }
                });
            }
            case 7 -> sim.schedule(at, s -> s.addLatentSectorError(node, faultyCopy(node), 0));
            case 8 -> sim.schedule(at, s -> s.misdirectNextDurableWrite(node, faultyCopy(node)));
            case 9 -> {
                sim.schedule(at, s -> s.setDiskConfig(node, healthyDisk.withFsyncFailProbability(0.5)));
                sim.schedule(at + duration, s -> s.setDiskConfig(node, healthyDisk));
            }
            case 10 -> {
                sim.schedule(at, s -> s.crash(node));
                sim.schedule(at, s -> s.crash(other));
                sim.schedule(at + duration, s -> s.restart(node));
                sim.schedule(at + duration / 2, s -> s.restart(other));
            }
            default -> throw new AssertionError("no fault kind " + kind);
        }
    }

    private List<int[]> split() {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            ids.add(i);
        }
        random.shuffle(ids);
        int cut = 1 + random.nextInt(NODES - 1);
        return List.of(ids.subList(0, cut).stream().mapToInt(Integer::intValue).toArray(),
                ids.subList(cut, NODES).stream().mapToInt(Integer::intValue).toArray());
    }

    /** End of the safety phase: connectivity back, every node up and running, disks healthy. */
    void heal() {
        sim.healNetwork();
        for (int i = 0; i < NODES; i++) {
            sim.setDiskConfig(i, healthyDisk);
            if (sim.status(i) == NodeStatus.CRASHED) {
                sim.restart(i);
            } else if (sim.status(i) == NodeStatus.PAUSED) {
                sim.resume(i);
            }
        }
    }
}
