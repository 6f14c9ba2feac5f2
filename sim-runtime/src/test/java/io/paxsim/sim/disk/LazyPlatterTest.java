package io.paxsim.sim.disk;

import io.paxsim.sim.random.RandomStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A lazy platter (SimDisk's Lazy) is representation only: the same ops, on a lazy disk and on an
 * eager one drawing from equal streams, give the same reads, sizes, synced sizes, fingerprints,
 * explicit hashes and random draws after every op, crashes, bit rot, failed and misdirected fsyncs
 * included. The ops lean to a WAL's pattern (appends, superblocks written in place below the
 * records, group fsyncs over two mirrors) and a snapshot's (unlink, rewrite whole, fsync), with
 * every op that ends laziness mixed in. A lazy disk also keeps a file written whole, past a page,
 * as the written array itself (Contents.adopt): every op after such a rewrite checks that too
 * (it caught a platter assembled over a head that held its bytes that way).
 */
class LazyPlatterTest {
    private static final String[] FILES = {"w.a", "w.b", "snap"};

    @Test
    void aLazyDiskBehavesAsAnEagerOneOpForOp() {
        DiskConfig config = new DiskConfig(10, 20, 1 << 22, 0.4, 0.3, 0, 0.02);
        long lazyOps = 0;
        for (long seed = 0; seed < 150; seed++) {
            SimDisk eager = new SimDisk(config, RandomStream.derive(seed, "disk/0"), false);
            SimDisk lazy = new SimDisk(config, RandomStream.derive(seed, "disk/0"), true);
            boolean losesWrites = seed % 3 == 0;
            eager.setFsyncErrorLosesWrites(losesWrites);
            lazy.setFsyncErrorLosesWrites(losesWrites);
            RandomStream driver = RandomStream.derive(seed, "lazy-platter-test");
            List<Long> barriers = new ArrayList<>();
            List<String> history = new ArrayList<>();
            for (int step = 0; step < 200; step++) {
                String what = step(driver, eager, lazy, barriers);
                history.add(what);
                try {
                    assertSame(eager, lazy, "seed " + seed + " step " + step + " (" + what + ")");
                } catch (RuntimeException e) {
                    throw new AssertionError(String.join("\n", history), e);
                }
                lazyOps++;
            }
        }
        assertTrue(lazyOps > 25_000, "ops compared: " + lazyOps);
    }

    /** One op, the same on both disks; returns its name for the failure message. */
    private static String step(RandomStream driver, SimDisk eager, SimDisk lazy, List<Long> barriers) {
        String file = FILES[driver.nextInt(FILES.length)];
        int choice = driver.nextInt(100);
        if (choice < 30) {
            byte[] data = bytes(driver, driver.nextInt(3000));
            eager.append(file, data);
            lazy.append(file, data);
            return "append " + file + " " + data.length;
        } else if (choice < 40) {
            byte[] data = bytes(driver, 48);
            long at = driver.nextInt(2) * NodeDisk.SECTOR_BYTES;
            eager.write(file, at, data);
            lazy.write(file, at, data);
            return "superblock " + file + " at " + at;
        } else if (choice < 44) {
            long size = eager.size(file);
            long at = size == 0 ? 0 : driver.nextLong(size + 1);
            byte[] data = bytes(driver, driver.nextInt(5000));
            eager.write(file, at, data);
            lazy.write(file, at, data);
            return "overwrite " + file + " at " + at;
        } else if (choice < 47) {
            long at = eager.size(file) + driver.nextInt(9000);
            byte[] data = bytes(driver, driver.nextInt(700));
            eager.write(file, at, data);
            lazy.write(file, at, data);
            return "write past the end " + file + " at " + at;
        } else if (choice < 49) {
            long size = driver.nextLong(eager.size(file) + 2);
            eager.truncate(file, size);
            lazy.truncate(file, size);
            return "truncate " + file + " to " + size;
        } else if (choice < 53) {
            eager.delete(file);
            lazy.delete(file);
            byte[] data = bytes(driver, driver.nextInt(9000));
            eager.write(file, 0, data);
            lazy.write(file, 0, data);
            return "unlink and rewrite " + file;
        } else if (choice < 55) {
            eager.delete(file);
            lazy.delete(file);
            return "unlink " + file;
        } else if (choice < 62) {
            barriers.add(eager.beginFsync(file));
            lazy.beginFsync(file);
            return "begin fsync";
        } else if (choice < 80) {
            long barrier = barriers.isEmpty() || driver.bernoulli(0.5) ? eager.beginFsync(file) : barriers.remove(0);
            if (driver.bernoulli(0.5)) {
                List<String> both = List.of("w.a", "w.b");
                eager.completeFsync(both, barrier);
                lazy.completeFsync(both, barrier);
                return "fsync both mirrors through " + barrier;
            }
            eager.completeFsync(file, barrier);
            lazy.completeFsync(file, barrier);
            return "fsync " + file + " through " + barrier;
        } else if (choice < 83) {
            long barrier = eager.beginFsync(file);
            eager.fsyncFailed(file, barrier);
            lazy.fsyncFailed(file, barrier);
            return "failed fsync " + file;
        } else if (choice < 90) {
            eager.crash();
            lazy.crash();
            barriers.clear();
            return "crash";
        } else if (choice < 94) {
            long size = eager.durableSize(file);
            long at = size == 0 ? 0 : driver.nextLong(size);
            int bit = driver.nextInt(8);
            assertEquals(eager.rotBit(file, at, bit), lazy.rotBit(file, at, bit), "rot " + file + " at " + at);
            return "rot " + file + " at " + at;
        } else if (choice < 96) {
            eager.misdirectNextDurableWrite(file);
            lazy.misdirectNextDurableWrite(file);
            return "misdirect " + file;
        } else if (choice < 97) {
            long sector = driver.nextInt(8);
            eager.addLatentSectorError(file, sector);
            lazy.addLatentSectorError(file, sector);
            return "latent error " + file + " sector " + sector;
        } else {
            byte[] data = bytes(driver, driver.nextInt(100));
            long at = driver.nextInt(1024);
            eager.write(file, at, data);
            lazy.write(file, at, data);
            return "small write " + file + " at " + at;
        }
    }

    private static byte[] bytes(RandomStream driver, int length) {
        byte[] data = new byte[length];
        long x = driver.nextLong();
        for (int i = 0; i < length; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            data[i] = (byte) (x >>> 56);
        }
        return data;
    }

    private static void assertSame(SimDisk eager, SimDisk lazy, String where) {
        assertEquals(eager.files(), lazy.files(), where);
        for (String file : FILES) {
            assertEquals(eager.exists(file), lazy.exists(file), where + ": exists " + file);
            assertEquals(eager.size(file), lazy.size(file), where + ": size " + file);
            assertEquals(eager.durableSize(file), lazy.durableSize(file), where + ": synced size " + file);
            assertArrayEquals(readOrError(eager, file), readOrError(lazy, file), where + ": bytes of " + file);
        }
        assertEquals(eager.unsyncedOps(), lazy.unsyncedOps(), where + ": unsynced ops");
        long eagerFingerprint = eager.fingerprint();
        assertEquals(eagerFingerprint, lazy.fingerprint(), where + ": fingerprint");
        assertEquals(eager.nodeStateHash(null), lazy.nodeStateHash(null), where + ": explicit hash");
        // The next draw of each disk's stream: both drew the same values, as many times.
        assertEquals(eager.drawFsyncLatencyNanos(), lazy.drawFsyncLatencyNanos(), where + ": random draws");
    }

    private static byte[] readOrError(SimDisk disk, String file) {
        try {
            return disk.read(file, 0, (int) disk.size(file));
        } catch (DiskReadException e) {
            return ("error " + e.getMessage()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
