package io.paxsim.paxos;

import io.paxsim.paxos.api.Command;
import io.paxsim.sim.disk.NodeDisk;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rot in any bit of a durable snapshot file — magic, slot, length, checksum or state — makes
 * recovery reject it, never return a snapshot with a wrong slot or state. (The slot used to enter the
 * checksum through a 32-bit multiply, so a flip in its upper half went unseen: a replica recovered
 * a snapshot of slot 2^44 + n and led with it.)
 */
class SnapshotRotTest {
    private static final long SLOT = 1007;

    @Test
    void everySingleBitFlipIsRejected() {
        WalRecoveryTest.Disk disk = new WalRecoveryTest.Disk(0.0);
        SnapshotStore store = new SnapshotStore();
        store.write(disk, new Snapshot(SLOT, new StateMachine().encode()));
        for (long id : new ArrayList<>(disk.pendingFsyncs.keySet())) {
            store.onDiskDone(disk, disk.complete(id));
        }
        String file = disk.files().get(0);
        assertEquals(SLOT, new SnapshotStore().recover(disk).slot(), "the intact file recovers");
        long size = disk.size(file);
        for (long offset = 0; offset < size; offset++) {
            for (int bit = 0; bit < 8; bit++) {
                disk.sim.rotBit(file, offset, bit);
                Snapshot recovered = new SnapshotStore().recover(disk);
                long at = offset;
                int b = bit;
                assertNull(recovered, () -> "a flip of bit " + b + " at byte " + at + " went unseen");
                disk.sim.rotBit(file, offset, bit);
            }
        }
    }

    /**
     * A latent sector error anywhere in the newer snapshot file, header or state, rejects it (a
     * recovery reads the header and the state apart), and the older file is recovered whole.
     */
    @Test
    void anUnreadableSectorAnywhereInTheNewerFileFallsBackToTheOlder() {
        StateMachine older = new StateMachine();
        StateMachine newer = new StateMachine();
        for (int i = 1; i <= 300; i++) {
            older.apply(i, new ClientCommand(1, i, new Command.Write("key-" + i, i)), true);
            newer.apply(i, new ClientCommand(1, i, new Command.Write("key-" + i, i)), true);
        }
        newer.apply(301, new ClientCommand(1, 301, new Command.Write("last", 1)), true);
        byte[] olderState = older.encode();
        long sectors = 0;
        for (long sector = 0; ; sector++) {
            WalRecoveryTest.Disk disk = new WalRecoveryTest.Disk(0.0);
            SnapshotStore store = new SnapshotStore();
            for (Snapshot s : new Snapshot[] {new Snapshot(SLOT, olderState), new Snapshot(SLOT + 1, newer.encode())}) {
                store.write(disk, s);
                for (long id : new ArrayList<>(disk.pendingFsyncs.keySet())) {
                    store.onDiskDone(disk, disk.complete(id));
                }
            }
            String newest = SnapshotStore.FILES[1];
            if (sector * NodeDisk.SECTOR_BYTES >= disk.size(newest)) {
                break;
            }
            assertEquals(SLOT + 1, new SnapshotStore().recover(disk).slot(), "both readable: the newer one");
            disk.sim.addLatentSectorError(newest, sector);
            Snapshot recovered = new SnapshotStore().recover(disk);
            assertEquals(SLOT, recovered.slot(), "sector " + sector + " unreadable: the older file");
            assertTrue(java.util.Arrays.equals(olderState, recovered.state()), "sector " + sector);
            sectors++;
        }
        assertTrue(sectors > 3, "the newer file spans several sectors: " + sectors);
    }
}
