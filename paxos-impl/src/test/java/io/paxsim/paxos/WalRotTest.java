package io.paxsim.paxos;

import io.paxsim.paxos.api.Command;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rot in any bit of a synced WAL — superblock copies, record headers (type, slot, ballot,
 * syncedThrough, checksums) or bodies — in one mirror or in the same place in both: recovery
 * never returns a record that was not written, and never loses a synced record silently. Rot in
 * one mirror is repaired from the other; rot in both is corrected (one flipped bit), or the record
 * is reported damaged by what its header names (slot, promise, round), or the replica recovers
 * amnesiac (it votes no more).
 */
class WalRotTest {
    private static final Batch VALUE = new Batch(List.of(new ClientCommand(7, 1, new Command.Write("k", 42))));
    private static final List<DurableRecord> WRITTEN = List.of(
            new DurableRecord.Promised(new Ballot(2, 1)),
            new DurableRecord.HighestRound(3),
            new DurableRecord.Accepted(1, new Ballot(2, 1), VALUE),
            new DurableRecord.Accepted(2, new Ballot(2, 1), Batch.NOOP),
            new DurableRecord.Repaired(3, VALUE),
            new DurableRecord.Promised(new Ballot(4, 2)));

    /**
     * Every record written and synced, each followed (as in the replica) by an effect that waits for
     * it, so the superblock vouches for all of them once the effects are released; nothing pending.
     */
    private static WalRecoveryTest.Disk syncedLog() {
        WalRecoveryTest.Disk d = new WalRecoveryTest.Disk(1.0, 0);
        Wal wal = new Wal(d, 0, 0);
        for (DurableRecord r : WRITTEN) {
            assertTrue(wal.append(r));
            Effect told = new Effect.Send(0, new PaxosMessage.CatchUpRequest(WRITTEN.indexOf(r)));
            wal.afterDurable(told);
            wal.flush();
            assertEquals(List.of(told), d.completeAll(wal));
        }
        d.sim.crash();
        return d;
    }

    @Test
    void everyBitFlippedInOneMirrorIsRepaired() {
        WalRecoveryTest.Disk d = syncedLog();
        long size = d.size("wal.0.a");
        for (long offset = 0; offset < size; offset++) {
            for (int bit = 0; bit < 8; bit++) {
                for (String mirror : List.of("wal.0.a")) { // the mirrors are symmetric: one suffices
                    d.sim.rotBit(mirror, offset, bit);
                    Wal.Recovered r = Wal.recover(d, new Wal[1], false);
                    String where = "bit " + bit + " of byte " + offset + " of " + mirror;
                    assertEquals(WRITTEN, r.records(), where);
                    assertTrue(r.damagedSlots().isEmpty() && !r.amnesiac(), where);
                    d.sim.crash(); // drop the repair recovery wrote, so the next flip starts from the same platter
                    d.sim.rotBit(mirror, offset, bit);
                }
            }
        }
    }

    @Test
    void everyBitFlippedInBothMirrorsIsCorrectedOrReportedNeverTrustedOrSilentlyLost() {
        WalRecoveryTest.Disk d = syncedLog();
        long size = d.size("wal.0.a");
        int corrected = 0;
        int reported = 0;
        for (long offset = 0; offset < size; offset++) {
            for (int bit = 0; bit < 8; bit++) {
                d.sim.rotBit("wal.0.a", offset, bit);
                d.sim.rotBit("wal.0.b", offset, bit);
                Wal.Recovered r = Wal.recover(d, new Wal[1], false);
                String where = "bit " + bit + " of byte " + offset + " of both mirrors";
                if (r.records().equals(WRITTEN)) {
                    corrected++;
                } else {
                    assertEverythingLostIsReported(r, where);
                    reported++;
                }
                d.sim.crash();
                d.sim.rotBit("wal.0.a", offset, bit);
                d.sim.rotBit("wal.0.b", offset, bit);
            }
        }
        assertTrue(corrected > 0, "sometimes: a single flipped bit is corrected in place");
        assertEquals(0, reported, "one flipped bit in both mirrors is always correctable (CRC32C detects every single-bit error)");
    }

    /** Two bits of one record flipped in both mirrors: beyond correction, so the loss must be reported. */
    @Test
    void twoBitsOfARecordFlippedInBothMirrorsAreReportedNeverTrustedOrSilentlyLost() {
        WalRecoveryTest.Disk d = syncedLog();
        long size = d.size("wal.0.a");
        int reported = 0;
        for (long offset = Superblock.REGION_BYTES; offset + 1 < size; offset++) {
            for (String f : List.of("wal.0.a", "wal.0.b")) {
                d.sim.rotBit(f, offset, 1);
                d.sim.rotBit(f, offset + 1, 6);
            }
            Wal.Recovered r = Wal.recover(d, new Wal[1], false);
            if (!r.records().equals(WRITTEN)) {
                assertEverythingLostIsReported(r, "bits at bytes " + offset + ", " + (offset + 1) + " of both mirrors");
                reported++;
            }
            d.sim.crash();
            for (String f : List.of("wal.0.a", "wal.0.b")) {
                d.sim.rotBit(f, offset, 1);
                d.sim.rotBit(f, offset + 1, 6);
            }
        }
        assertTrue(reported > 0, "sometimes: damage beyond correction");
    }

    /** Every record recovered was written; every written record not recovered is named as damaged, or the replica is amnesiac. */
    private static void assertEverythingLostIsReported(Wal.Recovered r, String where) {
        for (DurableRecord rec : r.records()) {
            assertTrue(WRITTEN.contains(rec), where + ": recovered a record never written: " + rec);
        }
        if (r.amnesiac()) {
            return;
        }
        List<DurableRecord> lost = new ArrayList<>(WRITTEN);
        lost.removeAll(r.records());
        for (DurableRecord rec : lost) {
            boolean named = false;
            if (rec instanceof DurableRecord.Accepted a) {
                named = a.ballot().equals(r.damagedSlots().get(a.slot()));
            } else if (rec instanceof DurableRecord.Repaired rep) {
                named = r.damagedSlots().containsKey(rep.slot());
            } else if (rec instanceof DurableRecord.Promised p) {
                named = !r.damagedPromise().lessThan(p.ballot());
            } else if (rec instanceof DurableRecord.HighestRound h) {
                named = r.damagedRound() >= h.round();
            }
            assertTrue(named, where + ": lost " + rec + " without a word (damaged " + r.damagedSlots() + ")");
        }
    }
}
