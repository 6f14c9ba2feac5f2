package io.paxsim.testbed.explore;

import io.paxsim.sim.explore.ExploreOptions;
import io.paxsim.sim.explore.ExploreResult;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Persistent sets (the partial-order reduction that cuts states) keep every terminal state and
 * every violation: the same terminal fingerprints, goals and verdicts with and without them, and
 * planted bugs found with counterexamples no longer than without.
 */
class PersistentSetTest {
    private static PaxosExploreModel model(int nodes, int clients, int ops, String mutant) {
        return new PaxosExploreModel(new PaxosExploreModel.Spec(nodes, clients, ops, "majority", mutant, 2, 1));
    }

    private static void sameTerminalStates(PaxosExploreModel model, ExploreOptions options, boolean expectCut) {
        TerminalSearch full = TerminalSearch.run(model, options);
        TerminalSearch sleepOnly = TerminalSearch.run(model, options.withPersistentSets(false));
        assertTrue(full.result().exhaustive() && sleepOnly.result().exhaustive(), full.result().cutReason());
        assertNull(full.result().counterexample());
        assertNull(sleepOnly.result().counterexample());
        assertEquals(sleepOnly.terminals(), full.terminals(), "terminal states differ");
        assertTrue(!full.terminals().isEmpty());
        assertEquals(sleepOnly.result().sometimesGoals(), full.result().sometimesGoals());
        if (expectCut) {
            assertTrue(full.result().uniqueStates() < sleepOnly.result().uniqueStates() && full.result().prunedActions() > 0,
                    full.result().uniqueStates() + " vs " + sleepOnly.result().uniqueStates());
        } else {
            assertEquals(sleepOnly.result().uniqueStates(), full.result().uniqueStates());
        }
    }

    @Test
    void oneWriteKeepsEveryTerminalStateWithFewerStates() {
        sameTerminalStates(model(1, 1, 1, "none"), ExploreOptions.defaults().withMaxTimeouts(1), true);
    }

    @Test
    void aWriteThenAReadWithACrashKeepEveryTerminalState() {
        sameTerminalStates(model(1, 1, 2, "none"), ExploreOptions.defaults().withMaxTimeouts(1).withFaults(1, 0, 0), true);
    }

    /** A second client's read is ordered against the first client's write: no persistent set, nothing cut. */
    @Test
    void twoClientsAreNotReduced() {
        PaxosExploreModel atOnce = new PaxosExploreModel(new PaxosExploreModel.Spec(1, 2, 2, "majority", "none", 2, 1,
                new PaxosExploreModel.Restrictions(true, -1, -1L)));
        sameTerminalStates(atOnce, ExploreOptions.defaults().withMaxTimeouts(1), false);
    }

    @Test
    void plantedBugIsFoundNoLaterThanWithout() {
        PaxosExploreModel model = model(1, 1, 2, "promise-not-durable");
        ExploreOptions options = ExploreOptions.defaults().withMaxTimeouts(2).withFaults(1, 0, 0);
        ExploreResult full = TerminalSearch.run(model, options).result();
        ExploreResult sleepOnly = TerminalSearch.run(model, options.withPersistentSets(false)).result();
        assertNotNull(full.counterexample());
        assertNotNull(sleepOnly.counterexample());
        assertEquals(sleepOnly.counterexample().property(), full.counterexample().property());
        assertTrue(full.counterexample().actions().size() <= sleepOnly.counterexample().actions().size(),
                full.counterexample().steps() + " vs " + sleepOnly.counterexample().steps());
    }
}
