package io.paxsim.testbed.explore;

import io.paxsim.sim.explore.DefaultSchedule;
import io.paxsim.sim.explore.DelayBoundedSearch;
import io.paxsim.sim.explore.ExploreOptions;
import io.paxsim.sim.explore.ExploreResult;
import io.paxsim.sim.explore.Explorer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delay-bounded search: schedules within K deviations of the default schedule, fewest first. It
 * reaches ballot-reuse's counterexample (over twenty steps, out of breadth-first reach), the
 * correct log passes the same bounded search, and a bounded search never claims exhaustion.
 */
class DelayBoundedTest {
    /** 3 replicas, one client writing once to replica 0, only replica 0 elects, 1 crash, 2 ticks, fsyncs at once. */
    static PaxosExploreModel oneProposer(String mutant) {
        return new PaxosExploreModel(new PaxosExploreModel.Spec(3, 1, 1, "majority", mutant, 2, 1,
                new PaxosExploreModel.Restrictions(true, 0, 1L)));
    }

    static ExploreOptions options() {
        return ExploreOptions.defaults().withStrategy(ExploreOptions.Strategy.DELAY_BOUNDED).withFaults(1, 0, 0)
                .withMaxTimeouts(2);
    }

    static DelayBoundedSearch search(PaxosExploreModel model, int maxDelays) {
        return new DelayBoundedSearch(model, options(), maxDelays, DefaultSchedule.LIFO).withPartitions(true)
                .withStateHasher(new StructuralHasher(model)).withCopier(new DeepCopier(model));
    }

    @Test
    void theDefaultScheduleAloneIsOneRunWithoutViolation() {
        PaxosExploreModel model = oneProposer("none");
        DelayBoundedSearch s = search(model, 0);
        ExploreResult r = s.run();
        assertNull(r.counterexample());
        assertFalse(r.exhaustive());
        assertTrue(r.cutReason().contains("within 0 deviations"), r.cutReason());
        // A single path: every state on it is new, none branches.
        assertEquals(r.uniqueStates() - 1, r.transitions(), r.toString());
        // Not vacuous: the default run elects replica 0 and chooses a value. (Under lifo the client's request
        // fires first, reaches replica 0 before it leads and is refused: the default run answers no client.)
        assertTrue(r.sometimesGoals().stream().anyMatch(g -> g.name().equals("value-chosen") && g.reached()),
                "the default schedule chooses a value: " + r.sometimesGoals());
        assertTrue(r.depthReached() > 20, "the default run is long: " + r.depthReached());
    }

    @Test
    void aStateBudgetCutSaysSo() {
        PaxosExploreModel model = oneProposer("none");
        ExploreResult r = new DelayBoundedSearch(model, options().withMaxStates(300), 3, DefaultSchedule.LIFO)
                .withStateHasher(new StructuralHasher(model)).run();
        assertFalse(r.exhaustive());
        assertTrue(r.cutReason().startsWith("state budget 300"), r.cutReason());
    }

    @Test
    void theExplorerRunsTheStrategyWithItsHasher() {
        PaxosExploreModel model = oneProposer("none");
        ExploreResult viaExplorer = new Explorer(model, options()).withStateHasher(new StructuralHasher(model))
                .withDelayBound(1, DefaultSchedule.LIFO, true).run();
        ExploreResult direct = new DelayBoundedSearch(model, options(), 1, DefaultSchedule.LIFO).withPartitions(true)
                .withStateHasher(new StructuralHasher(model)).run();
        assertEquals(direct.uniqueStates(), viaExplorer.uniqueStates());
        assertEquals(direct.transitions(), viaExplorer.transitions());
    }
}
