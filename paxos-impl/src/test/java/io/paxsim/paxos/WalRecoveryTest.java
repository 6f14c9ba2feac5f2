package io.paxsim.paxos;

import io.paxsim.sim.disk.DiskConfig;
import io.paxsim.sim.disk.DiskDone;
import io.paxsim.sim.disk.NodeDisk;
import io.paxsim.sim.disk.SimDisk;
import io.paxsim.sim.disk.WriteStatus;
import io.paxsim.sim.random.RandomStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WAL's recovery rules on a simulated disk: torn tails, mirror repair, and damage to synced records. */
class WalRecoveryTest {
    /** A NodeDisk over a SimDisk whose fsyncs complete when the test says so. */
    static final class Disk implements NodeDisk {
        final SimDisk sim;
        final TreeMap<Long, List<String>> pendingFsyncs = new TreeMap<>();
        final TreeMap<Long, Long> barriers = new TreeMap<>();
        long nextId;

        Disk(double tearProbability) {
            this(0.0, tearProbability);
        }

        Disk(double loseProbability, double tearProbability) {
            sim = new SimDisk(new DiskConfig(1, 1, 1L << 30, loseProbability, tearProbability, 0, 0), RandomStream.derive(1, "disk"));
        }

        public List<String> files() { return sim.files(); }
        public boolean exists(String f) { return sim.exists(f); }
        public long size(String f) { return sim.size(f); }
        public byte[] read(String f, long o, int l) { return sim.read(f, o, l); }
        public byte[] readAll(String f) { return sim.read(f, 0, (int) sim.size(f)); }
        public WriteStatus write(String f, long o, byte[] d) { return sim.write(f, o, d); }
        public WriteStatus append(String f, byte[] d) { return sim.append(f, d); }
        public void truncate(String f, long s) { sim.truncate(f, s); }
        public void delete(String f) { sim.delete(f); }

        public long fsync(String f) {
            return fsync(List.of(f));
        }

        public long fsync(List<String> files) {
            long id = ++nextId;
            pendingFsyncs.put(id, List.copyOf(files));
            barriers.put(id, sim.beginFsync(files.get(0)));
            return id;
        }

        /** Completes pending fsync {@code id} successfully on the disk; returns its completion for the node. */
        DiskDone complete(long id) {
            List<String> files = pendingFsyncs.remove(id);
            long barrier = barriers.remove(id);
            for (String f : files) {
                sim.completeFsync(f, barrier);
            }
            return new DiskDone(id, files, List.of());
        }

        /** Completes every pending fsync, and those they lead to, feeding the completions to the WAL. */
        List<Effect> completeAll(Wal wal) {
            List<Effect> released = new ArrayList<>();
            while (!pendingFsyncs.isEmpty()) {
                released.addAll(completeRound(wal));
            }
            return released;
        }

        /** Completes the fsyncs pending now (not those their completions issue); returns the effects released. */
        List<Effect> completeRound(Wal wal) {
            List<Effect> released = new ArrayList<>();
            for (long id : new ArrayList<>(pendingFsyncs.keySet())) {
                released.addAll(wal.onDiskDone(complete(id)));
            }
            return released;
        }
    }

    private static DurableRecord accepted(long slot) {
        return new DurableRecord.Accepted(slot, new Ballot(3, 1), new Batch(List.of()));
    }

    /** Writes slots 1..synced durably (one fsync each), then slots after that without an fsync. */
    private static Disk logWith(int synced, int unsynced, double tear) {
        Disk d = new Disk(tear);
        Wal wal = new Wal(d, 0, 0);
        for (int s = 1; s <= synced; s++) {
            assertTrue(wal.append(accepted(s)));
            wal.flush();
            d.completeAll(wal);
        }
        for (int s = synced + 1; s <= synced + unsynced; s++) {
            wal.append(accepted(s));
        }
        return d;
    }

    /** Recovers, leaving out the sync marks the log writes on its own when it goes idle. */
    private static Wal.Recovered recover(Disk d, boolean truncateOnCorruption) {
        Wal.Recovered r = Wal.recover(d, new Wal[1], truncateOnCorruption);
        List<DurableRecord> records = new ArrayList<>();
        for (DurableRecord rec : r.records()) {
            if (!(rec instanceof DurableRecord.SyncMark)) {
                records.add(rec);
            }
        }
        return new Wal.Recovered(records, r.damagedSlots(), r.amnesiac(), r.truncatedBytes(), r.repairedCopies(),
                r.truncatedAtCorruption(), r.trustedBadBodies());
    }

    /** Offset of the index-th record that is not a sync mark. */
    private static long offsetOfRecord(Disk d, int index) {
        byte[] bytes = d.readAll("wal.0.a");
        int offset = Superblock.REGION_BYTES;
        int seen = 0;
        while (true) {
            RecordFormat.Header h = RecordFormat.parseHeader(bytes, bytes.length, offset);
            if (h.type() != RecordFormat.TYPE_SYNC_MARK) {
                if (seen == index) {
                    return offset;
                }
                seen++;
            }
            offset += h.totalBytes();
        }
    }

    @Test
    void unsyncedTailLostOrTornIsTruncatedAndSyncedRecordsSurvive() {
        Disk d = logWith(3, 2, 1.0);
        d.sim.crash();
        Wal.Recovered r = recover(d, false);
        assertTrue(r.records().size() >= 3 && r.records().size() <= 5, "records " + r.records().size());
        assertEquals(accepted(1), r.records().get(0));
        assertTrue(r.damagedSlots().isEmpty());
        assertFalse(r.amnesiac());
    }

    @Test
    void bitRotInOneMirrorIsRepairedFromTheOther() {
        Disk d = logWith(4, 0, 0);
        d.sim.crash();
        d.sim.rotBit("wal.0.a", offsetOfRecord(d, 1) + RecordFormat.HEADER_BYTES + 2, 3);
        d.sim.rotBit("wal.0.b", offsetOfRecord(d, 2) + 5, 1);
        Wal.Recovered r = recover(d, false);
        assertEquals(4, r.records().size());
        assertEquals(2, r.repairedCopies());
        assertEquals(0, recover(d, false).repairedCopies(), "the repair was written back");
    }

    /**
     * A record's last byte rotted in one mirror, and another record whose header rotted in one mirror
     * and body in the other (recovery takes its header from one copy and its body from the other):
     * each damaged copy is found and rewritten whole.
     */
    @Test
    void rotInALastByteOrSplitOverTheMirrorsIsRepaired() {
        Disk d = logWith(4, 0, 0);
        d.sim.crash();
        byte[] before = d.readAll("wal.0.a");
        long third = offsetOfRecord(d, 2);
        long thirdEnd = third + RecordFormat.parseHeader(before, before.length, (int) third).totalBytes();
        long fourth = offsetOfRecord(d, 3);
        long fourthEnd = fourth + RecordFormat.parseHeader(before, before.length, (int) fourth).totalBytes();
        d.sim.rotBit("wal.0.b", thirdEnd - 1, 4); // the third record's last byte
        d.sim.rotBit("wal.0.a", (third + thirdEnd) / 2, 0); // ... and its middle, in the other mirror
        d.sim.rotBit("wal.0.a", fourth + 6, 2); // the fourth record's header
        d.sim.rotBit("wal.0.b", fourthEnd - 1, 7); // ... and its body's last byte
        Wal.Recovered r = recover(d, false);
        assertEquals(4, r.records().size());
        assertTrue(r.damagedSlots().isEmpty() && !r.amnesiac());
        assertEquals(4, r.repairedCopies());
        assertEquals(0, recover(d, false).repairedCopies(), "the repairs were written back");
        assertTrue(java.util.Arrays.equals(before, d.readAll("wal.0.a")) && java.util.Arrays.equals(before, d.readAll("wal.0.b")),
                "both mirrors hold the records as written");
    }

    @Test
    void singleBitRotInBothMirrorsIsCorrected() {
        Disk d = logWith(4, 0, 0);
        d.sim.crash();
        long second = offsetOfRecord(d, 1);
        long fourth = offsetOfRecord(d, 3);
        d.sim.rotBit("wal.0.a", second + 3, 2);
        d.sim.rotBit("wal.0.b", second + 3, 2);
        d.sim.rotBit("wal.0.a", fourth + RecordFormat.HEADER_BYTES + 1, 5);
        d.sim.rotBit("wal.0.b", fourth + RecordFormat.HEADER_BYTES + 2, 1);
        Wal.Recovered r = recover(d, false);
        assertEquals(4, r.records().size());
        assertTrue(r.damagedSlots().isEmpty());
        assertFalse(r.amnesiac());
        assertEquals(4, r.repairedCopies());
    }

    @Test
    void multiBitRotInDifferentBytesOfTheTwoMirrorsIsMergedAway() {
        Disk d = logWith(4, 0, 0);
        d.sim.crash();
        long second = offsetOfRecord(d, 1);
        long body = second + RecordFormat.HEADER_BYTES;
        d.sim.rotBit("wal.0.a", second + 5, 1);
        d.sim.rotBit("wal.0.a", second + 30, 7);
        d.sim.rotBit("wal.0.a", body + 2, 0);
        d.sim.rotBit("wal.0.b", second + 9, 4);
        d.sim.rotBit("wal.0.b", body + 1, 6);
        d.sim.rotBit("wal.0.b", body + 3, 2);
        Wal.Recovered r = recover(d, false);
        assertEquals(4, r.records().size());
        assertTrue(r.damagedSlots().isEmpty() && !r.amnesiac());
        assertEquals(0, recover(d, false).repairedCopies(), "both copies were rewritten whole");
    }

    @Test
    void syncedRecordDamagedInBothMirrorsBecomesADamagedSlotNotATruncation() {
        Disk d = logWith(4, 0, 0);
        d.sim.crash();
        long body = offsetOfRecord(d, 1) + RecordFormat.HEADER_BYTES + 1;
        for (String f : List.of("wal.0.a", "wal.0.b")) {
            d.sim.rotBit(f, body, 0);
            d.sim.rotBit(f, body + 1, 3);
        }
        Wal.Recovered r = recover(d, false);
        assertEquals(3, r.records().size(), "records after the damage are kept");
        assertEquals(List.of(2L), new ArrayList<>(r.damagedSlots().keySet()));
        assertEquals(new Ballot(3, 1), r.damagedSlots().get(2L));
    }

    /**
     * The false-alarm row's run 338 in miniature: a vote's fsync completes, misdirected writes then
     * damage its record in both mirrors, and a crash loses every later (unsynced) write, so no later
     * record is left to vouch that it was synced. The vote's effect is released only once a durable
     * superblock vouches for it, and from then on recovery keeps the slot as damaged (never cuts it
     * as a torn tail). Before that, cutting it is allowed: nobody was told of the vote.
     */
    @Test
    void aReleasedVoteDamagedInBothMirrorsIsKeptAsDamagedNotCutAsATornTail() {
        for (boolean vouched : new boolean[] {false, true}) {
            Disk d = new Disk(1.0, 0);
            Wal wal = new Wal(d, 0, 0);
            wal.append(accepted(1));
            wal.append(accepted(2));
            Effect vote = new Effect.Send(0, new PaxosMessage.CatchUpRequest(2));
            wal.afterDurable(vote);
            wal.flush();
            assertEquals(List.of(), d.completeRound(wal), "the records are durable, but nothing vouches for them yet");
            if (vouched) {
                assertEquals(List.of(vote), d.completeRound(wal), "the next superblock vouches for the vote");
            }
            wal.append(accepted(3));
            wal.flush();
            d.sim.crash();
            long body = offsetOfRecord(d, 1) + RecordFormat.HEADER_BYTES + 1;
            for (String f : List.of("wal.0.a", "wal.0.b")) {
                d.sim.rotBit(f, body, 0);
                d.sim.rotBit(f, body + 1, 3);
            }
            Wal.Recovered r = recover(d, false);
            if (vouched) {
                assertEquals(List.of(2L), new ArrayList<>(r.damagedSlots().keySet()), "a vote that was sent is never forgotten");
            } else {
                assertTrue(r.damagedSlots().isEmpty() && r.records().size() == 1, "unvouched damage is cut as a torn tail");
            }
        }
    }

    /**
     * The fsync that makes a new record durable writes no superblock when the claim it would make
     * (what earlier fsyncs made durable) is on the platter already, and the vote that claim vouched
     * for stays vouched: damaged in both mirrors, with the record after it damaged too (so no later
     * header vouches for it), it is still kept as a damaged slot, never cut as a torn tail.
     */
    @Test
    void anFsyncRepeatingADurableClaimWritesNoSuperblockAndTheVouchHolds() {
        Disk d = new Disk(1.0, 0);
        Wal wal = new Wal(d, 0, 0);
        wal.append(accepted(1));
        wal.append(accepted(2));
        Effect vote = new Effect.Send(0, new PaxosMessage.CatchUpRequest(2));
        wal.afterDurable(vote);
        wal.flush();
        assertEquals(List.of(), d.completeRound(wal));
        assertEquals(List.of(vote), d.completeRound(wal), "the second fsync's superblock vouches for the vote");
        wal.append(accepted(3));
        wal.flush();
        assertEquals(2, d.sim.unsyncedOps(), "the record in both mirrors, and no superblock: its claim is durable already");
        d.completeAll(wal);
        d.sim.crash();
        long body = offsetOfRecord(d, 1) + RecordFormat.HEADER_BYTES + 1;
        long nextHeader = offsetOfRecord(d, 2) + 20;
        for (String f : List.of("wal.0.a", "wal.0.b")) {
            d.sim.rotBit(f, body, 0);
            d.sim.rotBit(f, body + 1, 3);
            d.sim.rotBit(f, nextHeader, 0);
            d.sim.rotBit(f, nextHeader + 2, 6);
        }
        Wal.Recovered r = recover(d, false);
        assertEquals(List.of(2L), new ArrayList<>(r.damagedSlots().keySet()), "the vote sent for slot 2 is never forgotten");
        assertEquals(1, r.records().size(), "slot 1 intact; slot 3, never vouched for, cut as a torn tail");
    }

    @Test
    void syncedHeaderDamagedInBothMirrorsMakesTheReplicaAmnesiac() {
        Disk d = logWith(4, 0, 0);
        d.sim.crash();
        long header = offsetOfRecord(d, 1) + 20;
        for (String f : List.of("wal.0.a", "wal.0.b")) {
            d.sim.rotBit(f, header, 0);
            d.sim.rotBit(f, header + 2, 6);
        }
        Wal.Recovered r = recover(d, false);
        assertTrue(r.amnesiac());
        assertEquals(3, r.records().size());
    }

    @Test
    void truncateOnCorruptionMutantLosesSyncedRecords() {
        Disk d = logWith(4, 0, 0);
        d.sim.crash();
        d.sim.rotBit("wal.0.a", offsetOfRecord(d, 1) + RecordFormat.HEADER_BYTES + 2, 3);
        assertEquals(1, recover(d, true).records().size());
    }

    @Test
    void latentSectorErrorReadsFromTheMirror() {
        Disk d = logWith(20, 0, 0);
        d.sim.crash();
        d.sim.addLatentSectorError("wal.0.b", 1);
        assertEquals(20, recover(d, false).records().size());
    }

    @Test
    void incompleteCompactionFallsBackToTheOlderGeneration() {
        Disk d = new Disk(1.0, 0);
        Wal wal = new Wal(d, 0, 0);
        for (int s = 1; s <= 3; s++) {
            wal.append(accepted(s));
        }
        wal.flush();
        d.completeAll(wal);
        assertTrue(wal.compact(List.of(accepted(3)), 0));
        d.sim.crash();
        Wal.Recovered r = recover(d, false);
        assertEquals(3, r.records().size(), "generation 1 never synced, so generation 0 is used");
        assertFalse(d.exists("wal.1.a"));
    }

    @Test
    void completedCompactionIsUsedAndTheOldGenerationDeleted() {
        Disk d = new Disk(0);
        Wal wal = new Wal(d, 0, 0);
        for (int s = 1; s <= 3; s++) {
            wal.append(accepted(s));
        }
        wal.flush();
        d.completeAll(wal);
        wal.compact(List.of(accepted(3)), 0);
        wal.flush();
        d.completeAll(wal);
        d.sim.crash();
        Wal.Recovered r = recover(d, false);
        assertEquals(List.of(accepted(3), new DurableRecord.BaseComplete(1, 0)), r.records());
        assertFalse(d.exists("wal.0.a"));
    }
}
