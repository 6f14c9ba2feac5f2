package io.paxsim.paxos;

import io.paxsim.sim.ExplicitStateHash;
import io.paxsim.sim.NodeIds;
import io.paxsim.sim.HashIterationSafe;
import io.paxsim.sim.SimObserver;
import io.paxsim.sim.Simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Online safety checks over the facts replicas publish ({@link PaxosObservation}). The first
 * violation stops the run ({@link Simulation#stop}) and stays queryable via {@link #violation()}.
 * Register one per run: {@code Simulation.builder(seed).observer(new InvariantMonitor(config))}.
 */
@HashIterationSafe("per-slot and per-client maps keyed by Long/Ballot(int fields) are only probed (a report may name "
        + "the first entry of a Long-keyed map, whose order is stable); "
        + "votedBy, iterated on recovery, is a TreeMap of slot-ordered SlotMaps; "
        + "explicitStateHash sums hash-map entries order-independently")
public final class InvariantMonitor implements SimObserver, ExplicitStateHash, io.paxsim.sim.Copyable {
    // Memory stays flat in run length: once every replica has applied a slot, its votes, chosen
    // value, first applier and state digest fold into two longs per slot (SettledSlots); effects
    // are one long per client sequence (ClientEffects); an acceptor's sent votes are dropped below
    // the floor its WAL compaction declares, which recovery never asks about.
    /** A named safety property. */
    public record Invariant(String name, String description) {
    }

    public static final Invariant SINGLE_VALUE_PER_SLOT = new Invariant("single-value-per-slot",
            "at most one value is chosen (accepted by a phase-2 quorum at one ballot) per slot");
    public static final Invariant APPLIED_PREFIX_AGREEMENT = new Invariant("applied-prefix-agreement",
            "replicas apply the same value in every slot (applied logs are prefix-comparable) and it is the chosen one");
    public static final Invariant APPLIED_INDEX_MONOTONIC = new Invariant("applied-index-monotonic",
            "a replica applies slots in order without gaps; after a restart it resumes from its durable snapshot");
    public static final Invariant PROMISE_MONOTONIC = new Invariant("promise-monotonic",
            "an acceptor's promised ballot never decreases, across restarts too, and it never votes below it");
    public static final Invariant VOTES_DURABLE = new Invariant("votes-durable",
            "an acceptor that restarts still remembers every vote it sent above its snapshot");
    public static final Invariant EXACTLY_ONCE_APPLY = new Invariant("exactly-once-apply",
            "each (client, sequence) takes effect in at most one slot");
    public static final Invariant REPLY_AFTER_APPLY = new Invariant("reply-after-apply",
            "a client is answered through the log only after its command was applied");

    public static final Invariant ONE_VALUE_PER_BALLOT = new Invariant("one-value-per-ballot",
            "a ballot's leader proposes at most one value per slot (across its restarts too), and acceptors vote at most "
                    + "one value per (slot, ballot)");
    public static final Invariant LEARNED_IS_CHOSEN = new Invariant("learned-is-chosen",
            "a replica marks a slot chosen only with the value a phase-2 quorum accepted at one ballot, so a chosen value never changes");
    public static final Invariant STATE_AGREEMENT = new Invariant("state-agreement",
            "replicas that applied through the same slot hold the same state, snapshots and catch-up included");
    public static final Invariant RECOVERED_STATE = new Invariant("recovered-state",
            "a restarted replica's state is the cluster's state at the slot it recovered to");
    public static final Invariant READ_FRESHNESS = new Invariant("read-freshness",
            "a read served outside the log reflects every write some replica had applied (so every write committed and "
                    + "answered) before the read was invoked, and comes from a leader over whose ballot no higher ballot had "
                    + "chosen a value when the read arrived");
    public static final Invariant LEASE_EXCLUSIVE = new Invariant("lease-exclusive",
            "no two leaders' read leases overlap in true time, and a lease (when extended, and at each read it serves) is "
                    + "backed by enough acceptors' grants that no rival can be elected while it holds (clocks within the "
                    + "drift the lease margin assumes; steps and wider drift are excused)");
    public static final Invariant VOTES_KEPT = new Invariant("votes-kept",
            "a running acceptor keeps every vote it sent since it started (above its compaction point): its promises "
                    + "report them, and a stale message it rejects removes none");
    public static final Invariant REJECTED_NO_EFFECT = new Invariant("rejected-no-effect",
            "a command whose client was told it failed never takes effect");
    public static final Invariant LEASE_GRANTS = new Invariant("lease-grants",
            "a leader's read lease ends, in true time, before the lease grants of a phase-2 quorum (itself included) "
                    + "run out, and an acceptor promises no newer ballot while its grant to an older one runs, across restarts too");

    public static final Invariant QUORUM_AT_BALLOT = new Invariant("quorum-at-ballot",
            "a leader is elected on Promises, and counts a slot chosen on Accepteds, that a quorum of acceptors sent "
                    + "for its own ballot and that reached it since it last restarted (its own vote counts once published "
                    + "as durable)");

    public static final List<Invariant> ALL = List.of(SINGLE_VALUE_PER_SLOT, APPLIED_PREFIX_AGREEMENT,
            APPLIED_INDEX_MONOTONIC, PROMISE_MONOTONIC, VOTES_DURABLE, EXACTLY_ONCE_APPLY, REPLY_AFTER_APPLY,
            ONE_VALUE_PER_BALLOT, LEARNED_IS_CHOSEN, STATE_AGREEMENT, RECOVERED_STATE, READ_FRESHNESS,
            LEASE_EXCLUSIVE, REJECTED_NO_EFFECT, LEASE_GRANTS, QUORUM_AT_BALLOT, VOTES_KEPT);

    /** What went wrong, where and when. */
    public record Violation(String invariant, @NodeIds List<Integer> nodes, long slot, long timeNanos, String message) {
        public Violation {
            nodes = List.copyOf(nodes);
        }
    }

    private record ChosenValue(long digest, Ballot ballot, @NodeIds(NodeIds.Shape.SORTED) List<Integer> acceptors) {
    }

    private final int phase1Quorum;
    private final int phase2Quorum;
    private final int replicas;
    /** Per replica: the replies that reached it in this incarnation, for {@link #QUORUM_AT_BALLOT}. */
    @NodeIds(NodeIds.Shape.INDEX) private final ReplyTally[] replies;
    private final SettledSlots settled;
    private long chosenSlotsSeen;
    /** Slots not yet applied by every replica: votes, chosen value, first applier and state digest, one object per slot. */
    private final HashMap<Long, OpenSlot> open = new HashMap<>();
    @NodeIds(NodeIds.Shape.KEYS) private final TreeMap<Integer, Long> lastApplied = new TreeMap<>();
    /**
     * Per replica: the highest slot it ever applied, across restarts. Slots settle by it, not by
     * {@link #lastApplied}: whether a slot settles must not depend on whether a replica's restart
     * came before or after another replica's apply (a model checker treats those as commuting).
     */
    @NodeIds(NodeIds.Shape.KEYS) private final TreeMap<Integer, Long> appliedEver = new TreeMap<>();
    @NodeIds(NodeIds.Shape.KEYS) private final TreeMap<Integer, Ballot> maxPromise = new TreeMap<>();
    private final HashMap<Long, ClientEffects> effectSlot = new HashMap<>();
    @NodeIds(NodeIds.Shape.KEYS) private final TreeMap<Integer, SlotMap<Ballot>> votedBy = new TreeMap<>();
    /** Per acceptor, votes sent since it last started (a crash clears them: votes-durable covers restarts). */
    @NodeIds(NodeIds.Shape.KEYS) private final TreeMap<Integer, SlotMap<Ballot>> liveVotes = new TreeMap<>();
    /** Acceptors that rejected a stale message in the handler now running: checked when it has finished. */
    @NodeIds private final TreeSet<Integer> rejectedStale = new TreeSet<>();
    /** Per acceptor: what {@link #checkVotesKeptAfterStale} may skip (a cache of what it proved; no state of the run). */
    @NodeIds(NodeIds.Shape.KEYS) private final TreeMap<Integer, VoteWatch> voteWatch = new TreeMap<>();
    /** Per acceptor: the value digest of its highest-ballot vote in each slot of {@link #votedBy}. */
    @NodeIds(NodeIds.Shape.KEYS) private final TreeMap<Integer, SlotMap<Long>> votedValue = new TreeMap<>();
    /** Per acceptor: its latest lease grant (local-clock end) to each of its most recent ballots. */
    @NodeIds(NodeIds.Shape.KEYS) private final TreeMap<Integer, TreeMap<Ballot, Long>> leaseGrants = new TreeMap<>();
    private final long leaseDriftTolerancePpm;
    /** The highest slot chosen first at each ballot (a read of a newer ballot's leader must reflect it). */
    private final TreeMap<Ballot, Long> maxSlotChosenAt = new TreeMap<>();
    /** A leader's read lease as it believed it, in true time. */
    private record Lease(@NodeIds int node, Ballot ballot, long startNanos, long endNanos) {
    }

    /** Per client id: {sequence, true time its first attempt was sent}. */
    private final HashMap<Long, long[]> requestSentNanos = new HashMap<>();
    /** Through-log replies in time order, kept only where the highest answered slot rose. */
    private long[] replyTimes;
    private long[] replySlotMax;
    private int replyCount;
    private final HashMap<Long, java.util.HashSet<Long>> rejected = new HashMap<>();
    private final ArrayList<Lease> leases = new ArrayList<>();
    private static final long NOT_ARRIVED = Long.MIN_VALUE;
    // The parts of the state hash cached between steps (a step changes a few): each a group of fields.
    private static final int P_REPLIES = 0;
    private static final int P_SETTLED = 1;
    private static final int P_OPEN = 2;
    private static final int P_APPLIED = 3;
    private static final int P_PROMISES = 4;
    private static final int P_EFFECTS = 5;
    private static final int P_VOTED_BY = 6;
    private static final int P_LIVE_VOTES = 7;
    private static final int P_VOTED_VALUE = 8;
    private static final int P_LEASE_GRANTS = 9;
    private static final int P_CHOSEN_AT = 10;
    private static final int P_SENT = 11;
    private static final int P_REPLY_LOG = 12;
    private static final int P_REJECTED = 13;
    private static final int P_LEASES = 14;
    private static final int P_ARRIVED = 15;
    private static final int P_RISES = 16;
    private static final int P_LEASE_WATCH = 17;
    private static final int PARTS = 18;
    /** Per client: {sequence, first arrival at replica 0, at replica 1, ...} of its newest request. */
    private final HashMap<Long, long[]> requestArrivedNanos = new HashMap<>();
    /** When the highest ballot that chose a value rose, and to what. */
    private final ArrayList<long[]> chosenBallotRises = new ArrayList<>();
    private Ballot highestChoosingBallot = Ballot.ZERO;
    private final long clockStepShadowNanos;
    private final java.util.Set<String> unchecked;
    private final LeaseWatch leaseWatch;
    /** Until when (true time) a clock step voids lease checks: the step's size plus a few leases, not a fixed second. */
    private long clockStepShadowUntilNanos = Long.MIN_VALUE / 4;
    /** Per replica: when its own clock was last stepped (a grant is honoured on the granting replica's clock). */
    @NodeIds(NodeIds.Shape.KEYS) private final TreeMap<Integer, Long> ownClockStepShadowUntilNanos = new TreeMap<>();
    private Violation violation;
    private long observations;
    /**
     * How often each part of the state hash (see {@link #explicitStateHash}) was changed: every writer
     * of a part's fields counts it ({@link #changed}); with assertions on, every hash taken from the
     * cache is checked against one computed afresh, so a writer that forgets fails the explorer's tests.
     */
    private final int[] partVersions;
    /** The parts' hashes as last computed, with the versions they were computed at (a cache, no state of the run). */
    private HashedParts hashedParts;

    public InvariantMonitor(PaxosConfig config) {
        this(config, java.util.Set.of());
    }

    /** A monitor that does not check the invariants named in {@code unchecked} (tests prove each catches alone). */
    public InvariantMonitor(PaxosConfig config, java.util.Set<String> unchecked) {
        this.phase1Quorum = config.phase1Quorum();
        this.phase2Quorum = config.phase2Quorum();
        this.replicas = config.clusterSize();
        this.replies = new ReplyTally[replicas];
        for (int i = 0; i < replicas; i++) {
            replies[i] = new ReplyTally();
        }
        this.unchecked = java.util.Set.copyOf(unchecked);
        this.settled = new SettledSlots();
        // Small to start, doubled as they fill (so their length is a function of replyCount): the explorer
        // copies and hashes them with every state.
        this.replyTimes = new long[4];
        this.replySlotMax = new long[4];
        // Ended leases are kept this long (the largest clock step plus a lease) for the overlap check.
        this.clockStepShadowNanos = 1_000_000_000L + 2 * config.leaseNanos();
        this.leaseWatch = new LeaseWatch(config);
        // Lease containment holds under drift well inside the leader's margin; past it (clock-drift-large) it is not promised.
        this.leaseDriftTolerancePpm = config.leaseDriftBoundPpm();
        this.partVersions = new int[PARTS];
    }

    /**
     * Explicit copy for the explorer (see {@link io.paxsim.sim.Copyable}): every field, one by one;
     * ballots, leases, chosen values and the violation are immutable records, shared.
     */
    @Override
    public InvariantMonitor copy(io.paxsim.sim.Copyable.Copies copies) {
        return copies.remember(this, new InvariantMonitor(this));
    }

    private InvariantMonitor(InvariantMonitor o) {
        this.phase1Quorum = o.phase1Quorum;
        this.phase2Quorum = o.phase2Quorum;
        this.replicas = o.replicas;
        this.replies = new ReplyTally[o.replies.length];
        for (int i = 0; i < replies.length; i++) {
            replies[i] = o.replies[i].copy();
        }
        this.settled = new SettledSlots(o.settled);
        this.chosenSlotsSeen = o.chosenSlotsSeen;
        for (Map.Entry<Long, OpenSlot> e : o.open.entrySet()) {
            open.put(e.getKey(), e.getValue().copy());
        }
        lastApplied.putAll(o.lastApplied);
        appliedEver.putAll(o.appliedEver);
        maxPromise.putAll(o.maxPromise);
        for (Map.Entry<Long, ClientEffects> e : o.effectSlot.entrySet()) {
            effectSlot.put(e.getKey(), e.getValue().copy());
        }
        o.votedBy.forEach((k, v) -> votedBy.put(k, v.copy()));
        o.liveVotes.forEach((k, v) -> liveVotes.put(k, v.copy()));
        rejectedStale.addAll(o.rejectedStale);
        o.voteWatch.forEach((k, v) -> voteWatch.put(k, v.copy()));
        o.votedValue.forEach((k, v) -> votedValue.put(k, v.copy()));
        o.leaseGrants.forEach((k, v) -> leaseGrants.put(k, new TreeMap<>(v)));
        this.leaseDriftTolerancePpm = o.leaseDriftTolerancePpm;
        maxSlotChosenAt.putAll(o.maxSlotChosenAt);
        for (Map.Entry<Long, long[]> e : o.requestSentNanos.entrySet()) {
            requestSentNanos.put(e.getKey(), e.getValue().clone());
        }
        this.replyTimes = o.replyTimes.clone();
        this.replySlotMax = o.replySlotMax.clone();
        this.replyCount = o.replyCount;
        for (Map.Entry<Long, java.util.HashSet<Long>> e : o.rejected.entrySet()) {
            rejected.put(e.getKey(), new java.util.HashSet<>(e.getValue()));
        }
        leases.addAll(o.leases);
        for (Map.Entry<Long, long[]> e : o.requestArrivedNanos.entrySet()) {
            requestArrivedNanos.put(e.getKey(), e.getValue().clone());
        }
        for (long[] rise : o.chosenBallotRises) {
            chosenBallotRises.add(rise.clone());
        }
        this.highestChoosingBallot = o.highestChoosingBallot;
        this.clockStepShadowNanos = o.clockStepShadowNanos;
        this.unchecked = o.unchecked;
        this.leaseWatch = new LeaseWatch(o.leaseWatch);
        this.clockStepShadowUntilNanos = o.clockStepShadowUntilNanos;
        ownClockStepShadowUntilNanos.putAll(o.ownClockStepShadowUntilNanos);
        this.violation = o.violation;
        this.observations = o.observations;
        o.refreshHashedParts(); // once in the world copied, not in each copy: a bfs level's worlds are re-executed, never hashed
        this.partVersions = o.partVersions.clone();
        this.hashedParts = o.hashedParts;
    }

    public Optional<Violation> violation() {
        return Optional.ofNullable(violation);
    }

    /**
     * Runs now the checks that wait for the end of the handler that triggered them (they run at
     * the next event otherwise). A model checker calls it after each step, so that the monitor's
     * state does not depend on which node happens to move next, and a path's last step is checked.
     */
    public void settle(Simulation sim) {
        if (!rejectedStale.isEmpty() && violation == null) {
            checkVotesKeptAfterStale(sim);
        }
    }

    public long observations() {
        return observations;
    }

    /** Slots the monitor saw chosen (a phase-2 quorum voted one value). */
    public int chosenSlots() {
        return Math.toIntExact(chosenSlotsSeen);
    }

    /** Slots whose full per-slot state (votes, chosen value, first applier) is still held: those not yet applied by every replica. */
    public int unsettledSlots() {
        return open.size();
    }

    /** The kinds {@link #onEvent} reads (disk writes, fsyncs, drops and the rest pass it by). */
    @Override
    public java.util.Set<io.paxsim.sim.trace.TraceKind> eventKinds() {
        return java.util.EnumSet.of(io.paxsim.sim.trace.TraceKind.SEND, io.paxsim.sim.trace.TraceKind.DELIVER, io.paxsim.sim.trace.TraceKind.TIMER, io.paxsim.sim.trace.TraceKind.FSYNC_DONE, io.paxsim.sim.trace.TraceKind.CLOCK, io.paxsim.sim.trace.TraceKind.CRASH);
    }

    @Override
    public void onEvent(Simulation sim, io.paxsim.sim.trace.TraceKind kind, int node, int peer, Object payload) {
        switch (kind) {
            case SEND -> onSend(sim, node, payload);
            case DELIVER -> {
                if (!rejectedStale.isEmpty() && violation == null) {
                    checkVotesKeptAfterStale(sim);
                }
                onDeliver(sim, node, payload);
            }
            case TIMER, FSYNC_DONE -> {
                if (!rejectedStale.isEmpty() && violation == null) {
                    checkVotesKeptAfterStale(sim);
                }
            }
            case CLOCK -> onClock(sim, node, payload);
            case CRASH -> onCrash(sim, node);
            default -> { }
        }
    }

    private void onSend(Simulation sim, int node, Object payload) {
        if (payload instanceof io.paxsim.paxos.api.ClientMessage.Request r
                && StateMachine.isReadOnly(r.command())) {
            // Only a read's send time is ever judged (read freshness, for every command a replica may serve
            // outside the log: reads, log scans, read-only txns): a write's would only make two states
            // that behave alike differ (the explorer runs a client's first write before anything it commutes with).
            long[] sent = requestSentNanos.get(r.clientId());
            if (sent == null || sent[0] != r.sequence()) {
                requestSentNanos.put(r.clientId(), new long[] {r.sequence(), sim.nowNanos()});
                changed(P_SENT);
            }
        } else if (payload instanceof PaxosMessage.Promise p && violation == null) {
            checkPromiseReportsVotes(sim, node, p);
        }
    }

    private void onDeliver(Simulation sim, int node, Object payload) {
        if (payload instanceof PaxosMessage.Accepted a) {
            if (node < replicas && a.slot() > lastApplied.getOrDefault(node, 0L)) {
                replies[node].accepted(a.ballot(), a.slot(), a.acceptor());
                changed(P_REPLIES);
            }
        } else if (payload instanceof io.paxsim.paxos.api.ClientMessage.Request r) {
            onRequestArrived(sim, node, r);
        } else if (payload instanceof PaxosMessage.Forward f) {
            onRequestArrived(sim, node, f.request()); // passed on by a replica that does not lead: it arrives here now
        } else if (payload instanceof PaxosMessage.Promise p && node < replicas) {
            replies[node].promised(p.ballot(), p.acceptor());
            changed(P_REPLIES);
        }
    }

    private void onRequestArrived(Simulation sim, int node, io.paxsim.paxos.api.ClientMessage.Request r) {
        changed(P_ARRIVED);
        long[] arrived = requestArrivedNanos.get(r.clientId());
        if (arrived == null || r.sequence() > arrived[0]) {
            arrived = new long[1 + replicas];
            java.util.Arrays.fill(arrived, NOT_ARRIVED);
            arrived[0] = r.sequence();
            requestArrivedNanos.put(r.clientId(), arrived);
        }
        // A late copy of a request the client has moved past says nothing about when its read was queued.
        if (r.sequence() == arrived[0] && node < replicas && arrived[1 + node] == NOT_ARRIVED) {
            arrived[1 + node] = sim.nowNanos();
        }
    }

    private void onClock(Simulation sim, int node, Object payload) {
        changed(P_LEASE_WATCH); // every call into the lease watch may write it (it learns the clocks on first use)
        long step = leaseWatch.onClockChanged(sim, node);
        if (payload instanceof String d && !d.startsWith("drift") && step > 0) {
            // A step of s moves every pending lease and grant deadline by at most s in true time, so
            // checks are void for s plus the leases then running, not for a fixed second: a 0.2 ms
            // nudge must not blind the lease monitors for the rest of a one-second run.
            long until = sim.nowNanos() + leaseWatch.troubleAfterStepNanos(step);
            clockStepShadowUntilNanos = Math.max(clockStepShadowUntilNanos, until);
            ownClockStepShadowUntilNanos.merge(node, until, Math::max);
        }
    }

    private void onCrash(Simulation sim, int node) {
        changed(P_LIVE_VOTES);
        changed(P_REPLIES);
        changed(P_LEASES);
        liveVotes.remove(node);
        rejectedStale.remove(node);
        voteWatch.remove(node);
        if (node < replicas) {
            replies[node] = new ReplyTally(); // a restarted replica knows nothing of the replies it had
        }
        // A crashed leader serves nothing: its lease ends with it.
        for (int i = 0; i < leases.size(); i++) {
            Lease l = leases.get(i);
            if (l.node() == node && l.endNanos() > sim.nowNanos()) {
                leases.set(i, new Lease(l.node(), l.ballot(), l.startNanos(), sim.nowNanos()));
            }
        }
    }

    @Override
    public void onObservation(Simulation sim, int node, Object observation) {
        if (!(observation instanceof PaxosObservation o) || violation != null) {
            return;
        }
        observations++;
        if (o instanceof PaxosObservation.StaleBallot s) {
            rejectedStale.add(s.node());
        }
        if (o instanceof PaxosObservation.Voted v) {
            countOwnVote(v);
            onVoted(sim, v);
        } else if (o instanceof PaxosObservation.Promised p) {
            checkPromiseAllowed(sim, p);
            if (violation != null) {
                return;
            }
            raisePromise(sim, p.node(), p.ballot());
        } else if (o instanceof PaxosObservation.Applied a) {
            onApplied(sim, a);
        } else if (o instanceof PaxosObservation.Recovered r) {
            onRecovered(sim, r);
        } else if (o instanceof PaxosObservation.SnapshotInstalled s) {
            long before = lastApplied.getOrDefault(s.node(), 0L);
            if (s.slot() <= before) {
                fail(sim, APPLIED_INDEX_MONOTONIC, List.of(s.node()), s.slot(), "replica " + s.node()
                        + " installed a snapshot through slot " + s.slot() + " over its state at applied slot " + before);
                return;
            }
            noteApplied(s.node(), s.slot());
            checkState(sim, STATE_AGREEMENT, s.node(), s.slot(), s.stateDigest(), "installed a snapshot");
            settle();
        } else if (o instanceof PaxosObservation.Replied r) {
            onReplied(sim, r);
        } else if (o instanceof PaxosObservation.WalCompacted w) {
            changed(P_VOTED_BY);
            changed(P_LIVE_VOTES);
            changed(P_VOTED_VALUE);
            SlotMap<Ballot> sent = votedBy.get(w.node());
            if (sent != null) {
                sent.removeThrough(w.compactedThrough());
            }
            SlotMap<Ballot> live = liveVotes.get(w.node());
            if (live != null) {
                live.removeThrough(w.compactedThrough());
            }
            SlotMap<Long> values = votedValue.get(w.node());
            if (values != null) {
                values.removeThrough(w.compactedThrough());
            }
        } else if (o instanceof PaxosObservation.Learned l) {
            onLearned(sim, l);
        } else if (o instanceof PaxosObservation.ReadServed r) {
            onReadServed(sim, r);
        } else if (o instanceof PaxosObservation.LeaseExtended l) {
            onLeaseExtended(sim, l);
        } else if (o instanceof PaxosObservation.LeaseGranted g) {
            onLeaseGranted(g);
            changed(P_LEASE_WATCH);
            leaseWatch.onGranted(g);
        } else if (o instanceof PaxosObservation.BecameLeader b) {
            onBecameLeader(sim, b);
        } else if (o instanceof PaxosObservation.Chosen c) {
            onChosen(sim, c);
        } else if (o instanceof PaxosObservation.Proposed p) {
            onProposed(sim, p);
        }
    }

    /**
     * A ballot is one proposer's, and it proposes one value per slot: a second value at the same
     * (slot, ballot), from a restarted proposer that reused its ballot say, lets acceptors vote two
     * values at one ballot, whether or not its vote for the first survived. Checked when proposed.
     */
    private void onProposed(Simulation sim, PaxosObservation.Proposed p) {
        if (settled.knows(p.slot())) {
            return;
        }
        OpenSlot slot = openSlot(p.slot());
        if (slot.voteEntry(p.ballot(), p.valueDigest()) >= 0) {
            return;
        }
        int other = slot.firstEntryAt(p.ballot());
        if (other >= 0) {
            fail(sim, ONE_VALUE_PER_BALLOT, List.of(p.node()), p.slot(), "leader " + p.node() + " proposed value "
                    + Long.toHexString(p.valueDigest()) + " in slot " + p.slot() + " at ballot " + p.ballot() + ", where value "
                    + Long.toHexString(slot.digests[other]) + " was already proposed at that ballot");
            return;
        }
        slot.addEntry(p.ballot(), p.valueDigest());
    }

    /** Elected only by a phase-1 quorum of Promises for this very ballot (not an older one of ours). */
    private void onBecameLeader(Simulation sim, PaxosObservation.BecameLeader b) {
        ReplyTally tally = replies[b.node()];
        int promisers = tally.promisers(b.ballot());
        tally.lead(b.ballot());
        changed(P_REPLIES);
        if (Integer.bitCount(promisers) < phase1Quorum) {
            fail(sim, QUORUM_AT_BALLOT, List.of(b.node()), -1, "replica " + b.node() + " became leader at ballot "
                    + b.ballot() + ", but " + ReplyTally.onlyNames(promisers) + " sent it a Promise for that ballot "
                    + "(phase-1 quorum " + phase1Quorum + ")");
        }
    }

    /**
     * A leader's acceptor votes for its own ballot without a message: its vote reaches it when the
     * vote's {@code Voted} observation is published, which a correct replica does only once the vote
     * is durable (as it sends a remote Accepted). Counting that, not the leader's own word, keeps a
     * leader that counted itself early from passing.
     */
    private void countOwnVote(PaxosObservation.Voted v) {
        if (v.node() < replicas && v.ballot().node() == v.node() && v.slot() > lastApplied.getOrDefault(v.node(), 0L)) {
            replies[v.node()].accepted(v.ballot(), v.slot(), v.node());
            changed(P_REPLIES);
        }
    }

    /** Chosen only on a phase-2 quorum of Accepteds for the leader's own ballot. */
    private void onChosen(Simulation sim, PaxosObservation.Chosen c) {
        ReplyTally tally = replies[c.node()];
        if (c.slot() <= lastApplied.getOrDefault(c.node(), 0L) || !c.ballot().equals(tally.leading())) {
            return;
        }
        int acceptors = tally.takeAccepted(c.slot());
        changed(P_REPLIES);
        if (Integer.bitCount(acceptors) < phase2Quorum) {
            fail(sim, QUORUM_AT_BALLOT, List.of(c.node()), c.slot(), "leader " + c.node() + " counted slot " + c.slot()
                    + " chosen at ballot " + c.ballot() + ", but " + ReplyTally.onlyNames(acceptors)
                    + " sent it an Accepted for that slot and ballot (phase-2 quorum " + phase2Quorum + ")");
        }
    }

    private void onLearned(Simulation sim, PaxosObservation.Learned l) {
        if (settled.knows(l.slot())) {
            if (!settled.chosenSeen(l.slot()) || settled.digest(l.slot()) != l.valueDigest()) {
                fail(sim, LEARNED_IS_CHOSEN, List.of(l.node()), l.slot(), "replica " + l.node() + " learned slot " + l.slot()
                        + " chosen (" + l.how() + ") with value " + Long.toHexString(l.valueDigest()) + ", but "
                        + (settled.chosenSeen(l.slot()) ? "a quorum chose " + Long.toHexString(settled.digest(l.slot()))
                        : "no phase-2 quorum accepted any value there at one ballot"));
            }
            return;
        }
        OpenSlot slot = open.get(l.slot());
        ChosenValue c = slot == null ? null : slot.chosen;
        if (c == null || c.digest() != l.valueDigest()) {
            fail(sim, LEARNED_IS_CHOSEN, List.of(l.node()), l.slot(), "replica " + l.node() + " learned slot " + l.slot()
                    + " chosen (" + l.how() + ") with value " + Long.toHexString(l.valueDigest()) + ", but "
                    + (c == null ? "no phase-2 quorum accepted any value there at one ballot"
                    : "the quorum " + c.acceptors() + " chose " + Long.toHexString(c.digest()) + " at ballot " + c.ballot()));
        }
    }

    /** The state digest after {@code slot} must be the same wherever and however a replica got there. */
    private void checkState(Simulation sim, Invariant invariant, int node, long slot, long digest, String how) {
        if (slot <= 0) {
            return;
        }
        if (settled.knowsState(slot)) {
            if (settled.stateDigest(slot) != digest) {
                fail(sim, invariant, List.of(node), slot, "replica " + node + " " + how + " and holds state "
                        + Long.toHexString(digest) + " at slot " + slot + ", but every replica held "
                        + Long.toHexString(settled.stateDigest(slot)) + " there");
            }
            return;
        }
        OpenSlot at = openSlot(slot);
        if (!at.stateSeen) {
            at.stateSeen = true;
            at.stateDigest = digest;
            at.stateFirstNode = node;
        } else if (at.stateDigest != digest) {
            fail(sim, invariant, List.of(at.stateFirstNode, node), slot, "replica " + node + " " + how
                    + " and holds state " + Long.toHexString(digest) + " at slot " + slot + ", but replica "
                    + at.stateFirstNode + " held " + Long.toHexString(at.stateDigest) + " there");
        }
    }

    private void onReadServed(Simulation sim, PaxosObservation.ReadServed r) {
        changed(P_LEASE_WATCH);
        checkReadCoversOlderBallots(sim, r);
        if (violation != null) {
            return;
        }
        // A lease promises freshness only while clocks keep to the drift it assumes.
        boolean leaseShadow = r.how().equals("lease") && leaseWatch.troubled(sim);
        if (r.how().equals("lease") && !leaseShadow) {
            String unbacked = leaseWatch.checkRead(sim, r.node(), r.ballot());
            if (unbacked != null) {
                fail(sim, LEASE_EXCLUSIVE, List.of(r.node()), -1, unbacked);
                if (violation != null) {
                    return;
                }
            }
        }
        // The first time this request reached this replica: a client's retries re-deliver it, and the
        // read served may be the one queued at the first arrival (judging it by a later one is a false alarm).
        long[] arrived = requestArrivedNanos.get(r.clientId());
        if (arrived != null && arrived[0] == r.sequence() && arrived[1 + r.node()] != NOT_ARRIVED && !leaseShadow) {
            Ballot newer = choosingBallotBefore(arrived[1 + r.node()]);
            if (newer.greaterThan(r.ballot())) {
                fail(sim, READ_FRESHNESS, List.of(r.node()), -1, "replica " + r.node() + " served client " + r.clientId()
                        + " sequence " + r.sequence() + " a read (" + r.how() + ") as leader of ballot " + r.ballot()
                        + ", but ballot " + newer + " had already chosen a value when the read arrived");
                return;
            }
        }
        long[] sent = requestSentNanos.get(r.clientId());
        if (sent == null || sent[0] != r.sequence() || leaseShadow) {
            return;
        }
        long required = appliedSlotBefore(sent[1]);
        if (r.appliedIndex() < required) {
            fail(sim, READ_FRESHNESS, List.of(r.node()), required, "replica " + r.node() + " served client "
                    + r.clientId() + " sequence " + r.sequence() + " a read (" + r.how() + ") at applied slot "
                    + r.appliedIndex() + ", but a replica had applied slot " + required + " (committed) before the read was sent");
        }
    }

    /**
     * Bounded: the two oldest ballots fold into the newer of them (a read of a ballot between them
     * then checks less, never more).
     */
    private void noteChosenAt(Ballot ballot, long slot) {
        changed(P_CHOSEN_AT);
        maxSlotChosenAt.merge(ballot, slot, Math::max);
        while (maxSlotChosenAt.size() > 16) {
            Map.Entry<Ballot, Long> oldest = maxSlotChosenAt.pollFirstEntry();
            maxSlotChosenAt.merge(maxSlotChosenAt.firstKey(), oldest.getValue(), Math::max);
        }
    }

    /**
     * A leader serves reads outside the log only once its log holds every slot an older ballot
     * chose (that is what its opening no-op proves), whether or not a client has seen those writes.
     */
    private void checkReadCoversOlderBallots(Simulation sim, PaxosObservation.ReadServed r) {
        long required = 0;
        Ballot at = null;
        for (Map.Entry<Ballot, Long> e : maxSlotChosenAt.headMap(r.ballot(), false).entrySet()) {
            if (e.getValue() > required) {
                required = e.getValue();
                at = e.getKey();
            }
        }
        if (r.appliedIndex() < required) {
            fail(sim, READ_FRESHNESS, List.of(r.node()), required, "replica " + r.node() + " served client " + r.clientId()
                    + " sequence " + r.sequence() + " a read (" + r.how() + ") as leader of ballot " + r.ballot()
                    + " at applied slot " + r.appliedIndex() + ", but the older ballot " + at + " had chosen slot " + required);
        }
    }

    /** The highest ballot that had chosen a value strictly before {@code nanos}. */
    private Ballot choosingBallotBefore(long nanos) {
        for (int i = chosenBallotRises.size() - 1; i >= 0; i--) {
            long[] rise = chosenBallotRises.get(i);
            if (rise[0] < nanos) {
                return new Ballot(rise[1], (int) rise[2]);
            }
        }
        return Ballot.ZERO;
    }

    /** The highest slot some replica applied (or answered through the log) strictly before {@code nanos}, or 0. */
    private long appliedSlotBefore(long nanos) {
        int lo = 0;
        int hi = replyCount - 1;
        long best = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (replyTimes[mid] < nanos) {
                best = replySlotMax[mid];
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }

    private void recordApplied(long nanos, long slot) {
        changed(P_REPLY_LOG);
        if (replyCount > 0 && slot <= replySlotMax[replyCount - 1]) {
            return;
        }
        if (replyCount == replyTimes.length) {
            replyTimes = java.util.Arrays.copyOf(replyTimes, replyCount * 2);
            replySlotMax = java.util.Arrays.copyOf(replySlotMax, replyCount * 2);
        }
        replyTimes[replyCount] = nanos;
        replySlotMax[replyCount] = slot;
        replyCount++;
    }

    private void onLeaseExtended(Simulation sim, PaxosObservation.LeaseExtended l) {
        changed(P_LEASES);
        changed(P_LEASE_WATCH);
        long now = sim.nowNanos();
        long end = sim.clock(l.node()).trueNanosWhenLocalReads(l.untilLocalNanos(), now);
        Lease mine = null;
        for (int i = leases.size() - 1; i >= 0; i--) {
            Lease other = leases.get(i);
            if (other.endNanos() < now - clockStepShadowNanos) {
                leases.remove(i);
            } else if (other.node() == l.node() && other.ballot().equals(l.ballot())) {
                mine = other;
                leases.remove(i);
            }
        }
        if (end <= now) {
            if (mine != null) {
                leases.add(new Lease(mine.node(), mine.ballot(), mine.startNanos(), Math.min(mine.endNanos(), now)));
            }
            return;
        }
        checkLeaseWithinGrants(sim, l, end);
        if (violation != null) {
            return;
        }
        Lease lease = new Lease(l.node(), l.ballot(), mine == null ? now : mine.startNanos(), end);
        leases.add(lease);
        if (leaseWatch.troubled(sim)) {
            return;
        }
        String unbacked = leaseWatch.checkExtended(sim, l);
        if (unbacked != null) {
            fail(sim, LEASE_EXCLUSIVE, List.of(l.node()), -1, unbacked);
            if (violation != null) {
                return;
            }
        }
        for (Lease other : leases) {
            if (!other.ballot().equals(lease.ballot()) && other.startNanos() < lease.endNanos()
                    && lease.startNanos() < other.endNanos()) {
                fail(sim, LEASE_EXCLUSIVE, List.of(other.node(), lease.node()), -1, "leader " + lease.node() + " at ballot "
                        + lease.ballot() + " holds a lease over [" + lease.startNanos() + ", " + lease.endNanos()
                        + "]ns that overlaps leader " + other.node() + "'s at ballot " + other.ballot() + " over ["
                        + other.startNanos() + ", " + other.endNanos() + "]ns");
                return;
            }
        }
    }

    private void onLeaseGranted(PaxosObservation.LeaseGranted g) {
        changed(P_LEASE_GRANTS);
        TreeMap<Ballot, Long> grants = leaseGrants.computeIfAbsent(g.node(), k -> new TreeMap<>());
        grants.merge(g.ballot(), g.untilLocalNanos(), Math::max);
        while (grants.size() > 4) {
            grants.pollFirstEntry();
        }
    }

    /** A grant binds across restarts: the acceptor must not promise a newer ballot while its grant to an older one runs. */
    private void checkPromiseAllowed(Simulation sim, PaxosObservation.Promised p) {
        Ballot before = maxPromise.get(p.node());
        if (before != null && p.ballot().lessThan(before)) {
            fail(sim, PROMISE_MONOTONIC, List.of(p.node()), -1, "acceptor " + p.node() + " promised ballot " + p.ballot()
                    + " after promising " + before);
            return;
        }
        // Grant and promise are both timed on the acceptor's own clock, so only a step of that clock (which can
        // move a restarted acceptor's conservative grant before the one it forgot) excuses a promise; other
        // replicas' clock jumps (a rival's election timer running ahead) excuse nothing.
        TreeMap<Ballot, Long> grants = leaseGrants.get(p.node());
        long ownShadowUntil = ownClockStepShadowUntilNanos.getOrDefault(p.node(), Long.MIN_VALUE / 4);
        if (grants == null || grants.isEmpty() || sim.nowNanos() < ownShadowUntil) {
            return;
        }
        Map.Entry<Ballot, Long> latest = grants.lastEntry();
        long localNow = sim.clock(p.node()).localNanos(sim.nowNanos());
        if (latest.getKey().lessThan(p.ballot()) && localNow < latest.getValue()) {
            fail(sim, LEASE_GRANTS, List.of(p.node()), -1, "acceptor " + p.node() + " promised ballot " + p.ballot()
                    + " while its lease grant to ballot " + latest.getKey() + " ran for another "
                    + (latest.getValue() - localNow) + "ns of its clock");
        }
    }

    /** The leader's lease (true end {@code endNanos}) must lie within the grants of a phase-2 quorum, itself counted. */
    private void checkLeaseWithinGrants(Simulation sim, PaxosObservation.LeaseExtended l, long endNanos) {
        long now = sim.nowNanos();
        if (now < clockStepShadowUntilNanos
                || Math.abs(sim.clock(l.node()).driftPpm()) > leaseDriftTolerancePpm) {
            return;
        }
        int covering = 1;
        StringBuilder grantsSeen = new StringBuilder();
        for (Map.Entry<Integer, TreeMap<Ballot, Long>> e : leaseGrants.entrySet()) {
            Long until = e.getKey() == l.node() ? null : e.getValue().get(l.ballot());
            if (until == null) {
                continue;
            }
            if (Math.abs(sim.clock(e.getKey()).driftPpm()) > leaseDriftTolerancePpm) {
                return;
            }
            long grantEnd = sim.clock(e.getKey()).trueNanosWhenLocalReads(until, now);
            grantsSeen.append(' ').append(e.getKey()).append(':').append(grantEnd);
            if (grantEnd >= endNanos) {
                covering++;
            }
        }
        if (covering < phase2Quorum) {
            fail(sim, LEASE_GRANTS, List.of(l.node()), -1, "leader " + l.node() + " at ballot " + l.ballot()
                    + " holds a lease until " + endNanos + "ns, but only " + covering + " replica(s) (itself included) grant it "
                    + "that long; grants end at" + grantsSeen + " (need " + phase2Quorum + ")");
        }
    }

    private void onVoted(Simulation sim, PaxosObservation.Voted v) {
        Ballot promise = maxPromise.get(v.node());
        if (promise != null && v.ballot().lessThan(promise)) {
            fail(sim, PROMISE_MONOTONIC, List.of(v.node()), v.slot(), "acceptor " + v.node() + " voted at ballot "
                    + v.ballot() + " in slot " + v.slot() + " after promising " + promise);
            return;
        }
        raisePromise(sim, v.node(), v.ballot());
        if (!v.belowSnapshot()) {
            changed(P_VOTED_BY);
            changed(P_LIVE_VOTES);
            changed(P_VOTED_VALUE);
            SlotMap<Ballot> sent = votedBy.computeIfAbsent(v.node(), k -> new SlotMap<>());
            Ballot before = sent.get(v.slot());
            sent.put(v.slot(), before == null ? v.ballot() : Ballot.max(before, v.ballot()));
            if (sent.get(v.slot()).equals(v.ballot())) {
                votedValue.computeIfAbsent(v.node(), k -> new SlotMap<>()).put(v.slot(), v.valueDigest());
            }
            raiseVote(liveVotes.computeIfAbsent(v.node(), k -> new SlotMap<>()), v.slot(), v.ballot());
            voteWatch.computeIfAbsent(v.node(), k -> new VoteWatch()).voted(v.slot());
        }
        boolean settledSlot = settled.knows(v.slot());
        if (settledSlot && settled.digest(v.slot()) == v.valueDigest()) {
            return; // a late vote for the value every replica applied: nothing it can contradict
        }
        OpenSlot slot = openSlot(v.slot());
        int entry = slot.voteEntry(v.ballot(), v.valueDigest());
        if (entry < 0) {
            int other = slot.firstEntryAt(v.ballot());
            if (other >= 0) {
                List<Integer> otherVoters = OpenSlot.nodes(slot.voters[other]);
                // An entry nobody voted for yet is the ballot's leader's proposal.
                int first = otherVoters.isEmpty() ? v.ballot().node() : otherVoters.get(0);
                String who = otherVoters.isEmpty() ? "its leader proposed" : otherVoters + " voted";
                fail(sim, ONE_VALUE_PER_BALLOT, List.of(first, v.node()), v.slot(), "acceptor " + v.node()
                        + " voted value " + Long.toHexString(v.valueDigest()) + " in slot " + v.slot() + " at ballot "
                        + v.ballot() + ", where " + who + " " + Long.toHexString(slot.digests[other]));
                if (violation != null) {
                    return;
                }
            }
            entry = slot.addEntry(v.ballot(), v.valueDigest());
        }
        long voterMask = slot.addVoter(entry, v.node());
        if (Long.bitCount(voterMask) < phase2Quorum) {
            return;
        }
        if (settledSlot) {
            List<Integer> voters = OpenSlot.nodes(voterMask);
            Invariant broken = settled.chosenSeen(v.slot()) ? SINGLE_VALUE_PER_SLOT : APPLIED_PREFIX_AGREEMENT;
            fail(sim, broken, new ArrayList<>(voters), v.slot(), "slot " + v.slot() + " chosen again after every replica applied it: value "
                    + Long.toHexString(v.valueDigest()) + " at ballot " + v.ballot() + " by " + voters + ", but replicas applied value "
                    + Long.toHexString(settled.digest(v.slot())));
            return;
        }
        ChosenValue before = slot.chosen;
        if (before == null) {
            chosenSlotsSeen++;
            slot.chosen = new ChosenValue(v.valueDigest(), v.ballot(), OpenSlot.nodes(voterMask));
            noteChosenAt(v.ballot(), v.slot());
            if (v.ballot().greaterThan(highestChoosingBallot)) {
                highestChoosingBallot = v.ballot();
                chosenBallotRises.add(new long[] {sim.nowNanos(), v.ballot().round(), v.ballot().node()});
                changed(P_RISES);
            }
            checkAppliedMatchesChosen(sim, v.slot());
        } else if (before.digest() == v.valueDigest() && before.ballot().equals(v.ballot())) {
            // Every voter of the chosen (ballot, value), not the first quorum: which votes came first is
            // the interleaving of independent deliveries, and the model checker's fingerprint includes
            // this record (sleep sets need states reached in either order to be equal).
            slot.chosen = new ChosenValue(before.digest(), before.ballot(), OpenSlot.nodes(voterMask));
        } else if (before.digest() != v.valueDigest()) {
            // Built here, not per vote: the third, fourth and fifth votes of a slot usually agree.
            List<Integer> voters = OpenSlot.nodes(voterMask);
            List<Integer> nodes = new ArrayList<>(before.acceptors());
            nodes.addAll(voters);
            fail(sim, SINGLE_VALUE_PER_SLOT, nodes, v.slot(), "slot " + v.slot() + " chosen twice: value "
                    + Long.toHexString(before.digest()) + " at ballot " + before.ballot() + " by " + before.acceptors()
                    + ", then value " + Long.toHexString(v.valueDigest()) + " at ballot " + v.ballot() + " by " + voters);
        }
    }

    private void raisePromise(Simulation sim, int node, Ballot ballot) {
        Ballot before = maxPromise.get(node);
        if (before == null || ballot.greaterThan(before)) {
            maxPromise.put(node, ballot);
            changed(P_PROMISES);
        }
    }

    private void onApplied(Simulation sim, PaxosObservation.Applied a) {
        long last = lastApplied.getOrDefault(a.node(), 0L);
        if (a.slot() != last + 1) {
            fail(sim, APPLIED_INDEX_MONOTONIC, List.of(a.node()), a.slot(),
                    "replica " + a.node() + " applied slot " + a.slot() + " right after slot " + last);
            return;
        }
        noteApplied(a.node(), a.slot());
        recordApplied(sim.nowNanos(), a.slot());
        replies[a.node()].appliedThrough(a.slot());
        changed(P_REPLIES);
        if (settled.knows(a.slot())) {
            checkState(sim, STATE_AGREEMENT, a.node(), a.slot(), a.stateDigest(), "applied the slot"); // a constant: no string built per apply
            if (violation == null && settled.digest(a.slot()) != a.valueDigest()) {
                fail(sim, APPLIED_PREFIX_AGREEMENT, List.of(a.node()), a.slot(), "replica " + a.node()
                        + " applied a value in slot " + a.slot() + " other than the one every replica applied before");
            }
            return;
        }
        checkState(sim, STATE_AGREEMENT, a.node(), a.slot(), a.stateDigest(), "applied the slot"); // a constant: no string built per apply
        if (violation != null) {
            return;
        }
        OpenSlot slot = openSlot(a.slot());
        if (slot.appliedSeen) {
            if (slot.appliedDigest != a.valueDigest()) {
                fail(sim, APPLIED_PREFIX_AGREEMENT, List.of(slot.firstApplier, a.node()), a.slot(),
                        "replicas " + slot.firstApplier + " and " + a.node() + " applied different values in slot " + a.slot());
            }
            settle();
            return;
        }
        slot.appliedSeen = true;
        slot.appliedDigest = a.valueDigest();
        slot.firstApplier = a.node();
        checkAppliedMatchesChosen(sim, a.slot());
        long[] effective = a.effectiveSessions();
        for (int i = 0; i < effective.length; i += 2) {
            long clientId = effective[i];
            long sequence = effective[i + 1];
            java.util.HashSet<Long> refused = rejected.get(clientId);
            if (refused != null && refused.contains(sequence)) {
                fail(sim, REJECTED_NO_EFFECT, List.of(a.node()), a.slot(), "client " + clientId + " sequence "
                        + sequence + " was told it failed, then took effect in slot " + a.slot());
                // With the invariant switched off the run goes on: the effect, and the slot's other commands' effects,
                // must still be recorded, or their replies look premature to reply-after-apply.
                if (violation != null) {
                    return;
                }
            }
            ClientEffects client = effectSlot.computeIfAbsent(clientId, c -> new ClientEffects());
            changed(P_EFFECTS);
            long earlier = client.putIfAbsent(sequence, a.slot());
            if (earlier != ClientEffects.NONE && earlier != a.slot()) {
                fail(sim, EXACTLY_ONCE_APPLY, List.of(a.node()), a.slot(), "client " + clientId + " sequence "
                        + sequence + " took effect in slot " + earlier + " and again in slot " + a.slot());
                if (violation != null) {
                    return;
                }
            }
        }
        settle();
    }

    /**
     * Folds the per-slot state of every slot all replicas have applied into {@link #settled}: no
     * later observation can need more than the applied value's digest, whether a quorum was seen,
     * and the state digest there.
     */
    private void noteApplied(int node, long slot) {
        changed(P_APPLIED);
        lastApplied.put(node, slot);
        appliedEver.merge(node, slot, Math::max);
    }

    private void settle() {
        if (appliedEver.size() < replicas || violation != null) {
            return;
        }
        long through = Long.MAX_VALUE;
        for (long last : appliedEver.values()) {
            through = Math.min(through, last);
        }
        long gap = through - settled.through();
        if (gap <= Math.max(open.size(), 1024)) {
            for (long slot = settled.through() + 1; slot <= through; slot++) {
                settleOne(slot);
            }
            return;
        }
        // A jump far past every slot the monitor holds (a snapshot installed everywhere, say, even one
        // of a rotted slot 2^44): walk the held slots, not the gap, which may never end.
        List<Long> held = new ArrayList<>();
        for (long slot : open.keySet()) {
            if (slot > settled.through() && slot <= through) {
                held.add(slot);
            }
        }
        java.util.Collections.sort(held);
        changed(P_SETTLED);
        for (long slot : held) {
            settled.addUnseenThrough(slot - 1);
            settleOne(slot);
        }
        settled.addUnseenThrough(through);
    }

    private void settleOne(long slot) {
        changed(P_SETTLED);
        changed(P_OPEN);
        OpenSlot s = open.remove(slot);
        if (s == null) {
            settled.addUnseenThrough(slot);
        } else {
            settled.add(slot, s.appliedSeen, s.appliedDigest, s.chosen != null, s.stateSeen, s.stateDigest);
        }
    }

    private void checkAppliedMatchesChosen(Simulation sim, long slot) {
        OpenSlot s = open.get(slot);
        ChosenValue c = s == null ? null : s.chosen;
        if (c != null && s.appliedSeen && c.digest() != s.appliedDigest) {
            fail(sim, APPLIED_PREFIX_AGREEMENT, List.of(s.firstApplier), slot, "replica " + s.firstApplier
                    + " applied a value in slot " + slot + " other than the one chosen at ballot " + c.ballot() + " by " + c.acceptors());
        }
    }

    /**
     * A new leader learns the possibly-chosen values only from promises: a vote an acceptor forgot
     * while running (a lost log suffix) lets the next leader choose a different value there.
     */
    private void checkPromiseReportsVotes(Simulation sim, int node, PaxosMessage.Promise p) {
        SlotMap<Ballot> live = liveVotes.get(node);
        if (live == null) {
            return;
        }
        live.removeThrough(p.compactedThrough());
        changed(P_LIVE_VOTES);
        if (live.isEmpty() || live.lastKey() < p.fromSlot()) {
            return;
        }
        TreeMap<Long, Ballot> reported = new TreeMap<>();
        for (PaxosMessage.AcceptedEntry e : p.accepted()) {
            reported.merge(e.slot(), e.ballot(), Ballot::max);
        }
        for (long slot : live.keys()) {
            Ballot voted = live.get(slot);
            Ballot kept = reported.get(slot);
            if (slot >= p.fromSlot() && (kept == null || kept.lessThan(voted))) {
                fail(sim, VOTES_KEPT, List.of(node), slot, "acceptor " + node + " voted for slot " + slot
                        + " at ballot " + voted + " but its promise for ballot " + p.ballot() + " (from slot "
                        + p.fromSlot() + ") reports " + (kept == null ? "no vote" : "ballot " + kept) + " there");
                return;
            }
        }
    }

    /**
     * A message below an acceptor's promise must change none of its votes (here: remove none). A
     * full walk of its votes after every stale message costs O(votes since its last compaction),
     * which grows without bound in runs that rarely snapshot; so when the acceptor's vote store has
     * replaced or removed nothing since the last walk, only the votes sent since then are looked at:
     * the rest are provably still held, unchanged.
     */
    private void checkVotesKeptAfterStale(Simulation sim) {
        for (int node : rejectedStale) {
            SlotMap<Ballot> live = liveVotes.get(node);
            if (live == null || !(sim.node(node) instanceof PaxosReplica replica)) {
                continue;
            }
            live.removeThrough(replica.votesCompactedThrough());
            changed(P_LIVE_VOTES);
            VoteWatch watch = voteWatch.computeIfAbsent(node, k -> new VoteWatch());
            long overwrites = replica.voteOverwrites();
            long missing = watch.unchangedSince(overwrites)
                    ? firstVoteLost(replica, live, watch.votedSlots())
                    : firstVoteLost(replica, live, live.keys());
            watch.walked(overwrites);
            if (missing != NO_SLOT) {
                Ballot kept = replica.votedBallot(missing);
                fail(sim, VOTES_KEPT, List.of(node), missing, "acceptor " + node + " voted for slot " + missing
                        + " at ballot " + live.get(missing) + " but after rejecting a stale message holds "
                        + (kept == null ? "no vote" : "ballot " + kept) + " there");
                break;
            }
        }
        rejectedStale.clear();
    }

    private static final long NO_SLOT = Long.MIN_VALUE;

    /** The first of {@code slots} where the acceptor no longer holds a vote at least as high as the one it sent, or NO_SLOT. */
    private static long firstVoteLost(PaxosReplica replica, SlotMap<Ballot> live, Iterable<Long> slots) {
        for (long slot : slots) {
            Ballot sent = live.get(slot);
            if (sent == null) {
                continue; // compacted since
            }
            Ballot kept = replica.votedBallot(slot);
            if (kept == null || kept.lessThan(sent)) {
                return slot;
            }
        }
        return NO_SLOT;
    }

    /**
     * What the last vote walk of one acceptor proved: every vote sent before it was held then; the
     * acceptor's vote-store overwrite count at that moment, and the slots voted in since.
     */
    private static final class VoteWatch {
        private static final int MAX_TRACKED = 4096;
        private long overwritesAtWalk = -1;
        private final ArrayList<Long> votedSince = new ArrayList<>();
        private boolean overflowed;

        VoteWatch copy() {
            VoteWatch w = new VoteWatch();
            w.overwritesAtWalk = overwritesAtWalk;
            w.votedSince.addAll(votedSince);
            w.overflowed = overflowed;
            return w;
        }

        void voted(long slot) {
            if (votedSince.size() < MAX_TRACKED) {
                votedSince.add(slot);
            } else {
                overflowed = true; // too many to list: the next walk is a full one
            }
        }

        boolean unchangedSince(long overwrites) {
            return overwritesAtWalk == overwrites && !overflowed;
        }

        List<Long> votedSlots() {
            return votedSince;
        }

        void walked(long overwrites) {
            overwritesAtWalk = overwrites;
            votedSince.clear();
            overflowed = false;
        }
    }

    private static void raiseVote(SlotMap<Ballot> votes, long slot, Ballot ballot) {
        Ballot before = votes.get(slot);
        votes.put(slot, before == null ? ballot : Ballot.max(before, ballot));
    }

    private void onRecovered(Simulation sim, PaxosObservation.Recovered r) {
        Ballot before = maxPromise.get(r.node());
        if (r.amnesiac()) {
            // It lost synced records (beyond the fault atlas for this node) and will never vote again.
            noteApplied(r.node(), r.appliedIndex());
            changed(P_VOTED_BY);
            changed(P_VOTED_VALUE);
            votedBy.remove(r.node());
            votedValue.remove(r.node());
            return;
        }
        if (before != null && r.promised().lessThan(before)) {
            fail(sim, PROMISE_MONOTONIC, List.of(r.node()), -1, "acceptor " + r.node() + " recovered promise "
                    + r.promised() + " below the " + before + " it had promised before crashing");
            return;
        }
        noteApplied(r.node(), r.appliedIndex());
        checkState(sim, RECOVERED_STATE, r.node(), r.appliedIndex(), r.stateDigest(), "recovered");
        if (violation == null) {
            checkVotesRemembered(sim, r);
        }
        settle();
    }

    private void checkVotesRemembered(Simulation sim, PaxosObservation.Recovered r) {
        SlotMap<Ballot> sent = votedBy.get(r.node());
        if (sent == null) {
            return;
        }
        sent.removeThrough(Math.max(r.appliedIndex(), r.compactedThrough()));
        changed(P_VOTED_BY);
        changed(P_VOTED_VALUE);
        SlotMap<Long> values = votedValue.getOrDefault(r.node(), new SlotMap<>());
        values.removeThrough(Math.max(r.appliedIndex(), r.compactedThrough()));
        List<PaxosObservation.SlotBallot> remembered = bySlot(r.votes());
        int next = 0;
        for (long slot : sent.keys()) { // in slot order, as remembered is: one merged pass
            while (next < remembered.size() && remembered.get(next).slot() < slot) {
                next++;
            }
            PaxosObservation.SlotBallot found = next < remembered.size() && remembered.get(next).slot() == slot
                    ? remembered.get(next) : null;
            Ballot kept = found == null ? null : found.ballot();
            Ballot voted = sent.get(slot);
            if (kept == null || kept.lessThan(voted)) {
                fail(sim, VOTES_DURABLE, List.of(r.node()), slot, "acceptor " + r.node() + " voted for slot "
                        + slot + " at ballot " + voted + " but recovered " + (kept == null ? "no vote" : "ballot " + kept));
                return;
            }
            Long votedValue = values.get(slot);
            long keptValue = found.valueDigest();
            if (kept.equals(voted) && votedValue != null && keptValue != PaxosObservation.SlotBallot.NO_DIGEST
                    && keptValue != votedValue) {
                // What a replica recovers must equal what it synced: same ballot, another value is a corrupt record trusted.
                fail(sim, VOTES_DURABLE, List.of(r.node()), slot, "acceptor " + r.node() + " voted value "
                        + Long.toHexString(votedValue) + " for slot " + slot + " at ballot " + kept + " but recovered value "
                        + Long.toHexString(keptValue));
                return;
            }
        }
    }

    /**
     * {@code votes} in slot order, one per slot (the last given for a slot wins): as the replica
     * reports them, already, and then returned as they are; otherwise sorted through a tree.
     */
    private static List<PaxosObservation.SlotBallot> bySlot(List<PaxosObservation.SlotBallot> votes) {
        boolean ascending = true;
        for (int i = 1; i < votes.size() && ascending; i++) {
            ascending = votes.get(i - 1).slot() < votes.get(i).slot();
        }
        if (ascending) {
            return votes;
        }
        TreeMap<Long, PaxosObservation.SlotBallot> last = new TreeMap<>();
        for (PaxosObservation.SlotBallot sb : votes) {
            last.put(sb.slot(), sb);
        }
        return new ArrayList<>(last.values());
    }

    private void onReplied(Simulation sim, PaxosObservation.Replied r) {
        if (!r.throughLog()) {
            return;
        }
        ClientEffects client = effectSlot.get(r.clientId());
        long effectAt = client == null ? ClientEffects.NONE : client.slotOf(r.sequence());
        if (r.rejected()) {
            if (effectAt != ClientEffects.NONE) {
                fail(sim, REJECTED_NO_EFFECT, List.of(r.node()), effectAt, "replica " + r.node()
                        + " told client " + r.clientId() + " sequence " + r.sequence() + " it failed, but it took effect in slot "
                        + effectAt);
            }
            rejected.computeIfAbsent(r.clientId(), c -> new java.util.HashSet<>()).add(r.sequence());
            changed(P_REJECTED);
            return;
        }
        if (r.slot() > 0) {
            recordApplied(sim.nowNanos(), r.slot());
        }
        if (effectAt == ClientEffects.NONE) {
            fail(sim, REPLY_AFTER_APPLY, List.of(r.node()), -1, "replica " + r.node() + " answered client "
                    + r.clientId() + " sequence " + r.sequence() + " before any replica applied it");
        }
    }

    private void fail(Simulation sim, Invariant invariant, List<Integer> nodes, long slot, String detail) {
        if (unchecked.contains(invariant.name())) {
            return;
        }
        violation = new Violation(invariant.name(), nodes, slot, sim.nowNanos(),
                "invariant " + invariant.name() + " violated at t=" + sim.nowNanos() + "ns (seed " + sim.seed() + "): " + detail);
        sim.stop(violation.message());
    }

    /** The slot's open record, made if missing; every change to an open slot starts here, so it marks them changed. */
    private OpenSlot openSlot(long slot) {
        changed(P_OPEN);
        OpenSlot s = open.get(slot);
        if (s == null) {
            s = new OpenSlot();
            open.put(slot, s);
        }
        return s;
    }

    /**
     * What the monitor holds of one slot until every replica has applied it: the voters of each
     * (ballot, value) pair as a bit mask of acceptors, entries sorted by (ballot, value) (a slot sees
     * a few ballots; sorted, the layout depends only on the votes seen, not their order, as the
     * explorer's state hash needs), the chosen value, the first applier and the state digest there.
     * One object and a few short primitive arrays per slot instead of nested maps and sets of boxed ids.
     */
    private static final class OpenSlot {
        long[] rounds = new long[2];
        @NodeIds(NodeIds.Shape.ORDERING) int[] ballotNodes = new int[2];
        long[] digests = new long[2];
        @NodeIds(NodeIds.Shape.MASK) long[] voters = new long[2];
        int entries;
        ChosenValue chosen;
        boolean appliedSeen;
        long appliedDigest;
        @NodeIds int firstApplier;
        boolean stateSeen;
        long stateDigest;
        @NodeIds int stateFirstNode;

        long explicitStateHash() {
            long h = ExplicitStateHash.sparse(0x4F50L, rounds);
            h = ExplicitStateHash.ints(h, ballotNodes);
            h = ExplicitStateHash.sparse(h, digests);
            h = ExplicitStateHash.sparse(h, voters);
            h = ExplicitStateHash.mix(h, entries);
            if (chosen == null) {
                h = ExplicitStateHash.mix(h, ExplicitStateHash.NULL);
            } else {
                h = ExplicitStateHash.mix(ExplicitStateHash.mix(h, chosen.digest()), ballotHash(chosen.ballot()));
                h = ExplicitStateHash.mix(h, chosen.acceptors().size());
                for (int node : chosen.acceptors()) {
                    h = ExplicitStateHash.mix(h, node);
                }
            }
            h = ExplicitStateHash.mix(ExplicitStateHash.mix(h, appliedSeen ? 1 : 0), appliedDigest);
            h = ExplicitStateHash.mix(h, firstApplier);
            h = ExplicitStateHash.mix(ExplicitStateHash.mix(h, stateSeen ? 1 : 0), stateDigest);
            return ExplicitStateHash.mix(h, stateFirstNode);
        }

        /** A copy (the chosen value's acceptor list is a mutable list in a record: copied too). */
        OpenSlot copy() {
            OpenSlot s = new OpenSlot();
            s.rounds = rounds.clone();
            s.ballotNodes = ballotNodes.clone();
            s.digests = digests.clone();
            s.voters = voters.clone();
            s.entries = entries;
            s.chosen = chosen == null ? null
                    : new ChosenValue(chosen.digest(), chosen.ballot(), new ArrayList<>(chosen.acceptors()));
            s.appliedSeen = appliedSeen;
            s.appliedDigest = appliedDigest;
            s.firstApplier = firstApplier;
            s.stateSeen = stateSeen;
            s.stateDigest = stateDigest;
            s.stateFirstNode = stateFirstNode;
            return s;
        }

        /** The entry of (ballot, value), or -1. */
        int voteEntry(Ballot ballot, long digest) {
            for (int i = 0; i < entries; i++) {
                if (digests[i] == digest && rounds[i] == ballot.round() && ballotNodes[i] == ballot.node()) {
                    return i;
                }
            }
            return -1;
        }

        /** The first entry at {@code ballot} (lowest value digest), whatever its value, or -1. */
        int firstEntryAt(Ballot ballot) {
            for (int i = 0; i < entries; i++) {
                if (rounds[i] == ballot.round() && ballotNodes[i] == ballot.node()) {
                    return i;
                }
            }
            return -1;
        }

        int addEntry(Ballot ballot, long digest) {
            if (entries == rounds.length) {
                int n = entries * 2;
                rounds = java.util.Arrays.copyOf(rounds, n);
                ballotNodes = java.util.Arrays.copyOf(ballotNodes, n);
                digests = java.util.Arrays.copyOf(digests, n);
                voters = java.util.Arrays.copyOf(voters, n);
            }
            int at = entries;
            while (at > 0 && after(at - 1, ballot, digest)) {
                at--;
            }
            int moved = entries - at;
            System.arraycopy(rounds, at, rounds, at + 1, moved);
            System.arraycopy(ballotNodes, at, ballotNodes, at + 1, moved);
            System.arraycopy(digests, at, digests, at + 1, moved);
            System.arraycopy(voters, at, voters, at + 1, moved);
            rounds[at] = ballot.round();
            ballotNodes[at] = ballot.node();
            digests[at] = digest;
            voters[at] = 0;
            entries++;
            return at;
        }

        /** Whether entry {@code i} sorts after (ballot, digest). */
        private boolean after(int i, Ballot ballot, long digest) {
            if (rounds[i] != ballot.round()) {
                return rounds[i] > ballot.round();
            }
            if (ballotNodes[i] != ballot.node()) {
                return ballotNodes[i] > ballot.node();
            }
            return digests[i] > digest;
        }

        /** Adds an acceptor to an entry's voters; returns the voters now. */
        long addVoter(int entry, int node) {
            if (node < 0 || node >= Long.SIZE) {
                throw new IllegalArgumentException("acceptor ids are 0..63: " + node);
            }
            voters[entry] |= 1L << node;
            return voters[entry];
        }

        /** The acceptors of a mask, in id order. */
        static List<Integer> nodes(long mask) {
            List<Integer> nodes = new ArrayList<>(Long.bitCount(mask));
            for (long m = mask; m != 0; m &= m - 1) {
                nodes.add(Long.numberOfTrailingZeros(m));
            }
            return nodes;
        }
    }

    /**
     * Slots every replica applied, from 1 up: the applied value's digest (when a replica was seen
     * applying it), whether a quorum was seen choosing it, and the state digest there. Kept in dense
     * segments of slots: a run that jumps far ahead (a snapshot of a huge slot installed everywhere)
     * starts a new segment instead of an array spanning the jump.
     */
    private static final class SettledSlots {
        private static final long NEW_SEGMENT_GAP = 1 << 20;
        private final TreeMap<Long, Segment> segments = new TreeMap<>();
        private Segment current;
        private long through;

        SettledSlots() {
            current = new Segment(1);
            segments.put(1L, current);
        }

        /** A copy of {@code o}: each segment copied once, {@code current} the copy of o's (no first segment made to be dropped). */
        SettledSlots(SettledSlots o) {
            for (Map.Entry<Long, Segment> e : o.segments.entrySet()) {
                Segment s = e.getValue().copy();
                segments.put(e.getKey(), s);
                if (e.getValue() == o.current) {
                    current = s;
                }
            }
            if (current == null) {
                current = o.current.copy();
            }
            through = o.through;
        }

        /** {@code current} is one of the segments: named by its base. */
        long explicitStateHash() {
            long h = ExplicitStateHash.mix(0x5345L, segments.size());
            for (Map.Entry<Long, Segment> e : segments.entrySet()) {
                h = ExplicitStateHash.mix(ExplicitStateHash.mix(h, e.getKey()), e.getValue().explicitStateHash());
            }
            h = ExplicitStateHash.mix(h, current.base);
            return ExplicitStateHash.mix(h, through);
        }

        long through() {
            return through;
        }

        boolean knows(long slot) {
            return slot >= 1 && slot <= through && segment(slot).known(slot);
        }

        boolean knowsState(long slot) {
            return slot >= 1 && slot <= through && segment(slot).knownState(slot);
        }

        long digest(long slot) {
            return segment(slot).digest(slot);
        }

        long stateDigest(long slot) {
            return segment(slot).state(slot);
        }

        boolean chosenSeen(long slot) {
            return segment(slot).chosen(slot);
        }

        /** Slots up to {@code slot} the monitor saw nothing of (no apply, vote or state): only {@link #through} moves. */
        void addUnseenThrough(long slot) {
            assert slot >= through : "slots settle in order: " + slot + " after " + through;
            through = slot;
        }

        void add(long slot, boolean digestSeen, long digest, boolean chosenSeen, boolean stateSeen, long state) {
            assert slot == through + 1 : "slots settle in order: " + slot + " after " + through;
            through = slot;
            if (slot - current.base >= NEW_SEGMENT_GAP && slot - current.highestStored() >= NEW_SEGMENT_GAP) {
                current = new Segment(slot);
                segments.put(slot, current);
            }
            current.put(slot, digestSeen, digest, chosenSeen, stateSeen, state);
        }

        private Segment segment(long slot) {
            return segments.floorEntry(slot).getValue();
        }
    }

    /** Settled slots from {@code base} on, in arrays indexed from there. */
    private static final class Segment {
        private final long base;
        private long[] digests;
        private long[] states;
        private final java.util.BitSet known = new java.util.BitSet();
        private final java.util.BitSet knownState = new java.util.BitSet();
        private final java.util.BitSet chosen = new java.util.BitSet();
        private long highestStored;

        Segment(long base) {
            this.base = base;
            this.highestStored = base;
            this.digests = new long[64];
            this.states = new long[64];
        }

        /** A copy of {@code o} (its arrays cloned, not first made empty). */
        private Segment(Segment o) {
            this.base = o.base;
            this.digests = o.digests.clone();
            this.states = o.states.clone();
            this.known.or(o.known);
            this.knownState.or(o.knownState);
            this.chosen.or(o.chosen);
            this.highestStored = o.highestStored;
        }

        long explicitStateHash() {
            long h = ExplicitStateHash.mix(0x5347L, base);
            h = ExplicitStateHash.sparse(h, digests);
            h = ExplicitStateHash.sparse(h, states);
            h = ExplicitStateHash.bits(h, known);
            h = ExplicitStateHash.bits(h, knownState);
            h = ExplicitStateHash.bits(h, chosen);
            return ExplicitStateHash.mix(h, highestStored);
        }

        Segment copy() {
            return new Segment(this);
        }

        long highestStored() {
            return highestStored;
        }

        boolean known(long slot) {
            long i = slot - base;
            return i < Integer.MAX_VALUE && known.get((int) i);
        }

        boolean knownState(long slot) {
            long i = slot - base;
            return i < Integer.MAX_VALUE && knownState.get((int) i);
        }

        long digest(long slot) {
            return digests[index(slot)];
        }

        long state(long slot) {
            return states[index(slot)];
        }

        boolean chosen(long slot) {
            long i = slot - base;
            return i < Integer.MAX_VALUE && chosen.get((int) i);
        }

        void put(long slot, boolean digestSeen, long digest, boolean chosenSeen, boolean stateSeen, long state) {
            int i = index(slot);
            if (i >= digests.length) {
                digests = java.util.Arrays.copyOf(digests, Math.max(i + 1, digests.length * 2));
                states = java.util.Arrays.copyOf(states, digests.length);
            }
            highestStored = Math.max(highestStored, slot);
            if (digestSeen) {
                digests[i] = digest;
                known.set(i);
                chosen.set(i, chosenSeen);
            }
            if (stateSeen) {
                states[i] = state;
                knownState.set(i);
            }
        }

        private int index(long slot) {
            return Math.toIntExact(slot - base);
        }
    }

    /**
     * The Promises and Accepteds that reached one replica since it last (re)started, as bit masks of
     * acceptors: Promises for its few newest ballots, Accepteds for its current leader ballot in
     * slots it has not applied yet. So the memory stays bounded by the pipeline, not the run.
     */
    private static final class ReplyTally {
        private static final int BALLOTS_KEPT = 8;
        @NodeIds(NodeIds.Shape.MASK) private final TreeMap<Ballot, Integer> promises = new TreeMap<>();
        @NodeIds(NodeIds.Shape.MASK) private final TreeMap<Long, Integer> accepted = new TreeMap<>();
        private Ballot leading;

        long explicitStateHash() {
            long h = ExplicitStateHash.mix(0x5254L, promises.size());
            for (Map.Entry<Ballot, Integer> e : promises.entrySet()) {
                h = ExplicitStateHash.mix(ExplicitStateHash.mix(h, ballotHash(e.getKey())), e.getValue());
            }
            h = ExplicitStateHash.sortedLongs(h, accepted);
            return ExplicitStateHash.mix(h, ballotHash(leading));
        }

        ReplyTally copy() {
            ReplyTally t = new ReplyTally();
            t.promises.putAll(promises);
            t.accepted.putAll(accepted);
            t.leading = leading;
            return t;
        }

        void promised(Ballot ballot, int acceptor) {
            promises.merge(ballot, 1 << acceptor, (x, y) -> x | y);
            while (promises.size() > BALLOTS_KEPT) {
                promises.pollFirstEntry();
            }
        }

        int promisers(Ballot ballot) {
            return promises.getOrDefault(ballot, 0);
        }

        void lead(Ballot ballot) {
            leading = ballot;
            accepted.clear();
        }

        Ballot leading() {
            return leading;
        }

        void accepted(Ballot ballot, long slot, int acceptor) {
            if (ballot.equals(leading)) {
                accepted.merge(slot, 1 << acceptor, (x, y) -> x | y);
            }
        }

        int takeAccepted(long slot) {
            Integer mask = accepted.remove(slot);
            return mask == null ? 0 : mask;
        }

        void appliedThrough(long slot) {
            while (!accepted.isEmpty() && accepted.firstKey() <= slot) {
                accepted.pollFirstEntry();
            }
        }

        static String names(int mask) {
            List<Integer> nodes = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                if ((mask & (1 << i)) != 0) {
                    nodes.add(i);
                }
            }
            return nodes.isEmpty() ? "no acceptor" : "acceptors " + nodes;
        }

        /** "only acceptors [..]", or "no acceptor": what a quorum check's message says was short. */
        static String onlyNames(int mask) {
            return mask == 0 ? names(mask) : "only " + names(mask);
        }
    }

    /**
     * The slot each of one client's sequences took effect in. Sequences count up from 0 per
     * client, so a dense array (0 = none) holds them in 8 bytes each; anything outside that
     * range goes to a map.
     */
    private static final class ClientEffects {
        static final long NONE = Long.MIN_VALUE;
        private static final long DENSE_LIMIT = 1L << 20;
        private long[] slotPlusOne = new long[4];
        private HashMap<Long, Long> sparse;

        long explicitStateHash() {
            long h = ExplicitStateHash.sparse(0x4345L, slotPlusOne);
            if (sparse == null) {
                return ExplicitStateHash.mix(h, ExplicitStateHash.NULL);
            }
            long sum = 0;
            for (Map.Entry<Long, Long> e : sparse.entrySet()) {
                sum += ExplicitStateHash.mix(ExplicitStateHash.mix(10, e.getKey()), e.getValue());
            }
            return ExplicitStateHash.mix(ExplicitStateHash.mix(h, sparse.size()), sum);
        }

        ClientEffects copy() {
            ClientEffects c = new ClientEffects();
            c.slotPlusOne = slotPlusOne.clone();
            c.sparse = sparse == null ? null : new HashMap<>(sparse);
            return c;
        }

        long slotOf(long sequence) {
            if (sequence >= 0 && sequence < DENSE_LIMIT) {
                return sequence < slotPlusOne.length && slotPlusOne[(int) sequence] != 0 ? slotPlusOne[(int) sequence] - 1 : NONE;
            }
            Long slot = sparse == null ? null : sparse.get(sequence);
            return slot == null ? NONE : slot;
        }

        /** Records {@code slot} unless the sequence already has one; returns the earlier slot or {@link #NONE}. */
        long putIfAbsent(long sequence, long slot) {
            long earlier = slotOf(sequence);
            if (earlier != NONE) {
                return earlier;
            }
            if (sequence >= 0 && sequence < DENSE_LIMIT) {
                int i = (int) sequence;
                if (i >= slotPlusOne.length) {
                    slotPlusOne = java.util.Arrays.copyOf(slotPlusOne, Math.max(i + 1, slotPlusOne.length * 2));
                }
                slotPlusOne[i] = slot + 1;
            } else {
                if (sparse == null) {
                    sparse = new HashMap<>();
                }
                sparse.put(sequence, slot);
            }
            return NONE;
        }
    }

    /**
     * The monitor's state by content for the explorer's fingerprint, as the reflective walk reads it:
     * every field but {@code observations} (a counter of calls), {@code voteWatch} (a cache of what
     * a check proved) and the hash's own cache, the ones that walk leaves out too. Hash maps and sets
     * are summed entry by entry (their iteration order is no state); everything else is mixed in order.
     *
     * <p>The explorer hashes every successor, and a step changes a few of the monitor's fields: the
     * parts it did not change keep the hash they had (in the world it was copied from, too), so only
     * the stale ones are hashed again. The value is {@link #uncachedStateHash()}'s, always; with
     * assertions on (the tests) each call checks that, so a writer that forgets to mark its part fails.
     */
    @Override
    public long explicitStateHash() {
        refreshHashedParts();
        long h = combine(hashedParts.folded());
        assert h == uncachedStateHash() : "a stale cached part of the monitor's hash: " + staleReport();
        return h;
    }

    /** The state hash computed afresh (the cache neither read nor written): for audits that change fields behind the monitor's back. */
    @Override
    public long uncachedStateHash() {
        long[] parts = new long[PARTS];
        for (int part = 0; part < PARTS; part++) {
            parts[part] = partHash(part);
        }
        return combine(fold(parts));
    }

    /**
     * Hashes again the parts changed since {@link #hashedParts} was computed. A new immutable
     * {@link HashedParts}, never one written in place: a kept world may be copied by several
     * search threads at once, and each of them may refresh its cache.
     */
    private void refreshHashedParts() {
        HashedParts cached = hashedParts;
        if (cached != null && java.util.Arrays.equals(cached.versions(), partVersions)) {
            return;
        }
        long[] hashes = new long[PARTS];
        for (int part = 0; part < PARTS; part++) {
            hashes[part] = cached != null && cached.versions()[part] == partVersions[part] ? cached.hashes()[part] : partHash(part);
        }
        hashedParts = new HashedParts(hashes, partVersions.clone(), fold(hashes));
    }

    private void changed(int part) {
        partVersions[part]++;
    }

    private String staleReport() {
        List<Integer> stale = new ArrayList<>();
        for (int part = 0; part < PARTS; part++) {
            if (hashedParts.hashes()[part] != partHash(part)) {
                stale.add(part);
            }
        }
        return "parts " + stale + " (P_... constants) changed without changed(part)";
    }

    /** The parts' hashes, the change counts they were computed at, and {@link #fold} of them; never written after construction. */
    private record HashedParts(long[] hashes, int[] versions, long folded) {
    }

    /** The parts' hashes mixed in order (kept with them: recomputed only when one of them is). */
    private static long fold(long[] parts) {
        long h = 0x50415254L;
        for (long part : parts) {
            h = ExplicitStateHash.mix(h, part);
        }
        return h;
    }

    /** The parts' hashes folded, and the fields cheap enough to hash every time. */
    private long combine(long folded) {
        long h = ExplicitStateHash.mix(0x494E564DL, phase1Quorum);
        h = ExplicitStateHash.mix(h, phase2Quorum);
        h = ExplicitStateHash.mix(h, replicas);
        h = ExplicitStateHash.mix(h, folded);
        h = ExplicitStateHash.mix(h, chosenSlotsSeen);
        h = ExplicitStateHash.mix(h, rejectedStale.size());
        for (int node : rejectedStale) {
            h = ExplicitStateHash.mix(h, node);
        }
        h = ExplicitStateHash.mix(h, leaseDriftTolerancePpm);
        h = ExplicitStateHash.mix(h, ballotHash(highestChoosingBallot));
        h = ExplicitStateHash.mix(h, clockStepShadowNanos);
        long sum = 0;
        for (String name : unchecked) {
            sum += ExplicitStateHash.mix(8, ExplicitStateHash.string(name));
        }
        h = ExplicitStateHash.mix(h, sum);
        h = ExplicitStateHash.mix(h, clockStepShadowUntilNanos);
        h = ExplicitStateHash.sortedLongs(h, ownClockStepShadowUntilNanos);
        return ExplicitStateHash.mix(h, violationHash(violation));
    }

    /** One cached part's hash, from its fields. */
    private long partHash(int part) {
        return switch (part) {
            case P_REPLIES -> repliesHash();
            case P_SETTLED -> settled.explicitStateHash();
            case P_OPEN -> openHash();
            case P_APPLIED -> ExplicitStateHash.sortedLongs(ExplicitStateHash.sortedLongs(0x4150L, lastApplied), appliedEver);
            case P_PROMISES -> promisesHash();
            case P_EFFECTS -> effectsHash();
            case P_VOTED_BY -> votesHash(0x5642L, votedBy);
            case P_LIVE_VOTES -> votesHash(0x4C56L, liveVotes);
            case P_VOTED_VALUE -> votedValueHash();
            case P_LEASE_GRANTS -> leaseGrantsHash();
            case P_CHOSEN_AT -> ballotLongs(0x4341L, maxSlotChosenAt);
            case P_SENT -> sumOfArrays(4, requestSentNanos);
            case P_REPLY_LOG -> ExplicitStateHash.mix(ExplicitStateHash.sparse(ExplicitStateHash.sparse(0x524CL, replyTimes),
                    replySlotMax), replyCount);
            case P_REJECTED -> rejectedHash();
            case P_LEASES -> leasesHash();
            case P_ARRIVED -> sumOfArrays(7, requestArrivedNanos);
            case P_RISES -> risesHash();
            case P_LEASE_WATCH -> leaseWatch.explicitStateHash();
            default -> throw new IllegalArgumentException("no such part: " + part);
        };
    }

    private long repliesHash() {
        long h = ExplicitStateHash.mix(0x5250L, replies.length);
        for (ReplyTally t : replies) {
            h = ExplicitStateHash.mix(h, t.explicitStateHash());
        }
        return h;
    }

    private long openHash() {
        long sum = 0;
        for (Map.Entry<Long, OpenSlot> e : open.entrySet()) {
            sum += ExplicitStateHash.mix(ExplicitStateHash.mix(1, e.getKey()), e.getValue().explicitStateHash());
        }
        return ExplicitStateHash.mix(0x4F53L, sum);
    }

    private long promisesHash() {
        long h = ExplicitStateHash.mix(0x4D50L, maxPromise.size());
        for (Map.Entry<Integer, Ballot> e : maxPromise.entrySet()) {
            h = ExplicitStateHash.mix(ExplicitStateHash.mix(h, e.getKey()), ballotHash(e.getValue()));
        }
        return h;
    }

    private long effectsHash() {
        long sum = 0;
        for (Map.Entry<Long, ClientEffects> e : effectSlot.entrySet()) {
            sum += ExplicitStateHash.mix(ExplicitStateHash.mix(2, e.getKey()), e.getValue().explicitStateHash());
        }
        return ExplicitStateHash.mix(0x4546L, sum);
    }

    private long votedValueHash() {
        long h = ExplicitStateHash.mix(0x5656L, votedValue.size());
        for (Map.Entry<Integer, SlotMap<Long>> e : votedValue.entrySet()) {
            h = ExplicitStateHash.mix(h, e.getKey());
            h = ExplicitStateHash.mix(h, e.getValue().mixPairs(ExplicitStateHash.mix(3, e.getValue().size()), Long::longValue));
        }
        return h;
    }

    private long leaseGrantsHash() {
        long h = ExplicitStateHash.mix(0x4C47L, leaseGrants.size());
        for (Map.Entry<Integer, TreeMap<Ballot, Long>> e : leaseGrants.entrySet()) {
            h = ballotLongs(ExplicitStateHash.mix(h, e.getKey()), e.getValue());
        }
        return h;
    }

    private long rejectedHash() {
        long sum = 0;
        for (Map.Entry<Long, java.util.HashSet<Long>> e : rejected.entrySet()) {
            long members = 0;
            for (long x : e.getValue()) {
                members += ExplicitStateHash.mix(5, x);
            }
            sum += ExplicitStateHash.mix(ExplicitStateHash.mix(6, e.getKey()), members);
        }
        return ExplicitStateHash.mix(0x524AL, sum);
    }

    private long leasesHash() {
        long h = ExplicitStateHash.mix(0x4C53L, leases.size());
        for (Lease l : leases) {
            h = ExplicitStateHash.mix(h, l.node());
            h = ExplicitStateHash.mix(h, ballotHash(l.ballot()));
            h = ExplicitStateHash.mix(ExplicitStateHash.mix(h, l.startNanos()), l.endNanos());
        }
        return h;
    }

    private long risesHash() {
        long h = ExplicitStateHash.mix(0x4352L, chosenBallotRises.size());
        for (long[] rise : chosenBallotRises) {
            h = ExplicitStateHash.sparse(h, rise);
        }
        return h;
    }

    static long ballotHash(Ballot b) {
        return b == null ? ExplicitStateHash.NULL : ExplicitStateHash.mix(ExplicitStateHash.mix(0x42414CL, b.round()), b.node());
    }

    private static long ballotLongs(long h, TreeMap<Ballot, Long> m) {
        h = ExplicitStateHash.mix(h, m.size());
        for (Map.Entry<Ballot, Long> e : m.entrySet()) {
            h = ExplicitStateHash.mix(ExplicitStateHash.mix(h, ballotHash(e.getKey())), e.getValue());
        }
        return h;
    }

    private static long votesHash(long h, TreeMap<Integer, SlotMap<Ballot>> votes) {
        h = ExplicitStateHash.mix(h, votes.size());
        for (Map.Entry<Integer, SlotMap<Ballot>> e : votes.entrySet()) {
            h = ExplicitStateHash.mix(h, e.getKey());
            h = ExplicitStateHash.mix(h, e.getValue().mixPairs(ExplicitStateHash.mix(9, e.getValue().size()), InvariantMonitor::ballotHash));
        }
        return h;
    }

    private static long sumOfArrays(long tag, HashMap<Long, long[]> m) {
        long sum = 0;
        for (Map.Entry<Long, long[]> e : m.entrySet()) {
            sum += ExplicitStateHash.sparse(ExplicitStateHash.mix(tag, e.getKey()), e.getValue());
        }
        return sum;
    }

    private static long violationHash(Violation v) {
        if (v == null) {
            return ExplicitStateHash.NULL;
        }
        long h = ExplicitStateHash.mix(0x56494FL, ExplicitStateHash.string(v.invariant()));
        h = ExplicitStateHash.mix(h, v.nodes().size());
        for (int node : v.nodes()) {
            h = ExplicitStateHash.mix(h, node);
        }
        h = ExplicitStateHash.mix(ExplicitStateHash.mix(h, v.slot()), v.timeNanos());
        return ExplicitStateHash.mix(h, ExplicitStateHash.string(v.message()));
    }

    /** Names and one-line descriptions, for --help and reports. */
    public static Map<String, String> describe() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Invariant i : ALL) {
            out.put(i.name(), i.description());
        }
        return out;
    }
}
