package io.paxsim.testbed.explore;

import io.paxsim.sim.explore.ExploreOptions;
import io.paxsim.sim.explore.ExploreResult;
import io.paxsim.sim.explore.Explorer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Exhaustive search of single-slot configurations of the correct log on three replicas: no
 * violation, a value chosen and the client answered, and the exact unique-state count (a change
 * in the model, the fingerprint or a reduction shows here). Bounds and restrictions, as the CLI
 * prints them: one tick per path (one election), fsyncs complete at once, links deliver in send
 * order, replica 0 is the only candidate and the clients' target. The smallest runs by default;
 * the rest with {@code -Dpaxsim.explore.deep=true} (minutes each on a loaded 2-core machine).
 * Searched breadth-first as the CLI's bfs does (branching from copies of kept ancestors), and
 * depth-first with kept worlds, as the CLI's default (auto) does first: the same states and
 * terminal states; the smallest also by re-execution from the root, which must give the same
 * states and transitions.
 */
class ExhaustSingleSlotTest {
    static ExploreResult exhaust(int ops, int crashes) {
        return exhaust(ops, crashes, true);
    }

    static ExploreResult exhaust(int ops, int crashes, boolean fromAncestorCopies) {
        PaxosExploreModel model = new PaxosExploreModel(new PaxosExploreModel.Spec(3, 1, ops, "majority", "none", 2, 1,
                new PaxosExploreModel.Restrictions(true, 0, 1L)));
        ExploreOptions options = ExploreOptions.defaults().withMaxTimeouts(1).withFaults(crashes, 0, 0).withFifoLinks(true);
        Explorer explorer = new Explorer(model, options).withStateHasher(new StructuralHasher(model));
        return (fromAncestorCopies ? explorer.withAncestorCopies(new DeepCopier(model)) : explorer).run();
    }

    /** Depth-first, no depth bound, each successor's world kept on the stack (the CLI's dfs and auto). */
    static ExploreResult exhaustDepthFirst(int ops, int crashes) {
        PaxosExploreModel model = new PaxosExploreModel(new PaxosExploreModel.Spec(3, 1, ops, "majority", "none", 2, 1,
                new PaxosExploreModel.Restrictions(true, 0, 1L)));
        ExploreOptions options = ExploreOptions.defaults().withMaxTimeouts(1).withFaults(crashes, 0, 0).withFifoLinks(true)
                .withStrategy(ExploreOptions.Strategy.DFS);
        return new Explorer(model, options).withStateHasher(new StructuralHasher(model))
                .withKeptWorlds(Integer.MAX_VALUE).withCopier(new DeepCopier(model), 0).run();
    }

    private static void check(ExploreResult r, long states) {
        assertNull(r.counterexample(), () -> r.counterexample().message() + "\n" + String.join("\n", r.counterexample().steps()));
        assertTrue(r.exhaustive(), r.cutReason());
        assertEquals(0, r.unknownTerminal());
        assertTrue(r.sometimesGoals().stream().filter(g -> g.name().equals("value-chosen") || g.name().equals("client-answered"))
                .allMatch(ExploreResult.Goal::reached), r.sometimesGoals().toString());
        assertEquals(states, r.uniqueStates(), "unique states");
    }

    @ParameterizedTest(name = "{0} op(s), {1} crash(es): {2} states")
    @CsvSource({"1, 0, 8994"})
    void oneWriteExhausts(int ops, int crashes, long states) {
        ExploreResult copied = exhaust(ops, crashes);
        check(copied, states);
        ExploreResult replayed = exhaust(ops, crashes, false);
        check(replayed, states);
        assertEquals(replayed.transitions(), copied.transitions(), "transitions");
        assertEquals(replayed.terminalStates(), copied.terminalStates(), "terminal states");
        ExploreResult depthFirst = exhaustDepthFirst(ops, crashes);
        check(depthFirst, states);
        assertEquals(copied.terminalStates(), depthFirst.terminalStates(), "terminal states, depth-first");
    }

    @ParameterizedTest(name = "{0} op(s), {1} crash(es): {2} states")
    @CsvSource({"2, 0, 11162", "1, 1, 125928", "2, 1, 160368"})
    void largerConfigurationsExhaust(int ops, int crashes, long states) {
        assumeTrue(Boolean.getBoolean("paxsim.explore.deep"), "run with -Dpaxsim.explore.deep=true");
        ExploreResult breadthFirst = exhaust(ops, crashes);
        check(breadthFirst, states);
        ExploreResult depthFirst = exhaustDepthFirst(ops, crashes);
        check(depthFirst, states);
        assertEquals(breadthFirst.terminalStates(), depthFirst.terminalStates(), "terminal states, depth-first");
    }
}
