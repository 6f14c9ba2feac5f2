package io.paxsim.paxos;

import java.util.EnumSet;
import java.util.Set;

/**
 * Everything that varies between Paxos variants, validated on construction. Build one with
 * {@link #defaults(int)} and the {@code with...} methods, or by name with {@link Variants#config}.
 *
 * @param clusterSize                 number of replicas (ids 0..clusterSize-1)
 * @param phase1Quorum                promises a leader needs (Flexible Paxos q1)
 * @param phase2Quorum                acceptances that choose a value (Flexible Paxos q2)
 * @param allowNonIntersectingQuorums permit q1 + q2 <= n (unsafe; for experiments only)
 * @param batchSize                   most client commands per slot
 * @param pipelineWindow              most slots in flight (proposed, not yet chosen) at once
 * @param proposeEagerly              open a new slot for whatever is queued as soon as the window has room (deep
 *                                    pipelines of small slots); false: adaptive batching, as production
 *                                    Multi-Paxos and Raft leaders do it: while slots are in flight, commands
 *                                    queue and go out together in one slot when the pipeline drains, or at once
 *                                    when a full batch is waiting (so heavy load still pipelines full batches)
 * @param readMode                    how read-only commands are served
 * @param leaseNanos                  lease length (read mode lease); followers grant it from each heartbeat
 * @param leaseDriftMarginNanos       how much shorter the leader assumes its lease is, for clock drift
 * @param heartbeatIntervalNanos      leader heartbeat period, also every replica's tick
 * @param electionTimeoutNanos        base election timeout; each wait is uniform in [t, 2t) on the local clock
 * @param snapshotIntervalSlots       take a snapshot and compact the WAL every this many applied slots (0: never)
 * @param mutants                     planted bugs switched on (empty for the correct protocol)
 */
public record PaxosConfig(
        int clusterSize,
        int phase1Quorum,
        int phase2Quorum,
        boolean allowNonIntersectingQuorums,
        int batchSize,
        int pipelineWindow,
        boolean proposeEagerly,
        ReadMode readMode,
        long leaseNanos,
        long leaseDriftMarginNanos,
        long heartbeatIntervalNanos,
        long electionTimeoutNanos,
        long snapshotIntervalSlots,
        Set<Mutant> mutants) implements io.paxsim.sim.NodeStateHash {

    public static final int MAX_CLUSTER_SIZE = 9;

    /** The explorer's fingerprint of a replica's config: every component (the same in every state of a search). */
    @Override
    public long nodeStateHash(Hashing h) {
        long x = NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(0x434F4E46L, clusterSize), phase1Quorum), phase2Quorum);
        x = NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(x, allowNonIntersectingQuorums), batchSize), pipelineWindow);
        x = NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(x, proposeEagerly), readMode.ordinal()), leaseNanos);
        x = NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(x, leaseDriftMarginNanos), heartbeatIntervalNanos),
                electionTimeoutNanos);
        long mutantBits = 0;
        for (Mutant m : mutants) {
            mutantBits |= 1L << m.ordinal();
        }
        return NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(x, snapshotIntervalSlots), mutantBits), mutants.size());
    }

    public PaxosConfig {
        mutants = mutants.isEmpty() ? EnumSet.noneOf(Mutant.class) : EnumSet.copyOf(mutants);
        if (clusterSize < 1 || clusterSize > MAX_CLUSTER_SIZE) {
            throw new IllegalArgumentException("cluster size must be 1.." + MAX_CLUSTER_SIZE + ": " + clusterSize);
        }
        if (phase1Quorum < 1 || phase1Quorum > clusterSize || phase2Quorum < 1 || phase2Quorum > clusterSize) {
            throw new IllegalArgumentException("quorums must be 1.." + clusterSize + ": q1=" + phase1Quorum + " q2=" + phase2Quorum);
        }
        if (phase1Quorum + phase2Quorum <= clusterSize && !allowNonIntersectingQuorums) {
            throw new IllegalArgumentException("q1 + q2 must exceed n so every phase-1 quorum meets every phase-2 quorum: q1="
                    + phase1Quorum + " q2=" + phase2Quorum + " n=" + clusterSize + " (allowNonIntersectingQuorums to force)");
        }
        requirePositive("batch size", batchSize);
        requirePositive("pipeline window", pipelineWindow);
        requirePositive("heartbeat interval", heartbeatIntervalNanos);
        if (readMode == null) {
            throw new IllegalArgumentException("read mode is required");
        }
        if (electionTimeoutNanos < 2 * heartbeatIntervalNanos) {
            throw new IllegalArgumentException("election timeout (" + electionTimeoutNanos
                    + "ns) must be at least two heartbeat intervals (" + heartbeatIntervalNanos + "ns)");
        }
        if (leaseDriftMarginNanos < 0 || leaseNanos <= leaseDriftMarginNanos) {
            throw new IllegalArgumentException("lease (" + leaseNanos + "ns) must exceed its drift margin ("
                    + leaseDriftMarginNanos + "ns) >= 0");
        }
        if (leaseNanos > electionTimeoutNanos) {
            throw new IllegalArgumentException("lease (" + leaseNanos + "ns) must not exceed the election timeout ("
                    + electionTimeoutNanos + "ns)");
        }
        if (snapshotIntervalSlots < 0) {
            throw new IllegalArgumentException("snapshot interval must be >= 0: " + snapshotIntervalSlots);
        }
    }

    /**
     * Majority quorums, adaptive batches of up to 16 commands, window 8, log reads, 1 ms heartbeats, 5 ms
     * election timeout.
     */
    public static PaxosConfig defaults(int clusterSize) {
        int majority = clusterSize / 2 + 1;
        return new PaxosConfig(clusterSize, majority, majority, false, 16, 8, false, ReadMode.LOG,
                4_000_000, 400_000, 1_000_000, 5_000_000, 1_000, EnumSet.noneOf(Mutant.class));
    }

    /**
     * The clock drift (ppm, either direction, on any replica) under which leases are promised: a third
     * of the margin's share of the lease, so a leader's clock running slow and a follower's running
     * fast still stay inside the margin. The lease monitors judge leases only within it, and fault
     * plans for leased runs draw no drift beyond it.
     */
    public long leaseDriftBoundPpm() {
        return leaseDriftMarginNanos * 1_000_000L / Math.max(1, leaseNanos) / 3;
    }

    public boolean has(Mutant m) {
        return mutants.contains(m);
    }

    /** The phase-1 quorum actually used: the bad-flexible-quorum mutant shrinks it below intersection. */
    public int effectivePhase1Quorum() {
        return has(Mutant.BAD_FLEXIBLE_QUORUM) ? Math.max(1, clusterSize - phase2Quorum) : phase1Quorum;
    }

    public PaxosConfig withQuorums(int q1, int q2) {
        return new PaxosConfig(clusterSize, q1, q2, allowNonIntersectingQuorums, batchSize, pipelineWindow, proposeEagerly, readMode,
                leaseNanos, leaseDriftMarginNanos, heartbeatIntervalNanos, electionTimeoutNanos, snapshotIntervalSlots, mutants);
    }

    public PaxosConfig withAllowNonIntersectingQuorums(boolean allow) {
        return new PaxosConfig(clusterSize, phase1Quorum, phase2Quorum, allow, batchSize, pipelineWindow, proposeEagerly, readMode,
                leaseNanos, leaseDriftMarginNanos, heartbeatIntervalNanos, electionTimeoutNanos, snapshotIntervalSlots, mutants);
    }

    public PaxosConfig withBatchSize(int size) {
        return new PaxosConfig(clusterSize, phase1Quorum, phase2Quorum, allowNonIntersectingQuorums, size, pipelineWindow,
                proposeEagerly, readMode, leaseNanos, leaseDriftMarginNanos, heartbeatIntervalNanos, electionTimeoutNanos,
                snapshotIntervalSlots, mutants);
    }

    public PaxosConfig withPipelineWindow(int window) {
        return new PaxosConfig(clusterSize, phase1Quorum, phase2Quorum, allowNonIntersectingQuorums, batchSize, window,
                proposeEagerly, readMode, leaseNanos, leaseDriftMarginNanos, heartbeatIntervalNanos, electionTimeoutNanos,
                snapshotIntervalSlots, mutants);
    }

    public PaxosConfig withProposeEagerly(boolean eager) {
        return new PaxosConfig(clusterSize, phase1Quorum, phase2Quorum, allowNonIntersectingQuorums, batchSize,
                pipelineWindow, eager, readMode, leaseNanos, leaseDriftMarginNanos, heartbeatIntervalNanos,
                electionTimeoutNanos, snapshotIntervalSlots, mutants);
    }

    public PaxosConfig withReadMode(ReadMode mode) {
        return new PaxosConfig(clusterSize, phase1Quorum, phase2Quorum, allowNonIntersectingQuorums, batchSize,
                pipelineWindow, proposeEagerly, mode, leaseNanos, leaseDriftMarginNanos, heartbeatIntervalNanos, electionTimeoutNanos,
                snapshotIntervalSlots, mutants);
    }

    public PaxosConfig withLease(long lengthNanos, long driftMarginNanos) {
        return new PaxosConfig(clusterSize, phase1Quorum, phase2Quorum, allowNonIntersectingQuorums, batchSize,
                pipelineWindow, proposeEagerly, readMode, lengthNanos, driftMarginNanos, heartbeatIntervalNanos, electionTimeoutNanos,
                snapshotIntervalSlots, mutants);
    }

    public PaxosConfig withTimeouts(long heartbeatNanos, long electionNanos) {
        return new PaxosConfig(clusterSize, phase1Quorum, phase2Quorum, allowNonIntersectingQuorums, batchSize,
                pipelineWindow, proposeEagerly, readMode, Math.min(leaseNanos, electionNanos), Math.min(leaseDriftMarginNanos, electionNanos / 10),
                heartbeatNanos, electionNanos, snapshotIntervalSlots, mutants);
    }

    public PaxosConfig withSnapshotIntervalSlots(long slots) {
        return new PaxosConfig(clusterSize, phase1Quorum, phase2Quorum, allowNonIntersectingQuorums, batchSize,
                pipelineWindow, proposeEagerly, readMode, leaseNanos, leaseDriftMarginNanos, heartbeatIntervalNanos, electionTimeoutNanos,
                slots, mutants);
    }

    public PaxosConfig withMutants(Set<Mutant> planted) {
        return new PaxosConfig(clusterSize, phase1Quorum, phase2Quorum, allowNonIntersectingQuorums, batchSize,
                pipelineWindow, proposeEagerly, readMode, leaseNanos, leaseDriftMarginNanos, heartbeatIntervalNanos, electionTimeoutNanos,
                snapshotIntervalSlots, planted);
    }

    /** Switches on mutants by their stable names ({@link Mutant#cliName()}). */
    public PaxosConfig withMutants(String... names) {
        EnumSet<Mutant> set = EnumSet.noneOf(Mutant.class);
        for (String name : names) {
            set.add(Mutant.byName(name));
        }
        return withMutants(set);
    }

    private static void requirePositive(String what, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive: " + value);
        }
    }
}
