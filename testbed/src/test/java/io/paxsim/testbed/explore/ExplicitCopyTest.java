package io.paxsim.testbed.explore;

import io.paxsim.sim.explore.Action;
import io.paxsim.sim.explore.ExploreOptions;
import io.paxsim.sim.explore.World;
import io.paxsim.sim.random.RandomStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The explicit copies ({@link io.paxsim.sim.Copyable}: each class copies its own fields) against
 * the reflective deep copy, which copies every field there is. For many explored states (random
 * walks over configurations with crashes, slow fsyncs, drops and duplicates): the explicit copy
 * has the original's exact object graph (every field of every object, and the same aliasing), and
 * the reflective copy's; it shares no mutable object with the original (bar copy-on-write disk
 * pages); all three hash equal under the structural hasher; and the two copies continue
 * identically along the same random actions (fingerprint and trace hash at every step). A field a
 * copy method forgets shows as a difference in the graph, then in the hash or continuation.
 */
class ExplicitCopyTest {
    private record Config(PaxosExploreModel.Spec spec, ExploreOptions options) {
    }

    private static List<Config> configs() {
        return List.of(
                new Config(new PaxosExploreModel.Spec(3, 1, 2, "majority", "none", 2, 1),
                        ExploreOptions.defaults().withMaxTimeouts(3).withFaults(1, 1, 1)),
                new Config(new PaxosExploreModel.Spec(3, 2, 3, "majority", "none", 3, 7),
                        ExploreOptions.defaults().withMaxTimeouts(4).withFaults(2, 1, 1)),
                new Config(new PaxosExploreModel.Spec(3, 1, 1, "majority", "none", 2, 1,
                        new PaxosExploreModel.Restrictions(true, 0, 1L)),
                        ExploreOptions.defaults().withMaxTimeouts(2).withFaults(1, 0, 0)));
    }

    @Test
    void explicitCopiesMatchTheOriginalAndTheReflectiveCopyAndContinueAlike() {
        int checked = 0;
        for (Config config : configs()) {
            PaxosExploreModel model = new PaxosExploreModel(config.spec());
            DeepCopier explicit = DeepCopier.whole(model);
            DeepCopier reflective = DeepCopier.reflective(false, model);
            StructuralHasher hasher = new StructuralHasher(model).uncached();
            for (int walk = 0; walk < 12; walk++) {
                RandomStream random = RandomStream.derive(41, "explicit-copy/" + config.spec() + "/" + walk);
                World world = new World(model, config.options());
                for (int step = 0; step < 40; step++) {
                    String where = config.spec() + " walk " + walk + " step " + step;
                    World copy = explicit.copyOf(world);
                    World reference = reflective.copyOf(world);
                    assertNull(ObjectGraphs.difference(world, copy), where);
                    assertNull(ObjectGraphs.difference(reference, copy), where);
                    assertEquals(List.of(), ObjectGraphs.sharedMutable(world, copy, o -> isImmutable(reflective, model, o)), where);
                    long h = hasher.hash(world);
                    assertEquals(h, hasher.hash(copy), where);
                    assertEquals(h, hasher.hash(reference), where);
                    if (step % 8 == 3) {
                        continueAlike(copy, reference, RandomStream.derive(43, where), hasher, where);
                    }
                    checked++;
                    List<Action> enabled = world.enabled();
                    if (enabled.isEmpty() || world.violation() != null) {
                        break;
                    }
                    world.apply(random.choice(enabled));
                }
            }
        }
        assertTrue(checked > 600, "states checked: " + checked);
    }

    /**
     * A history and its copy share their recorder copy-on-write: each records into its own after
     * a write, and neither sees the other's ops (nor the original a copy's, at any depth of copies).
     */
    @Test
    void historyCopiesRecordApart() {
        DeepCopier copier = DeepCopier.whole();
        ExploreHistory original = new ExploreHistory();
        io.paxsim.paxos.api.Command write = new io.paxsim.paxos.api.Command.Write("k", 7);
        original.invoked(0, write);
        ExploreHistory copy = copier.copyOf(original);
        ExploreHistory copyOfCopy = copier.copyOf(copy);
        copy.completed(0, write, new io.paxsim.paxos.api.Result.WriteOk());
        original.invoked(1, write);
        original.invoked(2, write);
        assertEquals(1, copyOfCopy.size());
        assertEquals(2, copy.size());
        assertEquals(3, original.size());
        copyOfCopy.invoked(3, write);
        assertEquals(2, copyOfCopy.size());
        assertEquals(2, copy.size());
        assertEquals(3, original.size());
        assertEquals(copy.size(), copy.history().size());
    }

    /** Applies the same random actions to both worlds; they must agree at every step. */
    private static void continueAlike(World a, World b, RandomStream random, StructuralHasher hasher, String where) {
        for (int step = 0; step < 25; step++) {
            List<Action> enabled = a.enabled();
            assertEquals(enabled, b.enabled(), where + " +" + step);
            if (enabled.isEmpty() || a.violation() != null) {
                return;
            }
            Action action = random.choice(enabled);
            a.apply(action);
            b.apply(action);
            assertEquals(b.violation(), a.violation(), where + " +" + step);
            assertEquals(hasher.hash(b), hasher.hash(a), where + " +" + step);
            assertEquals(b.simulation().traceHash(), a.simulation().traceHash(), where + " +" + step);
            assertEquals(b.simulation().stateFingerprint(), a.simulation().stateFingerprint(), where + " +" + step);
        }
    }

    /**
     * What a copy may share with its original: values the reflective copier shares too (records
     * of immutable values, such as events in flight; enums, strings, lambdas), the model, the replicas' config (the model's: a record whose
     * mutant set it copies in and never hands out), immutable JDK collections, a disk's pending
     * ops (final fields, data never written), empty arrays and disk pages (copy-on-write: cloned before a write),
     * the monitor's cached part hashes (never written once made).
     */
    private static boolean isImmutable(DeepCopier reflective, Object model, Object o) {
        if (o == model || reflective.isShared(o.getClass()) || o instanceof io.paxsim.paxos.PaxosConfig
                || o instanceof Record && reflective.copyOf(o) == o
                || o.getClass().isArray() && java.lang.reflect.Array.getLength(o) == 0) {
            return true;
        }
        String name = o.getClass().getName();
        if (o instanceof io.paxsim.history.HistoryRecorder) {
            return true; // copy-on-write: shared by a history and its copy, both flagged; see the test below
        }
        if (name.equals("io.paxsim.paxos.InvariantMonitor$HashedParts")) {
            return true; // the monitor's cached part hashes: never written once made (a change makes a new one)
        }
        return o instanceof byte[] || name.equals("io.paxsim.sim.disk.SimDisk$PendingOp")
                || name.startsWith("java.util.ImmutableCollections$");
    }
}
