package io.paxsim.paxos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The invariant monitor on facts stated directly ({@link MonitorHarness}), no protocol running. */
class InvariantMonitorTest {
    private static final Ballot B1 = new Ballot(1, 0);
    private static final Ballot B2 = new Ballot(2, 1);

    @Test
    void agreeingReplicasPassAndSlotsEveryReplicaAppliedAreSettled() {
        MonitorHarness h = new MonitorHarness(3);
        for (long slot = 1; slot <= 50; slot++) {
            h.at(slot * 1_000).chosen(slot, B1, 100 + slot, 2).appliedEverywhere(slot, 100 + slot);
        }
        assertEquals("", h.violated());
        assertFalse(h.sim().stopped());
        assertEquals(0, h.monitor().unsettledSlots(), "every slot every replica applied is folded away");
        assertEquals(50, h.monitor().chosenSlots());
    }

    @Test
    void twoValuesAppliedInOneSlotStopTheRun() {
        MonitorHarness h = new MonitorHarness(3);
        // The same state digest on both, so it is the values, not the states, that disagree.
        h.chosen(1, B1, 7, 2).observe(new PaxosObservation.Applied(0, 1, 7, java.util.List.of(), 5)).at(5_000)
                .observe(new PaxosObservation.Applied(1, 1, 8, java.util.List.of(), 5));
        assertEquals(InvariantMonitor.APPLIED_PREFIX_AGREEMENT.name(), h.violated());
        assertTrue(h.sim().stopped());
        assertEquals(5_000, h.violation().orElseThrow().timeNanos());
        assertTrue(h.sim().stopReason().startsWith("invariant applied-prefix-agreement violated at t=5000ns"),
                h.sim().stopReason());
    }

    @Test
    void aSlotChosenTwiceWithDifferentValuesIsCaught() {
        MonitorHarness h = new MonitorHarness(3);
        h.chosen(1, B1, 7, 2).chosen(1, B2, 8, 2);
        assertEquals(InvariantMonitor.SINGLE_VALUE_PER_SLOT.name(), h.violated());
    }

    /**
     * A leader's own vote reaches it with no message: the monitor counts it from the vote's Voted
     * observation (published once the vote is durable), never from the leader's claim that it chose.
     */
    @Test
    void aLeadersOwnVoteCountsOnlyOncePublishedAsDurable() {
        MonitorHarness early = electedLeaderWithOneRemoteAccepted();
        early.observe(new PaxosObservation.Chosen(0, 1, B1));
        assertEquals(InvariantMonitor.QUORUM_AT_BALLOT.name(), early.violated(), "counted itself before its vote was durable");

        MonitorHarness durable = electedLeaderWithOneRemoteAccepted();
        durable.observe(new PaxosObservation.Voted(0, 1, B1, 7, false)).observe(new PaxosObservation.Chosen(0, 1, B1));
        assertEquals("", durable.violated());

        MonitorHarness otherBallot = electedLeaderWithOneRemoteAccepted();
        // Its own vote at another ballot (an older term of its own) does not count for this one.
        otherBallot.observe(new PaxosObservation.Voted(0, 1, new Ballot(0, 0), 7, false))
                .observe(new PaxosObservation.Chosen(0, 1, B1));
        assertEquals(InvariantMonitor.QUORUM_AT_BALLOT.name(), otherBallot.violated());
    }

    /** A proposer that reuses its ballot after a restart is caught at its second proposal, before any vote. */
    @Test
    void aSecondValueProposedAtOneBallotIsCaught() {
        MonitorHarness h = new MonitorHarness(3);
        h.observe(new PaxosObservation.Proposed(0, 2, B1, 1, 7)).observe(new PaxosObservation.Proposed(0, 2, B1, 1, 7));
        assertEquals("", h.violated(), "the same value again (a retransmission) is fine");
        h.observe(new PaxosObservation.Proposed(0, 2, B2, 0, 8));
        assertEquals("", h.violated(), "another ballot may propose another value");
        h.observe(new PaxosObservation.Proposed(0, 2, B1, 0, 8));
        assertEquals(InvariantMonitor.ONE_VALUE_PER_BALLOT.name(), h.violated());
    }

    /** Replica 0 of 3 leads B1 on Promises from 0 and 1; acceptor 1's Accepted for slot 1 reached it. */
    private static MonitorHarness electedLeaderWithOneRemoteAccepted() {
        MonitorHarness h = new MonitorHarness(3);
        for (int acceptor = 0; acceptor < 2; acceptor++) {
            h.delivered(acceptor, 0, new PaxosMessage.Promise(B1, acceptor, 1, java.util.List.of(), 0, java.util.List.of()));
        }
        h.observe(new PaxosObservation.BecameLeader(0, B1));
        h.observe(new PaxosObservation.Voted(1, 1, B1, 7, false)).delivered(1, 0, new PaxosMessage.Accepted(B1, 1, 1));
        assertEquals("", h.violated());
        return h;
    }

    @Test
    void aSkippedSlotIsCaught() {
        MonitorHarness h = new MonitorHarness(3);
        h.chosen(1, B1, 7, 2).applied(0, 1, 7).applied(0, 3, 9);
        assertEquals(InvariantMonitor.APPLIED_INDEX_MONOTONIC.name(), h.violated());
    }

    /**
     * Regression for the settle() hang fixed in 189aecf: a rotted snapshot claiming slot ~2^44,
     * installed on every replica, moved the slot all replicas had applied from a handful to 2^44,
     * and settle() walked the gap one slot at a time (the hunt hung). Settling walks only the slots
     * the monitor holds now, and the monitor keeps checking past the jump.
     */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSnapshotOfAHugeSlotInstalledEverywhereSettlesWithoutWalkingTheGap() {
        MonitorHarness h = new MonitorHarness(3);
        for (long slot = 1; slot <= 5; slot++) {
            h.chosen(slot, B1, 100 + slot, 2).appliedEverywhere(slot, 100 + slot);
        }
        h.chosen(6, B1, 106, 2).applied(0, 6, 106); // a slot still held (not every replica applied it)
        long rotted = (1L << 44) + 3;
        long state = 0xC0FFEE;
        for (int node = 0; node < 3; node++) {
            h.at(1_000 + node).observe(new PaxosObservation.SnapshotInstalled(node, rotted, state));
        }
        for (int node = 0; node < 3; node++) {
            // As a replica does once the snapshot is durable: its log below the snapshot goes.
            h.observe(new PaxosObservation.WalCompacted(node, 2, 0, rotted));
        }
        assertEquals("", h.violated(), "the same snapshot everywhere is consistent, however odd its slot");
        assertEquals(0, h.monitor().unsettledSlots(), "slot 6 settled with the jump");
        // Past the jump the monitor still checks: agreeing replicas pass, a divergent one is caught.
        h.chosen(rotted + 1, B1, 42, 2).appliedEverywhere(rotted + 1, 42);
        assertEquals("", h.violated());
        h.observe(new PaxosObservation.Applied(0, rotted + 2, 43, java.util.List.of(), 1))
                .observe(new PaxosObservation.Applied(1, rotted + 2, 43, java.util.List.of(), 2));
        assertEquals(InvariantMonitor.STATE_AGREEMENT.name(), h.violated());
    }

    /**
     * A vote at a far slot (a rotted record's 2^44 + 1) that arrives before the acceptor's log below
     * it is compacted: the monitor judges it like any vote. Before, its slot maps tried to span the
     * gap and threw, so a hunt saw a harness error, never the verdict.
     */
    @Test
    void aVoteAtAFarSlotBeforeCompactionIsJudged() {
        long far = (1L << 44) + 1;
        MonitorHarness agreeing = new MonitorHarness(3);
        agreeing.chosen(1, B1, 7, 2).chosen(2, B1, 8, 2).chosen(far, B1, 9, 2);
        agreeing.observe(new PaxosObservation.WalCompacted(0, 2, 0, far - 1));
        assertEquals("", agreeing.violated(), "agreeing votes, however far apart, pass");

        MonitorHarness split = new MonitorHarness(3);
        split.chosen(1, B1, 7, 2).chosen(far, B1, 9, 1)
                .observe(new PaxosObservation.Voted(1, far, B1, 10, false));
        assertEquals(InvariantMonitor.ONE_VALUE_PER_BALLOT.name(), split.violated(),
                "two values at one ballot in the far slot are caught, not lost to a harness error");
    }

    /**
     * A clock step of s moves lease and grant deadlines by at most s: the lease monitors excuse that
     * long plus the leases then running, not a fixed second. Before, one 0.5 ms nudge silenced
     * lease-grants for the next second (a whole hunt run), hiding a leader whose lease outlived its
     * grants 100 ms later.
     */
    @Test
    void aSmallClockStepDoesNotBlindTheLeaseMonitorForASecond() {
        assertEquals(InvariantMonitor.LEASE_GRANTS.name(), leaseOutlivingGrantsAfterClockStep(500_000));
    }

    /** A second-long step still voids leases that span it: then the monitor must not fire. */
    @Test
    void aLargeClockStepStillExcusesTheLeasesItStretched() {
        assertEquals("", leaseOutlivingGrantsAfterClockStep(800_000_000));
    }

    /**
     * Replica 1's clock steps by {@code stepNanos} at 1 ms; at 100 ms replicas 1 and 2 grant 4 ms and
     * leader 0 extends its lease 10 ms. What the monitors say.
     */
    private static String leaseOutlivingGrantsAfterClockStep(long stepNanos) {
        Ballot b = new Ballot(2, 0);
        MonitorHarness h = new MonitorHarness(Variants.config("lease", 3));
        h.at(1_000_000);
        h.sim().clockJump(1, stepNanos);
        h.at(100_000_000);
        long now = h.sim().nowNanos();
        h.observe(new PaxosObservation.LeaseGranted(1, b, h.sim().clock(1).localNanos(now) + 4_000_000))
                .observe(new PaxosObservation.LeaseGranted(2, b, h.sim().clock(2).localNanos(now) + 4_000_000))
                .observe(new PaxosObservation.LeaseExtended(0, b, h.sim().clock(0).localNanos(now) + 10_000_000));
        return h.violated();
    }
}
