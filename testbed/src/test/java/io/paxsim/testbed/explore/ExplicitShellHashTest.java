package io.paxsim.testbed.explore;

import io.paxsim.sim.ExplicitStateHash;
import io.paxsim.sim.explore.Action;
import io.paxsim.sim.explore.ExploreOptions;
import io.paxsim.sim.explore.World;
import io.paxsim.sim.random.RandomStream;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shell objects that hash themselves ({@link ExplicitStateHash}: the invariant monitor, the
 * client history) must partition states exactly as the reflective walk does: a hash that skips a
 * field merges distinct states, a false OK. Checked three ways: (1) over whole searches and random
 * walks with crashes, the fast fingerprint and the reflective from-scratch one are in one-to-one
 * correspondence; (2) each explicitly hashed class has exactly the fields its audit list names, so
 * a new field fails here until its hash covers it; (3) changing any primitive or array field of a
 * live monitor changes the explicit hash whenever it changes the reflective one.
 */
class ExplicitShellHashTest {
    private static PaxosExploreModel model(int nodes, int clients, int ops) {
        return new PaxosExploreModel(new PaxosExploreModel.Spec(nodes, clients, ops, "majority", "none", 2, 1));
    }

    /**
     * Whole searches (bfs, every state the search hashes, revisits included): with crashes, two
     * clients, and ExhaustSingleSlotTest's 1-op configuration; the counts are those of a search
     * with the reflective walk alone.
     */
    @Test
    void fastFingerprintPartitionsSearchedStatesAsTheReflectiveWalk() {
        record Config(PaxosExploreModel model, ExploreOptions options) {
        }
        List<Config> configs = List.of(
                new Config(model(1, 1, 1), ExploreOptions.defaults().withMaxTimeouts(1).withFaults(1, 0, 0)),
                new Config(model(2, 2, 2), ExploreOptions.defaults().withMaxTimeouts(1).withFaults(1, 0, 0)
                        .withMaxStates(4_000)),
                new Config(model(3, 1, 1), ExploreOptions.defaults().withFaults(1, 0, 0).withMaxStates(3_000)),
                new Config(new PaxosExploreModel(new PaxosExploreModel.Spec(3, 1, 1, "majority", "none", 2, 1,
                        new PaxosExploreModel.Restrictions(true, 0, 1L))),
                        ExploreOptions.defaults().withMaxTimeouts(1).withFifoLinks(true)));
        for (Config c : configs) {
            StructuralHasher fast = new StructuralHasher(c.model());
            HashPartitions.compareSearches(c.model(), c.options(), fast, fast.reflective(), "the fast fingerprints");
        }
    }

    /**
     * Seeded random walks with crashes, drops and duplicates (two clients, two ops each), the
     * fast hasher caching node parts as in a search: every state of every walk, pooled.
     */
    @Test
    void fastFingerprintPartitionsWalkedStatesAsTheReflectiveWalk() {
        PaxosExploreModel model = model(3, 2, 2);
        ExploreOptions options = ExploreOptions.defaults().withMaxTimeouts(3).withFaults(2, 1, 1);
        StructuralHasher fast = new StructuralHasher(model);
        StructuralHasher reference = fast.reflective();
        HashPartitions.Pairs pairs = new HashPartitions.Pairs("the fast fingerprints");
        int crashes = 0;
        for (long walk = 0; walk < 40; walk++) {
            RandomStream random = RandomStream.derive(walk, "explicit-shell-hash-test");
            World world = new World(model, options);
            world.useStateHasher(fast);
            for (int step = 0; step < 60 && world.violation() == null && !world.enabled().isEmpty(); step++) {
                pairs.add(fast.hash(world), reference.hash(world), "walk " + walk + ", step " + step);
                Action a = random.choice(world.enabled());
                crashes += a instanceof Action.Crash ? 1 : 0;
                world.apply(a);
            }
        }
        assertTrue(pairs.states > 1_500, "states checked: " + pairs.states);
        assertTrue(pairs.referenceOfFast.size() > 1_000, "distinct states: " + pairs.referenceOfFast.size());
        assertTrue(crashes > 20, "crashes: " + crashes);
    }

    /**
     * Every field of every class whose state an explicit hash covers, by name: the hash reads all
     * of them but those marked "-" (left out as the reflective walk leaves them out: see
     * StructuralHasher.EXCLUDED_FIELDS). A field added to one of these classes fails here until
     * the explicit hash covers it (or it is left out of both on purpose) and this list names it.
     */
    private static final Map<String, String> AUDITED = new TreeMap<>(Map.ofEntries(
            Map.entry("io.paxsim.paxos.InvariantMonitor", "phase1Quorum phase2Quorum replicas replies settled chosenSlotsSeen "
                    + "open lastApplied appliedEver maxPromise effectSlot votedBy liveVotes rejectedStale -voteWatch votedValue "
                    + "leaseGrants leaseDriftTolerancePpm maxSlotChosenAt requestSentNanos replyTimes replySlotMax replyCount "
                    + "rejected leases requestArrivedNanos chosenBallotRises highestChoosingBallot clockStepShadowNanos "
                    + "unchecked leaseWatch clockStepShadowUntilNanos ownClockStepShadowUntilNanos violation -observations -partVersions -hashedParts"),
            Map.entry("io.paxsim.paxos.InvariantMonitor$ReplyTally", "promises accepted leading"),
            Map.entry("io.paxsim.paxos.InvariantMonitor$SettledSlots", "segments current through"),
            Map.entry("io.paxsim.paxos.InvariantMonitor$Segment", "base digests states known knownState chosen highestStored"),
            Map.entry("io.paxsim.paxos.InvariantMonitor$OpenSlot", "rounds ballotNodes digests voters entries chosen appliedSeen "
                    + "appliedDigest firstApplier stateSeen stateDigest stateFirstNode"),
            Map.entry("io.paxsim.paxos.InvariantMonitor$ClientEffects", "slotPlusOne sparse"),
            Map.entry("io.paxsim.paxos.InvariantMonitor$ChosenValue", "digest ballot acceptors"),
            Map.entry("io.paxsim.paxos.InvariantMonitor$Lease", "node ballot startNanos endNanos"),
            Map.entry("io.paxsim.paxos.InvariantMonitor$Violation", "invariant nodes slot timeNanos message"),
            Map.entry("io.paxsim.paxos.LeaseWatch", "replicas blockingNeeded leaseNanos marginNanos afterTroubleNanos grantee "
                    + "grantUntilLocal clocksKnown lastTrue lastOffset driftPpm spreadTooWide troubleUntilNanos"),
            Map.entry("io.paxsim.paxos.Ballot", "round node"),
            // SlotMap by its (slot, value) pairs, as the reflective walk reads it: ring layout and counters are no state.
            Map.entry("io.paxsim.paxos.SlotMap", "-ring -lo -hi -size -overwrites -sparse"),
            // The recorder by the chain of what it was handed (recorded): its columns are a function of that chain.
            // recorderShared: copy-on-write bookkeeping of the copier, no state.
            Map.entry("io.paxsim.testbed.explore.ExploreHistory", "-recorder -recorderShared hash step recorded"),
            // The random stream's position only sets delays, which the explorer chooses: left out by both walks.
            Map.entry("io.paxsim.sim.net.Network", "nodeCount links cut clogged lastArrivalNanos linkFreeAtNanos -random"),
            Map.entry("io.paxsim.sim.net.LinkConfig", "latency lossProbability duplicateProbability fifo bandwidthBytesPerSecond "
                    + "lateDuplicateNanos"),
            // Latency models by their stableHash, which reads every component.
            Map.entry("io.paxsim.sim.net.LatencyModel$Constant", "nanos"),
            Map.entry("io.paxsim.sim.net.LatencyModel$Uniform", "minNanos maxNanos"),
            Map.entry("io.paxsim.sim.net.LatencyModel$Exponential", "floorNanos meanExtraNanos"),
            Map.entry("io.paxsim.sim.net.LatencyModel$LogNormal", "floorNanos medianExtraNanos sigma"),
            Map.entry("io.paxsim.sim.FaultPoints", "randomness enabled activationProbability fireProbability active fired delays"),
            // Streams by name (the reflective walk hashes every RandomStream alike).
            Map.entry("io.paxsim.sim.random.Randomness", "rootSeed streams -namesHash"),
            // The fast fingerprint's shell (StructuralHasher.explicitHash), not ExplicitStateHash objects but audited alike:
            // World.countersHash, the in-flight multiset from the scheduler's pending events, the instance's own hash,
            // Simulation.shellStateHash. "-" marks what StructuralHasher.EXCLUDED_FIELDS leaves out of the walk too;
            // instance and sim are hashed on their own, as the walk meets them.
            Map.entry("io.paxsim.sim.explore.World", "-model -options scheduler instance sim -contentHash -stateHasher -history "
                    + "-lastEventNanos -chainsDeferred crashes drops duplicates timeouts -nextDuplicateSeq -depth violation "
                    + "faultsStopped timeoutsMax -nodeHashes -nodeHashesValid -nodeHashesNowNanos -sharedNodes -nodeCopier "
                    + "-nodeOrigins"),
            Map.entry("io.paxsim.sim.explore.ChoiceScheduler", "pending -chosen"),
            // scheduler: the world's own (its events in flight, hashed by the world's part); nowNanos: node parts hash
            // times relative to it, the shell none.
            Map.entry("io.paxsim.sim.Simulation", "-seed -randomness -scheduler network nodes peers -trace observers "
                    + "-observersByKind -logSink faultPoints clogHeld -nowNanos -nextSeq -nextTimerId -nextFsyncId started "
                    + "stopReason -stats"),
            // sim and monitor: the world's simulation and its observer, always these very objects (hashed there);
            // this$0: the model, the same in every state.
            Map.entry("io.paxsim.testbed.explore.PaxosExploreModel$PaxosInstance", "-sim -monitor history goals "
                    + "leaderElections terminalUnknown ballotRoundsMax liveness -this$0")));

    @Test
    void everyFieldOfAnExplicitlyHashedClassIsAudited() {
        HashPartitions.assertEveryFieldListed(AUDITED, "explicitStateHash");
    }

    /** Every object of a world's shell that hashes itself is of an audited class. */
    @Test
    void everyExplicitlyHashedObjectInAWorldIsAudited() {
        World world = new World(model(3, 1, 1), ExploreOptions.defaults());
        int found = 0;
        for (Object o : reachable(world)) {
            if (o instanceof ExplicitStateHash) {
                assertTrue(AUDITED.containsKey(o.getClass().getName()), o.getClass() + " hashes itself but is not audited");
                found++;
            }
        }
        assertTrue(found >= 4, "explicitly hashed objects found: " + found);
    }

    /**
     * Mutation audit along walks: bumping any primitive field, or the first entry of an array field,
     * of a shell object that hashes itself (monitor, network, fault points, client history) or of an
     * object inside it changes its explicit hash whenever it changes the reflective fingerprint (a
     * field the explicit hash forgot would not). Not inside the history's recorder, which the
     * history hashes by what it was handed, nor SlotMap, hashed through its pairs.
     */
    @Test
    void changingAnyShellFieldChangesTheExplicitHash() throws IllegalAccessException {
        PaxosExploreModel model = model(3, 2, 2);
        ExploreOptions options = ExploreOptions.defaults().withMaxTimeouts(2).withFaults(1, 0, 0);
        StructuralHasher reference = new StructuralHasher(model).reflective();
        IGNORED.clear();
        int mutations = 0;
        for (long walk = 0; walk < 3; walk++) {
            RandomStream random = RandomStream.derive(walk, "explicit-shell-mutation-test");
            World world = new World(model, options);
            for (int step = 0; step < 40 && world.violation() == null && !world.enabled().isEmpty(); step++) {
                world.apply(random.choice(world.enabled()));
                if (step % 8 != 7) {
                    continue;
                }
                for (Object shell : reachable(world)) {
                    if (!(shell instanceof ExplicitStateHash explicit) || shell == world.instance()) {
                        continue; // the instance reaches the whole world: changingAnyWorldFieldChangesTheFingerprint
                    }
                    for (Object o : reachable(shell)) {
                        String name = o.getClass().getName();
                        if (name.startsWith("io.paxsim.") && !name.startsWith("io.paxsim.history.") && !o.getClass().isRecord()
                                && !name.equals("io.paxsim.paxos.SlotMap")) {
                            mutations += mutateEachField(world, explicit, o, reference);
                        }
                    }
                }
            }
        }
        assertEquals(new TreeSet<String>(), IGNORED, "the explicit hashes ignore these changes the reflective walk sees");
        assertTrue(mutations > 400, "mutations checked: " + mutations);
    }

    /**
     * Mutation audit of the fast fingerprint's own shell (the world, its scheduler, the simulation,
     * the model's instance), along walks: changing any primitive, string, array entry, container
     * entry or record-valued field of these objects changes the fast fingerprint (no cached node
     * parts) exactly when it changes the reflective one, both ways. A field the shell's explicit
     * hash forgot fails the first; one it reads that the walk leaves out, the second.
     */
    @Test
    void changingAnyWorldFieldChangesTheFingerprint() throws IllegalAccessException {
        PaxosExploreModel model = model(3, 2, 2);
        ExploreOptions options = ExploreOptions.defaults().withMaxTimeouts(2).withFaults(1, 1, 1).withFifoLinks(true);
        StructuralHasher fast = new StructuralHasher(model).uncached();
        StructuralHasher reference = fast.reflective();
        TreeSet<String> ignored = new TreeSet<>();
        TreeSet<String> extra = new TreeSet<>();
        int mutations = 0;
        for (long walk = 0; walk < 4; walk++) {
            RandomStream random = RandomStream.derive(walk, "explicit-world-mutation-test");
            World world = new World(model, options);
            for (int step = 0; step < 40 && world.violation() == null && !world.enabled().isEmpty(); step++) {
                world.apply(random.choice(world.enabled()));
                if (step % 6 != 5) {
                    continue;
                }
                for (Object o : new Object[] {world, read(world, "scheduler"), world.simulation(), world.instance()}) {
                    mutations += mutateShellFields(world, o, fast, reference, ignored, extra);
                }
            }
        }
        assertEquals(new TreeSet<String>(), ignored, "the fast fingerprint ignores these changes the reflective walk sees");
        assertEquals(new TreeSet<String>(), extra, "the fast fingerprint sees these changes the reflective walk ignores");
        assertTrue(mutations > 300, "mutations checked: " + mutations);
    }

    private static Object read(Object o, String field) throws IllegalAccessException {
        for (Class<?> c = o.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(field)) {
                    f.setAccessible(true);
                    return f.get(o);
                }
            }
        }
        throw new AssertionError(o.getClass() + " has no field " + field);
    }

    /** Each field of {@code o} changed in turn (see {@link #changingAnyWorldFieldChangesTheFingerprint}), compared, restored. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int mutateShellFields(World world, Object o, StructuralHasher fast, StructuralHasher reference,
                                         TreeSet<String> ignored, TreeSet<String> extra) throws IllegalAccessException {
        int n = 0;
        for (Class<?> c = o.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                Object value = f.get(o);
                String what = o.getClass().getName() + "." + f.getName();
                if (f.getType() == long.class || f.getType() == int.class || f.getType() == boolean.class) {
                    n += compareFingerprints(world, fast, reference, what, ignored, extra,
                            () -> ObjectGraphs.bump(f, o, 1), () -> ObjectGraphs.bump(f, o, -1));
                } else if (f.getType() == String.class) {
                    n += compareFingerprints(world, fast, reference, what, ignored, extra,
                            () -> ObjectGraphs.set(f, o, value + "!"), () -> ObjectGraphs.set(f, o, value));
                } else if (value instanceof long[] a && a.length > 0) {
                    n += compareFingerprints(world, fast, reference, what + "[0]", ignored, extra, () -> a[0]++, () -> a[0]--);
                } else if (value instanceof int[] a && a.length > 0) {
                    n += compareFingerprints(world, fast, reference, what + "[0]", ignored, extra, () -> a[0]++, () -> a[0]--);
                } else if (value instanceof Map m && !m.isEmpty()) {
                    Map.Entry first = (Map.Entry) m.entrySet().iterator().next();
                    Object k = first.getKey();
                    Object v = first.getValue();
                    n += compareFingerprints(world, fast, reference, what + " less an entry", ignored, extra,
                            () -> m.remove(k), () -> m.put(k, v));
                } else if (value instanceof List l && !l.isEmpty()) {
                    Object x = l.get(0);
                    n += compareFingerprints(world, fast, reference, what + " less an element", ignored, extra,
                            () -> l.remove(0), () -> l.add(0, x));
                } else if (value != null && value.getClass().isRecord() && !(value instanceof ExploreOptions)) {
                    // (the options configure the search: hashing reads them, no state holds them)
                    n += compareFingerprints(world, fast, reference, what + " = null", ignored, extra,
                            () -> ObjectGraphs.set(f, o, null), () -> ObjectGraphs.set(f, o, value));
                }
            }
        }
        return n;
    }

    private static int compareFingerprints(World world, StructuralHasher fast, StructuralHasher reference, String what,
                                           TreeSet<String> ignored, TreeSet<String> extra, Runnable change, Runnable undo) {
        long fastBefore = fast.hash(world);
        long referenceBefore = reference.hash(world);
        change.run();
        try {
            boolean referenceChanged = reference.hash(world) != referenceBefore;
            boolean fastChanged = fast.hash(world) != fastBefore;
            if (referenceChanged && !fastChanged) {
                ignored.add(what);
            } else if (fastChanged && !referenceChanged) {
                extra.add(what);
            }
        } finally {
            undo.run();
        }
        assertEquals(fastBefore, fast.hash(world), () -> "restoring " + what);
        return 1;
    }

    /** Bumps each primitive field and each array entry of {@code o} in turn, compares, restores. */
    private static int mutateEachField(World world, ExplicitStateHash monitor, Object o, StructuralHasher reference)
            throws IllegalAccessException {
        int n = 0;
        for (Class<?> c = o.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("observations")) {
                    continue;
                }
                f.setAccessible(true);
                Object value = f.get(o);
                if (f.getType() == long.class || f.getType() == int.class || f.getType() == boolean.class) {
                    n += compare(world, monitor, reference, o.getClass().getName() + "." + f.getName(),
                            () -> ObjectGraphs.bump(f, o, 1), () -> ObjectGraphs.bump(f, o, -1));
                } else if (value instanceof long[] a && a.length > 0) {
                    n += compare(world, monitor, reference, o.getClass().getName() + "." + f.getName() + "[0]",
                            () -> a[0]++, () -> a[0]--);
                } else if (value instanceof int[] a && a.length > 0) {
                    n += compare(world, monitor, reference, o.getClass().getName() + "." + f.getName() + "[0]",
                            () -> a[0]++, () -> a[0]--);
                } else if (value != null && !f.getType().isPrimitive()) {
                    n += mutateReference(world, monitor, reference, o, f, value);
                }
            }
        }
        return n;
    }

    /**
     * A container field loses its first entry (put back after); a BitSet its bit 0 flips; a record
     * (a value, e.g. a ballot) becomes null. Immutable containers are left alone.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int mutateReference(World world, ExplicitStateHash monitor, StructuralHasher reference, Object o,
                                       Field f, Object value) throws IllegalAccessException {
        String what = o.getClass().getName() + "." + f.getName();
        try {
            if (value instanceof Map m && !m.isEmpty()) {
                Map.Entry first = (Map.Entry) m.entrySet().iterator().next();
                Object k = first.getKey();
                Object v = first.getValue();
                return compare(world, monitor, reference, what + " less an entry", () -> m.remove(k), () -> m.put(k, v));
            } else if (value instanceof List l && !l.isEmpty()) {
                Object x = l.get(0);
                return compare(world, monitor, reference, what + " less an element", () -> l.remove(0), () -> l.add(0, x));
            } else if (value instanceof Collection c && !c.isEmpty()) {
                Object x = c.iterator().next();
                return compare(world, monitor, reference, what + " less a member", () -> c.remove(x), () -> c.add(x));
            } else if (value instanceof java.util.BitSet b) {
                return compare(world, monitor, reference, what + " bit 0", () -> b.flip(0), () -> b.flip(0));
            } else if (value.getClass().isRecord()) {
                return compare(world, monitor, reference, what + " = null", () -> ObjectGraphs.set(f, o, null),
                        () -> ObjectGraphs.set(f, o, value));
            }
        } catch (UnsupportedOperationException e) {
            // an immutable container: no action changes it either
        }
        return 0;
    }

    /** Mutations the reflective walk saw and the explicit hash did not. */
    private static final TreeSet<String> IGNORED = new TreeSet<>();

    private static int compare(World world, ExplicitStateHash monitor, StructuralHasher reference, String what,
                               Runnable change, Runnable undo) {
        long explicitBefore = monitor.uncachedStateHash();
        long referenceBefore = reference.hash(world);
        change.run();
        try {
            if (reference.hash(world) != referenceBefore && monitor.uncachedStateHash() == explicitBefore) {
                IGNORED.add(what);
            }
        } finally {
            undo.run();
        }
        assertEquals(explicitBefore, monitor.uncachedStateHash(), () -> "restoring " + what);
        return 1;
    }

    private static Collection<Object> reachable(Object root) {
        return ObjectGraphs.projectObjects(root, o -> false).keySet();
    }
}
