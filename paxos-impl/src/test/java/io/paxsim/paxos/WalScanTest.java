package io.paxsim.paxos;

import io.paxsim.paxos.api.Command;
import io.paxsim.sim.random.RandomStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recovery's scan with list-append-sized bodies (several sectors each) and the encoded-body cache
 * warm, as in a run: a body taken as the cached encoding of its slot (no checksum computed) is only
 * ever one whose bytes are that encoding. Each corruption kind is planted: bit rot in one mirror,
 * the same bit in both, a torn unsynced tail, lost unsynced writes with later ones surviving (a gap
 * of zeros). After recovery both mirrors must hold, up to where the log ends, records whose header
 * and body checksums hold when computed afresh, and decoded afresh they must be the records
 * recovery returned, each one that was written.
 */
class WalScanTest {
    private static Batch batchFor(long slot, int commands) {
        List<ClientCommand> list = new ArrayList<>();
        for (int i = 0; i < commands; i++) {
            list.add(new ClientCommand(slot * 100 + i, slot, new Command.Write("key-" + slot + "-" + i, slot * 7919 + i)));
        }
        return new Batch(list);
    }

    /** Slots 1..synced made durable one fsync each, then slots up to synced + unsynced appended without one. */
    private static List<DurableRecord> writeLog(WalRecoveryTest.Disk d, int synced, int unsynced, RandomStream random) {
        Wal wal = new Wal(d, 0, 0);
        List<DurableRecord> written = new ArrayList<>();
        for (int s = 1; s <= synced + unsynced; s++) {
            DurableRecord r = new DurableRecord.Accepted(s, new Ballot(2, 1), batchFor(s, 2 + (int) random.nextLong(40)));
            assertTrue(wal.append(r));
            written.add(r);
            if (s <= synced) {
                wal.flush();
                d.completeAll(wal);
            }
        }
        return written;
    }

    @Test
    void everyCorruptionKindIsCaughtWithTheBodyCacheWarm() {
        everyCorruptionKindIsCaught(false);
    }

    /**
     * The same with the encoding cache holding other bodies for the slots (as when another value was
     * encoded for a slot since): a first recovery decodes the records and keeps what it decoded, and
     * a body taken from that is again only one whose bytes are the ones decoded.
     */
    @Test
    void everyCorruptionKindIsCaughtWithTheDecodedBodiesKept() {
        everyCorruptionKindIsCaught(true);
    }

    private static void everyCorruptionKindIsCaught(boolean decodedFirst) {
        int rotRepaired = 0;
        int cut = 0;
        for (int seed = 0; seed < 120; seed++) {
            RandomStream random = RandomStream.derive(seed, "wal-scan");
            int kind = seed % 4;
            // kinds 2 and 3: every unsynced write torn, or each lost with probability one half
            WalRecoveryTest.Disk d = new WalRecoveryTest.Disk(kind == 3 ? 0.5 : 0.0, kind == 2 ? 1.0 : 0.0);
            List<DurableRecord> written = writeLog(d, 6, kind >= 2 ? 4 : 0, random);
            if (decodedFirst) {
                for (long slot = 1; slot <= written.size(); slot++) {
                    RecordFormat.encode(new DurableRecord.Accepted(slot, new Ballot(5, 2), batchFor(slot + 1000, 1)), 0);
                }
                Wal.recover(d, new Wal[1], false); // decodes every record (and writes nothing: the log is whole)
            }
            d.sim.crash();
            if (kind < 2) {
                byte[] file = d.readAll("wal.0.a");
                int record = 1 + (int) random.nextLong(5);
                int offset = recordOffset(file, record);
                RecordFormat.Header h = RecordFormat.parseHeader(file, file.length, offset);
                long at = offset + RecordFormat.HEADER_BYTES + random.nextLong(h.bodyLength());
                int bit = (int) random.nextLong(8);
                d.sim.rotBit("wal.0.a", at, bit);
                if (kind == 1) {
                    d.sim.rotBit("wal.0.b", at, bit); // the same bit in both: corrected in place
                }
            }
            Wal.Recovered r = Wal.recover(d, new Wal[1], false);
            List<DurableRecord> got = withoutSyncMarks(r.records());
            assertEquals(written.subList(0, got.size()), got, "seed " + seed + ": recovered records are a prefix of those written");
            assertTrue(got.size() >= 6, "seed " + seed + ": every synced record survives");
            assertTrue(r.damagedSlots().isEmpty() && !r.amnesiac(), "seed " + seed);
            for (String mirror : Wal.fileNames(0)) {
                assertEquals(r.records(), recordsCheckedAfresh(d.readAll(mirror)), "seed " + seed + ", " + mirror);
            }
            rotRepaired += kind < 2 ? r.repairedCopies() : 0;
            cut += kind >= 2 && got.size() < written.size() ? 1 : 0;
        }
        assertTrue(rotRepaired >= 60, "every rotted copy rewritten: " + rotRepaired);
        assertTrue(cut > 20, "sometimes a torn or lost tail is cut: " + cut);
    }

    /**
     * {@link Wal#nextHeader} skips to offsets where a copy holds the magic's first byte: it finds what
     * trying every offset finds, over zeros, random bytes, stray magic bytes, valid headers in either
     * copy and copies of different lengths.
     */
    @Test
    void nextHeaderFindsWhatTryingEveryOffsetFinds() {
        RandomStream random = RandomStream.derive(3, "next-header");
        byte[] record = RecordFormat.encode(new DurableRecord.Accepted(9, new Ballot(1, 1), batchFor(9, 3)), 0);
        for (int round = 0; round < 500; round++) {
            byte[][] copies = new byte[2][];
            int[] lengths = new int[2];
            for (int i = 0; i < 2; i++) {
                lengths[i] = (int) random.nextLong(20_000);
                copies[i] = new byte[lengths[i]];
                for (int p = 0; p < lengths[i]; p++) {
                    long draw = random.nextLong(100);
                    copies[i][p] = draw < 70 ? 0 : draw < 75 ? RecordFormat.MAGIC_FIRST_BYTE : (byte) random.nextLong(256);
                }
                for (int k = (int) random.nextLong(3); k > 0; k--) {
                    int at = (int) random.nextLong(Math.max(1, lengths[i]));
                    System.arraycopy(record, 0, copies[i], at, Math.min(record.length, lengths[i] - at));
                }
            }
            int max = Math.max(lengths[0], lengths[1]);
            int from = (int) random.nextLong(Math.max(1, max));
            int expected = max;
            for (int p = from; p < max && expected == max; p++) {
                for (int i = 0; i < 2; i++) {
                    if (RecordFormat.parseHeader(copies[i], lengths[i], p) != null) {
                        expected = p;
                    }
                }
            }
            assertEquals(expected, Wal.nextHeader(copies, lengths, from, max), "round " + round);
        }
    }

    /** Offset of the index-th record that is not a sync mark (those have no body to rot). */
    private static int recordOffset(byte[] file, int index) {
        int offset = Superblock.REGION_BYTES;
        int seen = 0;
        while (true) {
            RecordFormat.Header h = RecordFormat.parseHeader(file, file.length, offset);
            if (h.type() != RecordFormat.TYPE_SYNC_MARK) {
                if (seen == index) {
                    return offset;
                }
                seen++;
            }
            offset += h.totalBytes();
        }
    }

    /** The file's records, each header and body checksum computed here and each body decoded here (no cache). */
    private static List<DurableRecord> recordsCheckedAfresh(byte[] file) {
        List<DurableRecord> records = new ArrayList<>();
        int offset = Superblock.REGION_BYTES;
        while (offset < file.length) {
            RecordFormat.Header h = RecordFormat.parseHeader(file, file.length, offset);
            assertTrue(h != null, "a valid header at " + offset);
            int bodyFrom = offset + RecordFormat.HEADER_BYTES;
            assertTrue(bodyFrom + h.bodyLength() <= file.length
                    && Codec.crc32c(file, bodyFrom, h.bodyLength()) == h.bodyCrc(), "a valid body at " + offset);
            if (h.type() == RecordFormat.TYPE_ACCEPTED) {
                byte[] body = java.util.Arrays.copyOfRange(file, bodyFrom, bodyFrom + h.bodyLength());
                records.add(new DurableRecord.Accepted(h.slotOrRound(), h.ballot(), Codec.decodeBatch(body)));
            } else {
                records.add(RecordFormat.decode(h, file, offset));
            }
            offset += h.totalBytes();
        }
        return records;
    }

    private static List<DurableRecord> withoutSyncMarks(List<DurableRecord> records) {
        List<DurableRecord> out = new ArrayList<>();
        for (DurableRecord r : records) {
            if (!(r instanceof DurableRecord.SyncMark)) {
                out.add(r);
            }
        }
        return out;
    }
}
