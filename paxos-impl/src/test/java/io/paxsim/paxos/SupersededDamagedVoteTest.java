package io.paxsim.paxos;

import io.paxsim.paxos.api.Command;
import io.paxsim.sim.disk.SimDisk;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recovery of a slot whose WAL holds two votes, the older one damaged in both mirrors (7e1bc5c).
 * Votes in a slot only rise, so a damaged record beside a valid vote at an equal or higher ballot
 * is a superseded vote: nothing is lost, and the slot is not damaged. Before the fix, recovery kept
 * it damaged, the replica reported the older ballot as its vote (votes-durable fired on the
 * correct log) and refused to promise until a peer repaired it. A damaged record above the valid
 * vote is still a damaged slot: the newer vote may be the one a quorum chose with.
 */
class SupersededDamagedVoteTest {
    private static final Ballot OLD = new Ballot(1, 0);
    private static final Ballot NEW = new Ballot(2, 2);
    private static final Batch VALUE = new Batch(List.of(new ClientCommand(7, 1, new Command.Write("k", 42))));

    @Test
    void aDamagedOlderVoteUnderAValidNewerOneIsSupersededNotDamaged() {
        PromiseReportsRepairedSlotTest.HandContext ctx = votedTwiceInSlotOne();
        PaxosReplica after = recoverWithAcceptedRecordRotted(ctx, 0); // the vote at OLD
        assertEquals(0, after.damagedSlotCount(), "the damaged record is the superseded vote");
        assertEquals(NEW, after.votedBallot(1), "the vote recovered is the newer one");

        ctx.sent.clear();
        after.onMessage(ctx, 0, new PaxosMessage.Prepare(new Ballot(3, 0), 1));
        ctx.syncAll(after);
        PaxosMessage.Promise promise = (PaxosMessage.Promise) ctx.sent.stream()
                .filter(m -> m instanceof PaxosMessage.Promise).findFirst()
                .orElseThrow(() -> new AssertionError("no promise: the slot was held damaged " + ctx.sent));
        assertTrue(promise.accepted().stream().anyMatch(e -> e.slot() == 1 && e.ballot().equals(NEW) && e.value().equals(VALUE)),
                "the promise reports the newer vote: " + promise);
    }

    @Test
    void aDamagedNewerVoteAboveAValidOlderOneStaysDamaged() {
        PaxosReplica after = recoverWithAcceptedRecordRotted(votedTwiceInSlotOne(), 1); // the vote at NEW
        assertEquals(1, after.damagedSlotCount(), "the newer vote is lost: the slot waits for a repair");
    }

    /** Replica 1 votes NOOP in slot 1 at OLD, then VALUE at NEW, both synced; then it crashes. */
    private static PromiseReportsRepairedSlotTest.HandContext votedTwiceInSlotOne() {
        PromiseReportsRepairedSlotTest.HandContext ctx = new PromiseReportsRepairedSlotTest.HandContext();
        PaxosReplica before = new PaxosReplica(PaxosConfig.defaults(3), 1);
        before.onStart(ctx);
        before.onMessage(ctx, 0, new PaxosMessage.Accept(OLD, 1, Batch.NOOP, 0));
        ctx.syncAll(before);
        before.onMessage(ctx, 2, new PaxosMessage.Accept(NEW, 1, VALUE, 0));
        ctx.syncAll(before);
        assertTrue(ctx.sent.contains(new PaxosMessage.Accepted(NEW, 1, 1)), "voted twice: " + ctx.sent);
        ctx.disk.sim.crash();
        return ctx;
    }

    /** Rots the n-th accepted record of the crashed replica's WAL, then recovers a fresh replica 1 from it. */
    private static PaxosReplica recoverWithAcceptedRecordRotted(PromiseReportsRepairedSlotTest.HandContext ctx, int n) {
        rotAcceptedRecord(ctx.disk.sim, n);
        PaxosReplica after = new PaxosReplica(PaxosConfig.defaults(3), 1);
        after.onRecover(ctx);
        return after;
    }

    /** Flips two body bits (beyond single-bit correction) of the n-th accepted record, in both mirrors. */
    private static void rotAcceptedRecord(SimDisk disk, int n) {
        byte[] bytes = disk.read("wal.0.a", 0, (int) disk.size("wal.0.a"));
        int offset = Superblock.REGION_BYTES;
        int seen = 0;
        while (true) {
            RecordFormat.Header h = RecordFormat.parseHeader(bytes, bytes.length, offset);
            if (h.type() == RecordFormat.TYPE_ACCEPTED && seen++ == n) {
                for (String f : List.of("wal.0.a", "wal.0.b")) {
                    disk.rotBit(f, offset + RecordFormat.HEADER_BYTES, 0);
                    disk.rotBit(f, offset + RecordFormat.HEADER_BYTES + 1, 4);
                }
                return;
            }
            offset += h.totalBytes();
        }
    }
}
