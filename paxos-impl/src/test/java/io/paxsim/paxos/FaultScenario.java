package io.paxsim.paxos;

import io.paxsim.sim.NodeStatus;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.disk.DiskConfig;
import io.paxsim.sim.disk.NodeDisk;
import io.paxsim.sim.net.LatencyModel;
import io.paxsim.sim.net.LinkConfig;
import io.paxsim.sim.random.RandomStream;

import java.util.ArrayList;
import java.util.List;

/**
 * One seeded run of a fault class: safety phase (faults injected straight through the runtime's
 * fault API, clients running), heal (network whole, every replica up, clocks and disks sane),
 * liveness (every client finishes, every replica converges). Disk faults respect an atlas: each
 * node's bit rot and latent errors hit one mirror file only, so a correct replica can recover.
 */
final class FaultScenario {
    enum FaultClass { CRASH, PARTITION, NETWORK, CLOCK, DISK, CHAOS, ATLAS }

    record Outcome(boolean safe, boolean live, boolean converged, String detail, RunStats stats) {
    }

    static final long SAFETY_NANOS = 200_000_000L;
    static final long LIVENESS_LIMIT_NANOS = 5_000_000_000L;

    private final FaultClass faultClass;
    private final TestCluster cluster;
    private final Simulation sim;
    private final RandomStream random;
    private final int n;
    private final int[] rotMirror;

    FaultScenario(FaultClass faultClass, long seed, PaxosConfig config, int clients, long opsPerClient) {
        this(faultClass, seed, config, clients,
                i -> new TestClient(config.clusterSize(), opsPerClient, TestClient.writes(8), 20_000_000)
                        .stopIssuingAt(SAFETY_NANOS));
    }

    FaultScenario(FaultClass faultClass, long seed, PaxosConfig config, int clients,
                  java.util.function.IntFunction<TestClient> clientMaker) {
        this.faultClass = faultClass;
        LinkConfig link = faultClass == FaultClass.NETWORK || faultClass == FaultClass.CHAOS
                ? LinkConfig.lan().withLossProbability(0.05).withDuplicateProbability(0.05)
                .withLatency(new LatencyModel.Exponential(100_000, 400_000))
                : LinkConfig.lan();
        this.cluster = new TestCluster(seed, config, clientMaker, clients, link, DiskConfig.defaults());
        this.sim = cluster.sim;
        this.random = sim.randomness().stream("test/faults/" + faultClass.name().toLowerCase());
        this.n = config.clusterSize();
        this.rotMirror = new int[n];
        for (int i = 0; i < n; i++) {
            rotMirror[i] = random.nextInt(2);
        }
    }

    TestCluster cluster() {
        return cluster;
    }

    Outcome run() {
        long t = 0;
        while (t < SAFETY_NANOS && !sim.stopped()) {
            t += 5_000_000 + random.nextLong(15_000_000);
            sim.runUntil(t);
            if (!sim.stopped()) {
                injectOne();
            }
        }
        heal();
        boolean live = !sim.stopped() && cluster.runUntilClientsDone(sim.nowNanos() + LIVENESS_LIMIT_NANOS);
        if (!sim.stopped()) {
            cluster.runFor(100_000_000);
        }
        String converged = convergence();
        boolean safe = !sim.stopped();
        String detail = safe ? (live ? converged : "clients did not finish: " + cluster.completed() + " done")
                : cluster.violationMessage();
        return new Outcome(safe, live, converged.isEmpty(), detail, cluster.stats);
    }

    private void injectOne() {
        FaultClass pick = faultClass;
        if (pick == FaultClass.CHAOS) {
            pick = FaultClass.values()[random.nextInt(FaultClass.CHAOS.ordinal())];
        }
        switch (pick) {
            case CRASH -> crashSome();
            case PARTITION -> partition();
            case NETWORK -> clogOrReorder();
            case CLOCK -> skewClock();
            case DISK -> diskFault();
            case ATLAS -> atlasDiskFault();
            default -> throw new AssertionError(faultClass);
        }
    }

    private void crashSome() {
        int node = random.nextInt(n);
        if (sim.status(node) == NodeStatus.CRASHED) {
            sim.restart(node);
        } else if (random.bernoulli(0.1)) {
            for (int i = 0; i < n; i++) {
                sim.crash(i);
            }
            for (int i = 0; i < n; i++) {
                sim.restart(i);
            }
        } else if (crashedCount() < (n - 1) / 2) {
            sim.crash(node);
        } else {
            restartAll();
        }
    }

    private void partition() {
        sim.network().healCuts();
        if (random.bernoulli(0.3)) {
            return;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        random.shuffle(order);
        int split = 1 + random.nextInt(n - 1);
        int[] a = order.subList(0, split).stream().mapToInt(Integer::intValue).toArray();
        int[] b = order.subList(split, n).stream().mapToInt(Integer::intValue).toArray();
        sim.network().partition(List.of(a, b));
    }

    private void clogOrReorder() {
        int from = random.nextInt(n);
        int to = random.nextInt(n);
        if (from != to && random.bernoulli(0.5)) {
            sim.clog(from, to);
        } else {
            sim.healNetwork();
        }
    }

    private void skewClock() {
        int node = random.nextInt(n);
        if (random.bernoulli(0.5)) {
            sim.setClockDriftPpm(node, random.nextLong(-200_000, 200_000));
        } else {
            sim.clockJump(node, random.nextLong(-20_000_000, 20_000_000));
        }
        if (random.bernoulli(0.2)) {
            sim.pause(node);
            sim.schedule(sim.nowNanos() + random.nextLong(30_000_000), s -> s.resume(node));
        }
    }

    private void diskFault() {
        int node = random.nextInt(n);
        String file = mirrorToRot(node);
        long size = file == null ? 0 : sim.disk(node).durableSize(file);
        double pick = random.nextDouble();
        if (pick < 0.35 && size > 0) {
            sim.disk(node).rotBit(file, random.nextLong(size), random.nextInt(8));
        } else if (pick < 0.5 && size > 0) {
            sim.disk(node).addLatentSectorError(file, random.nextLong(size) / NodeDisk.SECTOR_BYTES);
        } else if (pick < 0.6) {
            sim.setDiskConfig(node, DiskConfig.defaults().withFsyncFailProbability(0.2));
        } else if (sim.status(node) == NodeStatus.CRASHED) {
            sim.restart(node);
        } else if (crashedCount() < (n - 1) / 2) {
            sim.crash(node);
        }
    }

    /**
     * The testbed's atlas: any synced file (both mirrors, snapshots) of at most f chosen replicas
     * may rot, several bits at a time; those replicas are crashed and restarted to read it back.
     */
    private void atlasDiskFault() {
        int f = (n - 1) / 2;
        int node = random.nextInt(f);
        List<String> synced = new ArrayList<>();
        for (String file : sim.disk(node).files()) {
            if (sim.disk(node).durableSize(file) > 0) {
                synced.add(file);
            }
        }
        double pick = random.nextDouble();
        if (pick < 0.5 && !synced.isEmpty()) {
            for (int i = 0; i < 1 + random.nextInt(4); i++) {
                String file = random.choice(synced);
                sim.disk(node).rotBit(file, random.nextLong(sim.disk(node).durableSize(file)), random.nextInt(8));
            }
        } else if (pick < 0.6 && !synced.isEmpty()) {
            String file = random.choice(synced);
            sim.disk(node).addLatentSectorError(file, random.nextLong(sim.disk(node).durableSize(file)) / NodeDisk.SECTOR_BYTES);
        } else if (sim.status(node) == NodeStatus.CRASHED) {
            sim.restart(node);
        } else {
            sim.crash(node);
        }
    }

    /** The atlas: a node's rot always hits the same mirror (of its newest WAL generation), never both. */
    private String mirrorToRot(int node) {
        String suffix = Wal.MIRROR_SUFFIXES[rotMirror[node]];
        String newest = null;
        for (String f : sim.disk(node).files()) {
            if (Wal.isWalFile(f) && f.endsWith(suffix)) {
                newest = f;
            }
        }
        return newest;
    }

    private int crashedCount() {
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (sim.status(i) == NodeStatus.CRASHED) {
                c++;
            }
        }
        return c;
    }

    private void restartAll() {
        for (int i = 0; i < n; i++) {
            sim.restart(i);
        }
    }

    private void heal() {
        sim.healNetwork();
        sim.network().setAllLinks(LinkConfig.lan());
        for (int i = 0; i < n; i++) {
            sim.resume(i);
            sim.setClockDriftPpm(i, 0);
            sim.setDiskConfig(i, DiskConfig.defaults());
        }
        restartAll();
    }

    /** Empty when every replica applied the same prefix as the most advanced one. */
    private String convergence() {
        long max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, ((PaxosReplica) sim.node(i)).appliedIndex());
        }
        StringBuilder lagging = new StringBuilder();
        for (int i = 0; i < n; i++) {
            long applied = ((PaxosReplica) sim.node(i)).appliedIndex();
            if (applied != max) {
                lagging.append("replica ").append(i).append(" applied ").append(applied).append(" of ").append(max).append("; ");
            }
        }
        return lagging.toString();
    }
}
