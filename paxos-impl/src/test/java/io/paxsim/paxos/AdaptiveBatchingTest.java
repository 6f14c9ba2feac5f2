package io.paxsim.paxos;

import io.paxsim.sim.Simulation;
import io.paxsim.sim.SimObserver;
import io.paxsim.sim.trace.TraceKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adaptive batching (the default) puts the commands that arrive while a slot is in flight into one
 * next slot, and an idle leader waits about a client round trip for the clients it just answered;
 * eager proposals give nearly every command of a few closed-loop clients its own slot.
 * Under log reads the leader sends no heartbeat round while its Accepts flow; under read-index it
 * does (its reads count heartbeat rounds).
 */
class AdaptiveBatchingTest {
    /** Counts client commands proposed, slots proposed, most slots in flight seen, and heartbeats sent. */
    private static final class Tally implements SimObserver {
        long commands;
        long slots;
        long heartbeats;

        @Override
        public void onObservation(Simulation sim, int node, Object observation) {
            if (observation instanceof PaxosObservation.Proposed p && p.commands() > 0) {
                commands += p.commands();
                slots++;
            }
        }

        @Override
        public void onEvent(Simulation sim, TraceKind kind, int node, int peer, Object payload) {
            if (kind == TraceKind.SEND && payload instanceof PaxosMessage.Heartbeat) {
                heartbeats++;
            }
        }
    }

    private static Tally run(PaxosConfig config) {
        Tally tally = new Tally();
        TestCluster.EXTRA = tally;
        try {
            TestCluster c = TestCluster.simple(3, config, 10, 200);
            assertTrue(c.runUntilClientsDone(10_000_000_000L), "only " + c.completed() + " of 2000 completed");
            assertFalse(c.sim.stopped(), c.violationMessage());
            assertEquals(2_000, c.completed());
        } finally {
            TestCluster.EXTRA = null;
        }
        return tally;
    }

    @Test
    void commandsArrivingDuringARoundShareTheNextSlot() {
        Tally adaptive = run(PaxosConfig.defaults(5));
        Tally eager = run(PaxosConfig.defaults(5).withProposeEagerly(true));
        double adaptivePerSlot = (double) adaptive.commands / adaptive.slots;
        double eagerPerSlot = (double) eager.commands / eager.slots;
        assertTrue(eagerPerSlot < 1.5, "eager proposals batched " + eagerPerSlot + " commands per slot");
        assertTrue(adaptivePerSlot > 2 * eagerPerSlot, "adaptive batching: " + adaptivePerSlot
                + " commands per slot, eager: " + eagerPerSlot);
    }

    /**
     * Ten closed-loop clients: without the wait for the clients just answered they split into two
     * groups of about five that take turns (4.6 commands per slot measured before the wait); with it
     * nearly all ten share each slot.
     */
    @Test
    void anIdleLeaderWaitsForTheClientsItJustAnswered() {
        Tally adaptive = run(PaxosConfig.defaults(5));
        double perSlot = (double) adaptive.commands / adaptive.slots;
        assertTrue(perSlot > 8, "adaptive batching with the wait: " + perSlot + " commands per slot");
    }

    @Test
    void noHeartbeatRoundWhileAcceptsFlowUnderLogReads() {
        Tally log = run(PaxosConfig.defaults(5));
        Tally readIndex = run(PaxosConfig.defaults(5).withReadMode(ReadMode.READ_INDEX));
        assertTrue(log.heartbeats * 10 < readIndex.heartbeats, "heartbeats sent: log reads " + log.heartbeats
                + ", read-index " + readIndex.heartbeats);
    }
}
