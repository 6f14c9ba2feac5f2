package io.paxsim.sim.disk;

import io.paxsim.sim.random.RandomStream;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimDiskTest {
    private static final int SECTOR = NodeDisk.SECTOR_BYTES;

    private static DiskConfig crashing(double lose, double tear) {
        return new DiskConfig(10, 20, 1 << 20, lose, tear, 0, 0);
    }

    private static SimDisk disk(DiskConfig config, long seed) {
        return new SimDisk(config, RandomStream.derive(seed, "disk/0"));
    }

    private static byte[] filled(int length, int value) {
        byte[] data = new byte[length];
        Arrays.fill(data, (byte) value);
        return data;
    }

    /** Copies what copies itself, shares the rest (a disk holds only its random stream besides values). */
    private static final class DeepCopy implements io.paxsim.sim.Copyable.Copies {
        @Override
        @SuppressWarnings("unchecked")
        public <T> T of(T original) {
            return original instanceof io.paxsim.sim.Copyable c ? (T) c.copy(this) : original;
        }

        @Override
        public <T> T remember(Object original, T copy) {
            return copy;
        }
    }

    private static void sync(SimDisk disk, String file) {
        disk.completeFsync(file, disk.beginFsync(file));
    }

    /**
     * Bit rot in a hole of the first page (no byte of it ever written) of a longer file makes a first
     * page that holds the file's bytes up to a whole page: reads, hashes and copies past the rotted
     * byte used to run off a page sized for the rotted byte alone.
     */
    @Test
    void rotInAHoleOfTheFirstPageKeepsTheFileReadable() {
        SimDisk d = disk(crashing(0, 0), 1);
        d.write("f", 9000, filled(10, 1));
        sync(d, "f");
        assertTrue(d.rotBit("f", 100, 3));
        d.crash(); // the cache is now a copy of the platter, rotted byte included
        byte[] all = d.read("f", 0, (int) d.size("f"));
        assertEquals(9010, all.length);
        assertEquals(8, all[100]);
        assertEquals(0, all[3000]);
        d.fingerprint();
    }

    /**
     * The first page is only as long as the file needs and grows with it (see Contents): bytes past
     * its end read as zeros when the file grows past it, a truncated tail stays zero, and the state
     * is the same as the one written in one go.
     */
    @Test
    void aShortFirstPageGrowsWithTheFileAndReadsAsAWholeOne() {
        SimDisk grown = disk(crashing(0, 0), 1);
        grown.append("f", filled(10, 1));
        grown.write("f", 5000, filled(20, 2)); // past the first page: the gap reads as zeros
        grown.write("f", 70, filled(30, 3)); // inside the grown page
        grown.truncate("f", 90);
        grown.append("f", filled(4, 4));
        sync(grown, "f");
        byte[] expected = new byte[94];
        Arrays.fill(expected, 0, 10, (byte) 1);
        Arrays.fill(expected, 70, 90, (byte) 3);
        Arrays.fill(expected, 90, 94, (byte) 4);
        assertArrayEquals(expected, grown.read("f", 0, 200));
        SimDisk atOnce = disk(crashing(0, 0), 1);
        atOnce.write("f", 0, expected);
        sync(atOnce, "f");
        assertEquals(atOnce.fingerprint(), grown.fingerprint(), "contents, not page layout, make the state");
        grown.crash();
        assertArrayEquals(expected, grown.read("f", 0, 200), "the durable copy grew alike");
    }

    /** A torn write that keeps no sector is an empty write past the end: the file grows, its bytes read as zeros. */
    @Test
    void anEmptyWritePastTheEndLengthensAShortFirstPage() {
        SimDisk disk = disk(crashing(0, 0), 1);
        disk.append("f", filled(10, 1));
        disk.write("f", 600, new byte[0]);
        sync(disk, "f");
        byte[] expected = new byte[600];
        Arrays.fill(expected, 0, 10, (byte) 1);
        assertArrayEquals(expected, disk.read("f", 0, 1000));
        disk.crash();
        assertArrayEquals(expected, disk.read("f", 0, 1000), "the durable copy alike");
        SimDisk atOnce = disk(crashing(0, 0), 1);
        atOnce.write("f", 0, expected);
        sync(atOnce, "f");
        assertEquals(atOnce.fingerprint(), disk.fingerprint());
    }

    @Test
    void aCopyGrowingItsShortFirstPageLeavesTheOriginalAlone() {
        SimDisk original = disk(crashing(0, 0), 1);
        original.append("f", filled(40, 5));
        sync(original, "f");
        SimDisk copy = original.copy(new DeepCopy());
        copy.append("f", filled(100, 6)); // grows the borrowed page: a new array, never the shared one
        copy.write("f", 0, filled(1, 7));
        assertArrayEquals(filled(40, 5), original.read("f", 0, 1000));
        assertEquals(140, copy.size("f"));
        assertEquals(7, copy.read("f", 0, 1)[0]);
    }

    @Test
    void writesAreVisibleAtOnceButDurableOnlyAfterFsync() {
        SimDisk disk = disk(crashing(1.0, 0), 1);
        disk.append("log", new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, disk.read("log", 0, 10));
        assertEquals(0, disk.durableSize("log"));
        long barrier = disk.beginFsync("log");
        disk.append("log", new byte[] {4});
        disk.completeFsync("log", barrier);
        assertEquals(3, disk.durableSize("log"));
        assertEquals(1, disk.unsyncedOps(), "the write after the fsync began is not covered");
        disk.crash();
        assertArrayEquals(new byte[] {1, 2, 3}, disk.read("log", 0, 10));
    }

    @Test
    void unsyncedWritesSurviveWhenTheCrashKeepsThem() {
        SimDisk disk = disk(crashing(0, 0), 1);
        disk.write("f", 0, new byte[] {9, 9});
        disk.crash();
        assertArrayEquals(new byte[] {9, 9}, disk.read("f", 0, 2));
    }

    @Test
    void tornWritesKeepASectorAlignedPrefixOnly() {
        int tornSeen = 0;
        for (long seed = 0; seed < 50; seed++) {
            SimDisk disk = disk(crashing(0, 1.0), seed);
            disk.write("f", 0, filled(4 * SECTOR, 1));
            sync(disk, "f");
            disk.write("f", 100, filled(3 * SECTOR, 2)); // spans sectors 0..3, unaligned start
            disk.crash();
            byte[] after = disk.read("f", 0, 4 * SECTOR);
            assertEquals(4 * SECTOR, after.length);
            int newBytes = 0;
            while (100 + newBytes < after.length && after[100 + newBytes] == 2) {
                newBytes++;
            }
            for (int i = 100 + newBytes; i < after.length; i++) {
                assertEquals(1, after[i], "old data after the torn prefix, seed " + seed);
            }
            int keptEnd = 100 + newBytes;
            assertTrue(newBytes == 0 || keptEnd % SECTOR == 0, "tear at sector boundary, kept to " + keptEnd);
            assertTrue(newBytes < 3 * SECTOR, "a torn write always loses something");
            tornSeen += newBytes > 0 ? 1 : 0;
        }
        assertTrue(tornSeen > 0, "some torn writes kept a prefix");
    }

    @Test
    void eachUnsyncedWriteIndependentlySurvivesOrIsLost() {
        boolean sawMixed = false;
        for (long seed = 0; seed < 20 && !sawMixed; seed++) {
            SimDisk disk = disk(crashing(0.5, 0), seed);
            for (int i = 0; i < 8; i++) {
                disk.write("f", (long) i * SECTOR, filled(SECTOR, 1 + i));
            }
            disk.crash();
            byte[] after = disk.read("f", 0, 8 * SECTOR);
            int present = 0;
            for (int i = 0; i < 8; i++) {
                present += i * SECTOR < after.length && after[i * SECTOR] == 1 + i ? 1 : 0;
            }
            sawMixed = present > 0 && present < 8;
        }
        assertTrue(sawMixed, "some writes survive and some are lost");
    }

    @Test
    void failedFsyncLeavesCoveredWritesUnrecoverableByARetry() {
        boolean lostOne = false;
        for (long seed = 0; seed < 20; seed++) {
            SimDisk disk = disk(crashing(0, 0), seed);
            for (int i = 0; i < 8; i++) {
                disk.write("f", (long) i * SECTOR, filled(SECTOR, 1 + i));
            }
            disk.failFsync("f", disk.beginFsync("f"));
            assertEquals(0, disk.unsyncedOps(), "EIO resolves the covered writes");
            assertEquals(1, disk.read("f", 0, 1)[0], "the cache still shows the write");
            sync(disk, "f"); // a retry cannot bring back what writeback dropped
            disk.crash();
            byte[] after = disk.read("f", 0, 8 * SECTOR);
            for (int i = 0; i < 8; i++) {
                lostOne |= i * SECTOR >= after.length || after[i * SECTOR] != 1 + i;
            }
        }
        assertTrue(lostOne, "EIO lost some write for good");
    }

    @Test
    void writesPastCapacityFailWithDiskFullAndWriteNothing() {
        SimDisk disk = disk(crashing(0, 0).withCapacityBytes(1000), 1);
        assertEquals(WriteStatus.OK, disk.append("a", new byte[600]));
        assertEquals(WriteStatus.DISK_FULL, disk.append("b", new byte[600]));
        assertFalse(disk.exists("b"));
        disk.delete("a");
        assertEquals(WriteStatus.OK, disk.append("b", new byte[600]));
    }

    @Test
    void bitRotFlipsSyncedDataOnly() {
        SimDisk disk = disk(crashing(1.0, 0), 1);
        assertFalse(disk.rotBit("f", 0, 0), "nothing synced yet");
        disk.write("f", 0, new byte[] {0, 0});
        sync(disk, "f");
        assertTrue(disk.rotBit("f", 1, 3));
        assertArrayEquals(new byte[] {0, 8}, disk.read("f", 0, 2));
        disk.write("f", 0, new byte[] {5});
        assertTrue(disk.rotBit("f", 0, 0));
        assertEquals(5, disk.read("f", 0, 1)[0], "a newer cached write hides the rot");
        disk.crash();
        assertArrayEquals(new byte[] {1, 8}, disk.read("f", 0, 2));
    }

    @Test
    void latentSectorErrorsFailReadsUntilTheSectorIsRewritten() {
        SimDisk disk = disk(crashing(0, 0), 1);
        disk.write("f", 0, filled(3 * SECTOR, 7));
        disk.addLatentSectorError("f", 1);
        assertEquals(SECTOR, disk.read("f", 0, SECTOR).length, "sector 0 still reads");
        DiskReadException e = assertThrows(DiskReadException.class, () -> disk.read("f", SECTOR - 1, 2));
        assertEquals(1, e.sector());
        disk.write("f", SECTOR, filled(SECTOR, 3));
        assertEquals(3, disk.read("f", SECTOR, 1)[0]);
    }

    @Test
    void misdirectedWritesLandAtAnotherSector() {
        SimDisk disk = disk(crashing(0, 0).withMisdirectedWriteProbability(1.0), 1);
        disk.write("f", 0, filled(32 * SECTOR, 0));
        disk.setConfig(crashing(0, 0));
        sync(disk, "f");
        disk.setConfig(crashing(0, 0).withMisdirectedWriteProbability(1.0));
        disk.write("f", 16L * SECTOR, filled(SECTOR, 9));
        sync(disk, "f");
        assertEquals(9, disk.read("f", 16L * SECTOR, 1)[0], "the cache still has it where it was written");
        disk.crash();
        assertEquals(0, disk.read("f", 16L * SECTOR, 1)[0], "the platter does not");
        byte[] all = disk.read("f", 0, 32 * SECTOR);
        int nines = 0;
        for (byte b : all) {
            nines += b == 9 ? 1 : 0;
        }
        assertEquals(SECTOR, nines, "the data went to some other sector");
    }

    @Test
    void bytesCutByATruncateReadAsZerosWhenTheFileGrowsAgain() {
        // Truncate clears only what lay inside the old length; past it a page is zero already.
        SimDisk disk = disk(crashing(0, 0), 1);
        disk.write("f", 0, filled(3 * SECTOR, 7));
        disk.truncate("f", SECTOR + 5);
        disk.write("f", 4 * SECTOR, filled(1, 9));
        byte[] all = disk.read("f", 0, 4 * SECTOR + 1);
        for (int i = 0; i < all.length; i++) {
            assertEquals(i < SECTOR + 5 ? 7 : i == 4 * SECTOR ? 9 : 0, all[i], "byte " + i);
        }
        sync(disk, "f");
        disk.crash();
        assertArrayEquals(all, disk.read("f", 0, 4 * SECTOR + 1));
        disk.truncate("f", 8192 + 3); // past the length: nothing changes
        assertEquals(4 * SECTOR + 1, disk.size("f"));
    }

    @Test
    void truncateAndDeleteBecomeDurableWithFsync() {
        SimDisk disk = disk(crashing(1.0, 0), 1);
        disk.write("f", 0, new byte[10]);
        sync(disk, "f");
        disk.truncate("f", 4);
        sync(disk, "f");
        disk.delete("f");
        disk.crash();
        assertEquals(4, disk.size("f"), "unsynced delete lost");
        disk.delete("f");
        sync(disk, "f");
        disk.crash();
        assertFalse(disk.exists("f"));
    }

    @Test
    void fingerprintIgnoresFilesThatNeverDurablyExisted() {
        SimDisk a = disk(crashing(1.0, 0), 1);
        SimDisk b = disk(crashing(1.0, 0), 1);
        a.write("tmp", 0, new byte[] {1});
        a.crash();
        b.crash();
        assertEquals(b.fingerprint(), a.fingerprint());
        b.write("x", 0, new byte[] {1});
        assertFalse(a.fingerprint() == b.fingerprint());
    }

    @Test
    void configRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new DiskConfig(10, 5, 1, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new DiskConfig(0, 5, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new DiskConfig(0, 5, 1, 1.5, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new DiskConfig(0, 5, 1, 0, 0, Double.NaN, 0));
    }

    @Test
    void anFsyncCommitsEarlierUnlinksOnTheDiskAndTheDeletedFileIsForgotten() {
        SimDisk disk = disk(crashing(0, 0), 1);
        disk.append("wal.1", filled(4 * SECTOR, 1));
        sync(disk, "wal.1");
        disk.delete("wal.1");
        disk.append("wal.2", filled(SECTOR, 2));
        assertEquals(4 * SECTOR, disk.durableSize("wal.1"), "an unlink is not durable before any fsync");
        sync(disk, "wal.2");
        assertEquals(0, disk.durableSize("wal.1"), "the fsync of wal.2 committed the unlink of wal.1");
        assertEquals(0, disk.unsyncedOps());
        disk.crash();
        assertFalse(disk.exists("wal.1"), "a committed unlink never resurrects");
        assertEquals(java.util.List.of("wal.2"), disk.files());
    }

    @Test
    void anUncommittedUnlinkMayStillBeLostInACrash() {
        SimDisk disk = disk(crashing(1.0, 0), 1);
        disk.append("wal.1", filled(SECTOR, 1));
        sync(disk, "wal.1");
        disk.delete("wal.1");
        disk.crash();
        assertTrue(disk.exists("wal.1"), "the crash lost the unsynced unlink: the old file is back");
    }

    @Test
    void chosenCrashFatesLoseKeepOrTearEachUnsyncedOp() {
        SimDisk disk = disk(crashing(0, 0), 1);
        disk.append("a", filled(100, 1));                 // one sector: lost or whole
        disk.append("a", filled(SECTOR + 10, 2));         // offset 100: spans sectors 0..1, can tear after sector 0
        disk.append("b", filled(10, 3));
        int[][] counts = disk.crashFateCounts();
        assertEquals(2, counts.length);
        assertArrayEquals(new int[] {2, 3}, counts[0]);
        assertArrayEquals(new int[] {2}, counts[1]);
        disk.crash(new int[] {1, 2, 0});                  // first whole, second keeps sector 0 only, b lost
        assertEquals(SECTOR, disk.size("a"));
        assertEquals(1, disk.read("a", 0, 1)[0]);
        assertEquals(2, disk.read("a", SECTOR - 1, 1)[0]);
        assertFalse(disk.exists("b"));
        assertEquals(0, disk.unsyncedOps());
        assertThrows(IllegalArgumentException.class, () -> {
            disk.append("a", filled(10, 4));
            disk.crash(new int[] {1, 1});
        });
    }
}
