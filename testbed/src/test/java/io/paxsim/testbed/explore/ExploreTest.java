package io.paxsim.testbed.explore;

import io.paxsim.sim.explore.ExploreOptions;
import io.paxsim.sim.explore.ExploreResult;
import io.paxsim.sim.explore.Explorer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exhaustive search of the correct log in a configuration small enough for the default test run. */
class ExploreTest {
    /** One replica, one client writing once, one tick, one crash: every interleaving, every crash fate. */
    static PaxosExploreModel smallModel() {
        return new PaxosExploreModel(new PaxosExploreModel.Spec(1, 1, 1, "majority", "none", 2, 1));
    }

    static ExploreOptions smallOptions() {
        return ExploreOptions.defaults().withMaxTimeouts(1).withFaults(1, 0, 0);
    }

    @Test
    void correctLogExhaustsWithoutViolationAndReachesItsGoals() {
        ExploreResult r = new Explorer(smallModel(), smallOptions()).run();
        assertNull(r.counterexample(), () -> r.counterexample().message() + "\n" + String.join("\n", r.counterexample().steps()));
        assertTrue(r.exhaustive(), r.cutReason());
        assertTrue(r.uniqueStates() > 1_000, "states: " + r.uniqueStates());
        assertTrue(r.terminalStates() > 0);
        assertEquals(0, r.unknownTerminal());
        for (ExploreResult.Goal g : r.sometimesGoals()) {
            if (!g.name().equals("leader-changed")) {
                assertTrue(g.reached(), g.name() + " was never reached: the search is vacuous there");
            }
        }
    }

    @Test
    void sleepSetsCutTransitionsButKeepEveryState() {
        ExploreResult with = new Explorer(smallModel(), smallOptions()).run();
        ExploreResult without = new Explorer(smallModel(), smallOptions().withSleepSets(false)).run();
        assertEquals(without.uniqueStates(), with.uniqueStates());
        assertEquals(without.terminalStates(), with.terminalStates());
        assertTrue(with.transitions() < without.transitions(), with.transitions() + " vs " + without.transitions());
        assertTrue(with.sleptActions() > 0);
    }

    @Test
    void parallelExpansionGivesTheSameCounts() {
        ExploreResult one = new Explorer(smallModel(), smallOptions()).run();
        ExploreResult two;
        try (ParallelLevelExecutor pool = new ParallelLevelExecutor(2)) {
            two = new Explorer(smallModel(), smallOptions()).withExecutor(pool).run();
        }
        assertEquals(one.uniqueStates(), two.uniqueStates());
        assertEquals(one.transitions(), two.transitions());
        assertEquals(one.terminalStates(), two.terminalStates());
        assertEquals(one.depthReached(), two.depthReached());
    }

    @Test
    void aStateBudgetIsReportedAsNotExhaustive() {
        ExploreResult r = new Explorer(smallModel(), smallOptions().withMaxStates(200)).run();
        assertTrue(!r.exhaustive() && r.cutReason().contains("state budget"), r.cutReason());
    }
}
