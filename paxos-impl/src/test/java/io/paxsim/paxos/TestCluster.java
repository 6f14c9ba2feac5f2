package io.paxsim.paxos;

import io.paxsim.paxos.api.Command;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.disk.DiskConfig;
import io.paxsim.sim.net.LinkConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/** A simulated cluster of replicas plus closed-loop test clients, with the invariant monitor attached. */
final class TestCluster {
    final PaxosConfig config;
    final Simulation sim;
    final InvariantMonitor monitor;
    final RunStats stats = new RunStats();
    /** An extra observer for debugging sessions; null normally. */
    static io.paxsim.sim.SimObserver EXTRA;
    final List<TestClient> clients = new ArrayList<>();

    TestCluster(long seed, PaxosConfig config, int clientCount, long opsPerClient, LongFunction<Command> commands,
                LinkConfig link, DiskConfig disk) {
        this(seed, config, i -> new TestClient(config.clusterSize(), opsPerClient, commands, 20_000_000), clientCount, link, disk);
    }

    TestCluster(long seed, PaxosConfig config, java.util.function.IntFunction<TestClient> clientMaker, int clientCount,
                LinkConfig link, DiskConfig disk) {
        this.config = config;
        this.monitor = new InvariantMonitor(config);
        Simulation.Builder b = PaxosCluster.configure(Simulation.builder(seed), config)
                .defaultLink(link).disk(disk).observer(monitor).observer(stats);
        if (EXTRA != null) {
            b.observer(EXTRA);
        }
        for (int i = 0; i < clientCount; i++) {
            TestClient c = clientMaker.apply(i);
            clients.add(c);
            b.node(id -> c);
        }
        this.sim = b.build();
        sim.start();
    }

    static TestCluster simple(long seed, PaxosConfig config, int clients, long opsPerClient) {
        return new TestCluster(seed, config, clients, opsPerClient, TestClient.writes(16), LinkConfig.lan(), DiskConfig.defaults());
    }

    boolean clientsDone() {
        for (TestClient c : clients) {
            if (!c.done()) {
                return false;
            }
        }
        return true;
    }

    long completed() {
        long n = 0;
        for (TestClient c : clients) {
            n += c.completed();
        }
        return n;
    }

    /** Runs until every client finished, the run stopped, or {@code limitNanos} of simulated time passed. */
    boolean runUntilClientsDone(long limitNanos) {
        long step = 1_000_000;
        while (!sim.stopped() && !clientsDone() && sim.nowNanos() < limitNanos) {
            sim.runUntil(sim.nowNanos() + step);
        }
        return clientsDone();
    }

    void runFor(long nanos) {
        sim.runUntil(sim.nowNanos() + nanos);
    }

    String violationMessage() {
        return monitor.violation().map(InvariantMonitor.Violation::message).orElse("none");
    }
}
