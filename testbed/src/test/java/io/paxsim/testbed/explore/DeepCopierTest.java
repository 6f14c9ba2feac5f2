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
}
