package io.paxsim.paxos;

import io.paxsim.sim.disk.DiskConfig;
import io.paxsim.sim.net.LatencyModel;
import io.paxsim.sim.net.LinkConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One replica whose links are slower than the election timeout (5 ms floor + exponential 2 ms mean,
 * both ways) must neither depose a healthy leader over and over (it times out between late
 * heartbeats) nor stay behind forever: once the load stops it converges with the others.
 */
class SlowFollowerTest {
    private static final int REPLICAS = 5;
    private static final long LOAD_NANOS = 1_000_000_000L;
    private static final long SETTLE_NANOS = 2_000_000_000L;

    @ParameterizedTest
    @ValueSource(longs = {5, 6, 7})
    void slowReplicaConvergesAndLeadershipStaysPut(long seed) {
        PaxosConfig config = PaxosConfig.defaults(REPLICAS);
        TestCluster c = new TestCluster(seed, config,
                i -> new TestClient(REPLICAS, Long.MAX_VALUE, TestClient.writes(16), 20_000_000).stopIssuingAt(LOAD_NANOS),
                4, LinkConfig.lan(), DiskConfig.defaults());
        int slow = REPLICAS - 1;
        LinkConfig slowLink = LinkConfig.lan().withLatency(new LatencyModel.Exponential(5_000_000, 2_000_000));
        for (int other = 0; other < c.sim.nodeCount(); other++) {
            if (other != slow) {
                c.sim.network().setLink(slow, other, slowLink);
                c.sim.network().setLink(other, slow, slowLink);
            }
        }
        c.runFor(LOAD_NANOS + SETTLE_NANOS);

        assertFalse(c.sim.stopped(), c.violationMessage());
        assertTrue(c.completed() > 1_000, "only " + c.completed() + " operations completed under load");
        assertTrue(c.stats.leaderChanges <= 3, "leader changes: " + c.stats.leaderChanges);
        long leaderApplied = ((PaxosReplica) c.sim.node(0)).appliedIndex();
        for (int i = 1; i < REPLICAS; i++) {
            leaderApplied = Math.max(leaderApplied, ((PaxosReplica) c.sim.node(i)).appliedIndex());
        }
        assertTrue(leaderApplied > 100, "applied only " + leaderApplied);
        for (int i = 0; i < REPLICAS; i++) {
            assertEquals(leaderApplied, ((PaxosReplica) c.sim.node(i)).appliedIndex(), "replica " + i + " applied slot");
        }
    }
}
