package io.paxsim.testbed.explore;

import io.paxsim.sim.NodeStateHash;
import io.paxsim.sim.explore.Action;
import io.paxsim.sim.explore.ExploreOptions;
import io.paxsim.sim.explore.StateHasher;
import io.paxsim.sim.explore.World;
import io.paxsim.sim.random.RandomStream;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node parts that hash themselves ({@link NodeStateHash}: the node's runtime and context, its
 * disk, the replica and what it holds, the explored client) must partition states exactly as the
 * reflective walk does: a hash that skips a field that matters merges distinct states, a false OK;
 * one that reads a field the walk leaves out splits states and changes the counts. Checked as
 * ExplicitShellHashTest checks the shell: (1) over whole searches (slow disks, crashes, fifo links,
 * symmetry) and seeded walks, renamed fingerprints included, explicit and reflective fingerprints are
 * in one-to-one correspondence; (2) each explicitly hashed class has exactly the fields its audit
 * list names; (3) changing any field of any object of a live node's state changes the explicit
 * fingerprint whenever it changes the reflective one.
 */
class ExplicitNodeHashTest {
    private static PaxosExploreModel model(int nodes, int clients, int ops) {
        return new PaxosExploreModel(new PaxosExploreModel.Spec(nodes, clients, ops, "majority", "none", 2, 1));
    }

    private record Config(PaxosExploreModel model, ExploreOptions options) {
    }

    /**
     * Whole searches (bfs, every state hashed, revisits included) with node parts hashed
     * explicitly and, as reference, walked field by field (the shell hashed the same way in both):
     * slow disks (pending writes, torn and lost at crashes), fsyncs at once, fifo links, two clients.
     */
    @Test
    void explicitNodeHashesPartitionSearchedStatesAsTheReflectiveWalk() {
        PaxosExploreModel.Restrictions atOnce = new PaxosExploreModel.Restrictions(true, 0, 1L);
        List<Config> configs = List.of(
                new Config(model(3, 1, 1), ExploreOptions.defaults().withFaults(1, 0, 0).withMaxStates(4_000)),
                new Config(model(2, 2, 2), ExploreOptions.defaults().withMaxTimeouts(1).withFaults(1, 1, 1)
                        .withMaxStates(4_000)),
                new Config(new PaxosExploreModel(new PaxosExploreModel.Spec(3, 1, 2, "majority", "none", 2, 1, atOnce)),
                        ExploreOptions.defaults().withMaxTimeouts(1).withFaults(1, 0, 0).withFifoLinks(true)
                                .withMaxStates(6_000)));
        for (Config c : configs) {
            StructuralHasher fast = new StructuralHasher(c.model());
            compareSearches(c, fast, fast.reflectiveNodes());
        }
    }

    /**
     * Symmetry reduction over explicit node parts (renamed through {@link NodeStateHash.Hashing})
     * against symmetry over the reflective walk: same counts, same partition.
     */
    @Test
    void symmetryOverExplicitNodeHashesPartitionsAsOverTheReflectiveWalk() {
        PaxosExploreModel.Restrictions restrictions = new PaxosExploreModel.Restrictions(true, 0, 1L);
        // (clients, ops, crashes, ticks): the last re-elects, so promises carry accepted values (shared batch lists).
        for (int[] c : new int[][] {{1, 1, 0, 1}, {1, 1, 1, 1}, {0, 0, 0, 2}}) {
            PaxosExploreModel model = new PaxosExploreModel(new PaxosExploreModel.Spec(3, c[0], c[1], "majority", "none", 2, 1,
                    restrictions));
            ExploreOptions options = ExploreOptions.defaults().withMaxTimeouts(c[3]).withFaults(c[2], 0, 0)
                    .withFifoLinks(true).withMaxStates(c[3] > 1 ? 12_000 : 5_000)
                    .withSleepSets(false); // symmetry switches them off
            StructuralHasher fast = new StructuralHasher(model);
            ReplicaSymmetry explicit = ReplicaSymmetry.of(fast, model.spec());
            ReplicaSymmetry reference = ReplicaSymmetry.of(fast.reflective(), model.spec());
            assertTrue(!explicit.permutations().isEmpty(), "no permutation to check");
            compareSearches(new Config(model, options), explicit, reference);
        }
    }

    private static void compareSearches(Config c, StateHasher fast, StateHasher reference) {
        HashPartitions.compareSearches(c.model(), c.options(), fast, reference, "the explicit node hashes");
    }

    /**
     * Seeded random walks with crashes, drops, duplicates and slow disks: every state of every
     * walk, the explicit hasher caching node parts as in a search, and every state renamed by a
     * permutation of two replicas (node parts renamed by the explicit hashes vs the walk), pooled
     * with the same states unrenamed: a renamed state the walks also reach must hash alike both ways.
     */
    @Test
    void explicitNodeHashesPartitionWalkedStatesAsTheReflectiveWalk() {
        PaxosExploreModel model = model(3, 2, 2);
        ExploreOptions options = ExploreOptions.defaults().withMaxTimeouts(3).withFaults(2, 1, 1);
        StructuralHasher fast = new StructuralHasher(model);
        StructuralHasher reference = fast.reflective();
        StructuralHasher renamedFast = fast.uncached();
        HashPartitions.Pairs pairs = new HashPartitions.Pairs("the explicit node hashes");
        HashPartitions.Pairs renamedPairs = new HashPartitions.Pairs("the explicit node hashes");
        int[] swap = {0, 2, 1, 3, 4}; // replicas 1 and 2 trade ids (a renaming that moves a ballot's node throws)
        int crashes = 0;
        int renamed = 0;
        for (long walk = 0; walk < 40; walk++) {
            RandomStream random = RandomStream.derive(walk, "explicit-node-hash-test");
            World world = new World(model, options);
            world.useStateHasher(fast);
            for (int step = 0; step < 60 && world.violation() == null && !world.enabled().isEmpty(); step++) {
                pairs.add(fast.hash(world), reference.hash(world), "walk " + walk + ", step " + step);
                renamedPairs.add(renamedFast.hash(world, null), reference.hash(world, null), "walk " + walk + ", step "
                        + step + ", as is");
                Long r = renamedOrNull(reference, world, swap);
                if (r != null) {
                    renamedPairs.add(renamedFast.hash(world, swap), r, "walk " + walk + ", step " + step + ", renamed");
                    renamed++;
                }
                Action a = random.choice(world.enabled());
                crashes += a instanceof Action.Crash ? 1 : 0;
                world.apply(a);
            }
        }
        assertTrue(pairs.states > 1_500, "states checked: " + pairs.states);
        assertTrue(pairs.referenceOfFast.size() > 1_000, "distinct states: " + pairs.referenceOfFast.size());
        assertTrue(renamed > 200, "renamed states checked: " + renamed);
        assertTrue(crashes > 20, "crashes: " + crashes);
    }

    /** The reference's renamed fingerprint, or null where the renaming is no symmetry (a ballot names a moved replica). */
    private static Long renamedOrNull(StructuralHasher reference, World world, int[] perm) {
        try {
            return reference.hash(world, perm);
        } catch (IllegalStateException e) {
            if (e.getMessage() != null && e.getMessage().contains("explore symmetry: replica")) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Every field of every class a node part's explicit hash covers (its own, or inline in its
     * owner's, as PaxosReplica's InFlight), by name: the hash reads all of them but those marked "-"
     * (left out as the reflective walk leaves them out: see StructuralHasher.EXCLUDED_FIELDS). A
     * field added to one of these classes fails here until the hash covers it (or it is left out of
     * both on purpose) and this list names it.
     */
    private static final Map<String, String> AUDITED = new TreeMap<>(Map.ofEntries(
            // The factory is behaviour, the clock has no drift while exploring, the random stream only sets
            // delays (the explorer's choice), the incarnation is a counter; timers by name and deadline.
            Map.entry("io.paxsim.sim.Simulation$NodeRuntime", "id -factory disk -clock -random timers held status "
                    + "-incarnation node context"),
            Map.entry("io.paxsim.sim.Simulation$TimerEntry", "timer localDeadlineNanos -generation"),
            Map.entry("io.paxsim.sim.Simulation$NodeContext", "r -incarnation -this$0"),
            // The lookup cache (last/previous) by the names it holds; op sequence numbers by rank.
            // A lazy platter (never the explorer's) is representation: each file's durable contents are hashed as
            // the eager platter would hold them, and the flag is left out.
            Map.entry("io.paxsim.sim.disk.SimDisk", "files -random config fsyncErrorLosesWrites -opSequence cachedBytes "
                    + "pendingDeletes lastName lastState previousName previousState -lazyPlatter"),
            Map.entry("io.paxsim.sim.disk.SimDisk$FileState", "durable cache pending latentSectors misdirectNext lazy"),
            // Bytes up to the length, from the pages or a whole file's array (never the explorer's: a lazy
            // platter's disk keeps one): which pages are borrowed (copy-on-write) is layout.
            Map.entry("io.paxsim.sim.disk.SimDisk$Contents", "pages -borrowed length exists whole"),
            Map.entry("io.paxsim.sim.disk.SimDisk$PendingOp", "sequence kind offset data"),
            Map.entry("io.paxsim.sim.disk.DiskConfig", "fsyncLatencyMinNanos fsyncLatencyMaxNanos capacityBytes "
                    + "crashLoseUnsyncedProbability crashTearProbability fsyncFailProbability misdirectedWriteProbability"),
            Map.entry("io.paxsim.paxos.PaxosReplica", "config self clusterSize ctx wal snapshots promised accepted "
                    + "damagedSlots repairedVotes amnesiac halted leaseGrantUntilLocalNanos leaseGrantee "
                    + "forgottenGrantUntilLocalNanos role ballot highestRound promises phase1FromSlot nextSlot inFlight queue "
                    + "queuedSequence openingNoopSlot answeredLocalNanos clientReturnEstimateNanos proposeDuePending "
                    + "readsReady heartbeatSequence lastProposedLocalNanos confirmedHeartbeat ackedHeartbeat "
                    + "heartbeatSentLocalNanos pendingReads ownVotes leaseUntilLocalNanos lastAckLocalNanos preVoteBallot "
                    + "preVoteGrants stateMachine chosen chosenPrefix appliedIndex snapshotSlot lastSnapshotBytes "
                    + "walBytesAtSnapshot walFloor leaderBallot leaderCommitKnown learnedBallot learnedThrough lateVotes "
                    + "electionDeadlineLocalNanos catchUpRequestedLocalNanos catchUpRetryNanos leaderContactLocalNanos "
                    + "awaitingReply applyPending tickTimer tickDueLocalNanos"),
            Map.entry("io.paxsim.paxos.PaxosReplica$InFlight", "value proposedLocalNanos acks"),
            Map.entry("io.paxsim.paxos.PaxosReplica$PendingRead", "clientId sequence command clientNode readIndex "
                    + "requiredHeartbeat leasedAtArrival"),
            Map.entry("io.paxsim.paxos.PaxosReplica$Awaiting", "sequence clientNode"),
            Map.entry("io.paxsim.paxos.PaxosConfig", "clusterSize phase1Quorum phase2Quorum allowNonIntersectingQuorums "
                    + "batchSize pipelineWindow proposeEagerly readMode leaseNanos leaseDriftMarginNanos "
                    + "heartbeatIntervalNanos electionTimeoutNanos snapshotIntervalSlots mutants"),
            Map.entry("io.paxsim.paxos.Wal", "disk superblockSequence inFlightSuperblock durableClaim generation files "
                    + "fileList obsoleteGeneration endOffset recordsSinceCompaction bytesAppended durableOffset unsynced "
                    + "dirty waiting unvouched inFlight"),
            Map.entry("io.paxsim.paxos.Wal$InFlightSync", "requestId done files generation coversOffset superblockClaim "
                    + "effects vouched"),
            Map.entry("io.paxsim.paxos.SnapshotStore", "latest inProgress queued nextFile requestId durableSlots "
                    + "trustedBadChecksums recoveredState"),
            // By its (slot, value) pairs, as the reflective walk reads it: the overwrite counter is no state.
            Map.entry("io.paxsim.paxos.SlotMap", "ring lo hi size -overwrites sparse"),
            Map.entry("io.paxsim.paxos.Ballot", "round node"),
            Map.entry("io.paxsim.paxos.Batch", "commands digest sizeBytes"),
            Map.entry("io.paxsim.paxos.ClientCommand", "clientId sequence command"),
            Map.entry("io.paxsim.paxos.PaxosMessage$AcceptedEntry", "slot ballot value"),
            // Messages (in flight, in WAL effects, in promises) and a client's send timer, by every component.
            Map.entry("io.paxsim.paxos.PaxosMessage$ChosenEntry", "slot value"),
            Map.entry("io.paxsim.paxos.PaxosMessage$Prepare", "ballot fromSlot"),
            Map.entry("io.paxsim.paxos.PaxosMessage$Accept", "ballot slot value commitIndex"),
            Map.entry("io.paxsim.paxos.PaxosMessage$Heartbeat", "ballot commitIndex sequence"),
            Map.entry("io.paxsim.paxos.PaxosMessage$PreVote", "ballot"),
            Map.entry("io.paxsim.paxos.PaxosMessage$Forward", "clientNode request"),
            Map.entry("io.paxsim.paxos.PaxosMessage$PreVoteReply", "ballot voter granted"),
            Map.entry("io.paxsim.paxos.PaxosMessage$Promise", "ballot acceptor fromSlot accepted compactedThrough chosen"),
            Map.entry("io.paxsim.paxos.PaxosMessage$Accepted", "ballot acceptor slot"),
            Map.entry("io.paxsim.paxos.PaxosMessage$Nack", "rejected promised"),
            Map.entry("io.paxsim.paxos.PaxosMessage$HeartbeatAck", "ballot acceptor sequence"),
            Map.entry("io.paxsim.paxos.PaxosMessage$CatchUpRequest", "fromSlot"),
            Map.entry("io.paxsim.paxos.PaxosMessage$CatchUpReply", "entries snapshot"),
            Map.entry("io.paxsim.paxos.api.ClientMessage$Request", "clientId sequence command"),
            Map.entry("io.paxsim.paxos.api.ClientMessage$Reply", "clientId sequence result"),
            Map.entry("io.paxsim.paxos.api.ClientMessage$NotLeader", "clientId sequence leaderHint"),
            Map.entry("io.paxsim.testbed.explore.ExploreClient$Send", "replica"),
            Map.entry("io.paxsim.testbed.explore.ExploreClient$Retry", "replica"),
            // The history is the model instance's ghost state, hashed once outside every node (here by presence).
            Map.entry("io.paxsim.testbed.explore.ExploreClient", "replicas target ops history sendTimers retryTimers ctx nextOp "
                    + "outstanding redirectsLeft")));

    @Test
    void everyFieldOfAnExplicitlyHashedNodeClassIsAudited() {
        HashPartitions.assertEveryFieldListed(AUDITED, "nodeStateHash");
    }

    /**
     * The shell objects renamed walks take explicit hashes of (StructuralHasher.ID_FREE_SHELL: the
     * client history, fault points) hold no node id: no object reachable from them, in a world with
     * clients that were answered and a crash, has a field marked {@link io.paxsim.sim.NodeIds}.
     */
    @Test
    void shellObjectsSymmetryHashesExplicitlyHoldNoNodeIds() {
        PaxosExploreModel model = model(3, 2, 2);
        World world = new World(model, ExploreOptions.defaults().withFaults(1, 0, 0));
        RandomStream random = RandomStream.derive(3, "id-free-shell");
        for (int step = 0; step < 40 && world.violation() == null && !world.enabled().isEmpty(); step++) {
            world.apply(random.choice(world.enabled()));
        }
        Set<String> roots = Set.of("io.paxsim.testbed.explore.ExploreHistory", "io.paxsim.sim.FaultPoints");
        Set<String> found = new TreeSet<>();
        for (Object root : ObjectGraphs.projectObjects(world, o -> false).keySet()) {
            if (!roots.contains(root.getClass().getName())) {
                continue;
            }
            found.add(root.getClass().getName());
            for (Object o : ObjectGraphs.projectObjects(root, o -> false).keySet()) {
                for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                    for (Field f : c.getDeclaredFields()) {
                        assertTrue(!f.isAnnotationPresent(io.paxsim.sim.NodeIds.class), () -> f + " holds node ids, "
                                + "reachable from " + root.getClass().getName() + ": take it out of ID_FREE_SHELL");
                    }
                }
            }
        }
        assertEquals(roots, found);
    }

    /** Every message kind hashes itself (the sealed interfaces extend NodeStateHash) and is audited. */
    @Test
    void everyMessageKindIsAudited() {
        for (Class<?> sealed : List.of(io.paxsim.paxos.PaxosMessage.class, io.paxsim.paxos.api.ClientMessage.class)) {
            for (Class<?> kind : sealed.getPermittedSubclasses()) {
                assertTrue(AUDITED.containsKey(kind.getName()), kind + " is not audited");
            }
        }
    }

    /** Every object of a world that hashes itself as a node part is of an audited class, and there are many. */
    @Test
    void everyExplicitlyHashedNodeObjectInAWorldIsAudited() {
        PaxosExploreModel model = model(3, 1, 1);
        World world = new World(model, ExploreOptions.defaults().withFaults(1, 0, 0));
        RandomStream random = RandomStream.derive(7, "explicit-node-audit");
        for (int step = 0; step < 12 && !world.enabled().isEmpty(); step++) {
            world.apply(random.choice(world.enabled()));
        }
        Set<String> found = new TreeSet<>();
        for (Object o : ObjectGraphs.projectObjects(world, o -> false).keySet()) {
            if (o instanceof NodeStateHash) {
                assertTrue(AUDITED.containsKey(o.getClass().getName()), o.getClass() + " hashes itself but is not audited");
                found.add(o.getClass().getName());
            }
        }
        assertTrue(found.size() >= 10, "explicitly hashed node classes found: " + found);
    }

    /**
     * Mutation audit along walks with slow disks and crashes: every field of every object of a
     * node's state (runtime, disk and its files, replica, WAL, snapshot store, state machine, slot
     * maps, client) is changed in turn (a primitive bumped, an array's first entry bumped or cleared,
     * a container's first entry removed, a slot map's pairs extended, a reference nulled), and the
     * explicit fingerprint must change whenever the reflective one does.
     */
    @Test
    void changingAnyNodeFieldChangesTheExplicitHash() throws ReflectiveOperationException {
        PaxosExploreModel model = model(3, 2, 2);
        ExploreOptions options = ExploreOptions.defaults().withMaxTimeouts(2).withFaults(1, 0, 0);
        StructuralHasher explicit = new StructuralHasher(model).uncached();
        StructuralHasher reference = explicit.reflective();
        Audit audit = new Audit(explicit, reference);
        for (long walk = 0; walk < 4; walk++) {
            RandomStream random = RandomStream.derive(walk, "explicit-node-mutation-test");
            World world = new World(model, options);
            for (int step = 0; step < 48 && world.violation() == null && !world.enabled().isEmpty(); step++) {
                world.apply(random.choice(world.enabled()));
                if (step % 8 != 7) {
                    continue;
                }
                audit.world = world;
                for (Object o : nodeObjects(world)) {
                    audit.mutateEachField(o);
                }
            }
        }
        assertEquals(new TreeSet<String>(), audit.ignored, "the explicit node hashes ignore these changes the reflective "
                + "walk sees");
        assertTrue(audit.mutations > 1_000, "mutations checked: " + audit.mutations);
        for (String c : List.of("PaxosReplica", "Wal", "SimDisk$FileState", "SimDisk$PendingOp", "SlotMap",
                "SnapshotStore", "ExploreClient", "Simulation$NodeRuntime")) {
            assertTrue(audit.detectedIn.contains(c), "no detected change in " + c + " (" + audit.detectedIn + ")");
        }
    }

    /** The objects of every node's state: reachable from the runtimes, not into the world or the shared history. */
    private static Collection<Object> nodeObjects(World world) throws ReflectiveOperationException {
        Object sim = world.simulation();
        Field nodes = sim.getClass().getDeclaredField("nodes");
        nodes.setAccessible(true);
        List<Object> out = new ArrayList<>();
        IdentityHashMap<Object, Boolean> all = new IdentityHashMap<>();
        for (Object runtime : (Object[]) nodes.get(sim)) {
            all.putAll(ObjectGraphs.projectObjects(runtime, o -> {
                String n = o.getClass().getName();
                return n.equals("io.paxsim.sim.Simulation$NodeContext") || n.equals("io.paxsim.testbed.explore.ExploreHistory")
                        || n.startsWith("io.paxsim.sim.random.") || n.startsWith("io.paxsim.sim.NodeClock")
                        || o.getClass().isHidden() || o.getClass().isSynthetic();
            }));
        }
        for (Object o : all.keySet()) {
            String n = o.getClass().getName();
            if (n.startsWith("io.paxsim.") && !o.getClass().isRecord() && !o.getClass().isEnum()
                    && !n.equals("io.paxsim.sim.Simulation$NodeContext") && !n.equals("io.paxsim.testbed.explore.ExploreHistory")
                    && !n.startsWith("io.paxsim.sim.random.") && !n.contains("NodeClock") && !o.getClass().isHidden()
                    && !o.getClass().isSynthetic()) {
                out.add(o);
            }
        }
        return out;
    }

    /** Mutates fields one at a time and records those whose change only the reflective walk sees. */
    private static final class Audit {
        final StructuralHasher explicit;
        final StructuralHasher reference;
        final TreeSet<String> ignored = new TreeSet<>();
        final Set<String> detectedIn = new TreeSet<>();
        World world;
        int mutations;

        Audit(StructuralHasher explicit, StructuralHasher reference) {
            this.explicit = explicit;
            this.reference = reference;
        }

        void mutateEachField(Object o) throws ReflectiveOperationException {
            if (o.getClass().getName().equals("io.paxsim.paxos.SlotMap")) {
                mutateSlotMap(o);
                return;
            }
            for (Class<?> c = o.getClass(); c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers())) {
                        continue;
                    }
                    f.setAccessible(true);
                    mutateField(o, f);
                }
            }
        }

        private void mutateField(Object o, Field f) throws IllegalAccessException {
            String what = o.getClass().getName() + "." + f.getName();
            Object value = f.get(o);
            Class<?> t = f.getType();
            if (t == long.class || t == int.class || t == boolean.class) {
                compare(o, what, () -> ObjectGraphs.bump(f, o, 1), () -> ObjectGraphs.bump(f, o, -1));
            } else if (value instanceof long[] a && a.length > 0) {
                compare(o, what + "[0]", () -> a[0]++, () -> a[0]--);
            } else if (value instanceof int[] a && a.length > 0) {
                compare(o, what + "[0]", () -> a[0]++, () -> a[0]--);
            } else if (value instanceof boolean[] a && a.length > 0) {
                compare(o, what + "[0]", () -> a[0] = !a[0], () -> a[0] = !a[0]);
            } else if (value instanceof byte[] a && a.length > 0) {
                compare(o, what + "[0]", () -> a[0]++, () -> a[0]--);
            } else if (value instanceof byte[][] pages && pages.length > 0 && pages[0] != null) {
                compare(o, what + "[0][0]", () -> pages[0][0]++, () -> pages[0][0]--);
            } else if (value instanceof Object[] a && a.length > 0 && a[0] != null) {
                Object first = a[0];
                compare(o, what + "[0] = null", () -> a[0] = null, () -> a[0] = first);
            } else if (value != null && !t.isPrimitive()) {
                mutateReference(o, f, value, what);
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private void mutateReference(Object o, Field f, Object value, String what) {
            try {
                if (value instanceof Map m && !m.isEmpty()) {
                    Map.Entry first = (Map.Entry) m.entrySet().iterator().next();
                    Object k = first.getKey();
                    Object v = first.getValue();
                    compare(o, what + " less an entry", () -> m.remove(k), () -> m.put(k, v));
                } else if (value instanceof List l && !l.isEmpty()) {
                    Object x = l.get(0);
                    compare(o, what + " less an element", () -> l.remove(0), () -> l.add(0, x));
                } else if (value instanceof java.util.Deque d && !d.isEmpty()) {
                    Object x = d.peekFirst();
                    compare(o, what + " less its head", d::pollFirst, () -> d.addFirst(x));
                } else if (value instanceof Collection c && !c.isEmpty()) {
                    Object x = c.iterator().next();
                    compare(o, what + " less a member", () -> c.remove(x), () -> c.add(x));
                }
            } catch (UnsupportedOperationException e) {
                // an immutable container: no action changes it either
            }
            // Any reference becomes null (a record, a sub-object, a container, a context).
            compare(o, what + " = null", () -> ObjectGraphs.set(f, o, null), () -> ObjectGraphs.set(f, o, value));
        }

        /** A slot map gains a pair past its last slot (a copy of its first value), removed after. */
        private void mutateSlotMap(Object map) throws ReflectiveOperationException {
            Method isEmpty = declared(map, "isEmpty");
            if ((Boolean) isEmpty.invoke(map)) {
                return;
            }
            Method lastKey = declared(map, "lastKey");
            Method get = map.getClass().getDeclaredMethod("get", long.class);
            Method put = map.getClass().getDeclaredMethod("put", long.class, Object.class);
            Method removeAfter = map.getClass().getDeclaredMethod("removeAfter", long.class);
            get.setAccessible(true);
            put.setAccessible(true);
            removeAfter.setAccessible(true);
            long last = (Long) lastKey.invoke(map);
            Object value = get.invoke(map, last);
            compare(map, "io.paxsim.paxos.SlotMap gains a pair", () -> invoke(put, map, last + 1, value),
                    () -> invoke(removeAfter, map, last));
        }

        private static Method declared(Object o, String name) throws NoSuchMethodException {
            Method m = o.getClass().getDeclaredMethod(name);
            m.setAccessible(true);
            return m;
        }

        private static void invoke(Method m, Object o, Object... args) {
            try {
                m.invoke(o, args);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }

        private void compare(Object owner, String what, Runnable change, Runnable undo) {
            long explicitBefore = explicit.hash(world);
            long referenceBefore = reference.hash(world);
            change.run();
            try {
                long referenceAfter;
                try {
                    referenceAfter = reference.hash(world);
                } catch (RuntimeException e) {
                    return; // a state the walk cannot read (e.g. a null the code never stores): nothing to compare
                }
                mutations++;
                if (referenceAfter == referenceBefore) {
                    return;
                }
                boolean seen;
                try {
                    seen = explicit.hash(world) != explicitBefore;
                } catch (RuntimeException e) {
                    seen = true; // the explicit hash notices (it fails): not a silently ignored change
                }
                if (seen) {
                    String name = owner.getClass().getName();
                    detectedIn.add(name.substring(name.lastIndexOf('.') + 1));
                } else {
                    ignored.add(what);
                }
            } finally {
                undo.run();
                assertEquals(explicitBefore, explicit.hash(world), () -> "restoring " + what);
            }
        }
    }
}
