package io.paxsim.paxos;

import io.paxsim.sim.Simulation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A synced accepted record damaged in both mirrors: the replica keeps the rest of its log, marks
 * the slot (it refuses to vote on it, see PaxosReplica#onAccept), learns the chosen value from
 * its peers, records the repair, and converges.
 */
class ProtocolAwareRecoveryTest {
    @Test
    void damagedSlotIsRepairedFromPeersBeforeTheReplicaVotesOnIt() {
        PaxosConfig config = PaxosConfig.defaults(3).withSnapshotIntervalSlots(0);
        TestCluster c = TestCluster.simple(5, config, 3, 100);
        assertTrue(c.runUntilClientsDone(10_000_000_000L), c.violationMessage());
        int victim = leader(c) == 2 ? 1 : 2;
        c.sim.crash(victim);
        assertTrue(corruptSyncedAcceptedRecord(c.sim, victim) > 0);
        long before = c.stats.damagedSlots;
        c.sim.restart(victim);
        assertEquals(before + 1, c.stats.damagedSlots, "recovery reported the damaged slot");
        c.runFor(200_000_000);
        PaxosReplica r = (PaxosReplica) c.sim.node(victim);
        assertEquals(0, r.damagedSlotCount(), "repaired from peers");
        assertFalse(c.sim.stopped(), c.violationMessage());
        assertEquals(((PaxosReplica) c.sim.node(leader(c))).appliedIndex(), r.appliedIndex());
    }

    private static int leader(TestCluster c) {
        for (int i = 0; i < 3; i++) {
            if (((PaxosReplica) c.sim.node(i)).isLeader()) {
                return i;
            }
        }
        throw new AssertionError("no leader");
    }

    /** Flips two body bits (beyond single-bit correction) of an early accepted record in both mirrors; returns its slot. */
    static long corruptSyncedAcceptedRecord(Simulation sim, int node) {
        String a = null;
        for (String f : sim.disk(node).files()) {
            if (Wal.isWalFile(f) && f.endsWith(".a")) {
                a = f;
            }
        }
        return corruptAcceptedRecord(sim.disk(node), a, a.substring(0, a.length() - 2) + ".b", 10);
    }

    /** As {@link #corruptSyncedAcceptedRecord}, for the first accepted record. */
    static long corruptFirstAcceptedRecord(io.paxsim.sim.disk.SimDisk disk, String a, String b) {
        return corruptAcceptedRecord(disk, a, b, 0);
    }

    private static long corruptAcceptedRecord(io.paxsim.sim.disk.SimDisk disk, String a, String b, int skipRecords) {
        byte[] bytes = disk.read(a, 0, (int) disk.size(a));
        int offset = Superblock.REGION_BYTES;
        for (int i = 0; i < skipRecords; i++) {
            offset += RecordFormat.parseHeader(bytes, bytes.length, offset).totalBytes();
        }
        while (true) {
            RecordFormat.Header h = RecordFormat.parseHeader(bytes, bytes.length, offset);
            if (h.type() == RecordFormat.TYPE_ACCEPTED) {
                for (String f : new String[] {a, b}) {
                    disk.rotBit(f, offset + RecordFormat.HEADER_BYTES, 0);
                    disk.rotBit(f, offset + RecordFormat.HEADER_BYTES + 1, 4);
                }
                return h.slotOrRound();
            }
            offset += h.totalBytes();
        }
    }
}
