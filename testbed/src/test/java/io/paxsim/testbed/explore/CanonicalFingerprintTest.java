package io.paxsim.testbed.explore;

import io.paxsim.sim.explore.Action;
import io.paxsim.sim.explore.ExploreOptions;
import io.paxsim.sim.explore.ExploreResult;
import io.paxsim.sim.explore.Explorer;
import io.paxsim.sim.explore.World;
import io.paxsim.sim.random.RandomStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The content fingerprint is a function of the abstract state: paths that reach one state by
 * different orders (so with different timer ids, fsync ids, disk op sequence numbers and event
 * sequence numbers) fingerprint alike, and the partial-order reduction therefore loses no state.
 */
class CanonicalFingerprintTest {
    /** The fsync id fields are named by string: a rename in paxos-impl must fail here, not lose states. */
    @Test
    void fieldsTheHasherNamesStillExist() throws ReflectiveOperationException {
        StructuralHasher.fieldsNamedByStringExist();
    }

    private static PaxosExploreModel model(int nodes, int clients, int ops) {
        return new PaxosExploreModel(new PaxosExploreModel.Spec(nodes, clients, ops, "majority", "none", 2, 1));
    }

    /**
     * Along seeded random walks of three replicas and a client (crashes allowed), every pair of
     * independent enabled actions, applied in both orders, gives one fingerprint; and the
     * fingerprint tells apart the states before and after a delivery that changes something.
     */
    @Test
    void independentActionsCommuteInTheFingerprint() {
        PaxosExploreModel model = model(3, 1, 1);
        ExploreOptions options = ExploreOptions.defaults().withMaxTimeouts(2).withFaults(1, 0, 0);
        StructuralHasher hasher = new StructuralHasher(model);
        int pairs = 0;
        int withFreshIds = 0;
        for (long walk = 0; walk < 4; walk++) {
            RandomStream random = RandomStream.derive(walk, "canonical-fingerprint-test");
            List<Action> path = new ArrayList<>();
            for (int step = 0; step < 40; step++) {
                World here = Explorer.replay(model, options, path).world();
                List<Action> enabled = here.enabled();
                if (enabled.isEmpty()) {
                    break;
                }
                for (int i = 0; i < enabled.size(); i++) {
                    for (int j = i + 1; j < enabled.size(); j++) {
                        Action a = enabled.get(i);
                        Action b = enabled.get(j);
                        if (!here.independent(a, b)) {
                            continue;
                        }
                        World ab = Explorer.replay(model, options, concat(path, a, b)).world();
                        World ba = Explorer.replay(model, options, concat(path, b, a)).world();
                        if (ab.violation() != null || ba.violation() != null) {
                            continue;
                        }
                        assertEquals(hasher.hash(ab), hasher.hash(ba), () -> "after " + path.size() + " steps, "
                                + here.describe(a) + " and " + here.describe(b) + " commute but fingerprint apart:\n"
                                + diff(hasher.explain(ab), hasher.explain(ba)));
                        pairs++;
                        if (makesIds(a) && makesIds(b)) {
                            withFreshIds++;
                        }
                    }
                }
                path.add(random.choice(enabled));
            }
        }
        assertTrue(pairs > 200, "independent pairs checked: " + pairs);
        assertTrue(withFreshIds > 20, "pairs where both actions mint ids (messages, timers, fsyncs): " + withFreshIds);
    }

    /**
     * Node parts cached in a world (and carried into its copies) are never stale: along seeded
     * walks with crashes, ticks and slow fsyncs, and on a copy branched off each state, the
     * incremental fingerprint equals the one computed from scratch.
     */
    @Test
    void cachedNodePartsEqualAFreshFingerprint() {
        PaxosExploreModel model = model(3, 2, 2);
        ExploreOptions options = ExploreOptions.defaults().withMaxTimeouts(3).withFaults(1, 0, 0);
        StructuralHasher hasher = new StructuralHasher(model);
        StructuralHasher fresh = hasher.uncached();
        DeepCopier copier = new DeepCopier(model);
        int checked = 0;
        for (long walk = 0; walk < 6; walk++) {
            RandomStream random = RandomStream.derive(walk, "cached-node-parts-test");
            World world = new World(model, options);
            for (int step = 0; step < 60 && !world.enabled().isEmpty(); step++) {
                assertEquals(fresh.hash(world), hasher.hash(world), "walk " + walk + ", step " + step);
                World branch = copier.copy(world);
                List<Action> enabled = branch.enabled();
                branch.apply(enabled.get(random.nextInt(enabled.size())));
                assertEquals(fresh.hash(branch), hasher.hash(branch), "a copy, walk " + walk + ", step " + step);
                world.apply(random.choice(world.enabled()));
                checked++;
            }
        }
        assertTrue(checked > 150, "steps checked: " + checked);
    }

    /**
     * A bfs seeds each re-executed state with the node parts its path's first world cached, so a
     * successor hashes only the nodes its action touched: it must fingerprint every state as a
     * hasher that never reads a cache does (same states, transitions and terminal states, in order).
     */
    @Test
    void seededReExecutionsFingerprintAsFromScratch() {
        record Config(PaxosExploreModel model, ExploreOptions options) {
        }
        List<Config> configs = new ArrayList<>(List.of(
                new Config(model(1, 1, 1), ExploreOptions.defaults().withMaxTimeouts(1).withFaults(1, 0, 0)),
                new Config(model(3, 1, 1), ExploreOptions.defaults().withFaults(1, 0, 0).withMaxStates(3_000))));
        if (Boolean.getBoolean("paxsim.explore.deep")) { // a minute on a loaded 2-core machine
            configs.add(new Config(new PaxosExploreModel(new PaxosExploreModel.Spec(3, 1, 1, "majority", "none", 2, 1,
                    new PaxosExploreModel.Restrictions(true, 0, 1L))), // ExhaustSingleSlotTest's 1 op, 0 crashes
                    ExploreOptions.defaults().withMaxTimeouts(1).withFifoLinks(true)));
        }
        for (Config c : configs) {
            StructuralHasher hasher = new StructuralHasher(c.model());
            List<Long> seeded = new ArrayList<>();
            List<Long> scratch = new ArrayList<>();
            ExploreResult a = new Explorer(c.model(), c.options()).withStateHasher(hasher).withTerminalListener(seeded::add).run();
            ExploreResult b = new Explorer(c.model(), c.options()).withStateHasher(hasher.uncached())
                    .withTerminalListener(scratch::add).run();
            String what = c.model().spec() + ": seeded " + a.uniqueStates() + " states, " + a.transitions()
                    + " transitions; from scratch " + b.uniqueStates() + ", " + b.transitions();
            assertEquals(b.uniqueStates(), a.uniqueStates(), what);
            assertEquals(b.transitions(), a.transitions(), what);
            assertEquals(b.depthReached(), a.depthReached(), what);
            assertEquals(scratch, seeded, what);
            assertTrue(a.uniqueStates() > 500, what);
        }
    }

    private static boolean makesIds(Action a) {
        return a instanceof Action.Deliver || a instanceof Action.FireTimer || a instanceof Action.CompleteFsync;
    }

    /** Sleep sets cut transitions only: the same unique states and terminal states as without them. */
    @Test
    void sleepSetsKeepEveryStateUnderContentFingerprints() {
        record Config(PaxosExploreModel model, ExploreOptions options) {
        }
        List<Config> configs = List.of(
                new Config(model(1, 1, 1), ExploreOptions.defaults().withMaxTimeouts(1).withFaults(1, 0, 0)),
                new Config(model(2, 1, 0), ExploreOptions.defaults().withMaxTimeouts(1)));
        for (Config c : configs) {
            ExploreResult with = new Explorer(c.model(), c.options()).withStateHasher(new StructuralHasher(c.model())).run();
            ExploreResult without = new Explorer(c.model(), c.options().withSleepSets(false))
                    .withStateHasher(new StructuralHasher(c.model())).run();
            String what = c.model().spec() + ": with sleep sets " + with.uniqueStates() + " states, "
                    + with.transitions() + " transitions; without " + without.uniqueStates() + ", " + without.transitions();
            assertTrue(with.exhaustive() && without.exhaustive(), what);
            assertNull(with.counterexample(), what);
            assertEquals(without.uniqueStates(), with.uniqueStates(), what);
            assertEquals(without.terminalStates(), with.terminalStates(), what);
            assertTrue(with.transitions() < without.transitions(), what);
        }
    }

    /**
     * Parallel frontier expansion (--jobs) admits successors in the order one thread would, so it
     * reports the same counts; here with content fingerprints and copy branching on two replicas.
     */
    @Test
    void parallelExpansionCountsTheSameStatesAsOneThread() {
        PaxosExploreModel model = model(2, 1, 0);
        ExploreOptions options = ExploreOptions.defaults().withMaxTimeouts(1);
        ExploreResult one = new Explorer(model, options).withStateHasher(new StructuralHasher(model))
                .withKeptWorlds(1000).withCopier(new DeepCopier(model), 4).run();
        ExploreResult two;
        try (ParallelLevelExecutor pool = new ParallelLevelExecutor(2)) {
            two = new Explorer(model, options).withStateHasher(new StructuralHasher(model))
                    .withKeptWorlds(1000).withCopier(new DeepCopier(model), 4).withExecutor(pool).run();
        }
        assertTrue(one.exhaustive(), one.cutReason());
        assertEquals(one.uniqueStates(), two.uniqueStates());
        assertEquals(one.transitions(), two.transitions());
        assertEquals(one.terminalStates(), two.terminalStates());
        assertEquals(one.sleptActions(), two.sleptActions());
    }

    private static List<Action> concat(List<Action> path, Action... more) {
        List<Action> out = new ArrayList<>(path);
        out.addAll(List.of(more));
        return out;
    }

    private static String diff(List<String> a, List<String> b) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i) : "";
            String y = i < b.size() ? b.get(i) : "";
            if (!x.equals(y)) {
                out.append("  ").append(x).append("  |  ").append(y).append('\n');
                if (out.length() > 4000) {
                    break;
                }
            }
        }
        return out.toString();
    }
}
