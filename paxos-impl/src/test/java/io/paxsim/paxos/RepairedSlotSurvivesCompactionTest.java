package io.paxsim.paxos;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A slot whose vote was damaged and then repaired (its chosen value learned and logged as a
 * Repaired record) must stay remembered above the snapshot floor across WAL compaction. Compaction
 * carried only votes into the new generation's base, so once the newest snapshot covering the slot
 * rotted, recovery fell back to the older snapshot (or none) plus a WAL that knew nothing of the
 * slot: the acceptor reported no vote where it had voted, and a new leader whose other promisers
 * never voted there could choose another value. Found by votes-durable in the pipeline bench
 * (register, 100k ops, chaos, seed 166 on 95b18c9: newest-rot rotted both snapshots).
 */
class RepairedSlotSurvivesCompactionTest {
    private static final Ballot B1 = new Ballot(1, 0);

    @Test
    void aRepairedSlotIsStillReportedAfterCompactionWhenTheNewestSnapshotRots() {
        PaxosConfig config = PaxosConfig.defaults(3).withSnapshotIntervalSlots(20);
        PromiseReportsRepairedSlotTest.HandContext ctx = new PromiseReportsRepairedSlotTest.HandContext();
        PaxosReplica before = new PaxosReplica(config, 1);
        before.onStart(ctx);
        voteIn(before, ctx, 1, 40);
        ctx.disk.sim.crash();
        long damaged = ProtocolAwareRecoveryTest.corruptFirstAcceptedRecord(ctx.disk.sim, "wal.0.a", "wal.0.b");
        assertEquals(1, damaged);

        PaxosReplica repaired = new PaxosReplica(config, 1);
        repaired.onRecover(ctx);
        ctx.syncAll(repaired);
        assertEquals(1, repaired.damagedSlotCount(), "slot 1's vote is lost in both mirrors");
        voteIn(repaired, ctx, 41, 70); // enough records since recovery that the snapshot compacts the WAL
        List<PaxosMessage.ChosenEntry> chosen = new ArrayList<>();
        for (long s = 1; s <= 20; s++) {
            chosen.add(new PaxosMessage.ChosenEntry(s, Batch.NOOP));
        }
        repaired.onMessage(ctx, 0, new PaxosMessage.CatchUpReply(chosen, null));
        ctx.syncAll(repaired);
        assertEquals(0, repaired.damagedSlotCount(), "repaired from the chosen value");
        assertEquals(20, repaired.appliedIndex());
        assertTrue(ctx.disk.sim.exists("wal.1.a"), "the snapshot through slot 20 compacted the WAL");

        ctx.disk.sim.crash();
        ctx.disk.sim.rotBit("snap.a", 5, 0); // the snapshot's slot field: its checksum fails
        PaxosReplica after = new PaxosReplica(config, 1);
        after.onRecover(ctx);
        ctx.syncAll(after);
        assertTrue(after.appliedIndex() < 20, "the only snapshot is unreadable: applied " + after.appliedIndex());

        ctx.sent.clear();
        after.onMessage(ctx, 2, new PaxosMessage.Prepare(new Ballot(2, 2), 1));
        ctx.syncAll(after);
        PaxosMessage.Promise promise = (PaxosMessage.Promise) ctx.sent.stream()
                .filter(m -> m instanceof PaxosMessage.Promise).findFirst()
                .orElseThrow(() -> new AssertionError("no promise: " + ctx.sent));
        boolean reported = promise.accepted().stream().anyMatch(e -> e.slot() == 1 && e.value().equals(Batch.NOOP))
                || promise.chosen().stream().anyMatch(e -> e.slot() == 1 && e.value().equals(Batch.NOOP));
        assertTrue(reported, "the promise leaves out slot 1, whose vote this acceptor cast, lost and repaired (it reports "
                + promise.accepted().size() + " votes from slot " + promise.accepted().get(0).slot() + ", chosen "
                + promise.chosen() + ")");
    }

    private static void voteIn(PaxosReplica r, PromiseReportsRepairedSlotTest.HandContext ctx, long from, long to) {
        for (long s = from; s <= to; s++) {
            r.onMessage(ctx, 0, new PaxosMessage.Accept(B1, s, Batch.NOOP, 0));
        }
        ctx.syncAll(r);
        assertTrue(ctx.sent.contains(new PaxosMessage.Accepted(B1, 1, to)), "voted through " + to);
    }
}
