package io.paxsim.testbed.paxos;

import io.paxsim.paxos.Batch;
import io.paxsim.paxos.PaxosMessage;
import io.paxsim.sim.Context;
import io.paxsim.sim.Message;
import io.paxsim.sim.Node;
import io.paxsim.sim.NodeFactory;
import io.paxsim.sim.Timer;
import io.paxsim.sim.disk.DiskDone;
import io.paxsim.testbed.load.LoadModel;
import io.paxsim.testbed.pipeline.Cluster;
import io.paxsim.testbed.pipeline.Pipeline;
import io.paxsim.testbed.pipeline.PaxosClusters;
import io.paxsim.testbed.pipeline.RunOptions;
import io.paxsim.testbed.pipeline.RunResult;
import io.paxsim.testbed.pipeline.Scenario;
import io.paxsim.testbed.pipeline.ScheduledFaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each of the stronger online monitors earns its place: on a planted bug, it is the monitor that
 * stops the run, and with it switched off the same run gets past every other monitor (a checker
 * may still catch it later, from the history, or nothing does).
 */
class MonitorAloneTest {
    /**
     * Seeds per row (a row stops at its first catch; was 8). 64 since followers pass requests on and leaders
     * count their own votes locally: reads-before-noop and lease-checked-at-arrival were not stopped within the
     * first 16 seeds of their rows, and are within 64 (the other rows still stop early).
     */
    private static final int SEEDS = 64;

    /**
     * Mode "alone": with the monitor off, no other monitor stops the run. Mode "first": it stops the
     * run before any other does (others may catch the damage later, which is the point of layers).
     */
    @ParameterizedTest(name = "{0} catches {1} ({5}, {6})")
    @CsvSource({
            "quorum-at-ballot, mixed-ballot-commit, 'crash-leader@8,loss-burst@6', majority+snapshot=20, register, first, lan",
            "quorum-at-ballot, stale-reply-counted, 'delay-burst@8,isolate-leader@6', majority+election=2ms, register, alone, lan",
            "one-value-per-ballot, ballot-reuse, 'power-loss-slow-disks@4', majority, register, first, lan",
            "rejected-no-effect, false-fail, 'isolate-leader@8,loss-burst@4', majority+snapshot=20, register, alone, lan",
            "read-freshness, local-read, 'isolate-leader@8', majority+snapshot=20, register, alone, lan",
            "state-agreement, snapshot-no-sessions, 'isolate-node@6,loss-burst@6', majority+snapshot=2, register, alone, lan",
            "recovered-state, snapshot-no-sessions, 'crash-random@6,crash-loop@4', majority+snapshot=2, register, first, lan",
            "learned-is-chosen, commit-past-match, partitions, majority+snapshot=2+election=2ms, register, first, lan",
            "votes-kept, stale-truncate, 'stall-leader@10', majority+snapshot=20, register, alone, lan",
            // lease-exclusive's grant check also catches it (after lease-grants), so "first", not "alone".
            "lease-grants, lease-from-ack, 'slow-link-one-way@8,isolate-leader@4', lease, register, first, lan",
            "votes-durable, wal-body-unchecked, 'corrupt-then-restart@20', majority+snapshot=1000, register, first, lan",
            "read-freshness, reads-before-noop, 'isolate-leader@8,crash-leader@6,fsync-stall@4', read-index, register, first, lan",
            "promise-monotonic, ballot-round-only, 'isolate-leader@8,crash-leader@6', fast-election, register, first, lan",
            // Reads racing a slow apply: the stale read is behind what a follower had already applied.
            "read-freshness, local-read, 'slow-apply@8', majority+snapshot=20, register, alone, lan",
            // A lease read answered after its lease ran out: the read-time grant check sees it before any write goes stale.
            "lease-exclusive, lease-checked-at-arrival, 'slow-apply@10,isolate-leader@8', lease, register, alone, lan",
            // An accepted tail sent as chosen is usually chosen later with the same value: nothing else ever sees it.
            "learned-is-chosen, catchup-sends-accepted, 'isolate-node@6,loss-burst@6', majority+snapshot=2, register, alone, lan",
    })
    void monitorCatches(String invariant, String mutant, String faults, String variant, String workload, String mode,
                        String environment) {
        for (long seed = 1; seed <= SEEDS; seed++) {
            Scenario s = Scenario.defaults(seed).withNodes(seed % 2 == 0 ? 3 : 5).withMutant(mutant).withVariant(variant)
                    .withWorkload(workload).withFaultProfile(faults).withSafetyNanos(600_000_000L)
                    .withLoad(new LoadModel.ClosedLoop(5, 0)).withEnvironment(environment);
            RunResult all = pipeline(Set.of()).run(s, RunOptions.quiet());
            if (stoppedBy(all) == null) {
                continue;
            }
            assertEquals(invariant, stoppedBy(all), () -> mutant + " was stopped first by another monitor: " + all.failure().message());
            if (mode.equals("alone")) {
                RunResult without = pipeline(Set.of(invariant)).run(s, RunOptions.quiet());
                assertNull(stoppedBy(without),
                        () -> "with " + invariant + " off, another monitor still stops the run: " + without.failure().message());
            }
            return;
        }
        throw new AssertionError(mutant + " was not stopped by a monitor in " + SEEDS + " seeds of " + faults);
    }

    /**
     * one-value-per-ballot alone. No registered mutant fits: ballot-reuse (the one it catches first)
     * always goes on to a wrong learn that learned-is-chosen sees a millisecond later, as any second
     * value at one ballot does once it is counted or learned. So the fault is planted here, in the
     * test: one acceptor is handed a corrupted copy of some Accepts just before the real one, so it
     * votes two values at one (slot, ballot) and then keeps the right one. Its final votes agree
     * with everyone's; only the monitor of votes per ballot sees the second value.
     */
    @Test
    void oneValuePerBallotCatchesAVoteChangedWithinItsBallotAlone() {
        Scenario s = Scenario.defaults(1).withNodes(3).withVariant("majority").withWorkload("register")
                .withFaultProfile("none").withSafetyNanos(300_000_000L).withLoad(new LoadModel.ClosedLoop(3, 0));
        RunResult all = plantedVoteChange(Set.of()).run(s, RunOptions.quiet());
        assertFalse(all.passed(), "the planted double vote went unnoticed");
        assertEquals("one-value-per-ballot", stoppedBy(all), all.failure().message());
        RunResult without = plantedVoteChange(Set.of("one-value-per-ballot")).run(s, RunOptions.quiet());
        assertTrue(without.passed(), () -> "with one-value-per-ballot off, the run still fails: " + without.failure());
    }

    /** The invariant whose monitor stopped the run, from {@code Failure.culprit} (null: passed, or failed otherwise). */
    private static String stoppedBy(RunResult r) {
        return r.passed() ? null : r.failure().monitorInvariant();
    }

    /** Replica 1 votes a no-op, then the real value, for every tenth slot it is asked to accept. */
    private static Pipeline plantedVoteChange(Set<String> unchecked) {
        return new Pipeline(s -> {
            Cluster c = PaxosClusters.create(s, unchecked);
            NodeFactory replicas = c.replicaFactory();
            NodeFactory planted = id -> id == 1 ? new VotesTwice(replicas.create(id)) : replicas.create(id);
            return new Cluster(planted, c.monitors(), c.isLeaderChange(), c.appliedSlotOf(), c.coverage());
        }, ScheduledFaults::plan);
    }

    private record VotesTwice(Node replica) implements Node {
        @Override
        public void onStart(Context ctx) {
            replica.onStart(ctx);
        }

        @Override
        public void onRecover(Context ctx) {
            replica.onRecover(ctx);
        }

        @Override
        public void onMessage(Context ctx, int from, Message message) {
            if (message instanceof PaxosMessage.Accept a && a.slot() % 10 == 7 && !a.value().equals(Batch.NOOP)) {
                replica.onMessage(ctx, from, new PaxosMessage.Accept(a.ballot(), a.slot(), Batch.NOOP, a.commitIndex()));
            }
            replica.onMessage(ctx, from, message);
        }

        @Override
        public void onTimer(Context ctx, Timer timer) {
            replica.onTimer(ctx, timer);
        }

        @Override
        public void onDiskDone(Context ctx, DiskDone done) {
            replica.onDiskDone(ctx, done);
        }
        @Override
        public long stateFingerprint() {
            return replica.stateFingerprint();
        }
    }

    private static Pipeline pipeline(Set<String> unchecked) {
        return new Pipeline(s -> PaxosClusters.create(s, unchecked), ScheduledFaults::plan);
    }
}
