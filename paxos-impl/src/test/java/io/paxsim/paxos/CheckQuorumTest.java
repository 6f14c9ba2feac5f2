package io.paxsim.paxos;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A leader that still reaches its followers but hears nothing back can commit nothing, yet its
 * heartbeats keep the followers from pre-voting anyone else. Check-quorum makes it step down so
 * the others elect a leader and the clients get served again.
 */
class CheckQuorumTest {
    private static final int REPLICAS = 5;

    @Test
    void leaderThatHearsNoQuorumStepsDownAndTheOthersTakeOver() {
        TestCluster c = TestCluster.simple(3, PaxosConfig.defaults(REPLICAS), 3, 100_000);
        c.runFor(50_000_000);
        long healthyStart = c.completed();
        c.runFor(50_000_000);
        long healthyRate = c.completed() - healthyStart;
        int oldLeader = leader(c);
        assertTrue(oldLeader >= 0, "no leader after 100 ms");
        long leaderChangesBeforeCut = c.stats.leaderChanges;
        for (int other = 0; other < REPLICAS; other++) {
            if (other != oldLeader) {
                c.sim.network().cut(other, oldLeader);
            }
        }
        c.runFor(100_000_000);
        long completedBefore = c.completed();
        c.runFor(50_000_000);

        assertFalse(c.sim.stopped(), c.violationMessage());
        assertFalse(((PaxosReplica) c.sim.node(oldLeader)).isLeader(), "the cut-off leader still believes it leads");
        int newLeader = leader(c);
        assertTrue(newLeader >= 0 && newLeader != oldLeader, "no new leader: " + newLeader);
        long rate = c.completed() - completedBefore;
        assertTrue(rate > healthyRate / 2, "clients stalled: " + rate + " ops per 50 ms, " + healthyRate + " before the cut");
        assertEquals(1, c.stats.leaderChanges - leaderChangesBeforeCut, "leader changes after the cut");
    }

    private static int leader(TestCluster c) {
        int found = -1;
        for (int i = 0; i < REPLICAS; i++) {
            if (((PaxosReplica) c.sim.node(i)).isLeader()) {
                assertEquals(-1, found, "two replicas believe they lead");
                found = i;
            }
        }
        return found;
    }
}
