package io.paxsim.paxos;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
