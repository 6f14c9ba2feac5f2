package io.paxsim.sim.example;

import io.paxsim.sim.NodeStatus;
import io.paxsim.sim.SimObserver;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.disk.DiskConfig;
import io.paxsim.sim.net.LatencyModel;
import io.paxsim.sim.net.LinkConfig;
import io.paxsim.sim.random.RandomStream;
import io.paxsim.sim.trace.TraceKind;

import java.util.ArrayList;
import java.util.List;

/**
 * One run of the gossip counter on five nodes: a safety phase with every kind of fault the
 * runtime offers (drawn from the seed, swarm style), then a heal and a liveness phase that must
 * end with every node holding the full count. Disk faults follow a fault atlas: each node has one
 * "faulty" copy, and rot, latent sector errors and misdirected writes only ever touch that one.
 */
final class GossipScenario {
    static final int NODES = 5;
    static final long TARGET = 40;
    static final long MILLIS = 1_000_000L;
    static final long SAFETY_END_NANOS = 3_000 * MILLIS;
    static final long LIVENESS_END_NANOS = 5_000 * MILLIS;

    /** What one run produced: fingerprints, invariant violations and which goals it reached. */
    record Outcome(long traceHash, long stateFingerprint, long drawFingerprint, long events,
                   List<String> violations, boolean converged, Goals goals) {
    }

    /** "Sometimes" goals: evidence that a run exercised the paths the faults are meant to reach. */
    static final class Goals {
        int recoveredNonZero;
        int recoveredFromSecondCopy;
        int fsyncRetries;
        int diskFull;
        int dropped;
        int held;
        int clockChanges;
        int commits;

        void add(Goals other) {
            recoveredNonZero += other.recoveredNonZero;
            recoveredFromSecondCopy += other.recoveredFromSecondCopy;
            fsyncRetries += other.fsyncRetries;
            diskFull += other.diskFull;
            dropped += other.dropped;
            held += other.held;
            clockChanges += other.clockChanges;
            commits += other.commits;
        }

        @Override
        public String toString() {
            return "recoveredNonZero=" + recoveredNonZero + " recoveredFromSecondCopy=" + recoveredFromSecondCopy
                    + " fsyncRetries=" + fsyncRetries + " diskFull=" + diskFull + " dropped=" + dropped
                    + " held=" + held + " clockChanges=" + clockChanges + " commits=" + commits;
        }
    }

    private GossipScenario() {
    }

    static Outcome run(long seed) {
        return run(seed, false);
    }

    static Outcome run(long seed, boolean firstCopyOnlyBug) {
        RandomStream swarm = RandomStream.derive(seed, "test/swarm");
        LinkConfig link = LinkConfig.lan()
                .withLatency(new LatencyModel.LogNormal(200_000, 300_000, 0.8))
                .withLossProbability(swarm.uniform(0, 0.1))
                .withDuplicateProbability(swarm.uniform(0, 0.05))
                .withFifo(swarm.bernoulli(0.3));
        DiskConfig disk = DiskConfig.defaults();
        Monitor monitor = new Monitor();
        long[] offsets = new long[NODES];
        for (int i = 0; i < NODES; i++) {
            offsets[i] = swarm.nextLong(-500 * MILLIS, 500 * MILLIS);
        }
        Simulation sim = Simulation.builder(seed)
                .nodes(NODES, id -> new GossipCounter(id, NODES, TARGET, firstCopyOnlyBug))
                .defaultLink(link)
                .disk(disk)
                .clockOffsetsNanos(offsets)
                .observer(monitor)
                .fsyncErrorLosesWrites(true)
                .build();
        Nemesis nemesis = new Nemesis(sim, sim.randomness().stream("test/nemesis"), disk);
        nemesis.plan();
        sim.start();
        sim.runUntil(SAFETY_END_NANOS);
        if (!sim.stopped()) {
            nemesis.heal();
            sim.runUntil(LIVENESS_END_NANOS);
        }
        boolean converged = !sim.stopped() && converged(sim);
        return new Outcome(sim.traceHash(), sim.stateFingerprint(), sim.randomness().drawFingerprint(),
                sim.stats().events(), monitor.violations, converged, monitor.goals);
    }

    private static boolean converged(Simulation sim) {
        for (int i = 0; i < NODES; i++) {
            if (sim.status(i) != NodeStatus.UP) {
                return false;
            }
            for (long c : ((GossipCounter) sim.node(i)).counts()) {
                if (c != TARGET) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The invariants, checked on every fact a node publishes. */
    static final class Monitor implements SimObserver {
        final long[] lastCommitted = new long[NODES];
        final List<String> violations = new ArrayList<>();
        final Goals goals = new Goals();

        @Override
        public void onObservation(Simulation sim, int node, Object observation) {
            if (!(observation instanceof GossipCounter.Fact fact)) {
                throw new AssertionError("unexpected observation " + observation);
            }
            if (fact instanceof GossipCounter.Committed c) {
                goals.commits++;
                check(sim, c.value() > lastCommitted[node], "commits-increase",
                        "node " + node + " committed " + c.value() + " after " + lastCommitted[node]);
                lastCommitted[node] = c.value();
            } else if (fact instanceof GossipCounter.Recovered r) {
                goals.recoveredNonZero += r.value() > 0 ? 1 : 0;
                goals.recoveredFromSecondCopy += r.copiesDisagreed() ? 1 : 0;
                check(sim, r.value() >= lastCommitted[node], "durable-commits",
                        "node " + node + " recovered " + r.value() + " but had committed " + lastCommitted[node]);
                lastCommitted[node] = Math.max(lastCommitted[node], r.value());
            } else if (fact instanceof GossipCounter.Merged m) {
                for (int j = 0; j < NODES; j++) {
                    check(sim, m.counts()[j] <= lastCommitted[j], "no-phantom-counts",
                            "node " + node + " holds " + m.counts()[j] + " for node " + j + " which committed " + lastCommitted[j]);
                }
            } else if (fact instanceof GossipCounter.FsyncRetried) {
                goals.fsyncRetries++;
            } else if (fact instanceof GossipCounter.DiskFull) {
                goals.diskFull++;
            }
        }

        @Override
        public void onEvent(Simulation sim, TraceKind kind, int node, int peer, Object payload) {
            switch (kind) {
                case DROP -> goals.dropped++;
                case HOLD -> goals.held++;
                case CLOCK -> goals.clockChanges++;
                default -> {
                }
            }
        }

        private void check(Simulation sim, boolean holds, String invariant, String detail) {
            if (!holds) {
                violations.add(invariant + ": " + detail + " at t=" + sim.nowNanos() + "ns");
                sim.stop(invariant);
            }
        }
    }
}
