package io.paxsim.paxos;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoFaultTest {
    @Test
    void threeNodesCommitTenThousandCommands() {
        commits(3, 1);
    }

    @Test
    void fiveNodesCommitTenThousandCommands() {
        commits(5, 2);
    }

    private static void commits(int n, long seed) {
        TestCluster c = TestCluster.simple(seed, PaxosConfig.defaults(n), 10, 1_000);
        boolean done = c.runUntilClientsDone(60_000_000_000L);
        assertFalse(c.sim.stopped(), c.violationMessage());
        assertTrue(done, "only " + c.completed() + " of 10000 completed by t=" + c.sim.nowNanos());
        assertEquals(10_000, c.completed());
        c.runFor(50_000_000);
        for (int i = 0; i < n; i++) {
            PaxosReplica r = (PaxosReplica) c.sim.node(i);
            assertTrue(r.appliedIndex() >= 1, "replica " + i + " applied nothing");
        }
        assertTrue(c.monitor.chosenSlots() > 0);
        assertTrue(c.monitor.unsettledSlots() < 100, "the monitor still holds per-slot state for "
                + c.monitor.unsettledSlots() + " of " + c.monitor.chosenSlots() + " slots every replica applied");
    }
}
