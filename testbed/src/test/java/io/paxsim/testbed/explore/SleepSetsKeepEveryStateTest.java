package io.paxsim.testbed.explore;

import io.paxsim.sim.explore.ExploreOptions;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sleep sets prune edges, never states: with them a search reaches as many unique states and the
 * same terminal states as without (persistent sets off in both), breadth-first and depth-first. They once lost a third of the
 * terminal states, because the invariant monitor, which the state fingerprint includes, recorded
 * which quorum of votes came first and settled slots by the replicas' current applied index: two
 * deliveries to different replicas, or a delivery and another replica's restart, did not commute.
 */
class SleepSetsKeepEveryStateTest {
    private static void sameStates(PaxosExploreModel model, ExploreOptions options) {
        ExploreOptions plain = options.withPersistentSets(false);
        TerminalSearch none = TerminalSearch.run(model, plain.withSleepSets(false));
        TerminalSearch sleep = TerminalSearch.run(model, plain.withSleepSets(true));
        assertTrue(none.result().exhaustive() && sleep.result().exhaustive(), sleep.result().cutReason());
        assertNull(none.result().counterexample());
        assertNull(sleep.result().counterexample());
        assertTrue(sleep.result().sleptActions() > 0, "sleep sets pruned nothing: the test would prove nothing");
        assertEquals(none.result().uniqueStates(), sleep.result().uniqueStates(), "unique states");
        assertEquals(none.terminals(), sleep.terminals(), "terminal states");
        assertTrue(!none.terminals().isEmpty());
        // Depth-first with kept worlds (the CLI's default first pass): sleep sets see another order there,
        // and a state revisited with actions its sleep set held is expanded again; still every state, and
        // each terminal state counted once.
        TerminalSearch depthFirst = TerminalSearch.runDepthFirst(model, plain.withSleepSets(true));
        assertTrue(depthFirst.result().exhaustive(), depthFirst.result().cutReason());
        assertNull(depthFirst.result().counterexample());
        assertEquals(none.result().uniqueStates(), depthFirst.result().uniqueStates(), "unique states, depth-first");
        assertEquals(none.terminals(), depthFirst.terminals(), "terminal states, depth-first");
        assertEquals(none.terminals().size(), depthFirst.result().terminalStates(), "terminal states counted once");
        assertEquals(none.terminals().size(), sleep.result().terminalStates(), "terminal states counted once, bfs");
    }

    private static PaxosExploreModel model(int nodes, int clients, int ops, PaxosExploreModel.Restrictions r) {
        return new PaxosExploreModel(new PaxosExploreModel.Spec(nodes, clients, ops, "majority", "none", 2, 1, r));
    }

    /** The measurement that showed the loss: three replicas, one write, fifo links (54 vs 36 terminal states then). */
    @Test
    void threeReplicasOneWriteFifo() {
        sameStates(model(3, 1, 1, new PaxosExploreModel.Restrictions(true, 0, 1L)),
                ExploreOptions.defaults().withMaxTimeouts(1).withFifoLinks(true));
    }

    @Test
    void twoReplicasOneWriteWithACrashAnyOrder() {
        sameStates(model(2, 1, 1, new PaxosExploreModel.Restrictions(true, -1, -1L)),
                ExploreOptions.defaults().withMaxTimeouts(1).withFaults(1, 0, 0));
    }

    /**
     * Fifo links with a duplicate: the copy joins its link's tail (ordered against the sender's sends), and two equal
     * messages on one link are different actions. Before both were in the footprints and action keys, sleep sets
     * reached 5,153 of these 5,369 states (IndependentActionsCommuteTest's deep walks found the two pairs).
     */
    @Test
    void twoReplicasOneWriteFifoWithADuplicate() {
        sameStates(model(2, 1, 1, new PaxosExploreModel.Restrictions(true, -1, -1L)),
                ExploreOptions.defaults().withMaxTimeouts(1).withFaults(0, 0, 1).withFifoLinks(true));
    }

    @Test
    void oneReplicaTwoOpsWithACrashAndSlowFsyncs() {
        sameStates(model(1, 1, 2, PaxosExploreModel.Restrictions.NONE),
                ExploreOptions.defaults().withMaxTimeouts(1).withFaults(1, 0, 0));
    }
}
