package io.paxsim.testbed.pipeline;

import io.paxsim.paxos.CoverageMonitor;
import io.paxsim.paxos.InvariantMonitor;
import io.paxsim.paxos.PaxosConfig;
import io.paxsim.paxos.PaxosObservation;
import io.paxsim.paxos.PaxosReplica;
import io.paxsim.paxos.Variants;

import java.util.List;

/** The Paxos replica of paxos-impl as the pipeline's system under test. */
public final class PaxosClusters {
    private PaxosClusters() {
    }

    /** @throws IllegalArgumentException for an unknown variant or mutant, or an invalid configuration */
    public static Cluster create(Scenario s) {
        return create(s, java.util.Set.of());
    }

    /** As {@link #create(Scenario)}, with the named invariants not checked (tests prove each monitor catches alone). */
    public static Cluster create(Scenario s, java.util.Set<String> uncheckedInvariants) {
        PaxosConfig config = Variants.config(s.variant(), s.nodes());
        if (!s.mutant().equals(Scenario.NO_MUTANT)) {
            config = config.withMutants(s.mutant());
        }
        CoverageMonitor coverage = new CoverageMonitor();
        return new Cluster(PaxosReplica.factory(config), List.of(new InvariantMonitor(config, uncheckedInvariants), coverage),
                o -> o instanceof PaxosObservation.BecameLeader, PaxosClusters::appliedSlot, () -> coverageOf(coverage));
    }

    private static java.util.Map<String, Long> coverageOf(CoverageMonitor coverage) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>(coverage.counts());
        if (coverage.mutantReached() > 0) {
            counts.put(CoverageMonitor.MUTANT_REACHED, coverage.mutantReached());
        }
        return counts;
    }

    private static long appliedSlot(Object observation) {
        if (observation instanceof PaxosObservation.Applied a) {
            return a.slot();
        }
        if (observation instanceof PaxosObservation.SnapshotInstalled s) {
            return s.slot();
        }
        return -1;
    }
}
