package io.paxsim.sim.explore;

import io.paxsim.testbed.explore.PaxosExploreModel;
import io.paxsim.testbed.explore.StructuralHasher;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What sleep sets rely on, checked pair by pair over the first states of a breadth-first search:
 * two enabled actions {@link World#independent} calls independent neither disable each other
 * and reach one state fingerprint (the state hasher's, monitors included) in either order. In a
 * package of the runtime to reach the package-private action keys. The first failures it found:
 * Accept deliveries to two replicas (the monitor recorded the first quorum) at depth 10, and a
 * delivery beside another replica's restart (the monitor settled slots by current applied index).
 */
class IndependentActionsCommuteTest {
    private static PaxosExploreModel model(int nodes, int clients, int ops, PaxosExploreModel.Restrictions r) {
        return new PaxosExploreModel(new PaxosExploreModel.Spec(nodes, clients, ops, "majority", "none", 2, 1, r));
    }

    @Test
    void threeReplicasOneWriteFifo() {
        assertEquals(List.of(), nonCommuting(model(3, 1, 1, new PaxosExploreModel.Restrictions(true, 0, 1L)),
                ExploreOptions.defaults().withMaxTimeouts(1).withFifoLinks(true), 12));
    }

    @Test
    void twoReplicasWithACrashDropAndDuplicate() {
        assertEquals(List.of(), nonCommuting(model(2, 1, 1, new PaxosExploreModel.Restrictions(true, -1, -1L)),
                ExploreOptions.defaults().withMaxTimeouts(1).withFaults(1, 1, 1), 9));
    }

    /** Descriptions of the independent pairs that do not commute, in states up to {@code maxDepth}. */
    private static List<String> nonCommuting(PaxosExploreModel model, ExploreOptions searched, int maxDepth) {
        ExploreOptions options = searched.withSleepSets(false).withPersistentSets(false);
        StructuralHasher hasher = new StructuralHasher(model);
        Set<Long> seen = new HashSet<>();
        List<String> failures = new ArrayList<>();
        List<List<Action>> frontier = new ArrayList<>(List.of(List.of()));
        for (int depth = 0; depth <= maxDepth && !frontier.isEmpty() && failures.size() < 3; depth++) {
            List<List<Action>> next = new ArrayList<>();
            for (List<Action> path : frontier) {
                World s = Explorer.replayExplored(model, options, hasher, path);
                List<Action> enabled = s.enabled();
                for (int i = 0; i < enabled.size(); i++) {
                    for (int j = i + 1; j < enabled.size(); j++) {
                        Action a = enabled.get(i);
                        Action b = enabled.get(j);
                        String problem = s.independent(a, b) ? commute(model, options, hasher, path, s, a, b) : null;
                        if (problem != null) {
                            failures.add(problem + " at depth " + depth + ": " + s.describe(a) + " / " + s.describe(b));
                        }
                    }
                }
                for (Action a : enabled) {
                    World w = Explorer.replayExplored(model, options, hasher, path);
                    w.apply(a);
                    if (w.violation() == null && seen.add(hasher.hash(w))) {
                        List<Action> longer = new ArrayList<>(path);
                        longer.add(a);
                        next.add(longer);
                    }
                }
            }
            frontier = next;
        }
        return failures;
    }

    private static String commute(PaxosExploreModel model, ExploreOptions options, StructuralHasher hasher,
                                  List<Action> path, World s, Action a, Action b) {
        World ab = Explorer.replayExplored(model, options, hasher, path);
        ab.apply(a);
        Action bThen = byKey(ab, s.actionKey(b));
        World ba = Explorer.replayExplored(model, options, hasher, path);
        ba.apply(b);
        Action aThen = byKey(ba, s.actionKey(a));
        if (bThen == null || aThen == null) {
            return bThen == null ? "the first disables the second" : "the second disables the first";
        }
        ab.apply(bThen);
        ba.apply(aThen);
        return hasher.hash(ab) == hasher.hash(ba) ? null : "different states in the two orders";
    }

    private static Action byKey(World w, long key) {
        for (Action x : w.enabled()) {
            if (w.actionKey(x) == key) {
                return x;
            }
        }
        return null;
    }
}
