package io.paxsim.testbed.explore;

import io.paxsim.sim.Event;
import io.paxsim.sim.explore.Action;
import io.paxsim.sim.explore.ExploreOptions;
import io.paxsim.sim.explore.ExploreResult;
import io.paxsim.sim.explore.Explorer;
import io.paxsim.sim.explore.StateHasher;
import io.paxsim.sim.explore.World;
import io.paxsim.sim.random.RandomStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Symmetry reduction ({@code explore --symmetry}, {@link ReplicaSymmetry}) is sound where it is
 * switched on:
 * <ol>
 * <li>the renamed fingerprint is the fingerprint of the renamed run: a world that executes the path
 *     with every node id renamed fingerprints as the original world hashed under the renaming, with
 *     the same enabled actions (renamed), the same violation and the same goals, at every state of
 *     an exhaustive search and along random walks with crashes (this tests both that every id field
 *     is marked and that the replica code treats the renamed replicas alike);</li>
 * <li>the canonical fingerprints reached with symmetry equal the canonical image of the states
 *     reached without it (no class of states is lost), terminal states included;</li>
 * <li>planted bugs are found with symmetry as without, at the same shortest length.</li>
 * </ol>
 * The counts without --symmetry are pinned in ExhaustSingleSlotTest (the hasher's walk without a
 * renaming is unchanged).
 */
class SymmetryTest {
    /** 3 replicas, replica 0 the only candidate and the client's target: replicas 1 and 2 are interchangeable. */
    static PaxosExploreModel model(int clients, int ops, String mutant) {
        return new PaxosExploreModel(new PaxosExploreModel.Spec(3, clients, ops, "majority", mutant, 2, 1,
                new PaxosExploreModel.Restrictions(true, 0, 1L)));
    }

    static ExploreOptions options(int crashes, int timeouts) {
        return ExploreOptions.defaults().withMaxTimeouts(timeouts).withFaults(crashes, 0, 0).withFifoLinks(true);
    }

    @Test
    void theGroupRenamesOnlyNonCandidatesThatNoClientAddresses() {
        assertEquals(List.of(1, 2), ReplicaSymmetry.interchangeable(model(1, 1, "none").spec()));
        assertEquals(1, ReplicaSymmetry.permutations(model(1, 1, "none").spec()).size());
        // Slow disks: held-back broadcasts keep peer-id order, so none is interchangeable.
        assertEquals(List.of(), ReplicaSymmetry.interchangeable(new PaxosExploreModel.Spec(3, 1, 1, "majority", "none", 2, 1,
                new PaxosExploreModel.Restrictions(false, 0, 1L))));
        // Every replica may start elections: none is interchangeable.
        assertEquals(List.of(), ReplicaSymmetry.interchangeable(new PaxosExploreModel.Spec(3, 1, 1, "majority", "none", 2, 1)));
        // A client that may address any replica offers sends in id order: none.
        assertEquals(List.of(), ReplicaSymmetry.interchangeable(new PaxosExploreModel.Spec(3, 1, 1, "majority", "none", 2, 1,
                new PaxosExploreModel.Restrictions(true, -1, 1L))));
        // No client: every non-candidate; five replicas, one candidate: 4! - 1 renamings.
        assertEquals(List.of(1, 2), ReplicaSymmetry.interchangeable(new PaxosExploreModel.Spec(3, 0, 0, "majority", "none", 2, 1,
                new PaxosExploreModel.Restrictions(true, -1, 1L))));
        assertEquals(23, ReplicaSymmetry.permutations(new PaxosExploreModel.Spec(5, 1, 1, "majority", "none", 2, 1,
                new PaxosExploreModel.Restrictions(true, 0, 1L))).size());
    }

    /** A permutation that moves a replica which mints ballots is refused, not merged. */
    @Test
    void renamingABallotsReplicaIsRefused() {
        PaxosExploreModel model = model(1, 1, "none");
        StructuralHasher hasher = new StructuralHasher(model).uncached();
        World w = new World(model, options(0, 1));
        Action tick = w.enabled().stream().filter(a -> w.describe(a).startsWith("timer Tick[] at node 0")).findFirst()
                .orElseThrow();
        w.apply(tick);
        int[] swap01 = {1, 0, 2, 3};
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> hasher.hash(w, swap01));
        assertTrue(e.getMessage().contains("ballot"), e.getMessage());
        int[] swap12 = {0, 2, 1, 3};
        hasher.hash(w, swap12);
    }

    // ---- 1: the renamed fingerprint is the renamed run's -----------------------------------

    /** Every state of the 1-op, no-crash exhaustion, by breadth-first search over paths. */
    @Test
    void everyReachableStateRenamesToTheRenamedRun() {
        PaxosExploreModel model = model(1, 1, "none");
        ExploreOptions options = options(0, 1);
        int[] perm = ReplicaSymmetry.permutations(model.spec()).get(0);
        StructuralHasher hasher = new StructuralHasher(model).uncached();
        Set<Long> seen = new HashSet<>();
        List<List<Action>[]> frontier = new ArrayList<>();
        frontier.add(pair(List.of(), List.of()));
        int checked = 0;
        while (!frontier.isEmpty()) {
            List<List<Action>[]> next = new ArrayList<>();
            for (List<Action>[] item : frontier) {
                World w = Explorer.replay(model, options, item[0]).world();
                World renamed = Explorer.replay(model, options, item[1]).world();
                if (!seen.add(hasher.hash(w))) {
                    continue;
                }
                checkRenamed(hasher, perm, w, renamed, item[0]);
                checked++;
                for (Action a : w.enabled()) {
                    next.add(pair(append(item[0], a), append(item[1], renamedAction(hasher, perm, w, a, renamed))));
                }
            }
            frontier = next;
        }
        // Every action expanded (no partial-order reduction): more than the explorer's 8,994 (ExhaustSingleSlotTest).
        assertTrue(checked > 8_994, "states checked: " + checked);
    }

    /** Random walks of two ops with a crash: the renamed run stays the renaming at every step. */
    @Test
    void walksWithCrashesRenameStepByStep() {
        PaxosExploreModel model = model(1, 2, "none");
        ExploreOptions options = options(1, 2);
        int[] perm = ReplicaSymmetry.permutations(model.spec()).get(0);
        StructuralHasher hasher = new StructuralHasher(model).uncached();
        int steps = 0;
        for (long walk = 0; walk < 60; walk++) {
            RandomStream random = RandomStream.derive(walk, "symmetry-test");
            World w = new World(model, options);
            World renamed = new World(model, options);
            List<Action> path = new ArrayList<>();
            while (w.violation() == null) {
                List<Action> enabled = w.enabled();
                if (enabled.isEmpty() || path.size() >= 60) {
                    break;
                }
                Action a = random.choice(enabled);
                Action b = renamedAction(hasher, perm, w, a, renamed);
                w.apply(a);
                renamed.apply(b);
                path.add(a);
                checkRenamed(hasher, perm, w, renamed, path);
                steps++;
            }
        }
        assertTrue(steps > 1_000, "steps checked: " + steps);
    }

    private static void checkRenamed(StructuralHasher hasher, int[] perm, World w, World renamed, List<Action> path) {
        // hash(world, perm) is the reflective walk's value: compared with the same walk of the renamed run (null: no renaming).
        assertEquals(hasher.hash(renamed, null), hasher.hash(w, perm), () -> "renamed fingerprint differs from the renamed "
                + "run's after " + path + "\n" + diff(hasher.explain(renamed), hasher.explain(w, perm)));
        assertEquals(w.enabled().size(), renamed.enabled().size(), () -> "enabled actions after " + path);
        assertEquals(w.violation() == null, renamed.violation() == null, () -> "violation after " + path);
        assertEquals(w.instance().sometimesReached(), renamed.instance().sometimesReached());
        assertEquals(w.instance().beyondBounds(), renamed.instance().beyondBounds());
        if (w.enabled().isEmpty() && w.violation() == null) {
            assertEquals(w.instance().terminalViolation() == null, renamed.instance().terminalViolation() == null);
        }
    }

    /** The first lines where the renamed run's fields and the renamed walk's differ. */
    private static String diff(List<String> renamedRun, List<String> renamedWalk) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < Math.max(renamedRun.size(), renamedWalk.size()) && shown < 12; i++) {
            String a = i < renamedRun.size() ? renamedRun.get(i) : "-";
            String b = i < renamedWalk.size() ? renamedWalk.get(i) : "-";
            if (!a.equals(b)) {
                out.append("run:  ").append(a).append("\nwalk: ").append(b).append('\n');
                shown++;
            }
        }
        return out.toString();
    }

    /**
     * The action of {@code renamed} that renames {@code a} of {@code w}: a message by its renamed
     * ends and renamed content (the k-th such, if several are equal), anything else by its
     * description with the node renamed.
     */
    static Action renamedAction(StructuralHasher hasher, int[] perm, World w, Action a, World renamed) {
        List<Action> mine = sameKind(w, a);
        List<Action> theirs = sameKind(renamed, a);
        Object key = renamedKey(hasher, perm, w, a);
        int rank = 0;
        for (Action x : mine) {
            if (x.equals(a)) {
                break;
            }
            if (renamedKey(hasher, perm, w, x).equals(key)) {
                rank++;
            }
        }
        for (Action y : theirs) {
            if (renamedKey(hasher, null, renamed, y).equals(key) && rank-- == 0) {
                return y;
            }
        }
        throw new AssertionError("no renamed counterpart of " + w.describe(a) + " among " + theirs.stream().map(renamed::describe).toList());
    }

    private static List<Action> sameKind(World w, Action a) {
        return w.enabled().stream().filter(x -> x.getClass() == a.getClass()).toList();
    }

    private static Object renamedKey(StructuralHasher hasher, int[] perm, World w, Action a) {
        int[] p = perm == null ? identity(w.simulation().nodeCount()) : perm;
        if (a instanceof Action.Deliver || a instanceof Action.Drop || a instanceof Action.Duplicate) {
            Event.Deliver d = w.messageOf(a);
            return List.of(p[d.from()], p[d.to()], hasher.valueHash(d.message(), p));
        } else if (a instanceof Action.Crash c) {
            return List.of(p[c.node()], c.fates());
        } else if (a instanceof Action.Recover r) {
            return List.of(p[r.node()]);
        }
        String text = w.describe(a);
        String where = text.contains(" at node ") ? " at node " : " at client "; // steps name clients as clients
        int at = text.indexOf(where);
        assertTrue(at >= 0, text);
        String rest = text.substring(at + where.length());
        int end = rest.indexOf(' ');
        int node = Integer.parseInt(end < 0 ? rest : rest.substring(0, end));
        return text.substring(0, at) + " at node " + p[node] + (end < 0 ? "" : rest.substring(end));
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    private static List<Action>[] pair(List<Action> a, List<Action> b) {
        return new List[] {a, b};
    }

    private static List<Action> append(List<Action> path, Action a) {
        List<Action> out = new ArrayList<>(path);
        out.add(a);
        return out;
    }

    // ---- 2: no class of states is lost ----------------------------------------------------

    /** Hashes as {@code used} does, and records the canonical fingerprint of every state it hashes. */
    private static final class Recording implements StateHasher {
        final StateHasher used;
        final ReplicaSymmetry canonical;
        final Set<Long> canonicalSeen = new HashSet<>();
        final Map<Long, Long> canonicalOf = new HashMap<>();

        Recording(StateHasher used, ReplicaSymmetry canonical) {
            this.used = used;
            this.canonical = canonical;
        }

        @Override
        public long hash(World world) {
            long c = canonical.hash(world);
            long h = used == canonical ? c : used.hash(world);
            canonicalSeen.add(c);
            canonicalOf.put(h, c);
            return h;
        }

        @Override
        public long valueHash(Object value) {
            return used.valueHash(value);
        }

        @Override
        public long valueHash(World world, Object value) {
            return used.valueHash(world, value);
        }
    }

    @ParameterizedTest(name = "{0} client(s), {1} op(s), {2} crash(es), {3} tick(s)")
    @CsvSource({"1, 1, 0, 1", "1, 2, 0, 1", "0, 0, 0, 2"})
    void symmetryReachesTheCanonicalImageOfEveryState(int clients, int ops, int crashes, int timeouts) {
        compareReached(model(clients, ops, "none"), options(crashes, timeouts));
    }

    @ParameterizedTest(name = "{0} client(s), {1} op(s), {2} crash(es), {3} tick(s)")
    @CsvSource({"1, 1, 1, 1", "1, 2, 1, 1"})
    void symmetryReachesTheCanonicalImageOfEveryStateWithCrashes(int clients, int ops, int crashes, int timeouts) {
        assumeTrue(Boolean.getBoolean("paxsim.explore.deep"), "run with -Dpaxsim.explore.deep=true");
        compareReached(model(clients, ops, "none"), options(crashes, timeouts));
    }

    private static void compareReached(PaxosExploreModel model, ExploreOptions options) {
        StructuralHasher base = new StructuralHasher(model);
        ReplicaSymmetry symmetry = ReplicaSymmetry.of(base, model.spec());
        Recording off = new Recording(base, symmetry);
        Set<Long> offTerminals = new HashSet<>();
        // Both without sleep sets, which symmetry switches off, so the two searches differ only by the renaming.
        ExploreResult without = new Explorer(model, options.withSleepSets(false)).withStateHasher(off)
                .withTerminalListener(offTerminals::add).run();
        Recording on = new Recording(symmetry, symmetry);
        Set<Long> onTerminals = new HashSet<>();
        ExploreResult with = new Explorer(model, options.withSleepSets(false)).withStateHasher(on)
                .withTerminalListener(onTerminals::add).run();
        assertTrue(without.exhaustive() && with.exhaustive(), without.cutReason() + " / " + with.cutReason());
        System.out.printf("symmetry: %s: %d states without (persistent sets, no sleep sets), %d with (%.2fx); "
                        + "terminal %d -> %d%n", model.spec(), without.uniqueStates(), with.uniqueStates(),
                (double) without.uniqueStates() / with.uniqueStates(), without.terminalStates(), with.terminalStates());
        assertNull(without.counterexample());
        assertNull(with.counterexample());
        assertSameSet(off.canonicalSeen, on.canonicalSeen, "canonical fingerprints reached");
        assertEquals(off.canonicalSeen.size(), with.uniqueStates(), "one state per class");
        Set<Long> offTerminalClasses = new HashSet<>();
        for (long t : offTerminals) {
            offTerminalClasses.add(off.canonicalOf.get(t));
        }
        assertSameSet(offTerminalClasses, onTerminals, "terminal classes");
        assertEquals(without.sometimesGoals(), with.sometimesGoals());
        assertTrue(with.uniqueStates() < without.uniqueStates(), with.uniqueStates() + " vs " + without.uniqueStates());
    }

    private static void assertSameSet(Set<Long> without, Set<Long> with, String what) {
        Set<Long> lost = new HashSet<>(without);
        lost.removeAll(with);
        Set<Long> extra = new HashSet<>(with);
        extra.removeAll(without);
        assertTrue(lost.isEmpty() && extra.isEmpty(), what + ": " + without.size() + " without symmetry, " + with.size()
                + " with; " + lost.size() + " classes reached only without, " + extra.size() + " only with");
    }

    // ---- 3: planted bugs are found as before ----------------------------------------------

    /**
     * Breadth-first search of 3-replica configurations where replicas 1 and 2 are interchangeable:
     * with symmetry each planted bug is found exactly when it is without, by the same property,
     * at the same shortest length.
     */
    @ParameterizedTest(name = "{0}, {1} client(s), {2} op(s), {3} crash(es), {4} tick(s), fifo {5}: {6} steps")
    @CsvSource({
        // ExploreCommandTest's configuration for it (no fifo): 10 steps.
        "stale-reply-counted, 0, 0, 0, 2, false, 10",
        "stale-reply-counted, 0, 0, 0, 2, true,  -1",
        "early-ack,           1, 1, 0, 1, true,  -1",
        "no-dedup,            1, 2, 0, 1, true,  -1",
        "local-read,          1, 2, 0, 1, true,  -1",
        "accept-not-durable,  1, 1, 0, 1, true,  -1",
    })
    void plantedBugsAreFoundAtTheSameLength(String mutant, int clients, int ops, int crashes, int timeouts, boolean fifo,
                                            int steps) {
        PaxosExploreModel model = model(clients, ops, mutant);
        ExploreOptions options = options(crashes, timeouts).withFifoLinks(fifo).withMaxStates(200_000);
        StructuralHasher base = new StructuralHasher(model);
        ExploreResult without = new Explorer(model, options).withStateHasher(base).run();
        ExploreResult with = new Explorer(model, options.withSleepSets(false))
                .withStateHasher(ReplicaSymmetry.of(base, model.spec())).run();
        assertEquals(without.counterexample() == null, with.counterexample() == null, mutant);
        if (without.counterexample() != null) {
            assertEquals(without.counterexample().property(), with.counterexample().property());
            assertEquals(without.counterexample().actions().size(), with.counterexample().actions().size());
            System.out.printf("symmetry: %s found in %d steps (%s), %d states without symmetry, %d with%n", mutant,
                    with.counterexample().actions().size(), with.counterexample().property(), without.uniqueStates(),
                    with.uniqueStates());
        }
        if (steps > 0) {
            assertNotNull(with.counterexample(), mutant);
            assertEquals(steps, with.counterexample().actions().size());
        }
    }
}
