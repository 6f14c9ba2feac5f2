package io.paxsim.sim.explore;

import io.paxsim.sim.random.RandomStream;
import io.paxsim.testbed.explore.PaxosExploreModel;
import io.paxsim.testbed.explore.StructuralHasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What sleep sets rely on, checked pair by pair: two enabled actions {@link World#independent}
 * calls independent neither disable each other and reach one state fingerprint (the state
 * hasher's, monitors included) in either order. Checked over the first states of breadth-first
 * searches, and at states deep along seeded swarm walks (after crashes, restarts, ticks, drops,
 * duplicates and slow fsyncs, on any-order and fifo links, with several client operations), where
 * a monitor or component that records which of two commuting events came first only shows once
 * the run is under way. In a package of the runtime to reach the package-private action keys and
 * the walk policy. The first failures it found: Accept deliveries to two replicas (the monitor
 * recorded the first quorum) at depth 10, and a delivery beside another replica's restart (the
 * monitor settled slots by current applied index).
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

    /** A configuration to walk: the model, its bounds, and how many walks of how many steps to check. */
    record WalkConfig(String name, PaxosExploreModel model, ExploreOptions options, int walks, int maxSteps,
                      int pairsPerState) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<WalkConfig> walkConfigs() {
        boolean deep = Boolean.getBoolean("paxsim.explore.deep");
        int walks = deep ? 40 : 2;
        List<WalkConfig> configs = new ArrayList<>(List.of(
                new WalkConfig("3 replicas, 2 clients, 3 ops, any-order, 2 crashes, drop, duplicate",
                        new PaxosExploreModel(new PaxosExploreModel.Spec(3, 2, 3, "majority", "none", 3, 1)),
                        ExploreOptions.defaults().withMaxTimeouts(5).withFaults(2, 1, 1), walks, 160, 2),
                new WalkConfig("3 replicas, 2 clients, 2 ops, fifo, crash, 2 drops, 2 duplicates",
                        new PaxosExploreModel(new PaxosExploreModel.Spec(3, 2, 2, "majority", "none", 3, 2)),
                        ExploreOptions.defaults().withMaxTimeouts(4).withFaults(1, 2, 2).withFifoLinks(true), walks, 160, 2)));
        if (deep) {
            configs.add(new WalkConfig("5 replicas, 2 clients, 4 ops, lease reads, 2 crashes, drop, duplicate",
                    new PaxosExploreModel(new PaxosExploreModel.Spec(5, 2, 4, "lease", "none", 3, 3)),
                    ExploreOptions.defaults().withMaxTimeouts(6).withFaults(2, 1, 1), 16, 200, 2));
            configs.add(new WalkConfig("3 replicas, 1 client, 4 ops, eager pipelining, fifo, 2 crashes",
                    new PaxosExploreModel(new PaxosExploreModel.Spec(3, 1, 4, "eager", "none", 3, 4)),
                    ExploreOptions.defaults().withMaxTimeouts(5).withFaults(2, 1, 1).withFifoLinks(true), 16, 200, 2));
        }
        return configs.stream();
    }

    /**
     * Deep states: along seeded swarm walks (the explorer's own random-walk policy, which spreads
     * crashes, ticks, drops and duplicates over the whole walk), a few independent pairs of each
     * state's enabled actions, drawn at random, are applied in both orders from a re-execution of
     * the walk's path. Every walk must get past crashes, restarts, drops and duplicates, so the
     * check is not vacuous. Deeper counts with {@code -Dpaxsim.explore.deep=true}.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("walkConfigs")
    void independentPairsCommuteAtStatesDeepAlongRandomWalks(WalkConfig config) {
        ExploreOptions options = config.options().withSleepSets(false).withPersistentSets(false);
        StructuralHasher hasher = new StructuralHasher(config.model());
        DeepCoverage coverage = new DeepCoverage();
        for (int walk = 0; walk < config.walks(); walk++) {
            RandomStream random = RandomStream.derive(walk, "independent-actions-commute/" + config.name());
            SwarmWalk policy = new SwarmWalk(random, options, config.maxSteps() / 2);
            World here = Explorer.newWorld(config.model(), options, hasher);
            List<Action> path = new ArrayList<>();
            PathFacts facts = new PathFacts();
            for (int step = 0; step < config.maxSteps(); step++) {
                List<Action> enabled = here.enabled();
                if (enabled.isEmpty()) {
                    break;
                }
                for (int[] pair : independentPairs(here, enabled, config.pairsPerState(), random)) {
                    Action a = enabled.get(pair[0]);
                    Action b = enabled.get(pair[1]);
                    String problem = commute(config.model(), options, hasher, path, here, a, b);
                    assertNull(problem, () -> problem + " after " + path.size() + " steps (walk " + walk(random)
                            + ", " + facts + "): " + here.describe(a) + " / " + here.describe(b));
                    coverage.checked(facts, path.size(), a, b);
                }
                Action next = policy.pick(here, enabled, random);
                facts.saw(next);
                here.apply(next);
                path.add(next);
                assertNull(here.violation(), "the correct log violated a property on a walk");
            }
        }
        coverage.assertDeepAndVaried(config);
    }

    private static String walk(RandomStream random) {
        return random.name();
    }

    /** Up to {@code max} distinct independent pairs (indices into {@code enabled}), drawn at random. */
    private static List<int[]> independentPairs(World s, List<Action> enabled, int max, RandomStream random) {
        List<int[]> all = new ArrayList<>();
        for (int i = 0; i < enabled.size(); i++) {
            for (int j = i + 1; j < enabled.size(); j++) {
                if (s.independent(enabled.get(i), enabled.get(j))) {
                    all.add(new int[]{i, j});
                }
            }
        }
        random.shuffle(all);
        return all.subList(0, Math.min(max, all.size()));
    }

    /** What the path to a state has done so far (the faults a deep state comes after). */
    private static final class PathFacts {
        int crashes;
        int restarts;
        int drops;
        int duplicates;
        int timers;

        void saw(Action a) {
            if (a instanceof Action.Crash) {
                crashes++;
            } else if (a instanceof Action.Recover) {
                restarts++;
            } else if (a instanceof Action.Drop) {
                drops++;
            } else if (a instanceof Action.Duplicate) {
                duplicates++;
            } else if (a instanceof Action.FireTimer) {
                timers++;
            }
        }

        @Override
        public String toString() {
            return "after " + crashes + " crashes, " + restarts + " restarts, " + drops + " drops, " + duplicates
                    + " duplicates, " + timers + " timer firings";
        }
    }

    /** Counts of the pairs checked, by what came before them and what they are. */
    private static final class DeepCoverage {
        int pairs;
        int afterRestart;
        int afterDrop;
        int afterDuplicate;
        int withFault;
        int deepest;

        void checked(PathFacts facts, int depth, Action a, Action b) {
            pairs++;
            afterRestart += facts.restarts > 0 ? 1 : 0;
            afterDrop += facts.drops > 0 ? 1 : 0;
            afterDuplicate += facts.duplicates > 0 ? 1 : 0;
            withFault += isFault(a) || isFault(b) ? 1 : 0;
            deepest = Math.max(deepest, depth);
        }

        private static boolean isFault(Action a) {
            return a instanceof Action.Crash || a instanceof Action.Recover || a instanceof Action.Drop
                    || a instanceof Action.Duplicate;
        }

        void assertDeepAndVaried(WalkConfig config) {
            String what = config.name() + ": " + pairs + " pairs, " + afterRestart + " after a restart, " + afterDrop
                    + " after a drop, " + afterDuplicate + " after a duplicate, " + withFault
                    + " with a crash, restart, drop or duplicate in the pair, deepest state " + deepest;
            assertTrue(pairs >= 100 * config.walks() && deepest >= 60, what);
            assertTrue(afterRestart >= 10 * config.walks() && afterDrop >= 10 && afterDuplicate >= 10 && withFault >= 10,
                    what);
        }
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
        return hasher.hash(ab) == hasher.hash(ba) ? null
                : "different states in the two orders (fields that differ:\n" + diff(hasher.explain(ab), hasher.explain(ba)) + ")";
    }

    /** The lines of two fingerprint explanations that are not in both. */
    private static String diff(List<String> first, List<String> second) {
        Set<String> inFirst = new HashSet<>(first);
        Set<String> inSecond = new HashSet<>(second);
        StringBuilder out = new StringBuilder();
        first.stream().filter(l -> !inSecond.contains(l)).limit(12).forEach(l -> out.append("  a,b: ").append(l).append('\n'));
        second.stream().filter(l -> !inFirst.contains(l)).limit(12).forEach(l -> out.append("  b,a: ").append(l).append('\n'));
        return out.toString();
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
