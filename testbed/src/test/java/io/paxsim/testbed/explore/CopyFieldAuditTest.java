package io.paxsim.testbed.explore;

import io.paxsim.sim.Copyable;
import io.paxsim.sim.explore.Action;
import io.paxsim.sim.explore.ExploreOptions;
import io.paxsim.sim.explore.World;
import io.paxsim.sim.random.RandomStream;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every class whose objects an explored world holds and that copies itself explicitly (a
 * {@link Copyable}, or a helper one of them copies field by field) is listed here with the fields
 * its copy handles. A class that gains (or loses) a field fails here until someone copies the new
 * field in the class's copy method and lists it: a forgotten field would make copies silently
 * differ from their originals (a false OK waiting to happen). {@link ExplicitCopyTest} checks
 * the copies' values; this test catches the field that no explored state has set yet.
 *
 * <p>Also pinned: which classes of the project a world holds are still copied reflectively (so a
 * new class in a world is a decision, not an accident), and that every Copyable a world holds is
 * audited here.
 */
class CopyFieldAuditTest {
    /** Binary class name to the instance fields its explicit copy handles. */
    private static final Map<String, List<String>> COPIED_FIELDS = new TreeMap<>(Map.ofEntries(
            Map.entry("io.paxsim.sim.explore.World", List.of("model", "options", "scheduler", "instance", "sim", "contentHash", "stateHasher", "history", "lastEventNanos", "chainsDeferred", "crashes", "drops", "duplicates", "timeouts", "nextDuplicateSeq", "depth", "violation", "faultsStopped", "timeoutsMax", "nodeHashes", "nodeHashesValid", "nodeHashesNowNanos", "sharedNodes", "nodeCopier", "nodeOrigins")),
            Map.entry("io.paxsim.sim.explore.ChoiceScheduler", List.of("pending", "chosen")),
            Map.entry("io.paxsim.sim.explore.ContentHash", List.of("lastPayload", "lastHash")),
            Map.entry("io.paxsim.sim.Simulation", List.of("seed", "randomness", "scheduler", "network", "nodes", "peers", "trace", "observers", "observersByKind", "logSink", "faultPoints", "clogHeld", "nowNanos", "nextSeq", "nextTimerId", "nextFsyncId", "started", "stopReason", "stats")),
            Map.entry("io.paxsim.sim.Simulation$NodeRuntime", List.of("id", "factory", "disk", "clock", "random", "timers", "held", "status", "incarnation", "node", "context")),
            Map.entry("io.paxsim.sim.Simulation$NodeContext", List.of("r", "incarnation", "this$0")),
            Map.entry("io.paxsim.sim.Simulation$TimerEntry", List.of("timer", "localDeadlineNanos", "generation")),
            Map.entry("io.paxsim.sim.Simulation$Stats", List.of("events", "messagesSent", "messagesDelivered", "messagesDropped", "messagesDuplicated", "bytesSent", "timersFired", "fsyncs")),
            Map.entry("io.paxsim.sim.LongKeyedTable", List.of("keys", "values", "size")),
            Map.entry("io.paxsim.sim.net.Network", List.of("nodeCount", "links", "cut", "clogged", "lastArrivalNanos", "linkFreeAtNanos", "random")),
            Map.entry("io.paxsim.sim.trace.Trace", List.of("sink", "hash", "count", "cachedTypes", "cachedTypeHashes", "cachedKinds", "nextCachedType")),
            Map.entry("io.paxsim.sim.random.Randomness", List.of("rootSeed", "streams", "namesHash")),
            Map.entry("io.paxsim.sim.random.RandomStream", List.of("name", "state", "draws")),
            Map.entry("io.paxsim.sim.FaultPoints", List.of("randomness", "enabled", "activationProbability", "fireProbability", "active", "fired", "delays")),
            Map.entry("io.paxsim.sim.clock.NodeClock", List.of("anchorTrueNanos", "anchorLocalNanos", "driftPpm")),
            Map.entry("io.paxsim.sim.disk.SimDisk", List.of("files", "random", "config", "fsyncErrorLosesWrites", "opSequence", "cachedBytes", "pendingDeletes", "lastName", "lastState", "previousName", "previousState", "lazyPlatter")),
            Map.entry("io.paxsim.sim.disk.SimDisk$FileState", List.of("durable", "cache", "pending", "latentSectors", "misdirectNext", "lazy")),
            Map.entry("io.paxsim.sim.disk.SimDisk$Lazy", List.of("tailFrom", "length")),
            Map.entry("io.paxsim.sim.disk.SimDisk$Contents", List.of("pages", "borrowed", "length", "exists", "whole")),
            Map.entry("io.paxsim.history.HistoryRecorder", List.of("ops", "openFunction", "openFunctionSparse", "values", "lastTimeNanos")),
            Map.entry("io.paxsim.history.HistoryRecorder$ValueWriter", List.of("codec", "sink", "bytes", "size", "pending", "recentStrings", "recentIds")),
            Map.entry("io.paxsim.history.OpColumns", List.of("size", "capacity", "type", "flags", "function", "process", "timeNanos", "valueAt", "arena", "arenaLast", "arenaSize", "opStart", "codec", "sink", "types")),
            Map.entry("io.paxsim.history.ValueCodec", List.of("ids", "strings", "keywords")),
            Map.entry("io.paxsim.paxos.PaxosReplica", List.of("config", "self", "clusterSize", "ctx", "wal", "snapshots", "promised", "accepted", "damagedSlots", "repairedVotes", "amnesiac", "halted", "leaseGrantUntilLocalNanos", "leaseGrantee", "forgottenGrantUntilLocalNanos", "role", "ballot", "highestRound", "promises", "phase1FromSlot", "nextSlot", "inFlight", "queue", "queuedSequence", "openingNoopSlot", "answeredLocalNanos", "clientReturnEstimateNanos", "proposeDuePending", "readsReady", "heartbeatSequence", "lastProposedLocalNanos", "confirmedHeartbeat", "ackedHeartbeat", "heartbeatSentLocalNanos", "pendingReads", "ownVotes", "leaseUntilLocalNanos", "lastAckLocalNanos", "preVoteBallot", "preVoteGrants", "stateMachine", "chosen", "chosenPrefix", "appliedIndex", "snapshotSlot", "lastSnapshotBytes", "walBytesAtSnapshot", "walFloor", "leaderBallot", "leaderCommitKnown", "learnedBallot", "learnedThrough", "lateVotes", "electionDeadlineLocalNanos", "catchUpRequestedLocalNanos", "catchUpRetryNanos", "leaderContactLocalNanos", "awaitingReply", "applyPending", "tickTimer", "tickDueLocalNanos")),
            Map.entry("io.paxsim.paxos.PaxosReplica$InFlight", List.of("value", "proposedLocalNanos", "acks")),
            Map.entry("io.paxsim.paxos.Wal", List.of("disk", "superblockSequence", "inFlightSuperblock", "durableClaim", "generation", "files", "fileList", "obsoleteGeneration", "endOffset", "recordsSinceCompaction", "bytesAppended", "durableOffset", "unsynced", "dirty", "waiting", "unvouched", "inFlight")),
            Map.entry("io.paxsim.paxos.Wal$InFlightSync", List.of("requestId", "done", "files", "generation", "coversOffset", "superblockClaim", "effects", "vouched")),
            Map.entry("io.paxsim.paxos.SnapshotStore", List.of("latest", "inProgress", "queued", "nextFile", "requestId", "durableSlots", "trustedBadChecksums", "recoveredState")),
            Map.entry("io.paxsim.paxos.StateMachine", List.of("registers", "listsByKey", "frozen", "streams", "sessionsById", "sessions", "digest", "streamChains")),
            Map.entry("io.paxsim.paxos.StateMachine$AppendOnlyList", List.of("bytes", "ints", "longs", "size", "chain")),
            Map.entry("io.paxsim.paxos.StateMachine$StreamLog", List.of("position", "checksum", "recent")),
            Map.entry("io.paxsim.paxos.StateMachine$Session", List.of("sequence", "result")),
            Map.entry("io.paxsim.paxos.SlotMap", List.of("ring", "lo", "hi", "size", "overwrites", "sparse")),
            Map.entry("io.paxsim.paxos.LeaseWatch", List.of("replicas", "blockingNeeded", "leaseNanos", "marginNanos", "afterTroubleNanos", "grantee", "grantUntilLocal", "clocksKnown", "lastTrue", "lastOffset", "driftPpm", "spreadTooWide", "troubleUntilNanos")),
            Map.entry("io.paxsim.paxos.InvariantMonitor", List.of("phase1Quorum", "phase2Quorum", "replicas", "replies", "settled", "chosenSlotsSeen", "open", "lastApplied", "appliedEver", "maxPromise", "effectSlot", "votedBy", "liveVotes", "rejectedStale", "voteWatch", "votedValue", "leaseGrants", "leaseDriftTolerancePpm", "maxSlotChosenAt", "requestSentNanos", "replyTimes", "replySlotMax", "replyCount", "rejected", "leases", "requestArrivedNanos", "chosenBallotRises", "highestChoosingBallot", "clockStepShadowNanos", "unchecked", "leaseWatch", "clockStepShadowUntilNanos", "ownClockStepShadowUntilNanos", "violation", "observations", "partVersions", "hashedParts")),
            Map.entry("io.paxsim.paxos.InvariantMonitor$ReplyTally", List.of("promises", "accepted", "leading")),
            Map.entry("io.paxsim.paxos.InvariantMonitor$SettledSlots", List.of("segments", "current", "through")),
            Map.entry("io.paxsim.paxos.InvariantMonitor$Segment", List.of("base", "digests", "states", "known", "knownState", "chosen", "highestStored")),
            Map.entry("io.paxsim.paxos.InvariantMonitor$OpenSlot", List.of("rounds", "ballotNodes", "digests", "voters", "entries", "chosen", "appliedSeen", "appliedDigest", "firstApplier", "stateSeen", "stateDigest", "stateFirstNode")),
            Map.entry("io.paxsim.paxos.InvariantMonitor$VoteWatch", List.of("overwritesAtWalk", "votedSince", "overflowed")),
            Map.entry("io.paxsim.paxos.InvariantMonitor$ClientEffects", List.of("slotPlusOne", "sparse")),
            Map.entry("io.paxsim.testbed.explore.PaxosExploreModel$PaxosInstance", List.of("sim", "monitor", "history", "goals", "leaderElections", "terminalUnknown", "ballotRoundsMax", "liveness", "this$0")),
            Map.entry("io.paxsim.testbed.explore.ExploreClient", List.of("replicas", "target", "ops", "history", "sendTimers", "retryTimers", "ctx", "nextOp", "outstanding", "redirectsLeft")),
            Map.entry("io.paxsim.testbed.explore.ExploreHistory", List.of("recorder", "recorderShared", "hash", "step", "recorded"))));

    /**
     * Project classes a world holds that have no copy method of their own: the reflective copier
     * copies the log sink (stateless); the recorder's sinks are inner classes its copy makes anew.
     */
    private static final List<String> COPIED_REFLECTIVELY = List.of(
            "io.paxsim.history.HistoryRecorder$ValueWriter$1",
            "io.paxsim.history.OpColumns$ArenaSink",
            "io.paxsim.sim.LogSink$1");

    /** Non-record project classes the explicit copies share instead of copying: every field must stay final. */
    private static final List<String> SHARED_IMMUTABLE = List.of(
            "io.paxsim.sim.disk.SimDisk$PendingOp"); // its data array is never written after the op is made

    @Test
    void sharedClassesStayImmutable() throws ClassNotFoundException {
        for (String name : SHARED_IMMUTABLE) {
            for (Field f : Class.forName(name).getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    org.junit.jupiter.api.Assertions.assertTrue(Modifier.isFinal(f.getModifiers()),
                            name + "." + f.getName() + " is not final, yet explicit copies share " + name);
                }
            }
        }
    }

    @Test
    void everyCopiedClassHasExactlyTheFieldsItsCopyHandles() throws ClassNotFoundException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : COPIED_FIELDS.entrySet()) {
            TreeSet<String> actual = new TreeSet<>();
            for (Field f : Class.forName(e.getKey()).getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    actual.add(f.getName());
                }
            }
            TreeSet<String> listed = new TreeSet<>(e.getValue());
            TreeSet<String> gained = new TreeSet<>(actual);
            gained.removeAll(listed);
            TreeSet<String> lost = new TreeSet<>(listed);
            lost.removeAll(actual);
            if (!gained.isEmpty()) {
                problems.add(e.getKey() + " has fields its copy may not handle: " + gained
                        + " (copy them in its copy method, then list them here)");
            }
            if (!lost.isEmpty()) {
                problems.add(e.getKey() + " no longer has fields " + lost + " (drop them here)");
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * The proof behind {@link DeepCopier#SINGLE_OWNER} (classes copied without the identity memo):
     * in every world of random walks with crashes, restarts, drops, duplicates and timeouts, each
     * object of those classes has exactly one reference to it, so no second path (sharing, or a
     * cycle back to it) could have found its copy in a memo. Shared classes stay memoized.
     */
    @Test
    void singleOwnerClassesAreReferencedOnceInEveryWorld() {
        PaxosExploreModel model = new PaxosExploreModel(new PaxosExploreModel.Spec(3, 2, 2, "majority", "none", 2, 1));
        ExploreOptions options = ExploreOptions.defaults().withMaxTimeouts(3).withFaults(2, 1, 1);
        DeepCopier reflective = DeepCopier.reflective(false, model);
        TreeSet<String> seen = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (int walk = 0; walk < 12; walk++) {
            RandomStream random = RandomStream.derive(53, "single-owner/" + walk);
            World world = new World(model, options);
            for (int step = 0; step < 40 && world.violation() == null && !world.enabled().isEmpty(); step++) {
                world.apply(random.choice(world.enabled()));
                String where = "walk " + walk + " step " + step;
                ObjectGraphs.referenceCounts(world, x -> x == model || reflective.isShared(x.getClass())).forEach((o, n) -> {
                    String name = o.getClass().getName();
                    if (DeepCopier.SINGLE_OWNER.contains(name)) {
                        seen.add(name);
                        if (n != 1 && problems.size() < 10) {
                            problems.add(name + " has " + n + " references (" + where + ")");
                        }
                    }
                });
            }
        }
        assertEquals(List.of(), problems, "objects of single-owner classes reached twice: memoize their class");
        assertEquals(new TreeSet<>(DeepCopier.SINGLE_OWNER), seen, "single-owner classes no world held (listed by mistake?)");
    }

    @Test
    void everyProjectClassAWorldHoldsIsAuditedOrKnownReflective() {
        TreeSet<String> copyable = new TreeSet<>();
        TreeSet<String> reflective = new TreeSet<>();
        PaxosExploreModel model = new PaxosExploreModel(new PaxosExploreModel.Spec(3, 2, 2, "majority", "none", 2, 1));
        DeepCopier copier = DeepCopier.reflective(false, model);
        ExploreOptions options = ExploreOptions.defaults().withMaxTimeouts(3).withFaults(1, 1, 1);
        for (int walk = 0; walk < 10; walk++) {
            RandomStream random = RandomStream.derive(47, "audit/" + walk);
            World world = new World(model, options);
            for (int step = 0; step < 30 && world.violation() == null && !world.enabled().isEmpty(); step++) {
                List<Action> enabled = world.enabled();
                world.apply(random.choice(enabled));
                for (Object o : ObjectGraphs.reachable(world, x -> x == model).keySet()) {
                    Class<?> type = o.getClass();
                    if (o == model) {
                        continue;
                    }
                    if (o instanceof Copyable) {
                        copyable.add(type.getName());
                    } else if (type.getName().startsWith("io.paxsim.") && !copier.isShared(type) && !type.isRecord()) {
                        reflective.add(type.getName());
                    }
                }
            }
        }
        copyable.removeAll(COPIED_FIELDS.keySet());
        assertEquals(List.of(), List.copyOf(copyable), "Copyable classes a world holds that this audit does not list");
        reflective.removeAll(COPIED_FIELDS.keySet());
        reflective.removeAll(SHARED_IMMUTABLE);
        assertEquals(new TreeSet<>(COPIED_REFLECTIVELY), reflective,
                "project classes a world holds that are copied reflectively (give them a copy method, or list them)");
    }
}
