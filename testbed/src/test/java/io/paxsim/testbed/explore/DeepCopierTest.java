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
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A copied world must behave exactly like a re-executed one: along random paths (crashes
 * included), a copy taken half way and continued reaches the same fingerprint and the same
 * trace hash as re-executing the whole path from the root, and the original is left untouched.
 */
class DeepCopierTest {
    @Test
    void aCopyContinuesExactlyLikeReExecution() {
        PaxosExploreModel model = new PaxosExploreModel(new PaxosExploreModel.Spec(3, 1, 1, "majority", "none", 2, 1));
        ExploreOptions options = ExploreOptions.defaults().withMaxTimeouts(3).withFaults(1, 1, 1);
        DeepCopier copier = new DeepCopier(model);
        for (int walk = 0; walk < 40; walk++) {
            RandomStream random = RandomStream.derive(11, "copy-test/" + walk);
            World world = new World(model, options);
            List<Action> path = new ArrayList<>();
            World copy = null;
            int copyAt = 3 + walk % 10;
            List<Action> afterCopy = new ArrayList<>();
            for (int step = 0; step < 30; step++) {
                List<Action> enabled = world.enabled();
                if (enabled.isEmpty() || world.violation() != null) {
                    break;
                }
                if (step == copyAt) {
                    long before = world.fingerprint();
                    copy = copier.copy(world);
                    assertNotSame(world.simulation(), copy.simulation());
                    assertEquals(before, copy.fingerprint());
                }
                Action a = random.choice(enabled);
                world.apply(a);
                path.add(a);
                if (copy != null) {
                    afterCopy.add(a);
                }
            }
            if (copy == null) {
                continue;
            }
            World original = Explorer.replay(model, options, path).world();
            for (Action a : afterCopy) {
                copy.apply(a);
            }
            assertEquals(original.fingerprint(), copy.fingerprint(), "walk " + walk);
            assertEquals(original.fingerprint(), world.fingerprint(), "walk " + walk);
            assertEquals(original.simulation().traceHash(), copy.simulation().traceHash(), "walk " + walk);
            assertEquals(original.simulation().stateFingerprint(), copy.simulation().stateFingerprint(), "walk " + walk);
        }
    }

    @Test
    void copyingAndReExecutionExploreTheSameSpace() {
        PaxosExploreModel model = ExploreTest.smallModel();
        ExploreResult replayed = new Explorer(model, ExploreTest.smallOptions()).run();
        ExploreResult copied = new Explorer(model, ExploreTest.smallOptions()).withKeptWorlds(50).withCopier(new DeepCopier(model), 0).run();
        assertEquals(replayed.uniqueStates(), copied.uniqueStates());
        assertEquals(replayed.transitions(), copied.transitions());
        assertEquals(replayed.terminalStates(), copied.terminalStates());
    }

    /**
     * Copy-on-write: a tree of worlds grown at random (each step either copies a random world of
     * the pool or applies a random action to one; crashes included) where every world, parents
     * and children alike, must at every step have exactly the state of re-executing its own path
     * from the root: a child that wrote into a node it still shared with its parent (or the
     * parent into its child's), or a node copy wired to another world's simulation, shows as a
     * different fingerprint or trace hash.
     */
    @Test
    void copyOnWriteChildrenNeverChangeTheirParentsState() {
        PaxosExploreModel model = new PaxosExploreModel(new PaxosExploreModel.Spec(3, 1, 2, "majority", "none", 2, 1));
        ExploreOptions options = ExploreOptions.defaults().withMaxTimeouts(3).withFaults(1, 1, 1);
        DeepCopier copier = new DeepCopier(model);
        StructuralHasher hasher = new StructuralHasher(model);
        StructuralHasher fresh = hasher.uncached();
        int checked = 0;
        for (int walk = 0; walk < 12; walk++) {
            RandomStream random = RandomStream.derive(29, "cow-test/" + walk);
            List<World> pool = new ArrayList<>();
            List<List<Action>> paths = new ArrayList<>();
            World root = new World(model, options);
            root.useStateHasher(hasher);
            pool.add(root);
            paths.add(new ArrayList<>());
            for (int step = 0; step < 40; step++) {
                int pick = random.nextInt(pool.size());
                World w = pool.get(pick);
                if (random.nextInt(3) == 0 && pool.size() < 8) {
                    pool.add(copier.copy(w));
                    paths.add(new ArrayList<>(paths.get(pick)));
                } else {
                    List<Action> enabled = w.enabled();
                    if (enabled.isEmpty() || w.violation() != null) {
                        continue;
                    }
                    Action a = random.choice(enabled);
                    w.apply(a);
                    paths.get(pick).add(a);
                    hasher.hash(w); // fills the node-part cache, which copies inherit
                }
                for (int i = 0; i < pool.size(); i++) {
                    World expected = Explorer.replay(model, options, paths.get(i)).world();
                    long want = fresh.hash(expected);
                    assertEquals(want, fresh.hash(pool.get(i)), "walk " + walk + " step " + step + " world " + i);
                    assertEquals(want, hasher.hash(pool.get(i)), "cached parts, walk " + walk + " step " + step + " world " + i);
                    assertEquals(expected.simulation().traceHash(), pool.get(i).simulation().traceHash(),
                            "walk " + walk + " step " + step + " world " + i);
                    checked++;
                }
            }
        }
        assertTrue(checked > 1000, "worlds checked: " + checked);
    }

    /**
     * A shared node's state is frozen: worlds copy it before they write it, and under a parallel
     * search ({@code --jobs}) two threads may copy one original at once, so copying it must write
     * nothing of it (a disk's page flags included: an original marked its pages borrowed once).
     * Along random walks with crashes: the world after its nodes were privatized into a copy, field
     * for field, equals a deep snapshot taken before; and the copy equals it too.
     */
    @Test
    void privatizingASharedNodeWritesNothingOfTheOriginal() {
        PaxosExploreModel model = new PaxosExploreModel(new PaxosExploreModel.Spec(3, 1, 2, "majority", "none", 2, 1));
        ExploreOptions options = ExploreOptions.defaults().withMaxTimeouts(3).withFaults(1, 1, 1);
        DeepCopier copier = new DeepCopier(model);
        DeepCopier snapshots = DeepCopier.reflective(false, model);
        int checked = 0;
        for (int walk = 0; walk < 8; walk++) {
            RandomStream random = RandomStream.derive(31, "frozen-test/" + walk);
            World world = new World(model, options);
            for (int step = 0; step < 30 && world.violation() == null && !world.enabled().isEmpty(); step++) {
                World copy = copier.copy(world);
                World before = snapshots.copyOf(world);
                for (int node = 0; node < world.simulation().nodeCount(); node++) {
                    copier.privatize(copy, node);
                }
                String where = "walk " + walk + " step " + step;
                assertEquals(null, ObjectGraphs.difference(before.simulation(), world.simulation()), where);
                assertEquals(world.simulation().stateFingerprint(), copy.simulation().stateFingerprint(), where);
                world.apply(random.choice(world.enabled()));
                checked++;
            }
        }
        assertTrue(checked > 100, "states checked: " + checked);
    }

    @Test
    void nodeStatesMeetTheirWorldOnlyAtItsSimulationAndClientHistory() {
        PaxosExploreModel model = new PaxosExploreModel(new PaxosExploreModel.Spec(3, 1, 1, "majority", "none", 2, 1));
        World world = new World(model, ExploreOptions.defaults());
        DeepCopier copier = new DeepCopier(model);
        NodeBoundary b = NodeBoundary.discover(world, copier::isShared, List.of(model));
        assertEquals(List.of("world.instance.history", "world.sim", "runtime.disk.random", "runtime.random",
                "world.sim.randomness.streams"), b.describePaths());
    }
}
