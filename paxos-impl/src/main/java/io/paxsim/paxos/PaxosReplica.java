package io.paxsim.paxos;

import io.paxsim.sim.NodeIds;
import io.paxsim.paxos.api.ClientMessage;
import io.paxsim.paxos.api.Command;
import io.paxsim.paxos.api.Result;
import io.paxsim.sim.Context;
import io.paxsim.sim.Message;
import io.paxsim.sim.Node;
import io.paxsim.sim.NodeFactory;
import io.paxsim.sim.Timer;
import io.paxsim.sim.disk.DiskDone;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One Multi-Paxos replica: acceptor, proposer (leader when elected) and learner, as pure handlers
 * on the simulated runtime. The handlers of each role sit together below, in the order acceptor,
 * proposer, learner, clients. Durable state goes through the {@link Wal}; a message that depends
 * on it is held back as an {@link Effect} until the fsync covering it completes.
 */
@io.paxsim.sim.HashIterationSafe("queuedSequence and awaitingReply (Long client ids) are only probed: looked up per "
        + "applied command on every replica, where a tree's descent cost more than the lookups it served")
public final class PaxosReplica implements Node, io.paxsim.sim.Copyable, io.paxsim.sim.NodeStateHash {
    private enum Role { FOLLOWER, CANDIDATE, LEADER }

    /** A slot this leader proposed and has not yet seen chosen; acks as a bit mask of acceptor ids. */
    private static final class InFlight {
        private final Batch value;
        private final long proposedLocalNanos;
        @NodeIds(NodeIds.Shape.MASK) private long acks;

        InFlight(Batch value, long proposedLocalNanos) {
            this.value = value;
            this.proposedLocalNanos = proposedLocalNanos;
        }

        /** A copy (the batch is an immutable record, shared). */
        InFlight copy() {
            InFlight f = new InFlight(value, proposedLocalNanos);
            f.acks = acks;
            return f;
        }

        Batch value() {
            return value;
        }

        long proposedLocalNanos() {
            return proposedLocalNanos;
        }

        /** Counts an acceptor's ack; false when it had acked already. */
        boolean ack(int acceptor) {
            assert acceptor >= 0 && acceptor < Long.SIZE : "acceptor id " + acceptor;
            long before = acks;
            acks |= 1L << acceptor;
            return acks != before;
        }

        boolean acked(int acceptor) {
            return (acks & (1L << acceptor)) != 0;
        }

        int ackCount() {
            return Long.bitCount(acks);
        }
    }

    private record Awaiting(long sequence, int clientNode) {
    }

    private record PendingRead(long clientId, long sequence, Command command, int clientNode,
                               long readIndex, long requiredHeartbeat, boolean leasedAtArrival) {
    }

    /** A local time far enough in the past that subtracting it from now cannot overflow. */
    private static final long NEVER = Long.MIN_VALUE / 4;
    /** Compaction rewrites the live state, so it waits until at least this many records piled up. */
    private static final long MIN_RECORDS_TO_COMPACT = 16;

    private final PaxosConfig config;
    @NodeIds private final int self;
    private final int clusterSize;
    private Context ctx;
    private Wal wal;
    private final SnapshotStore snapshots = new SnapshotStore();

    // acceptor
    private Ballot promised = Ballot.ZERO;
    private final SlotMap<PaxosMessage.AcceptedEntry> accepted = new SlotMap<>();
    private final TreeMap<Long, Ballot> damagedSlots = new TreeMap<>();
    /**
     * Slots above the older snapshot whose vote was lost and then repaired: their chosen values, as
     * logged in Repaired records. WAL compaction carries them into the new base, like the votes it
     * keeps down to the older snapshot: if the newer snapshot rots, they are all that says we voted.
     */
    private final SlotMap<Batch> repairedVotes = new SlotMap<>();
    private boolean amnesiac;
    /** The torn-tail-panic mutant: the replica refused to start and does nothing. */
    private boolean halted;
    private long leaseGrantUntilLocalNanos = Long.MIN_VALUE;
    private Ballot leaseGrantee = Ballot.ZERO;
    /** The restart-forgets-lease mutant: until when the correct replica would still honour an unremembered grant. */
    private long forgottenGrantUntilLocalNanos = Long.MIN_VALUE;

    // proposer
    private Role role = Role.FOLLOWER;
    private Ballot ballot = Ballot.ZERO;
    private long highestRound;
    @NodeIds(NodeIds.Shape.KEYS) private final TreeMap<Integer, PaxosMessage.Promise> promises = new TreeMap<>();
    private long phase1FromSlot;
    private long nextSlot;
    private final TreeMap<Long, InFlight> inFlight = new TreeMap<>();
    private final ArrayDeque<ClientCommand> queue = new ArrayDeque<>();
    private final java.util.HashMap<Long, Long> queuedSequence = new java.util.HashMap<>();
    private long openingNoopSlot = -1;
    /**
     * Clients this leader answered and has not heard from since, by client id: when each was answered.
     * A closed-loop client sends its next command about a network round trip after its answer, so while
     * one is on its way the leader holds the queue a little ({@link #proposeQueued}).
     */
    private final TreeMap<Long, Long> answeredLocalNanos = new TreeMap<>();
    /** How long answered clients take to send their next command, smoothed (0 until one did). */
    private long clientReturnEstimateNanos;
    /** A {@link PaxosTimer.ProposeDue} is set: held commands go out when it fires, if not before. */
    private boolean proposeDuePending;
    private boolean readsReady;
    private long heartbeatSequence;
    /** When this leader last sent an Accept to every replica (a new proposal): heartbeats wait while they flow. */
    private long lastProposedLocalNanos = NEVER;
    private long confirmedHeartbeat;
    @NodeIds(NodeIds.Shape.INDEX) private final long[] ackedHeartbeat;
    private final TreeMap<Long, Long> heartbeatSentLocalNanos = new TreeMap<>();
    private final ArrayDeque<PendingRead> pendingReads = new ArrayDeque<>();
    /** Our own votes made durable in the handler now running: counted when it ends ({@link #flushWal}). */
    private final ArrayDeque<PaxosMessage.Accepted> ownVotes = new ArrayDeque<>();
    private long leaseUntilLocalNanos = Long.MIN_VALUE;
    /** When each acceptor last answered this leader's ballot: check-quorum steps down without a quorum. */
    @NodeIds(NodeIds.Shape.INDEX) private final long[] lastAckLocalNanos;
    /** The ballot a pre-vote is asking about, or null when none is running. */
    private Ballot preVoteBallot;
    @NodeIds private final TreeSet<Integer> preVoteGrants = new TreeSet<>();

    // learner
    private StateMachine stateMachine; // made in the constructors: the copy's would be thrown away at once
    private final SlotMap<Batch> chosen = new SlotMap<>();
    private long chosenPrefix;
    private long appliedIndex;
    private long snapshotSlot;
    /** Size of the last snapshot this incarnation took: the next waits long enough to amortise it. */
    private long lastSnapshotBytes;
    /** {@link Wal#bytesAppended} when that snapshot was taken. */
    private long walBytesAtSnapshot;
    /** Slots at or below this were compacted out of the WAL (a durable snapshot covered them). */
    private long walFloor;
    private Ballot leaderBallot = Ballot.ZERO;
    private long leaderCommitKnown;
    /**
     * learnCommit has already taken every vote at {@code learnedBallot} in slots through
     * {@code learnedThrough}; votes at that ballot recorded there since wait in {@code lateVotes}.
     * So each Accept looks only at new slots, not at the whole gap above a stuck chosen prefix.
     */
    private Ballot learnedBallot;
    private long learnedThrough;
    private final java.util.TreeSet<Long> lateVotes = new java.util.TreeSet<>();
    private long electionDeadlineLocalNanos;
    private long catchUpRequestedLocalNanos = NEVER;
    /** Wait before re-asking an unanswered catch-up; doubles while unanswered so slow links are not flooded. */
    private long catchUpRetryNanos;
    /** Last Accept or Heartbeat from another replica's current-or-newer ballot: such a replica refuses pre-votes. */
    private long leaderContactLocalNanos = NEVER;
    private final java.util.HashMap<Long, Awaiting> awaitingReply = new java.util.HashMap<>();
    /** A slow apply's timer is set: chosen slots wait for it. */
    private boolean applyPending;
    /** The pending tick (a leader's every interval, a follower's at its election deadline) and when it is due. */
    private io.paxsim.sim.TimerId tickTimer;
    private long tickDueLocalNanos;

    /**
     * The explorer's fingerprint part of this replica (see {@link io.paxsim.sim.NodeStateHash}):
     * every field, in declaration order; local times ({@code ...LocalNanos}) relative to now, the
     * election deadline as past, now or future only; node ids renamed in their {@link NodeIds}
     * shape; the tick timer by the name of its timer. ExplicitNodeHashTest pins this field list.
     */
    @Override
    public long nodeStateHash(Hashing h) {
        long x = NodeHashes.mix(0x5245504CL, h.value(config));
        x = NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(x, h.id(self)), clusterSize), h.value(ctx));
        x = NodeHashes.mix(NodeHashes.mix(x, h.value(wal)), h.value(snapshots));
        x = NodeHashes.mix(NodeHashes.mix(x, NodeHashes.ballot(h, promised)), accepted.nodeStateHash(h));
        x = NodeHashes.sortedValues(h, x, damagedSlots);
        x = NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(x, repairedVotes.nodeStateHash(h)), amnesiac), halted);
        x = NodeHashes.mix(NodeHashes.mix(x, h.localTime(leaseGrantUntilLocalNanos)), NodeHashes.ballot(h, leaseGrantee));
        x = NodeHashes.mix(NodeHashes.mix(x, h.localTime(forgottenGrantUntilLocalNanos)), role.ordinal());
        x = NodeHashes.mix(NodeHashes.mix(x, NodeHashes.ballot(h, ballot)), highestRound);
        x = NodeHashes.mix(NodeHashes.mix(x, promisesByRenamedAcceptor(h)), phase1FromSlot);
        x = NodeHashes.mix(NodeHashes.mix(x, nextSlot), inFlight.size());
        for (java.util.Map.Entry<Long, InFlight> e : inFlight.entrySet()) {
            InFlight f = e.getValue();
            x = NodeHashes.mix(NodeHashes.mix(x, e.getKey()), h.value(f.value));
            x = NodeHashes.mix(NodeHashes.mix(x, h.localTime(f.proposedLocalNanos)), h.mask(f.acks));
        }
        x = NodeHashes.inOrder(h, x, queue);
        long queuedSum = 0; // a hash map: order-free
        for (java.util.Map.Entry<Long, Long> e : queuedSequence.entrySet()) {
            queuedSum += io.paxsim.sim.NodeStateHash.member(NodeHashes.mix(e.getKey(), e.getValue()));
        }
        x = NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(x, queuedSequence.size()), queuedSum), openingNoopSlot);
        x = NodeHashes.localTimes(h, x, answeredLocalNanos);
        x = NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(x, clientReturnEstimateNanos), proposeDuePending), readsReady);
        x = NodeHashes.mix(NodeHashes.mix(x, heartbeatSequence), h.localTime(lastProposedLocalNanos));
        x = NodeHashes.mix(NodeHashes.mix(x, confirmedHeartbeat), byNode(h, ackedHeartbeat, false));
        x = NodeHashes.localTimes(h, x, heartbeatSentLocalNanos);
        x = NodeHashes.mix(x, pendingReads.size());
        for (PendingRead r : pendingReads) {
            x = NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(x, r.clientId()), r.sequence()), h.value(r.command()));
            x = NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(x, r.clientNode()), r.readIndex()), r.requiredHeartbeat());
            x = NodeHashes.mix(x, r.leasedAtArrival());
        }
        x = NodeHashes.inOrder(h, x, ownVotes);
        x = NodeHashes.mix(NodeHashes.mix(x, h.localTime(leaseUntilLocalNanos)), byNode(h, lastAckLocalNanos, true));
        x = NodeHashes.mix(x, NodeHashes.ballot(h, preVoteBallot));
        long grants = 0; // node ids: renamed, the set re-sorts, so hashed order-free
        for (int g : preVoteGrants) {
            grants += io.paxsim.sim.NodeStateHash.member(h.id(g));
        }
        x = NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(x, preVoteGrants.size()), grants), h.value(stateMachine));
        x = NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(x, chosen.nodeStateHash(h)), chosenPrefix), appliedIndex);
        x = NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(x, snapshotSlot), lastSnapshotBytes), walBytesAtSnapshot);
        x = NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(x, walFloor), NodeHashes.ballot(h, leaderBallot)), leaderCommitKnown);
        x = NodeHashes.mix(NodeHashes.mix(x, NodeHashes.ballot(h, learnedBallot)), learnedThrough);
        x = NodeHashes.longs(x, lateVotes);
        x = NodeHashes.mix(NodeHashes.mix(x, h.nowOnlyTime(electionDeadlineLocalNanos)), h.localTime(catchUpRequestedLocalNanos));
        x = NodeHashes.mix(NodeHashes.mix(x, catchUpRetryNanos), h.localTime(leaderContactLocalNanos));
        long awaiting = 0; // a hash map: order-free
        for (java.util.Map.Entry<Long, Awaiting> e : awaitingReply.entrySet()) {
            Awaiting a = e.getValue();
            awaiting += io.paxsim.sim.NodeStateHash.member(NodeHashes.mix(NodeHashes.mix(e.getKey(),
                    a == null ? io.paxsim.sim.ExplicitStateHash.NULL : a.sequence()), a == null ? 0 : a.clientNode()));
        }
        x = NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(x, awaitingReply.size()), awaiting), applyPending);
        x = NodeHashes.mix(x, tickTimer == null ? io.paxsim.sim.ExplicitStateHash.NULL : h.timer(tickTimer));
        return NodeHashes.mix(x, h.localTime(tickDueLocalNanos));
    }

    /**
     * The promises in the order of their renamed acceptor ids, as the renamed world's map holds them:
     * the order matters, since a promise's lists are visited objects ({@link Hashing#seen}) and a
     * batch list two promises share is a back-reference to the first one visited.
     */
    private long promisesByRenamedAcceptor(Hashing h) {
        long x = NodeHashes.mix(0x50524F4DL, promises.size());
        int[] keys = new int[promises.size()];
        PaxosMessage.Promise[] values = new PaxosMessage.Promise[keys.length];
        int n = 0;
        for (java.util.Map.Entry<Integer, PaxosMessage.Promise> e : promises.entrySet()) {
            int key = h.id(e.getKey());
            int at = n++;
            while (at > 0 && keys[at - 1] > key) { // insertion sort: a handful of acceptors
                keys[at] = keys[at - 1];
                values[at] = values[at - 1];
                at--;
            }
            keys[at] = key;
            values[at] = e.getValue();
        }
        for (int i = 0; i < n; i++) {
            x = NodeHashes.mix(NodeHashes.mix(x, keys[i]), h.value(values[i]));
        }
        return x;
    }

    /**
     * An array indexed by node id ({@link NodeIds.Shape#INDEX}): entry i is hashed as the renamed
     * world holds it, at the renamed index (order-free); local times relative to now.
     */
    private static long byNode(Hashing h, long[] a, boolean localTimes) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += io.paxsim.sim.NodeStateHash.member(NodeHashes.mix(h.id(i), localTimes ? h.localTime(a[i]) : a[i]));
        }
        return NodeHashes.mix(a.length, sum);
    }

    public PaxosReplica(PaxosConfig config, int self) {
        if (self < 0 || self >= config.clusterSize()) {
            throw new IllegalArgumentException("replica id " + self + " outside 0.." + (config.clusterSize() - 1));
        }
        this.config = config;
        this.self = self;
        this.clusterSize = config.clusterSize();
        this.ackedHeartbeat = new long[clusterSize];
        this.lastAckLocalNanos = new long[clusterSize];
        this.catchUpRetryNanos = config.electionTimeoutNanos();
        this.stateMachine = new StateMachine();
    }

    /**
     * Explicit copy for the explorer (see {@link io.paxsim.sim.Copyable}): every field, one by one.
     * The context, WAL and state machines go through the copier (the WAL's disk is the context;
     * the snapshot store may hold a recovered state machine); ballots, batches, entries, messages
     * and client commands are immutable records, shared; the config is shared.
     */
    @Override
    public PaxosReplica copy(io.paxsim.sim.Copyable.Copies copies) {
        return new PaxosReplica(this, copies);
    }

    private PaxosReplica(PaxosReplica o, io.paxsim.sim.Copyable.Copies copies) {
        copies.remember(o, this);
        this.config = o.config;
        this.self = o.self;
        this.clusterSize = o.clusterSize;
        this.ctx = copies.of(o.ctx);
        this.wal = copies.of(o.wal);
        snapshots.copyFrom(o.snapshots, copies);
        this.promised = o.promised;
        accepted.copyFrom(o.accepted);
        damagedSlots.putAll(o.damagedSlots);
        repairedVotes.copyFrom(o.repairedVotes);
        this.amnesiac = o.amnesiac;
        this.halted = o.halted;
        this.leaseGrantUntilLocalNanos = o.leaseGrantUntilLocalNanos;
        this.leaseGrantee = o.leaseGrantee;
        this.forgottenGrantUntilLocalNanos = o.forgottenGrantUntilLocalNanos;
        this.role = o.role;
        this.ballot = o.ballot;
        this.highestRound = o.highestRound;
        promises.putAll(o.promises);
        this.phase1FromSlot = o.phase1FromSlot;
        this.nextSlot = o.nextSlot;
        for (var e : o.inFlight.entrySet()) {
            inFlight.put(e.getKey(), e.getValue().copy());
        }
        queue.addAll(o.queue);
        queuedSequence.putAll(o.queuedSequence);
        this.openingNoopSlot = o.openingNoopSlot;
        answeredLocalNanos.putAll(o.answeredLocalNanos);
        this.clientReturnEstimateNanos = o.clientReturnEstimateNanos;
        this.proposeDuePending = o.proposeDuePending;
        this.readsReady = o.readsReady;
        this.heartbeatSequence = o.heartbeatSequence;
        this.lastProposedLocalNanos = o.lastProposedLocalNanos;
        this.confirmedHeartbeat = o.confirmedHeartbeat;
        this.ackedHeartbeat = o.ackedHeartbeat.clone();
        heartbeatSentLocalNanos.putAll(o.heartbeatSentLocalNanos);
        pendingReads.addAll(o.pendingReads);
        ownVotes.addAll(o.ownVotes);
        this.leaseUntilLocalNanos = o.leaseUntilLocalNanos;
        this.lastAckLocalNanos = o.lastAckLocalNanos.clone();
        this.preVoteBallot = o.preVoteBallot;
        preVoteGrants.addAll(o.preVoteGrants);
        this.stateMachine = copies.of(o.stateMachine);
        chosen.copyFrom(o.chosen);
        this.chosenPrefix = o.chosenPrefix;
        this.appliedIndex = o.appliedIndex;
        this.snapshotSlot = o.snapshotSlot;
        this.lastSnapshotBytes = o.lastSnapshotBytes;
        this.walBytesAtSnapshot = o.walBytesAtSnapshot;
        this.walFloor = o.walFloor;
        this.leaderBallot = o.leaderBallot;
        this.leaderCommitKnown = o.leaderCommitKnown;
        this.learnedBallot = o.learnedBallot;
        this.learnedThrough = o.learnedThrough;
        lateVotes.addAll(o.lateVotes);
        this.electionDeadlineLocalNanos = o.electionDeadlineLocalNanos;
        this.catchUpRequestedLocalNanos = o.catchUpRequestedLocalNanos;
        this.catchUpRetryNanos = o.catchUpRetryNanos;
        this.leaderContactLocalNanos = o.leaderContactLocalNanos;
        awaitingReply.putAll(o.awaitingReply);
        this.applyPending = o.applyPending;
        this.tickTimer = o.tickTimer;
        this.tickDueLocalNanos = o.tickDueLocalNanos;
    }

    /** Makes replicas 0..n-1 of a cluster; pass it to {@code Simulation.Builder.nodes(n, ...)}. */
    public static NodeFactory factory(PaxosConfig config) {
        return id -> new PaxosReplica(config, id);
    }

    // ---- lifecycle -------------------------------------------------------------------------

    @Override
    public void onStart(Context context) {
        ctx = context;
        wal = new Wal(ctx.disk(), 0, 0);
        resetElectionDeadline();
        armTick(config.heartbeatIntervalNanos());
    }

    @Override
    public void onRecover(Context context) {
        ctx = context;
        Snapshot snapshot = snapshots.recover(ctx.disk(), config.has(Mutant.SNAPSHOT_CRC_UNCHECKED));
        if (snapshots.trustedBadChecksums() > 0) {
            reached(Mutant.SNAPSHOT_CRC_UNCHECKED);
        }
        if (snapshot != null) {
            stateMachine = snapshots.takeRecoveredState();
            snapshotSlot = snapshot.slot();
            appliedIndex = snapshot.slot();
            chosenPrefix = snapshot.slot();
        }
        Wal[] out = new Wal[1];
        Wal.Recovered r = Wal.recover(ctx.disk(), out, config.has(Mutant.TRUNCATE_ON_CORRUPTION),
                config.has(Mutant.WAL_BODY_UNCHECKED));
        wal = out[0];
        if (r.trustedBadBodies() > 0) {
            reached(Mutant.WAL_BODY_UNCHECKED);
        }
        for (DurableRecord rec : r.records()) {
            replay(rec);
        }
        if (config.has(Mutant.PROMISE_FROM_PROMISE_RECORDS)) {
            for (PaxosMessage.AcceptedEntry e : accepted.values()) {
                if (e.ballot().greaterThan(promised)) {
                    reached(Mutant.PROMISE_FROM_PROMISE_RECORDS);
                    break;
                }
            }
        }
        if (config.has(Mutant.SKIP_DAMAGED_RECORD)) {
            r = skipDamagedRecords(r);
        }
        damagedSlots.putAll(r.damagedSlots());
        for (Map.Entry<Long, Ballot> d : r.damagedSlots().entrySet()) {
            promised = Ballot.max(promised, d.getValue());
        }
        promised = Ballot.max(promised, r.damagedPromise());
        highestRound = Math.max(highestRound, r.damagedRound());
        damagedSlots.keySet().removeIf(slot -> chosen.containsKey(slot) || slot <= compactedThrough()
                || supersededByValidVote(slot));
        amnesiac = r.amnesiac();
        if (r.truncatedAtCorruption()) {
            reached(Mutant.TRUNCATE_ON_CORRUPTION);
        }
        if (config.has(Mutant.TORN_TAIL_PANIC) && r.truncatedBytes() > 0) {
            halted = true;
            reached(Mutant.TORN_TAIL_PANIC);
            ctx.log(io.paxsim.sim.LogLevel.ERROR, "torn WAL tail: refusing to start");
            return;
        }
        if (config.readMode() == ReadMode.LEASE && config.has(Mutant.RESTART_FORGETS_LEASE)) {
            forgottenGrantUntilLocalNanos = ctx.localTimeNanos() + config.leaseNanos();
        } else if (config.readMode() == ReadMode.LEASE) {
            // We may have granted a lease we no longer remember: honour it for one lease length.
            leaseGrantUntilLocalNanos = ctx.localTimeNanos() + config.leaseNanos();
            ctx.observe(new PaxosObservation.LeaseGranted(self, Ballot.ZERO, leaseGrantUntilLocalNanos));
        }
        // Recovered reports the state on disk (snapshot slot, its digest) before anything is applied:
        // repaired chosen values in the WAL above an older snapshot are applied after it, so
        // monitors see slots re-applied from there, not from the index held before the crash.
        ctx.observe(new PaxosObservation.Recovered(self, promised, appliedIndex, compactedThrough(), rememberedVotes(),
                damagedSlots.size(),
                amnesiac, r.truncatedBytes(), r.repairedCopies(), stateMachine.digest()));
        advanceChosenPrefix();
        resetElectionDeadline();
        armTick(config.heartbeatIntervalNanos());
        flushWal();
    }

    /**
     * The skip-damaged-record mutant (a "skip corrupted records" recovery mode): what records damaged
     * in both mirrors said (a vote's slot and ballot, a promise, a round) is dropped as if never written.
     */
    private Wal.Recovered skipDamagedRecords(Wal.Recovered r) {
        boolean damage = !r.damagedSlots().isEmpty() || r.amnesiac() || !r.damagedPromise().equals(Ballot.ZERO)
                || r.damagedRound() > 0;
        if (!damage) {
            return r;
        }
        reached(Mutant.SKIP_DAMAGED_RECORD);
        return new Wal.Recovered(r.records(), new TreeMap<>(), false, r.truncatedBytes(), r.repairedCopies(),
                r.truncatedAtCorruption(), r.trustedBadBodies());
    }

    /**
     * A damaged record whose slot also holds a valid vote at a ballot at least as high is an older
     * vote that one superseded (votes in a slot only rise): nothing is lost, the slot is not damaged.
     * Kept damaged, the replica would report the older ballot as its vote and refuse to promise.
     */
    private boolean supersededByValidVote(long slot) {
        PaxosMessage.AcceptedEntry valid = accepted.get(slot);
        return valid != null && !valid.ballot().lessThan(damagedSlots.get(slot));
    }

    /** Slots at or below this are chosen, applied and compacted here: not reported in promises. */
    private long compactedThrough() {
        return Math.max(snapshotSlot, walFloor);
    }

    /**
     * Every slot this replica remembers a vote in, in slot order: chosen (a mark), else damaged (its
     * ballot), else its vote. The three sources are each in slot order, so they are merged in one
     * pass (a tree of them all cost a recovery as much as the WAL's replay: they span the WAL).
     */
    private List<PaxosObservation.SlotBallot> rememberedVotes() {
        List<Long> voted = accepted.keys();
        List<Long> chosenSlots = chosen.keys();
        java.util.Iterator<Map.Entry<Long, Ballot>> damaged = damagedSlots.entrySet().iterator();
        Map.Entry<Long, Ballot> d = damaged.hasNext() ? damaged.next() : null;
        List<PaxosObservation.SlotBallot> votes = new ArrayList<>(voted.size() + chosenSlots.size() + damagedSlots.size());
        int a = 0;
        int c = 0;
        while (a < voted.size() || c < chosenSlots.size() || d != null) {
            long slot = Long.MAX_VALUE;
            slot = a < voted.size() ? Math.min(slot, voted.get(a)) : slot;
            slot = c < chosenSlots.size() ? Math.min(slot, chosenSlots.get(c)) : slot;
            slot = d != null ? Math.min(slot, d.getKey()) : slot;
            if (c < chosenSlots.size() && chosenSlots.get(c) == slot) {
                votes.add(new PaxosObservation.SlotBallot(slot, PaxosObservation.Recovered.CHOSEN));
            } else if (d != null && d.getKey() == slot) {
                votes.add(new PaxosObservation.SlotBallot(slot, d.getValue()));
            } else {
                PaxosMessage.AcceptedEntry e = accepted.get(slot);
                votes.add(new PaxosObservation.SlotBallot(slot, e.ballot(), e.value().digest()));
            }
            a += a < voted.size() && voted.get(a) == slot ? 1 : 0;
            c += c < chosenSlots.size() && chosenSlots.get(c) == slot ? 1 : 0;
            if (d != null && d.getKey() == slot) {
                d = damaged.hasNext() ? damaged.next() : null;
            }
        }
        return votes;
    }

    private void replay(DurableRecord rec) {
        if (rec instanceof DurableRecord.Promised p) {
            promised = Ballot.max(promised, p.ballot());
        } else if (rec instanceof DurableRecord.Accepted a) {
            if (!config.has(Mutant.PROMISE_FROM_PROMISE_RECORDS)) {
                promised = Ballot.max(promised, a.ballot());
            }
            PaxosMessage.AcceptedEntry before = accepted.get(a.slot());
            // A record replayed out of order (a misdirected copy, say) must not roll a vote back.
            if (a.slot() > snapshots.floorSlot() && (before == null || !a.ballot().lessThan(before.ballot()))) {
                accepted.put(a.slot(), new PaxosMessage.AcceptedEntry(a.slot(), a.ballot(), a.value()));
            }
        } else if (rec instanceof DurableRecord.HighestRound h) {
            highestRound = Math.max(highestRound, h.round());
        } else if (rec instanceof DurableRecord.SyncMark) {
            return;
        } else if (rec instanceof DurableRecord.BaseComplete b) {
            walFloor = Math.max(walFloor, b.compactedThrough());
        } else if (rec instanceof DurableRecord.Repaired rep) {
            if (rep.slot() > snapshots.floorSlot()) {
                repairedVotes.put(rep.slot(), rep.value());
            }
            if (rep.slot() > snapshotSlot) {
                chosen.put(rep.slot(), rep.value());
            }
        } else {
            throw new AssertionError("unknown durable record " + rec);
        }
    }

    @Override
    public void onMessage(Context context, int from, Message message) {
        ctx = context;
        if (halted) {
            return;
        }
        if (message instanceof ClientMessage.Request r) {
            onClientRequest(from, r, false);
        } else if (message instanceof PaxosMessage.Forward f) {
            onClientRequest(f.clientNode(), f.request(), true);
        } else if (message instanceof PaxosMessage.Prepare p) {
            onPrepare(from, p);
        } else if (message instanceof PaxosMessage.Accept a) {
            onAccept(from, a);
        } else if (message instanceof PaxosMessage.Heartbeat h) {
            onHeartbeat(from, h);
        } else if (message instanceof PaxosMessage.Promise p) {
            onPromise(p);
        } else if (message instanceof PaxosMessage.Accepted a) {
            onAccepted(a);
        } else if (message instanceof PaxosMessage.Nack n) {
            onNack(n);
        } else if (message instanceof PaxosMessage.HeartbeatAck a) {
            onHeartbeatAck(a);
        } else if (message instanceof PaxosMessage.PreVote v) {
            onPreVote(from, v);
        } else if (message instanceof PaxosMessage.PreVoteReply v) {
            onPreVoteReply(v);
        } else if (message instanceof PaxosMessage.CatchUpRequest c) {
            onCatchUpRequest(from, c);
        } else if (message instanceof PaxosMessage.CatchUpReply c) {
            onCatchUpReply(c);
        } else {
            throw new AssertionError("replica " + self + " got unexpected message " + message + " from " + from);
        }
        flushWal();
    }

    @Override
    public void onTimer(Context context, Timer timer) {
        ctx = context;
        if (timer instanceof PaxosTimer.ApplyDue) {
            applyPending = false;
            applyChosen();
            flushWal();
            return;
        }
        if (timer instanceof PaxosTimer.ProposeDue) {
            proposeDuePending = false;
            proposeQueued();
            flushWal();
            return;
        }
        if (!(timer instanceof PaxosTimer.Tick)) {
            throw new AssertionError("replica " + self + " got unexpected timer " + timer);
        }
        tickTimer = null;
        onTick();
        if (tickTimer == null) {
            armTick(nextTickNanos());
        }
        flushWal();
    }

    /**
     * A leader ticks every heartbeat interval (heartbeats, retransmits, check-quorum). A follower has
     * nothing to do before its election deadline unless it is catching up, so it sleeps until then:
     * each Accept moves the deadline on, and waking every interval to find it not yet due cost a timer
     * event per replica per millisecond. A deadline moved while it slept is found and slept for again.
     */
    private long nextTickNanos() {
        long interval = config.heartbeatIntervalNanos();
        if (role == Role.LEADER || chosenPrefix < leaderCommitKnown || amnesiac) {
            return interval;
        }
        return Math.max(interval, electionDeadlineLocalNanos - ctx.localTimeNanos());
    }

    private void armTick(long delayNanos) {
        tickDueLocalNanos = ctx.localTimeNanos() + delayNanos;
        tickTimer = ctx.setTimer(delayNanos, new PaxosTimer.Tick());
    }

    /** A new leader must tick every interval from now on, not at the end of a follower's sleep. */
    private void tickSoon() {
        if (tickTimer != null && tickDueLocalNanos - ctx.localTimeNanos() > config.heartbeatIntervalNanos()) {
            ctx.cancelTimer(tickTimer);
            armTick(config.heartbeatIntervalNanos());
        }
    }

    @Override
    public void onDiskDone(Context context, DiskDone done) {
        ctx = context;
        if (wal.owns(done)) {
            run(wal.onDiskDone(done));
        } else if (snapshots.owns(done)) {
            onSnapshotDurable(snapshots.onDiskDone(ctx.disk(), done));
        } else {
            throw new AssertionError("replica " + self + " got an fsync completion it did not ask for: " + done);
        }
        flushWal();
    }

    /** The ballot of this acceptor's vote in {@code slot}, or null: what its promises would report (for monitors). */
    Ballot votedBallot(long slot) {
        PaxosMessage.AcceptedEntry e = accepted.get(slot);
        return e == null ? null : e.ballot();
    }

    /** The vote store's {@link SlotMap#overwrites()} count: unchanged means no vote was replaced or dropped (for monitors). */
    long voteOverwrites() {
        return accepted.overwrites();
    }

    /** Slots at or below this need not be reported in promises (for monitors). */
    long votesCompactedThrough() {
        return compactedThrough();
    }

    /** The highest slot this replica has applied (for tests and metrics). */
    public long appliedIndex() {
        return appliedIndex;
    }

    /** Slots whose WAL record was damaged in both mirrors and not yet repaired from peers. */
    int damagedSlotCount() {
        return damagedSlots.size();
    }

    /** The highest ballot round this replica has promised, voted in or proposed with (bounds a model checker's search). */
    public long highestBallotRound() {
        return Math.max(Math.max(promised.round(), highestRound), ballot.round());
    }

    /** True while this replica believes it leads. */
    public boolean isLeader() {
        return role == Role.LEADER;
    }

    @Override
    public long stateFingerprint() {
        long h = promised.round() * 31 + promised.node();
        h = h * 1_000_003 + appliedIndex;
        h = h * 1_000_003 + chosenPrefix;
        h = h * 1_000_003 + role.ordinal();
        return h * 1_000_003 + ballot.round();
    }

    private void onTick() {
        long now = ctx.localTimeNanos();
        if (role == Role.LEADER && !quorumHeardWithin(now, 4 * config.electionTimeoutNanos())) {
            // Check-quorum: cut off from a quorum we can no longer commit, so stop taking clients. Twice the
            // longest election wait: by then the others have elected, and a shorter window buys no safety.
            stepDown();
        } else if (role == Role.LEADER) {
            if (heartbeatDue(now)) {
                sendHeartbeats();
            }
            retransmitAccepts(now);
        } else if (now >= electionDeadlineLocalNanos && !amnesiac) {
            startPreVote();
        }
        if (chosenPrefix < leaderCommitKnown && leaderBallot.node() >= 0 && leaderBallot.node() != self) {
            requestCatchUp(leaderBallot.node());
        }
    }

    // ---- acceptor --------------------------------------------------------------------------

    private void onPrepare(int from, PaxosMessage.Prepare p) {
        if (amnesiac || !damagedSlots.isEmpty() || leaseForbids(p.ballot())) {
            return;
        }
        if (outranked(p.ballot())) {
            ctx.observe(new PaxosObservation.StaleBallot(self, "prepare"));
            ctx.send(from, new PaxosMessage.Nack(p.ballot(), promised));
            return;
        }
        if (!recordPromise(p.ballot())) {
            return;
        }
        List<PaxosMessage.AcceptedEntry> reported = accepted.valuesFrom(p.fromSlot());
        PaxosMessage.Promise reply = new PaxosMessage.Promise(p.ballot(), self, p.fromSlot(), reported, compactedThrough(),
                chosenWithoutVote(p.fromSlot()));
        whenDurable(config.has(Mutant.PROMISE_NOT_DURABLE),
                new Effect.Send(from, reply), new Effect.Observe(new PaxosObservation.Promised(self, p.ballot())));
        stepDownIfOutranked();
    }

    /** Chosen values we know from {@code fromSlot} on, in slots where we hold no vote (a lost one, say). */
    private List<PaxosMessage.ChosenEntry> chosenWithoutVote(long fromSlot) {
        List<PaxosMessage.ChosenEntry> out = new ArrayList<>();
        for (long slot : chosen.keys()) {
            if (slot >= fromSlot && slot > compactedThrough() && !accepted.containsKey(slot)) {
                out.add(new PaxosMessage.ChosenEntry(slot, chosen.get(slot)));
            }
        }
        return out;
    }

    private void onAccept(int from, PaxosMessage.Accept a) {
        if (amnesiac || damagedSlots.containsKey(a.slot())) {
            return;
        }
        if (outranked(a.ballot())) {
            ctx.observe(new PaxosObservation.StaleBallot(self, "accept"));
            if (config.has(Mutant.ACCEPT_BELOW_PROMISE)) {
                reached(Mutant.ACCEPT_BELOW_PROMISE);
            } else {
                if (config.has(Mutant.STALE_TRUNCATE)) {
                    truncateVotesAfter(a.slot());
                }
                ctx.send(from, new PaxosMessage.Nack(a.ballot(), promised));
                return;
            }
        }
        heardFromLeader(a.ballot());
        boolean compacted = a.slot() <= compactedThrough();
        if (!(compacted ? recordPromise(a.ballot()) : recordVote(a))) {
            return;
        }
        PaxosMessage.Accepted reply = new PaxosMessage.Accepted(a.ballot(), self, a.slot());
        Effect voted = new Effect.Observe(new PaxosObservation.Voted(self, a.slot(), a.ballot(), a.value().digest(), compacted));
        if (from == self) {
            whenDurable(config.has(Mutant.ACCEPT_NOT_DURABLE), voted, new Effect.OwnVote(reply));
        } else {
            whenDurable(config.has(Mutant.ACCEPT_NOT_DURABLE), new Effect.Send(from, reply), voted);
        }
        learnCommit(a.ballot(), a.commitIndex());
        stepDownIfOutranked();
    }

    /** True when {@code b} is below our promise (the ballot-round-only mutant compares rounds alone). */
    private boolean outranked(Ballot b) {
        if (config.has(Mutant.BALLOT_ROUND_ONLY)) {
            if (b.lessThan(promised) && b.round() == promised.round()) {
                reached(Mutant.BALLOT_ROUND_ONLY);
            }
            return b.round() < promised.round();
        }
        return b.lessThan(promised);
    }

    /** The stale-truncate mutant: an old Accept makes the acceptor drop its votes after that slot. */
    private void truncateVotesAfter(long slot) {
        if (accepted.removeAfter(slot)) {
            reached(Mutant.STALE_TRUNCATE);
        }
    }

    /** Logs a vote (which also promises its ballot); false when the disk refused it. */
    private boolean recordVote(PaxosMessage.Accept a) {
        PaxosMessage.AcceptedEntry existing = accepted.get(a.slot());
        if (existing != null && existing.ballot().equals(a.ballot())) {
            return true;
        }
        if (existing != null && config.has(Mutant.ACCEPT_KEEPS_FIRST_VOTE)) {
            // The planted bug: the slot "already has an entry", so only the ballot is promised and the old vote stays.
            reached(Mutant.ACCEPT_KEEPS_FIRST_VOTE);
            return recordPromise(a.ballot());
        }
        if (!wal.append(new DurableRecord.Accepted(a.slot(), a.ballot(), a.value()))) {
            return false;
        }
        accepted.put(a.slot(), new PaxosMessage.AcceptedEntry(a.slot(), a.ballot(), a.value()));
        if (a.ballot().equals(learnedBallot) && a.slot() <= learnedThrough) {
            lateVotes.add(a.slot());
        }
        promised = Ballot.max(promised, a.ballot());
        return true;
    }

    /**
     * A vote in a compacted slot (already chosen here) need not be logged, but like any vote it
     * promises its ballot, and that must be durable.
     */
    private boolean recordPromise(Ballot b) {
        if (b.greaterThan(promised)) {
            if (!wal.append(new DurableRecord.Promised(b))) {
                return false;
            }
            promised = b;
        }
        return true;
    }

    private void onHeartbeat(int from, PaxosMessage.Heartbeat h) {
        if (h.ballot().lessThan(promised)) {
            ctx.observe(new PaxosObservation.StaleBallot(self, "heartbeat"));
            ctx.send(from, new PaxosMessage.Nack(h.ballot(), promised));
            return;
        }
        heardFromLeader(h.ballot());
        leaseGrantUntilLocalNanos = ctx.localTimeNanos() + config.leaseNanos();
        leaseGrantee = h.ballot();
        if (config.readMode() == ReadMode.LEASE) {
            ctx.observe(new PaxosObservation.LeaseGranted(self, h.ballot(), leaseGrantUntilLocalNanos));
        }
        ctx.send(from, new PaxosMessage.HeartbeatAck(h.ballot(), self, h.sequence()));
        learnCommit(h.ballot(), h.commitIndex());
    }

    /** Under leases, a follower that granted a lease promises nobody else until it runs out. */
    private boolean leaseForbids(Ballot candidate) {
        if (ctx.localTimeNanos() < forgottenGrantUntilLocalNanos && !candidate.equals(leaseGrantee)) {
            reached(Mutant.RESTART_FORGETS_LEASE);
        }
        return config.readMode() == ReadMode.LEASE && !candidate.equals(leaseGrantee)
                && ctx.localTimeNanos() < leaseGrantUntilLocalNanos;
    }

    private void heardFromLeader(Ballot leader) {
        if (leader.compareTo(leaderBallot) >= 0) {
            leaderBallot = leader;
        }
        if (role != Role.FOLLOWER && leader.greaterThan(ballot)) {
            stepDown();
        }
        if (leader.node() != self) {
            leaderContactLocalNanos = ctx.localTimeNanos();
            preVoteBallot = null;
            resetElectionDeadline();
        }
    }

    /**
     * Grants only when we could promise and have not heard from a live leader for a whole minimum
     * election timeout: a replica that timed out because its own links are slow gets no majority.
     */
    private void onPreVote(int from, PaxosMessage.PreVote v) {
        boolean leaderAlive = role == Role.LEADER
                || ctx.localTimeNanos() - leaderContactLocalNanos < config.electionTimeoutNanos();
        boolean canPromise = !amnesiac && damagedSlots.isEmpty() && !leaseForbids(v.ballot());
        ctx.send(from, new PaxosMessage.PreVoteReply(v.ballot(), self, canPromise && !leaderAlive));
    }

    // ---- proposer --------------------------------------------------------------------------

    /** Raises no ballot yet: asks whether a phase-1 quorum would take part in an election. */
    private void startPreVote() {
        preVoteBallot = new Ballot(Math.max(highestRound, promised.round()) + 1, self);
        preVoteGrants.clear();
        preVoteGrants.add(self);
        resetElectionDeadline();
        ctx.broadcast(new PaxosMessage.PreVote(preVoteBallot));
        startElectionIfPreVoted();
    }

    private void onPreVoteReply(PaxosMessage.PreVoteReply v) {
        if (role == Role.LEADER || !v.ballot().equals(preVoteBallot) || !v.granted()) {
            return;
        }
        preVoteGrants.add(v.voter());
        startElectionIfPreVoted();
    }

    private void startElectionIfPreVoted() {
        if (preVoteGrants.size() >= config.effectivePhase1Quorum()) {
            preVoteBallot = null;
            startElection();
        }
    }

    /** True when, counting ourselves, a phase-2 quorum answered our ballot within {@code windowNanos}. */
    private boolean quorumHeardWithin(long now, long windowNanos) {
        int heard = 1;
        for (int p = 0; p < clusterSize; p++) {
            if (p != self && now - lastAckLocalNanos[p] < windowNanos) {
                heard++;
            }
        }
        return heard >= config.phase2Quorum();
    }

    private void startElection() {
        boolean reuse = config.has(Mutant.BALLOT_REUSE);
        long round = Math.max(highestRound, promised.round()) + 1;
        if (reuse && promised.node() == self) {
            // The planted bug: the round is re-derived from our own promise instead of a durable counter.
            round = promised.round();
            reached(Mutant.BALLOT_REUSE);
        }
        if (!reuse && !wal.append(new DurableRecord.HighestRound(round))) {
            return;
        }
        highestRound = round;
        ballot = new Ballot(round, self);
        role = Role.CANDIDATE;
        promises.clear();
        inFlight.clear();
        phase1FromSlot = chosenPrefix + 1;
        resetElectionDeadline();
        for (int p = 0; p < clusterSize; p++) {
            whenDurable(config.has(Mutant.BALLOT_REUSE), new Effect.Send(p, new PaxosMessage.Prepare(ballot, phase1FromSlot)));
        }
    }

    private void onPromise(PaxosMessage.Promise p) {
        if (role != Role.CANDIDATE) {
            return;
        }
        if (!p.ballot().equals(ballot)) {
            ctx.observe(new PaxosObservation.StaleBallot(self, "promise"));
            if (!config.has(Mutant.STALE_REPLY_COUNTED)) {
                return;
            }
            reached(Mutant.STALE_REPLY_COUNTED);
        }
        promises.put(p.acceptor(), p);
        if (promises.size() >= config.effectivePhase1Quorum()) {
            becomeLeader();
        }
    }

    private void becomeLeader() {
        long compacted = 0;
        int compactedAt = -1;
        TreeMap<Long, PaxosMessage.AcceptedEntry> merged = new TreeMap<>();
        TreeMap<Long, Batch> reportedChosen = new TreeMap<>();
        for (PaxosMessage.Promise p : promises.values()) {
            for (PaxosMessage.ChosenEntry e : p.chosen()) {
                reportedChosen.put(e.slot(), e.value());
            }
            if (p.compactedThrough() > compacted) {
                compacted = p.compactedThrough();
                compactedAt = p.acceptor();
            }
            for (PaxosMessage.AcceptedEntry e : p.accepted()) {
                PaxosMessage.AcceptedEntry cur = merged.get(e.slot());
                if (cur == null || e.ballot().greaterThan(cur.ballot())) {
                    merged.put(e.slot(), e);
                }
            }
        }
        if (promises.size() < config.phase1Quorum()) {
            reached(Mutant.BAD_FLEXIBLE_QUORUM);
        }
        if (compacted >= phase1FromSlot) {
            // Others compacted slots we never learned: catch up by snapshot before leading.
            role = Role.FOLLOWER;
            requestCatchUp(compactedAt);
            return;
        }
        role = Role.LEADER;
        tickSoon();
        leaderBallot = ballot;
        preVoteBallot = null;
        java.util.Arrays.fill(lastAckLocalNanos, ctx.localTimeNanos());
        readsReady = false;
        leaseUntilLocalNanos = Long.MIN_VALUE;
        confirmedHeartbeat = heartbeatSequence;
        ctx.observe(new PaxosObservation.BecameLeader(self, ballot));
        long maxSlot = Math.max(chosenPrefix, merged.isEmpty() ? 0 : merged.lastKey());
        maxSlot = Math.max(maxSlot, chosen.isEmpty() ? 0 : chosen.lastKey());
        maxSlot = Math.max(maxSlot, reportedChosen.isEmpty() ? 0 : reportedChosen.lastKey());
        for (long s = phase1FromSlot; s <= maxSlot; s++) {
            Batch value = reportedChosen.containsKey(s) && !chosen.containsKey(s) ? reportedChosen.get(s)
                    : chooseValueFor(s, merged);
            if (value != null) {
                propose(s, value);
                if (config.has(Mutant.MIXED_BALLOT_COMMIT)) {
                    countOlderBallotVotes(s, value);
                }
            }
        }
        nextSlot = maxSlot + 1;
        openingNoopSlot = nextSlot;
        propose(nextSlot++, Batch.NOOP);
        if (config.has(Mutant.READS_BEFORE_NOOP)) {
            readsReady = true;
        }
        sendHeartbeats();
        proposeQueued();
    }

    /**
     * The mixed-ballot-commit mutant: acceptors whose promise reported the same value for the slot,
     * at whatever older ballot, are counted as if they had accepted it at ours.
     */
    private void countOlderBallotVotes(long slot, Batch value) {
        InFlight f = inFlight.get(slot);
        for (PaxosMessage.Promise p : promises.values()) {
            for (PaxosMessage.AcceptedEntry e : p.accepted()) {
                if (e.slot() == slot && e.value().equals(value) && f.ack(p.acceptor())) {
                    reached(Mutant.MIXED_BALLOT_COMMIT);
                }
            }
        }
    }

    /** Phase-1 value rule: a value known chosen, else the highest-ballot value reported, else a no-op. */
    private Batch chooseValueFor(long slot, TreeMap<Long, PaxosMessage.AcceptedEntry> merged) {
        Batch known = chosen.get(slot);
        if (known != null) {
            return known;
        }
        PaxosMessage.AcceptedEntry e = merged.get(slot);
        if (e != null && !config.has(Mutant.IGNORE_PRIOR_ACCEPTS)) {
            return e.value();
        }
        if (e != null && !e.value().equals(Batch.NOOP)) {
            reached(Mutant.IGNORE_PRIOR_ACCEPTS);
        }
        if (e == null && config.has(Mutant.NO_HOLE_FILL)) {
            reached(Mutant.NO_HOLE_FILL);
            return null;
        }
        return Batch.NOOP;
    }

    private void propose(long slot, Batch value) {
        assert role == Role.LEADER : "only a leader proposes";
        assert !inFlight.containsKey(slot) : "slot " + slot + " proposed twice in ballot " + ballot;
        inFlight.put(slot, new InFlight(value, ctx.localTimeNanos()));
        lastProposedLocalNanos = ctx.localTimeNanos();
        PaxosMessage.Accept accept = new PaxosMessage.Accept(ballot, slot, value, chosenPrefix);
        // Our own acceptor gets its Accept through the network too: an Accept to ourselves still in
        // flight when we crash and restart (at a reused ballot, say) is a case the search must see.
        // Its answer is counted locally (an OwnVote), once the vote is durable, as a remote one.
        for (int p = 0; p < clusterSize; p++) {
            ctx.send(p, accept);
        }
        ctx.observe(new PaxosObservation.Proposed(self, slot, ballot, value.commands().size(), value.digest()));
        if (config.has(Mutant.EARLY_ACK)) {
            acknowledgeEarly(value);
        }
    }

    /**
     * Adaptive batching (the default): a slot opens when none is in flight, or when a full batch waits
     * and the window has room; otherwise commands wait for the slots in flight to be chosen and then go
     * out together. Under light load a command is proposed at once; under the closed-loop load of a few
     * clients, the commands that arrive during one round share the next slot instead of each taking a
     * slot of its own (a slot costs an Accept and an Accepted per replica and an fsync per replica).
     */
    private void proposeQueued() {
        while (role == Role.LEADER && !queue.isEmpty() && inFlight.size() < config.pipelineWindow()
                && (config.proposeEagerly() || queue.size() >= config.batchSize()
                    || inFlight.isEmpty() && !awaitingAnsweredClients())) {
            List<ClientCommand> batch = new ArrayList<>();
            while (!queue.isEmpty() && batch.size() < config.batchSize()) {
                batch.add(queue.poll());
            }
            propose(nextSlot++, new Batch(batch));
        }
    }

    /**
     * Whether an idle pipeline should wait for clients answered moments ago before opening a slot.
     * Without the wait, closed-loop clients split into two groups that take turns: those answered
     * when a slot is chosen are back a round trip later, after the commands queued meanwhile went
     * out alone, so each slot carries half of them. Waiting about one client round trip (twice the
     * smoothed return time) merges the groups: fewer, fuller slots (a slot costs an Accept, an
     * Accepted and two fsyncs per replica) and no longer a wait of a whole round in the queue.
     * Clients that are not back by then (a lost request, a finished or open-loop client) are not
     * waited for again; when they come back slowly the wait grows past a heartbeat interval and
     * the leader stops waiting. A set {@link PaxosTimer.ProposeDue} ends the wait.
     */
    private boolean awaitingAnsweredClients() {
        long wait = 2 * clientReturnEstimateNanos;
        if (wait == 0 || wait > config.heartbeatIntervalNanos() || answeredLocalNanos.isEmpty()) {
            return false;
        }
        long now = ctx.localTimeNanos();
        long earliestDue = Long.MAX_VALUE;
        for (var it = answeredLocalNanos.values().iterator(); it.hasNext(); ) {
            long due = it.next() + wait;
            if (due <= now || due - now > wait) {
                it.remove(); // waited for once already (or a clock step back): not again
            } else {
                earliestDue = Math.min(earliestDue, due);
            }
        }
        if (earliestDue == Long.MAX_VALUE) {
            return false;
        }
        if (!proposeDuePending) {
            proposeDuePending = true;
            ctx.setTimer(earliestDue - now, new PaxosTimer.ProposeDue());
        }
        return true;
    }

    /** A leader answered {@code clientId}: under adaptive batching, expect it back (see {@link #awaitingAnsweredClients}). */
    private void expectBack(long clientId) {
        if (role == Role.LEADER && !config.proposeEagerly()) {
            answeredLocalNanos.put(clientId, ctx.localTimeNanos());
        }
    }

    /** {@code clientId} sent a command: it is back; how long it took feeds the estimate. */
    private void clientBack(long clientId) {
        Long answeredAt = answeredLocalNanos.remove(clientId);
        if (answeredAt == null) {
            return;
        }
        long took = Math.min(Math.max(0, ctx.localTimeNanos() - answeredAt), config.heartbeatIntervalNanos());
        clientReturnEstimateNanos = clientReturnEstimateNanos == 0 ? took
                : clientReturnEstimateNanos + (took - clientReturnEstimateNanos) / 8;
    }

    private void onAccepted(PaxosMessage.Accepted a) {
        if (role != Role.LEADER) {
            return;
        }
        if (!a.ballot().equals(ballot)) {
            ctx.observe(new PaxosObservation.StaleBallot(self, "accepted"));
            if (!config.has(Mutant.STALE_REPLY_COUNTED)) {
                return;
            }
            reached(Mutant.STALE_REPLY_COUNTED);
        }
        lastAckLocalNanos[a.acceptor()] = ctx.localTimeNanos();
        InFlight f = inFlight.get(a.slot());
        if (f == null) {
            return;
        }
        f.ack(a.acceptor());
        if (f.ackCount() >= config.phase2Quorum()) {
            inFlight.remove(a.slot());
            ctx.observe(new PaxosObservation.Chosen(self, a.slot(), ballot));
            ctx.observe(new PaxosObservation.Learned(self, a.slot(), f.value().digest(), "quorum"));
            learnChosen(a.slot(), f.value());
            proposeQueued();
        }
    }

    private void onNack(PaxosMessage.Nack n) {
        highestRound = Math.max(highestRound, n.promised().round());
        if (role != Role.FOLLOWER && n.rejected().equals(ballot) && n.promised().greaterThan(ballot)) {
            stepDown();
        }
    }

    private void stepDownIfOutranked() {
        if (role != Role.FOLLOWER && promised.greaterThan(ballot)) {
            stepDown();
        }
    }

    private void stepDown() {
        if (config.has(Mutant.FALSE_FAIL) && role == Role.LEADER) {
            rejectWaitingProposals();
        }
        if (role == Role.LEADER && config.readMode() == ReadMode.LEASE && leaseUntilLocalNanos > ctx.localTimeNanos()) {
            // The lease ends here: a follower serves no reads, so monitors must not count the rest of it.
            ctx.observe(new PaxosObservation.LeaseExtended(self, ballot, ctx.localTimeNanos()));
        }
        role = Role.FOLLOWER;
        inFlight.clear();
        queue.clear();
        queuedSequence.clear();
        answeredLocalNanos.clear();
        pendingReads.clear();
        promises.clear();
        readsReady = false;
        leaseUntilLocalNanos = Long.MIN_VALUE;
        resetElectionDeadline();
    }

    /** The false-fail mutant: commands we proposed or queued are in doubt, but their clients hear "failed". */
    private void rejectWaitingProposals() {
        List<ClientCommand> doubtful = new ArrayList<>(queue);
        for (InFlight f : inFlight.values()) {
            doubtful.addAll(f.value().commands());
        }
        for (ClientCommand c : doubtful) {
            Awaiting a = awaitingReply.get(c.clientId());
            if (a != null && a.sequence() == c.sequence() && !StateMachine.isReadOnly(c.command())) {
                awaitingReply.remove(c.clientId());
                sendReply(a.clientNode(), c.clientId(), c.sequence(), new Result.Rejected("leader stepped down"), true, -1);
                reached(Mutant.FALSE_FAIL);
            }
        }
    }

    /**
     * Heartbeats keep followers from campaigning and carry the commit point; under log reads an Accept
     * to every replica does both (it names the ballot and piggybacks the chosen prefix), so, as Raft's
     * leader does, heartbeats go out only when the leader has proposed nothing for a whole interval.
     * Read-index and lease reads count heartbeat rounds, so under them every tick sends one.
     */
    private boolean heartbeatDue(long now) {
        long sinceProposed = now - lastProposedLocalNanos;
        // A clock stepped back makes the last proposal look future: send, rather than fall silent.
        return config.readMode() != ReadMode.LOG || sinceProposed < 0 || sinceProposed >= config.heartbeatIntervalNanos();
    }

    private void sendHeartbeats() {
        heartbeatSequence++;
        heartbeatSentLocalNanos.put(heartbeatSequence, ctx.localTimeNanos());
        ackedHeartbeat[self] = heartbeatSequence;
        ctx.broadcast(new PaxosMessage.Heartbeat(ballot, chosenPrefix, heartbeatSequence));
        onHeartbeatConfirmed();
    }

    /** Messages get lost: re-send Accepts that have waited two heartbeats to the acceptors that have not answered. */
    private void retransmitAccepts(long now) {
        for (Map.Entry<Long, InFlight> e : inFlight.entrySet()) {
            InFlight f = e.getValue();
            if (now - f.proposedLocalNanos() < 2 * config.heartbeatIntervalNanos()) {
                continue;
            }
            PaxosMessage.Accept accept = new PaxosMessage.Accept(ballot, e.getKey(), f.value(), chosenPrefix);
            for (int p = 0; p < clusterSize; p++) {
                if (!f.acked(p)) {
                    ctx.send(p, accept);
                }
            }
        }
    }

    private void onHeartbeatAck(PaxosMessage.HeartbeatAck a) {
        if (role != Role.LEADER || !a.ballot().equals(ballot)) {
            return;
        }
        ackedHeartbeat[a.acceptor()] = Math.max(ackedHeartbeat[a.acceptor()], a.sequence());
        lastAckLocalNanos[a.acceptor()] = ctx.localTimeNanos();
        onHeartbeatConfirmed();
    }

    /** The newest heartbeat a phase-2 quorum acknowledged proves we led when it was sent. */
    private void onHeartbeatConfirmed() {
        long[] sorted = ackedHeartbeat.clone();
        java.util.Arrays.sort(sorted);
        long confirmed = sorted[clusterSize - config.phase2Quorum()];
        if (confirmed <= confirmedHeartbeat) {
            return;
        }
        confirmedHeartbeat = confirmed;
        Long sentAt = heartbeatSentLocalNanos.get(confirmed);
        heartbeatSentLocalNanos.headMap(confirmed, true).clear();
        if (sentAt != null && config.readMode() == ReadMode.LEASE) {
            long margin = config.has(Mutant.LEASE_NO_DRIFT) ? 0 : config.leaseDriftMarginNanos();
            if (config.has(Mutant.LEASE_NO_DRIFT)) {
                reached(Mutant.LEASE_NO_DRIFT);
            }
            long start = sentAt;
            if (config.has(Mutant.LEASE_FROM_ACK) && ctx.localTimeNanos() > sentAt) {
                reached(Mutant.LEASE_FROM_ACK);
                start = ctx.localTimeNanos();
            }
            long length = config.leaseNanos();
            if (config.has(Mutant.LEASE_SIZED_BY_ELECTION_TIMEOUT) && config.electionTimeoutNanos() > length) {
                // The planted bug: "nobody campaigns for an election timeout", so the lease is taken to last that long.
                reached(Mutant.LEASE_SIZED_BY_ELECTION_TIMEOUT);
                length = config.electionTimeoutNanos();
            }
            leaseUntilLocalNanos = Math.max(leaseUntilLocalNanos, start + length - margin);
            ctx.observe(new PaxosObservation.LeaseExtended(self, ballot, leaseUntilLocalNanos));
        }
        serveReads();
    }

    // ---- learner ---------------------------------------------------------------------------

    /** The leader of {@code leader} says slots through {@code commitIndex} are chosen; ours match where we accepted its value. */
    private void learnCommit(Ballot leader, long commitIndex) {
        leaderCommitKnown = Math.max(leaderCommitKnown, commitIndex);
        if (commitIndex <= chosenPrefix) {
            return;
        }
        if (config.has(Mutant.COMMIT_PAST_MATCH)) {
            for (PaxosMessage.AcceptedEntry e : accepted.valuesBetween(chosenPrefix, commitIndex)) {
                if (!e.ballot().equals(leader) && !chosen.containsKey(e.slot())) {
                    reached(Mutant.COMMIT_PAST_MATCH);
                }
                takeChosen(e);
            }
        } else {
            learnVotesAt(leader, commitIndex);
        }
        advanceChosenPrefix();
        if (chosenPrefix < commitIndex && leader.node() != self) {
            requestCatchUp(leader.node());
        }
    }

    /** Marks chosen every vote at {@code leader} in (chosenPrefix, commitIndex], looking at each slot once per ballot. */
    private void learnVotesAt(Ballot leader, long commitIndex) {
        long from = chosenPrefix;
        if (leader.equals(learnedBallot)) {
            while (!lateVotes.isEmpty() && lateVotes.first() <= commitIndex) {
                takeVote(lateVotes.pollFirst(), leader);
            }
            from = Math.max(from, learnedThrough);
        } else {
            learnedBallot = leader;
            learnedThrough = chosenPrefix;
            lateVotes.clear();
        }
        if (commitIndex > from) {
            for (PaxosMessage.AcceptedEntry e : accepted.valuesBetween(from, commitIndex)) {
                if (e.ballot().equals(leader)) {
                    takeChosen(e);
                }
            }
        }
        learnedThrough = Math.max(learnedThrough, commitIndex);
    }

    private void takeVote(long slot, Ballot leader) {
        PaxosMessage.AcceptedEntry e = accepted.get(slot);
        if (slot > chosenPrefix && e != null && e.ballot().equals(leader)) {
            takeChosen(e);
        }
    }

    /** The leader's commit index covers our vote {@code e}: its value is chosen (learned once). */
    private void takeChosen(PaxosMessage.AcceptedEntry e) {
        if (!chosen.containsKey(e.slot())) {
            chosen.put(e.slot(), e.value());
            ctx.observe(new PaxosObservation.Learned(self, e.slot(), e.value().digest(), "commit"));
        }
    }

    private void learnChosen(long slot, Batch value) {
        Batch previous = chosen.putIfAbsent(slot, value);
        assert previous == null || previous.equals(value) || slot <= appliedIndex
                : "slot " + slot + " learned with two values";
        advanceChosenPrefix();
    }

    private void advanceChosenPrefix() {
        while (chosen.containsKey(chosenPrefix + 1)) {
            chosenPrefix++;
        }
        repairDamagedSlots();
        long applyDelay = ctx.faultDelayNanos(SLOW_APPLY_POINT);
        if (applyDelay > 0 && appliedIndex < chosenPrefix) {
            // A slow apply (a fault): what is chosen now is applied once the wait is over.
            if (!applyPending) {
                applyPending = true;
                ctx.setTimer(applyDelay, new PaxosTimer.ApplyDue());
            }
            return;
        }
        applyChosen();
    }

    private void applyChosen() {
        while (appliedIndex < chosenPrefix) {
            applySlot(appliedIndex + 1);
        }
        maybeSnapshot();
        serveReads();
    }

    /** The delay point a slow-apply fault sets (io.paxsim.faults.Fault.SlowApply.POINT). */
    static final String SLOW_APPLY_POINT = "apply";

    /** A damaged slot becomes votable again once its chosen value is durably recorded. */
    private void repairDamagedSlots() {
        if (damagedSlots.isEmpty()) {
            return;
        }
        for (Long slot : new ArrayList<>(damagedSlots.keySet())) {
            Batch value = chosen.get(slot);
            if (value != null && wal.append(new DurableRecord.Repaired(slot, value))) {
                damagedSlots.remove(slot);
                repairedVotes.put(slot, value);
            }
        }
    }

    private void applySlot(long slot) {
        Batch batch = chosen.get(slot);
        assert batch != null && slot == appliedIndex + 1 : "applying slot " + slot + " out of order";
        long[] effective = new long[2 * batch.commands().size()]; // (clientId, sequence) pairs, for the monitor
        int effectiveLongs = 0;
        List<StateMachine.Outcome> outcomes = new ArrayList<>(batch.commands().size());
        for (ClientCommand c : batch.commands()) {
            if (config.has(Mutant.NO_DEDUP) && stateMachine.alreadyApplied(c.clientId(), c.sequence())) {
                reached(Mutant.NO_DEDUP);
            }
            StateMachine.Outcome o = stateMachine.apply(slot, c, !config.has(Mutant.NO_DEDUP));
            outcomes.add(o);
            if (o.effective()) {
                effective[effectiveLongs++] = c.clientId();
                effective[effectiveLongs++] = c.sequence();
            }
            // Only a leader queues: a follower (four replicas of five) skips boxing the id for an empty map.
            if (!queuedSequence.isEmpty()) {
                queuedSequence.remove(c.clientId(), c.sequence()); // only if still queued as this sequence: one probe, not two
            }
        }
        appliedIndex = slot;
        if (effectiveLongs < effective.length) {
            effective = java.util.Arrays.copyOf(effective, effectiveLongs); // a retry the session table filtered
        }
        ctx.observe(new PaxosObservation.Applied(self, slot, batch.digest(), effective, stateMachine.digest()));
        for (int i = 0; i < outcomes.size(); i++) {
            ClientCommand c = batch.commands().get(i);
            replyIfAwaited(c.clientId(), c.sequence(), outcomes.get(i).result(), slot);
        }
        if (slot == openingNoopSlot && role == Role.LEADER) {
            readsReady = true;
        }
    }

    /**
     * Only followers catch up: a leader advertises its chosen prefix as "your value at my ballot is
     * chosen", which holds only for slots its own quorums decided.
     */
    private void requestCatchUp(int target) {
        if (role != Role.FOLLOWER) {
            return;
        }
        long now = ctx.localTimeNanos();
        if (target < 0 || target == self || now - catchUpRequestedLocalNanos < catchUpRetryNanos) {
            return;
        }
        if (now - catchUpRequestedLocalNanos < 2 * catchUpRetryNanos) {
            // The last request went unanswered for a whole wait: the link is slow or lossy, wait longer.
            catchUpRetryNanos = Math.min(2 * catchUpRetryNanos, 8 * config.electionTimeoutNanos());
        } else {
            catchUpRetryNanos = config.electionTimeoutNanos();
        }
        catchUpRequestedLocalNanos = now;
        ctx.send(target, new PaxosMessage.CatchUpRequest(chosenPrefix + 1));
        ctx.observe(new PaxosObservation.CatchUpRequested(self, target, chosenPrefix + 1));
    }

    private void onCatchUpRequest(int from, PaxosMessage.CatchUpRequest r) {
        if (r.fromSlot() <= snapshotSlot && config.has(Mutant.EAGER_GC)) {
            reached(Mutant.EAGER_GC);
            return;
        }
        if (r.fromSlot() <= snapshotSlot && snapshots.latest() != null) {
            ctx.send(from, new PaxosMessage.CatchUpReply(List.of(), snapshots.latest()));
            return;
        }
        if (r.fromSlot() <= compactedThrough()) {
            return;
        }
        List<PaxosMessage.ChosenEntry> entries = new ArrayList<>();
        for (long s = r.fromSlot(); s <= chosenPrefix && entries.size() < 256; s++) {
            Batch value = chosen.get(s);
            if (value == null) {
                break;
            }
            entries.add(new PaxosMessage.ChosenEntry(s, value));
        }
        if (config.has(Mutant.CATCHUP_SENDS_ACCEPTED)) {
            appendAcceptedTail(entries, Math.max(r.fromSlot(), chosenPrefix + 1));
        }
        if (!entries.isEmpty()) {
            ctx.send(from, new PaxosMessage.CatchUpReply(entries, null));
        }
    }

    /** The catchup-sends-accepted mutant: our votes past the chosen prefix go out as if chosen. */
    private void appendAcceptedTail(List<PaxosMessage.ChosenEntry> entries, long from) {
        for (long s = from; accepted.containsKey(s) && entries.size() < 256; s++) {
            entries.add(new PaxosMessage.ChosenEntry(s, accepted.get(s).value()));
            reached(Mutant.CATCHUP_SENDS_ACCEPTED);
        }
    }

    private void onCatchUpReply(PaxosMessage.CatchUpReply r) {
        if (role != Role.FOLLOWER) {
            return;
        }
        ctx.observe(new PaxosObservation.CaughtUp(self, r.entries().size(), r.snapshot() != null));
        long prefixBefore = chosenPrefix;
        if (r.snapshot() != null && r.snapshot().slot() <= appliedIndex) {
            // A late or duplicated answer: the corner where snapshot installation goes wrong.
            ctx.observe(new PaxosObservation.StaleBallot(self, "snapshot"));
        }
        if (r.snapshot() != null && r.snapshot().slot() > appliedIndex) {
            installSnapshot(r.snapshot());
        } else if (r.snapshot() != null && config.has(Mutant.INSTALL_OLDER_SNAPSHOT) && r.snapshot().slot() > snapshotSlot) {
            reached(Mutant.INSTALL_OLDER_SNAPSHOT);
            installSnapshot(r.snapshot());
        }
        for (PaxosMessage.ChosenEntry e : r.entries()) {
            Batch value = config.has(Mutant.CATCHUP_TRUSTS_OWN_VOTE) ? ownVoteInstead(e) : e.value();
            if (e.slot() > appliedIndex && chosen.putIfAbsent(e.slot(), value) == null) {
                ctx.observe(new PaxosObservation.Learned(self, e.slot(), value.digest(), "catch-up"));
            }
        }
        advanceChosenPrefix();
        if (chosenPrefix == prefixBefore) {
            // A duplicated or late answer taught us nothing. Asking again for each one would let every
            // duplication on the network start one more request/answer chain: a retry storm that grows
            // with run length. The outstanding request's own timer stays in charge.
            return;
        }
        catchUpRequestedLocalNanos = NEVER;
        catchUpRetryNanos = config.electionTimeoutNanos();
        if (chosenPrefix < leaderCommitKnown && leaderBallot.node() != self) {
            requestCatchUp(leaderBallot.node());
        }
    }

    /** The catchup-trusts-own-vote mutant: "I already hold an entry for this slot", so the sent value is not looked at. */
    private Batch ownVoteInstead(PaxosMessage.ChosenEntry e) {
        PaxosMessage.AcceptedEntry mine = accepted.get(e.slot());
        if (mine == null || e.slot() <= appliedIndex || chosen.containsKey(e.slot())) {
            return e.value();
        }
        if (!mine.value().equals(e.value())) {
            reached(Mutant.CATCHUP_TRUSTS_OWN_VOTE);
        }
        return mine.value();
    }

    // ---- snapshots and compaction ----------------------------------------------------------

    /**
     * Every {@code snapshotIntervalSlots}, or later once the state is large: after
     * {@link #SNAPSHOT_BYTES_PER_SLOT} snapshot bytes per applied slot, amortised, or sooner once
     * the WAL has grown by as many bytes as the last snapshot held and by at least
     * {@link #WAL_BYTES_BEFORE_EARLY_SNAPSHOT} (a log-size trigger, as etcd and CockroachDB
     * have). Otherwise a state that grows with the run (list-append's lists) makes every snapshot
     * longer and the run quadratic (a fixed slot interval), or keeps a WAL since the last snapshot
     * that grows with the state (the slot rule alone: tens of MB per replica at 1M ops). Below the
     * floor the cadence is the slot rule's, as before the log-size trigger (short runs unchanged).
     */
    private void maybeSnapshot() {
        long interval = config.snapshotIntervalSlots();
        long slots = appliedIndex - snapshotSlot;
        if (interval == 0 || snapshots.writing() || slots < interval) {
            return;
        }
        long walGrowth = wal.bytesAppended() - walBytesAtSnapshot;
        boolean logSizeDue = walGrowth >= Math.max(lastSnapshotBytes, WAL_BYTES_BEFORE_EARLY_SNAPSHOT);
        if (!logSizeDue && slots < lastSnapshotBytes / SNAPSHOT_BYTES_PER_SLOT) {
            return;
        }
        boolean withSessions = !config.has(Mutant.SNAPSHOT_NO_SESSIONS);
        if (!withSessions && stateMachine.hasSessions()) {
            reached(Mutant.SNAPSHOT_NO_SESSIONS);
        }
        byte[] state = stateMachine.encode(withSessions);
        lastSnapshotBytes = state.length;
        walBytesAtSnapshot = wal.bytesAppended();
        snapshots.write(ctx.disk(), new Snapshot(appliedIndex, state));
        ctx.observe(new PaxosObservation.SnapshotStarted(self, appliedIndex));
    }

    /** Lists are varint-coded (about a byte per Elle counter, eight before): 8 now is the old 64 in slots. */
    static final long SNAPSHOT_BYTES_PER_SLOT = 8;
    static final long WAL_BYTES_BEFORE_EARLY_SNAPSHOT = 1 << 20;

    /** The snapshot through {@code slot} is durable: drop what it covers from memory. */
    private void onSnapshotDurable(Snapshot durable) {
        if (durable == null || durable.slot() <= snapshotSlot) {
            return;
        }
        snapshotSlot = durable.slot();
        ctx.observe(new PaxosObservation.SnapshotDurable(self, snapshotSlot));
        chosen.removeThrough(snapshotSlot);
        // A damaged slot inside a durable snapshot is chosen and applied: our lost vote no longer matters.
        damagedSlots.headMap(snapshotSlot, true).clear();
        // Votes are kept down to the older snapshot: if the newer one rots, the older one plus the WAL still cover.
        accepted.removeThrough(snapshots.floorSlot());
        repairedVotes.removeThrough(snapshots.floorSlot());
        compactWal();
    }

    /** Rewrites the WAL as just the live state once the snapshot made the rest redundant. */
    private void compactWal() {
        long minRecords = Math.max(MIN_RECORDS_TO_COMPACT, config.snapshotIntervalSlots());
        if (amnesiac || !damagedSlots.isEmpty() || wal.recordsSinceCompaction() < minRecords) {
            return;
        }
        List<DurableRecord> base = new ArrayList<>(accepted.size() + repairedVotes.size() + 2);
        base.add(new DurableRecord.Promised(promised));
        base.add(new DurableRecord.HighestRound(highestRound));
        for (PaxosMessage.AcceptedEntry e : accepted.values()) {
            base.add(new DurableRecord.Accepted(e.slot(), e.ballot(), e.value()));
        }
        // A repaired slot has no vote to carry: without its Repaired record the base forgets we voted there.
        repairedVotes.forEach((slot, value) -> base.add(new DurableRecord.Repaired(slot, value)));
        if (wal.compact(base, snapshots.floorSlot())) {
            ctx.observe(new PaxosObservation.WalCompacted(self, wal.generation(), base.size(), snapshots.floorSlot()));
        }
    }

    private void installSnapshot(Snapshot s) {
        if (config.has(Mutant.INSTALL_DROPS_VOTES) && accepted.removeAfter(s.slot())) {
            // The planted bug (Raft's "discard the log" on InstallSnapshot): votes past the snapshot go too.
            reached(Mutant.INSTALL_DROPS_VOTES);
        }
        stateMachine = StateMachine.decode(s.stateUnchanged());
        appliedIndex = s.slot();
        chosenPrefix = Math.max(chosenPrefix, s.slot());
        chosen.removeThrough(s.slot());
        snapshotSlot = Math.max(snapshotSlot, s.slot());
        ctx.observe(new PaxosObservation.SnapshotInstalled(self, s.slot(), stateMachine.digest()));
        snapshots.write(ctx.disk(), s);
        ctx.observe(new PaxosObservation.SnapshotStarted(self, s.slot()));
    }

    // ---- clients ---------------------------------------------------------------------------

    /**
     * A request from client node {@code from}, straight or {@code forwarded} by another replica. A
     * replica that does not lead passes a client's request on to the one it believes leads (one
     * message instead of a NotLeader and the client's second try); a forwarded request that finds no
     * leader is answered NotLeader, not passed on again.
     */
    private void onClientRequest(int from, ClientMessage.Request r, boolean forwarded) {
        clientBack(r.clientId());
        boolean dedup = !config.has(Mutant.NO_DEDUP);
        Result cached = dedup ? stateMachine.cachedResult(r.clientId(), r.sequence()) : null;
        if (cached != null) {
            ctx.observe(new PaxosObservation.SessionHit(self, r.clientId(), r.sequence()));
            sendReply(from, r.clientId(), r.sequence(), cached, true, -1);
            return;
        }
        if (dedup && stateMachine.alreadyApplied(r.clientId(), r.sequence())) {
            return;
        }
        if (role != Role.LEADER) {
            int hint = leaderBallot.node() == self ? -1 : leaderBallot.node();
            if (hint >= 0 && !forwarded) {
                ctx.send(hint, new PaxosMessage.Forward(from, r));
            } else {
                ctx.send(from, new ClientMessage.NotLeader(r.clientId(), r.sequence(), hint));
            }
            return;
        }
        if (StateMachine.isReadOnly(r.command()) && readOutsideLog(from, r)) {
            return;
        }
        awaitingReply.put(r.clientId(), new Awaiting(r.sequence(), from));
        if (dedup && queuedSequence.getOrDefault(r.clientId(), -1L) == r.sequence()) {
            return;
        }
        queuedSequence.put(r.clientId(), r.sequence());
        queue.add(new ClientCommand(r.clientId(), r.sequence(), r.command()));
        proposeQueued();
    }

    /** Serves a read without the log when the read mode allows it; false to send it through the log. */
    private boolean readOutsideLog(int from, ClientMessage.Request r) {
        if (config.has(Mutant.LOCAL_READ)) {
            reached(Mutant.LOCAL_READ);
            ctx.observe(new PaxosObservation.ReadServed(self, ballot, r.clientId(), r.sequence(), appliedIndex, "local"));
            sendReply(from, r.clientId(), r.sequence(), stateMachine.query(r.command()), false, -1);
            return true;
        }
        if (config.readMode() == ReadMode.LOG || !readsReady) {
            return false;
        }
        if (appliedIndex < openingNoopSlot) {
            reached(Mutant.READS_BEFORE_NOOP);
        }
        if (appliedIndex < chosenPrefix) {
            ctx.observe(new PaxosObservation.ReadAwaitsApply(self, chosenPrefix, appliedIndex));
        }
        long readIndex = chosenPrefix;
        if (config.has(Mutant.READ_INDEX_FROM_APPLIED) && appliedIndex < chosenPrefix) {
            reached(Mutant.READ_INDEX_FROM_APPLIED);
            readIndex = appliedIndex;
        }
        boolean leasedNow = config.readMode() == ReadMode.LEASE && ctx.localTimeNanos() < leaseUntilLocalNanos;
        long requiredHeartbeat = heartbeatSequence + 1;
        if (config.has(Mutant.READ_CONFIRMED_BY_INFLIGHT_HEARTBEAT) && confirmedHeartbeat < heartbeatSequence) {
            // The planted bug: the round sent before this read arrived is taken to vouch for it.
            reached(Mutant.READ_CONFIRMED_BY_INFLIGHT_HEARTBEAT);
            requiredHeartbeat = heartbeatSequence;
        }
        pendingReads.add(new PendingRead(r.clientId(), r.sequence(), r.command(), from, readIndex, requiredHeartbeat,
                leasedNow));
        if (leasedNow) {
            serveReads();
        } else if (confirmedHeartbeat == heartbeatSequence) {
            sendHeartbeats();
        }
        return true;
    }

    private void serveReads() {
        boolean leased = config.readMode() == ReadMode.LEASE && ctx.localTimeNanos() < leaseUntilLocalNanos;
        while (!pendingReads.isEmpty() && role == Role.LEADER) {
            PendingRead read = pendingReads.peek();
            boolean confirmed = leased || read.requiredHeartbeat() <= confirmedHeartbeat;
            boolean leaseRemembered = !confirmed && read.leasedAtArrival() && config.has(Mutant.LEASE_CHECKED_AT_ARRIVAL);
            if (!(confirmed || leaseRemembered) || appliedIndex < read.readIndex()) {
                break;
            }
            if (leaseRemembered) {
                reached(Mutant.LEASE_CHECKED_AT_ARRIVAL);
            }
            pendingReads.poll();
            ctx.observe(new PaxosObservation.ReadServed(self, ballot, read.clientId(), read.sequence(), appliedIndex,
                    read.requiredHeartbeat() <= confirmedHeartbeat ? "read-index" : "lease"));
            sendReply(read.clientNode(), read.clientId(), read.sequence(), stateMachine.query(read.command()), false, -1);
        }
        if (!pendingReads.isEmpty() && role == Role.LEADER && confirmedHeartbeat == heartbeatSequence) {
            sendHeartbeats();
        }
    }

    private void replyIfAwaited(long clientId, long sequence, Result result, long slot) {
        if (awaitingReply.isEmpty()) {
            return; // a follower awaits no client: no boxed probe per applied command
        }
        Awaiting a = awaitingReply.get(clientId);
        if (a == null || a.sequence() != sequence || result == null) {
            return;
        }
        awaitingReply.remove(clientId);
        sendReply(a.clientNode(), clientId, sequence, result, true, slot);
    }

    private void sendReply(int clientNode, long clientId, long sequence, Result result, boolean throughLog, long slot) {
        ctx.send(clientNode, new ClientMessage.Reply(clientId, sequence, result));
        expectBack(clientId);
        ctx.observe(new PaxosObservation.Replied(self, clientId, sequence, throughLog, slot,
                result instanceof Result.Rejected));
    }

    /** The early-ack mutant: writes are acknowledged as soon as they are proposed. */
    private void acknowledgeEarly(Batch value) {
        for (ClientCommand c : value.commands()) {
            if (c.command() instanceof Command.Write && awaitingReply.containsKey(c.clientId())) {
                reached(Mutant.EARLY_ACK);
                replyIfAwaited(c.clientId(), c.sequence(), new Result.WriteOk(), -1);
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private void resetElectionDeadline() {
        long timeout = config.electionTimeoutNanos();
        electionDeadlineLocalNanos = ctx.localTimeNanos() + timeout + ctx.random().nextLong(timeout);
    }

    /** Holds effects until the WAL is durable, or (a durability mutant) does them at once. */
    private void whenDurable(boolean immediately, Effect... effects) {
        if (immediately && wal.hasUnsynced()) {
            for (Mutant m : DURABILITY_MUTANTS) {
                if (config.has(m)) {
                    reached(m);
                }
            }
        }
        for (Effect e : effects) {
            if (immediately) {
                run(List.of(e));
            } else {
                wal.afterDurable(e);
            }
        }
    }

    private static final List<Mutant> DURABILITY_MUTANTS = List.of(Mutant.PROMISE_NOT_DURABLE,
            Mutant.ACCEPT_NOT_DURABLE, Mutant.BALLOT_REUSE);

    /** Publishes that a planted bug's branch ran (tests prove each mutant is reached). */
    private void reached(Mutant m) {
        ctx.observe(new PaxosObservation.MutantReached(self, m));
    }

    /**
     * Ends every handler: counts our own durable votes (held until now so that counting one, which may
     * choose a slot and propose the next, never runs inside another handler's loop), then issues the
     * fsync the handler's writes need.
     */
    private void flushWal() {
        do {
            while (!ownVotes.isEmpty()) {
                onAccepted(ownVotes.poll());
            }
            run(wal.flush());
        } while (!ownVotes.isEmpty());
    }

    private void run(List<Effect> effects) {
        for (Effect e : effects) {
            if (e instanceof Effect.Send s) {
                ctx.send(s.to(), s.message());
            } else if (e instanceof Effect.Observe o) {
                ctx.observe(o.observation());
            } else if (e instanceof Effect.OwnVote v) {
                ownVotes.add(v.accepted());
            } else {
                throw new AssertionError("unknown effect " + e);
            }
        }
    }
}
