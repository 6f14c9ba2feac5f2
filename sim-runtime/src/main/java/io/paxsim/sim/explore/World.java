package io.paxsim.sim.explore;

import io.paxsim.sim.Event;
import io.paxsim.sim.NodeStatus;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.SimulationException;
import io.paxsim.sim.Timer;
import io.paxsim.sim.random.RandomStream;

import java.util.ArrayList;
import java.util.List;

/**
 * One explored world: a {@link Simulation} of the model's nodes on a {@link ChoiceScheduler}, its
 * enabled actions, and a canonical fingerprint of its state.
 *
 * <p><b>Fingerprint.</b> Nodes are deterministic functions of what they were handed, so each
 * node's state (volatile and on disk, across restarts) is fixed by its own history: the chain of
 * events it handled (message and sender, timer, fsync completion, crash with the chosen fates,
 * restart), each with the time since its previous event. A state's fingerprint combines those
 * per-node chains, the time since each node's last event (time enters only through differences,
 * so translating all times changes nothing), the multiset of in-flight messages, the fault
 * budgets spent and the model's ghost state. Pending timers and fsyncs need no separate term:
 * they too follow from the node's history. Two interleavings that hand every node the same events
 * in the same order merge; nothing a node once saw is ever forgotten by the fingerprint.
 *
 * <p><b>Time.</b> Deliveries, fsync completions, crashes and restarts take no time; a timer fires
 * after the delay the model gives it (a replica's tick long after every deadline it keeps, a
 * client's "next op" at once), on one global clock with no drift: a timer may fire late, never
 * early, which is a slow node, a behaviour every protocol must survive. Lease reads stay sound.
 */
public final class World implements io.paxsim.sim.Copyable {
    private static final int KIND_DELIVER = 1;
    private static final int KIND_TIMER = 2;
    private static final int KIND_FSYNC = 3;
    private static final int KIND_CRASH = 4;
    private static final int KIND_RECOVER = 5;
    private static final int KIND_DROP = 6;
    private static final int KIND_DUPLICATE = 7;

    /** Footprint bits: 0..39 nodes, then shared objects; two actions sharing one are dependent. */
    static final int MAX_NODES = 40;
    static final long CRASH_BUDGET = 1L << 40;
    static final long DROP_BUDGET = 1L << 41;
    static final long DUPLICATE_BUDGET = 1L << 42;
    static final long TIMEOUT_BUDGET = 1L << 43;
    static final long ORDERED = 1L << 44;
    static final long CLOCK_WRITE = 1L << 45;
    static final long CLOCK_READ = 1L << 46;
    static final long OBJECTS = CLOCK_WRITE - 1;
    static final long NODES = (1L << MAX_NODES) - 1;

    private final ExploreModel model;
    private final ExploreOptions options;
    private final ChoiceScheduler scheduler = new ChoiceScheduler();
    private final ExploreModel.Instance instance;
    private final Simulation sim;
    private final ContentHash contentHash = new ContentHash();
    private StateHasher stateHasher;
    private final long[] history;
    private final long[] lastEventNanos;
    /**
     * While set, {@link #touch} leaves the event chains alone: a re-execution of an explored path
     * hands them over at its end ({@link #seedChains}) instead of hashing every event's payload again.
     */
    private boolean chainsDeferred;
    private int crashes;
    private int drops;
    private int duplicates;
    private int timeouts;
    private long nextDuplicateSeq = -1;
    private int depth;
    private String violation;
    private boolean faultsStopped;
    private int timeoutsMax;
    /** Per-node fingerprint parts a {@link StateHasher} cached (see {@link #cachedNodeHash}); copied with the world. */
    private final long[] nodeHashes;
    private long nodeHashesValid;
    private long nodeHashesNowNanos;
    /**
     * Copy-on-write: bit i set while node i's state (runtime, node object, disk) is shared with
     * other worlds a {@link StateCopier} copied from this one or this one from; {@link #apply}
     * has the copier give this world a private copy before an action touches it.
     */
    private long sharedNodes;
    private StateCopier nodeCopier;
    /** Per node: opaque copier bookkeeping for a shared node (where its state came from), else null. */
    private Object[] nodeOrigins;

    public World(ExploreModel model, ExploreOptions options) {
        this.model = model;
        this.options = options;
        this.instance = model.instantiate(scheduler);
        this.sim = instance.simulation();
        int n = sim.nodeCount();
        if (n > MAX_NODES) {
            throw new IllegalArgumentException("the explorer handles at most " + MAX_NODES + " nodes: " + n);
        }
        timeoutsMax = options.maxTimeouts();
        history = new long[n];
        lastEventNanos = new long[n];
        nodeHashes = new long[n];
        for (int i = 0; i < n; i++) {
            history[i] = RandomStream.mix64(0x5EEDL + i);
        }
        try {
            sim.start();
            completeFsyncsAtOnce();
        } catch (SimulationException e) {
            violation = "handler-failure: " + e.getMessage();
        }
        checkAlways();
    }

    /**
     * Explicit copy for the explorer (see {@link io.paxsim.sim.Copyable}): the model, options,
     * state hasher and copier are shared; the simulation and the model's instance go through
     * {@code copies} (whose copy-on-write copier may share node states, see {@link #shareNode}).
     */
    @Override
    public World copy(io.paxsim.sim.Copyable.Copies copies) {
        return new World(this, copies);
    }

    private World(World o, io.paxsim.sim.Copyable.Copies copies) {
        copies.remember(o, this);
        copies.remember(o.scheduler, scheduler);
        scheduler.copyFrom(o.scheduler);
        this.model = o.model;
        this.options = o.options;
        this.instance = copies.of(o.instance);
        this.sim = copies.of(o.sim);
        contentHash.copyFrom(o.contentHash);
        this.stateHasher = o.stateHasher;
        this.history = o.history.clone();
        this.lastEventNanos = o.lastEventNanos.clone();
        this.chainsDeferred = o.chainsDeferred;
        this.crashes = o.crashes;
        this.drops = o.drops;
        this.duplicates = o.duplicates;
        this.timeouts = o.timeouts;
        this.nextDuplicateSeq = o.nextDuplicateSeq;
        this.depth = o.depth;
        this.violation = o.violation;
        this.faultsStopped = o.faultsStopped;
        this.timeoutsMax = o.timeoutsMax;
        this.nodeHashes = o.nodeHashes.clone();
        this.nodeHashesValid = o.nodeHashesValid;
        this.nodeHashesNowNanos = o.nodeHashesNowNanos;
        this.sharedNodes = o.sharedNodes;
        this.nodeCopier = o.nodeCopier;
        this.nodeOrigins = copies.of(o.nodeOrigins);
    }

    public Simulation simulation() {
        return sim;
    }

    public ExploreModel.Instance instance() {
        return instance;
    }

    /** Whether each link delivers in send order ({@link ExploreOptions#fifoLinks()}): the state then includes that order. */
    public boolean fifoLinks() {
        return options.fifoLinks();
    }

    /**
     * Pending events in the order they were scheduled (a read-only view): the in-flight messages,
     * live and stale timer events and fsync completions a state hasher reads.
     */
    public List<Event> pendingEvents() {
        return java.util.Collections.unmodifiableList(scheduler.pending());
    }

    /**
     * This world's own fields a state hasher covers (see StructuralHasher's excluded fields for the
     * rest): fault budgets spent, the violation, whether faults stopped and the timeout bound.
     * The scheduler, the model's instance and the simulation are hashed on their own.
     */
    public long countersHash() {
        long h = ContentHash.mix(0x574F524CL, crashes, drops, duplicates);
        h = ContentHash.mix(h, timeouts, faultsStopped ? 1 : 0, timeoutsMax);
        return ContentHash.mix(h, violation == null ? 0x6E756C6CL : RandomStream.fnv1a64(violation));
    }

    /** Actions applied so far. */
    public int depth() {
        return depth;
    }

    /** The first property violation on this path (an invariant, or a handler that threw), or null. */
    public String violation() {
        return violation;
    }

    /** Every action enabled here, in a deterministic order (pending events by age, then crashes, then restarts). */
    public List<Action> enabled() {
        List<Action> out = new ArrayList<>();
        if (violation != null || instance.beyondBounds()) {
            return out;
        }
        purgeStale();
        // Fifo links: the links whose head message was met already (a few per state: scanned, no set of boxed keys).
        long[] linksSeen = options.fifoLinks() ? new long[8] : null;
        int linksSeenCount = 0;
        List<Event> pending = scheduler.pending();
        for (int i = 0, n = pending.size(); i < n; i++) {
            Event e = pending.get(i);
            if (e instanceof Event.Deliver d) {
                boolean headOfLink = true;
                if (linksSeen != null) {
                    long link = (long) d.from() << 32 | d.to();
                    headOfLink = indexOf(linksSeen, linksSeenCount, link) < 0;
                    if (headOfLink) {
                        if (linksSeenCount == linksSeen.length) {
                            linksSeen = java.util.Arrays.copyOf(linksSeen, 2 * linksSeenCount);
                        }
                        linksSeen[linksSeenCount++] = link;
                    }
                }
                if (headOfLink && sim.status(d.to()) == NodeStatus.UP) {
                    out.add(new Action.Deliver(d.seq()));
                }
                if (drops < options.maxDrops() && !faultsStopped) {
                    out.add(new Action.Drop(d.seq()));
                }
                if (duplicates < options.maxDuplicates() && !faultsStopped) {
                    out.add(new Action.Duplicate(d.seq()));
                }
            } else if (e instanceof Event.TimerFire t) {
                Timer timer = sim.pendingTimer(t);
                boolean withinBudget = model.timerDelayNanos(t.node(), timer) == 0 || timeouts < timeoutsMax;
                if (withinBudget && instance.timerAllowed(t.node(), timer)) {
                    out.add(new Action.FireTimer(t.seq()));
                }
            } else if (e instanceof Event.FsyncDone f) {
                out.add(new Action.CompleteFsync(f.seq()));
            }
        }
        for (int node = 0; node < sim.nodeCount(); node++) {
            if (instance.crashable(node) && sim.status(node) == NodeStatus.UP && crashes < options.maxCrashes() && !faultsStopped) {
                for (List<Integer> fates : CrashFates.enumerate(sim.disk(node).crashFateCounts(), options.crashFates())) {
                    out.add(new Action.Crash(node, fates));
                }
            }
        }
        for (int node = 0; node < sim.nodeCount(); node++) {
            if (instance.crashable(node) && sim.status(node) == NodeStatus.CRASHED) {
                out.add(new Action.Recover(node));
            }
        }
        return out;
    }

    private static int indexOf(long[] values, int count, long value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A persistent subset of {@code enabled} (Godefroid): actions such that no sequence of actions
     * outside it, from here, touches anything they touch, so exploring only it loses no terminal
     * state and no violation (see {@link Explorer}). Today it is the actions of the nodes the model
     * declares {@link ExploreModel.Instance#actsIndependently independent} (e.g. a client that has
     * sent nothing yet), when no enabled action outside them depends on one of them; else all of
     * {@code enabled}. A clock a declared node's handlers read is, by the model's word, not
     * observed: its footprint's clock bits are left out of the check.
     */
    public List<Action> persistentSet(List<Action> enabled) {
        long nodes = 0;
        for (int node = 0; node < sim.nodeCount(); node++) {
            if (instance.actsIndependently(node)) {
                nodes |= node(node);
            }
        }
        if (nodes == 0) {
            return enabled;
        }
        List<Action> in = new ArrayList<>();
        long inFootprint = 0;
        for (Action a : enabled) {
            long f = footprint(a);
            if ((f & NODES & ~nodes) == 0 && (f & NODES) != 0) {
                in.add(a);
                inFootprint |= f & ~(CLOCK_READ | CLOCK_WRITE);
            }
        }
        if (in.isEmpty() || in.size() == enabled.size()) {
            return enabled;
        }
        for (Action a : enabled) {
            long f = footprint(a);
            boolean inside = (f & NODES & ~nodes) == 0 && (f & NODES) != 0;
            if (!inside && (f & inFootprint & OBJECTS) != 0) {
                return enabled;
            }
        }
        return in;
    }

    /**
     * The liveness phase: from here on no crash, drop or duplication is enabled (crashed nodes
     * may still restart), and {@code moreTimeouts} further timer firings are allowed.
     */
    public void stopFaults(int moreTimeouts) {
        faultsStopped = true;
        timeoutsMax = timeouts + moreTimeouts;
    }

    /** Applies an enabled action; afterwards {@link #violation()} says whether an "always" property broke. */
    public void apply(Action action) {
        if (violation != null) {
            throw new IllegalStateException("the path already violated a property: " + violation);
        }
        depth++;
        long touched = footprint(action) & NODES;
        nodeHashesValid &= ~touched; // only the nodes an action touches change (see cachedNodeHash)
        unshare(touched);
        try {
            applyUnchecked(action);
            completeFsyncsAtOnce();
        } catch (SimulationException e) {
            violation = "handler-failure: " + e.getMessage();
            return;
        }
        checkAlways();
    }

    private void applyUnchecked(Action action) {
        long now = sim.nowNanos();
        if (action instanceof Action.Deliver a) {
            Event.Deliver d = deliver(a.seq());
            touchDelivery(d, now);
            scheduler.choose(d, now);
            sim.step();
        } else if (action instanceof Action.Drop a) {
            Event.Deliver d = deliver(a.seq());
            drops++;
            scheduler.remove(d);
            sim.traceFault(d.to(), "explore: drop " + describeMessage(d));
        } else if (action instanceof Action.Duplicate a) {
            Event.Deliver d = deliver(a.seq());
            duplicates++;
            scheduler.add(new Event.Deliver(d.time(), nextDuplicateSeq--, d.from(), d.to(), d.message(), d.payloadHash()));
            sim.traceFault(d.to(), "explore: duplicate " + describeMessage(d));
        } else if (action instanceof Action.FireTimer a) {
            Event.TimerFire t = (Event.TimerFire) event(a.seq());
            Timer timer = sim.pendingTimer(t);
            long delay = model.timerDelayNanos(t.node(), timer);
            if (delay > 0) {
                timeouts++;
            }
            touch(t.node(), KIND_TIMER, 0, timer, now + delay);
            scheduler.choose(t, now + delay);
            sim.step();
        } else if (action instanceof Action.CompleteFsync a) {
            Event.FsyncDone f = (Event.FsyncDone) event(a.seq());
            touch(f.node(), ContentHash.mix(KIND_FSYNC, filesHash(f), f.barrier(), f.ok() ? 1 : 0), now);
            scheduler.choose(f, now);
            sim.step();
        } else if (action instanceof Action.Crash a) {
            crashes++;
            touch(a.node(), ContentHash.mix(KIND_CRASH, a.fates().hashCode()), now);
            sim.crash(a.node(), toArray(a.fates()));
        } else if (action instanceof Action.Recover a) {
            touch(a.node(), KIND_RECOVER, now);
            sim.restart(a.node());
        } else {
            throw new AssertionError("unknown action " + action);
        }
    }

    /** Gives this world private copies of the shared nodes in {@code touched} before an action changes them. */
    private void unshare(long touched) {
        long due = touched & sharedNodes;
        while (due != 0) {
            int node = Long.numberOfTrailingZeros(due);
            due &= due - 1;
            nodeCopier.privatize(this, node);
            sharedNodes &= ~(1L << node);
            nodeOrigins[node] = null;
        }
    }

    /**
     * Copy-on-write bookkeeping for a {@link StateCopier}: from now on node {@code node}'s state is
     * shared with another world and {@code copier} must {@link StateCopier#privatize privatize} it
     * here before an action touches it; {@code origin} is the copier's note of where it came from.
     */
    public void shareNode(int node, StateCopier copier, Object origin) {
        if (nodeOrigins == null) {
            nodeOrigins = new Object[sim.nodeCount()];
        }
        nodeCopier = copier;
        nodeOrigins[node] = origin;
        sharedNodes |= 1L << node;
    }

    /** Whether node {@code node}'s state is shared with another world (see {@link #shareNode}). */
    public boolean nodeShared(int node) {
        return (sharedNodes >>> node & 1) != 0;
    }

    /** The copier's note for a shared node (see {@link #shareNode}), or null when it is private. */
    public Object nodeOrigin(int node) {
        return nodeShared(node) ? nodeOrigins[node] : null;
    }

    /**
     * Under {@link ExploreModel#fsyncsCompleteAtOnce()}: completes the fsyncs the last action's
     * handler issued (and any they issue in turn), oldest first, at the same instant. Only the
     * node that just ran has any, so the action's footprint stays what it was.
     */
    private void completeFsyncsAtOnce() {
        if (!model.fsyncsCompleteAtOnce()) {
            return;
        }
        for (int completed = 0; violation == null; completed++) {
            if (completed > 10_000) {
                throw new IllegalStateException("fsyncs keep issuing fsyncs: more than 10000 in one action");
            }
            Event.FsyncDone f = purgeStaleFindingFsync();
            if (f == null) {
                return;
            }
            long now = sim.nowNanos();
            touch(f.node(), ContentHash.mix(KIND_FSYNC, filesHash(f), f.barrier(), f.ok() ? 1 : 0), now);
            scheduler.choose(f, now);
            sim.step();
            checkAlways();
        }
    }

    /**
     * A state hasher's cached part for one node (its runtime, node object and disk), or
     * {@code missing} when the node changed since {@link #cacheNodeHash} stored it or the clock
     * moved (parts may hash times relative to now). Sound because an action changes only the
     * nodes in its {@link #footprint}: a handler runs on one node, a crash or restart touches one
     * node; messages it sends and observations it makes live outside the nodes.
     */
    public long cachedNodeHash(int node, long missing) {
        return (nodeHashesValid >>> node & 1) != 0 && nodeHashesNowNanos == sim.nowNanos() ? nodeHashes[node] : missing;
    }

    /** Whether {@link #cachedNodeHash} holds a part for {@code node} now. */
    public boolean hasCachedNodeHash(int node) {
        return (nodeHashesValid >>> node & 1) != 0 && nodeHashesNowNanos == sim.nowNanos();
    }

    /** Stores a state hasher's part for {@code node} as it is now. */
    public void cacheNodeHash(int node, long hash) {
        long now = sim.nowNanos();
        if (now != nodeHashesNowNanos) {
            nodeHashesValid = 0;
            nodeHashesNowNanos = now;
        }
        nodeHashes[node] = hash;
        nodeHashesValid |= 1L << node;
    }

    /** A world's cached per-node parts at one instant (see {@link #cachedNodeHashes}). */
    public record NodeHashes(long[] hashes, long valid, long nowNanos) {
    }

    /** The per-node parts cached now, or null: handed to {@link #seedNodeHashes} of a re-execution of this path. */
    public NodeHashes cachedNodeHashes() {
        return nodeHashesValid == 0 ? null : new NodeHashes(nodeHashes.clone(), nodeHashesValid, nodeHashesNowNanos);
    }

    /**
     * Seeds the per-node cache with {@code parts} cached by another world on the same path: the
     * model is deterministic (searches check it), so a re-execution reaches the same node states
     * at the same instant, and {@link #apply} then drops the parts of the nodes an action touches.
     */
    public void seedNodeHashes(NodeHashes parts) {
        if (parts == null || parts.nowNanos() != sim.nowNanos()) {
            return;
        }
        System.arraycopy(parts.hashes(), 0, nodeHashes, 0, nodeHashes.length);
        nodeHashesValid = parts.valid();
        nodeHashesNowNanos = parts.nowNanos();
    }

    /**
     * Node {@code node}'s event chain and the time since its last event: nodes are deterministic
     * functions of what they were handed (see the class comment), so two worlds, on any paths, with
     * equal keys for a node hold that node in the same state at the same instant. A state hasher
     * may memoise its per-node parts by it.
     */
    public long nodeHistoryKey(int node) {
        return ContentHash.mix(history[node], sim.nowNanos() - lastEventNanos[node]);
    }

    /** The per-node event chains ({@link #nodeHistoryKey}) and last event times, as they are now. */
    public record Chains(long[] history, long[] lastEventNanos) {
    }

    /** A copy of the event chains now: handed to {@link #seedChains} of a re-execution of this path. */
    public Chains chains() {
        return new Chains(history.clone(), lastEventNanos.clone());
    }

    /**
     * From now until {@link #seedChains}, actions do not extend the event chains: for re-executing
     * a path whose chains a world that walked it recorded ({@link #chains}).
     */
    public void deferChains() {
        chainsDeferred = true;
    }

    /**
     * Sets the event chains to {@code recorded}, taken on another world at the end of the same
     * path (the model is deterministic: every event is the same), and extends them again from now on.
     */
    public void seedChains(Chains recorded) {
        System.arraycopy(recorded.history(), 0, history, 0, history.length);
        System.arraycopy(recorded.lastEventNanos(), 0, lastEventNanos, 0, lastEventNanos.length);
        chainsDeferred = false;
    }

    /** Canonical fingerprint of this state (see the class comment). */
    public long fingerprint() {
        if (stateHasher != null) {
            throw new IllegalStateException("event-history fingerprints are not kept under a state hasher");
        }
        long now = sim.nowNanos();
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < history.length; i++) {
            h = ContentHash.mix(h, history[i], now - lastEventNanos[i]);
        }
        long network = 0;
        for (Event e : scheduler.pending()) {
            if (e instanceof Event.Deliver d) {
                network += RandomStream.mix64(ContentHash.mix(d.from(), d.to(), contentHash.of(d.message())));
            }
        }
        long budgets = crashes | (long) drops << 16 | (long) duplicates << 32 | (long) timeouts << 48;
        return ContentHash.mix(h, network, budgets, instance.ghostFingerprint());
    }

    /**
     * A name for {@code action} that is the same in every state where it does the same thing
     * (sequence numbers differ between interleavings; content does not): sleep sets compare these.
     */
    long actionKey(Action action) {
        if (action instanceof Action.Deliver a) {
            return ContentHash.mix(KIND_DELIVER, messageKey(deliver(a.seq())));
        } else if (action instanceof Action.Drop a) {
            return ContentHash.mix(KIND_DROP, messageKey(deliver(a.seq())));
        } else if (action instanceof Action.Duplicate a) {
            return ContentHash.mix(KIND_DUPLICATE, messageKey(deliver(a.seq())));
        } else if (action instanceof Action.FireTimer a) {
            Event.TimerFire t = (Event.TimerFire) event(a.seq());
            return ContentHash.mix(KIND_TIMER, t.node(), payloadHash(sim.pendingTimer(t)));
        } else if (action instanceof Action.CompleteFsync a) {
            Event.FsyncDone f = (Event.FsyncDone) event(a.seq());
            // By content, not by ids: the ops its barrier covers, and its place among the node's pending fsyncs
            // (the node issued them in that order on every path; two fsyncs may cover the same ops).
            long covered = sim.disk(f.node()).pendingOpsThrough(f.barrier());
            return ContentHash.mix(ContentHash.mix(KIND_FSYNC, f.node(), filesHash(f), covered),
                    fsyncOrdinal(f));
        } else if (action instanceof Action.Crash a) {
            return ContentHash.mix(KIND_CRASH, a.node(), a.fates().hashCode());
        } else if (action instanceof Action.Recover a) {
            return ContentHash.mix(KIND_RECOVER, a.node());
        }
        throw new AssertionError("unknown action " + action);
    }

    /**
     * What {@code action} touches, as bits (see the constants): two actions are independent, so
     * they commute and neither enables or disables the other, when their footprints share no
     * object and neither moves the clock the other reads.
     */
    long footprint(Action action) {
        if (action instanceof Action.Deliver a) {
            return handler(deliver(a.seq()).to()) | CLOCK_READ;
        } else if (action instanceof Action.Drop a) {
            return node(deliver(a.seq()).to()) | DROP_BUDGET;
        } else if (action instanceof Action.Duplicate a) {
            Event.Deliver d = deliver(a.seq());
            // On fifo links the copy joins the tail of its link, so it is ordered against every message the sender
            // sends on that link: the sender's actions do not commute with it (they do on any-order links).
            return node(d.to()) | (options.fifoLinks() ? node(d.from()) : 0) | DUPLICATE_BUDGET;
        } else if (action instanceof Action.FireTimer a) {
            Event.TimerFire t = (Event.TimerFire) event(a.seq());
            boolean advances = model.timerDelayNanos(t.node(), sim.pendingTimer(t)) > 0;
            return handler(t.node()) | (advances ? CLOCK_WRITE | TIMEOUT_BUDGET : CLOCK_READ);
        } else if (action instanceof Action.CompleteFsync a) {
            return handler(event(a.seq()).node()) | CLOCK_READ;
        } else if (action instanceof Action.Crash a) {
            return node(a.node()) | CRASH_BUDGET | CLOCK_READ;
        } else if (action instanceof Action.Recover a) {
            return handler(a.node()) | CLOCK_READ;
        }
        throw new AssertionError("unknown action " + action);
    }

    /**
     * Whether two actions enabled here are independent (the partial-order reduction's relation):
     * they commute, and neither enables or disables the other. Tests check the first against
     * the fingerprint: applying them in either order must give one state.
     */
    public boolean independent(Action a, Action b) {
        return independent(footprint(a), footprint(b));
    }

    static boolean independent(long footprintA, long footprintB) {
        if ((footprintA & footprintB & OBJECTS) != 0) {
            return false;
        }
        boolean aWrites = (footprintA & CLOCK_WRITE) != 0;
        boolean bWrites = (footprintB & CLOCK_WRITE) != 0;
        boolean aReads = (footprintA & (CLOCK_READ | CLOCK_WRITE)) != 0;
        boolean bReads = (footprintB & (CLOCK_READ | CLOCK_WRITE)) != 0;
        return !(aWrites && bReads || bWrites && aReads);
    }

    /** The message in flight that an enabled deliver, drop or duplicate action concerns (schedules read its ends). */
    public Event.Deliver messageOf(Action action) {
        long seq = action instanceof Action.Deliver a ? a.seq() : action instanceof Action.Drop a ? a.seq()
                : action instanceof Action.Duplicate a ? a.seq() : Long.MIN_VALUE;
        if (seq == Long.MIN_VALUE) {
            throw new IllegalArgumentException("not a message action: " + action);
        }
        return deliver(seq);
    }

    /**
     * The node an enabled action happens at: a message's receiver, a timer's or fsync's node, the
     * node crashed or restarted (random walks weigh actions by it).
     */
    int nodeOf(Action action) {
        if (action instanceof Action.Crash a) {
            return a.node();
        } else if (action instanceof Action.Recover a) {
            return a.node();
        } else if (action instanceof Action.FireTimer a) {
            return event(a.seq()).node();
        } else if (action instanceof Action.CompleteFsync a) {
            return event(a.seq()).node();
        }
        return messageOf(action).to();
    }

    /** A human-readable line for an enabled action (counterexamples print these). */
    public String describe(Action action) {
        if (action instanceof Action.Deliver a) {
            return "deliver " + describeStep(deliver(a.seq()));
        } else if (action instanceof Action.Drop a) {
            return "drop " + describeStep(deliver(a.seq()));
        } else if (action instanceof Action.Duplicate a) {
            return "duplicate " + describeStep(deliver(a.seq()));
        } else if (action instanceof Action.FireTimer a) {
            Event.TimerFire t = (Event.TimerFire) event(a.seq());
            Timer timer = sim.pendingTimer(t);
            long delay = model.timerDelayNanos(t.node(), timer);
            return "timer " + timer + " at " + model.nodeName(t.node()) + (delay > 0 ? " after " + delay / 1_000_000.0 + " ms" : "");
        } else if (action instanceof Action.CompleteFsync a) {
            Event.FsyncDone f = (Event.FsyncDone) event(a.seq());
            return "fsync of " + f.file() + " completes at " + model.nodeName(f.node());
        } else if (action instanceof Action.Crash a) {
            return "crash " + model.nodeName(a.node()) + (a.fates().isEmpty() ? " (nothing unsynced)"
                    : " (unsynced ops' fates " + a.fates() + ": 0 lost, 1 whole, 1+k first k sectors)");
        } else if (action instanceof Action.Recover a) {
            return "restart " + model.nodeName(a.node());
        }
        throw new AssertionError("unknown action " + action);
    }

    /**
     * The files an fsync covers and those whose sync failed: one request may sync several files
     * (a mirrored WAL), and two requests with the same first file are different actions.
     */
    public static long filesHash(Event.FsyncDone f) {
        long h = 0x46494C45L;
        for (String file : f.files()) {
            h = ContentHash.mix(h, RandomStream.fnv1a64(file));
        }
        for (String file : f.failedFiles()) {
            h = ContentHash.mix(h, ~RandomStream.fnv1a64(file));
        }
        return h;
    }

    /** How many live fsyncs of the same node were issued before {@code f}. */
    private int fsyncOrdinal(Event.FsyncDone f) {
        int before = 0;
        for (Event e : scheduler.pending()) {
            if (e instanceof Event.FsyncDone g && g.node() == f.node() && g.requestId() < f.requestId() && sim.fsyncPending(g)) {
                before++;
            }
        }
        return before;
    }

    private long handler(int node) {
        return node(node) | (instance.ordered(node) ? ORDERED : 0);
    }

    private static long node(int node) {
        return 1L << node;
    }

    /**
     * Explore with content fingerprints: {@code hasher} names actions and hashes the payloads of
     * the per-node event chains ({@link #nodeHistoryKey}) by exact content.
     */
    public void useStateHasher(StateHasher hasher) {
        this.stateHasher = hasher == null ? null : MessageHashMemo.of(hasher);
    }

    private long payloadHash(Object payload) {
        return stateHasher != null ? stateHasher.valueHash(this, payload) : contentHash.of(payload);
    }

    private void touch(int node, int kind, int from, Object payload, long timeNanos) {
        if (chainsDeferred) {
            return;
        }
        long content = stateHasher != null ? stateHasher.valueHash(payload) : contentHash.of(payload);
        touch(node, kind == KIND_DELIVER ? ContentHash.mix(kind, from, content) : ContentHash.mix(kind, content), timeNanos);
    }

    private void touchDelivery(Event.Deliver d, long timeNanos) {
        if (chainsDeferred) {
            return;
        }
        if (stateHasher instanceof MessageHashMemo memo) {
            touch(d.to(), ContentHash.mix(KIND_DELIVER, d.from(), memo.messageHash(d)), timeNanos);
        } else {
            touch(d.to(), KIND_DELIVER, d.from(), d.message(), timeNanos);
        }
    }

    private void touch(int node, long eventHash, long timeNanos) {
        if (chainsDeferred) {
            return;
        }
        history[node] = ContentHash.mix(history[node], eventHash, timeNanos - lastEventNanos[node]);
        lastEventNanos[node] = timeNanos;
    }

    private void checkAlways() {
        if (violation == null) {
            violation = instance.violation();
        }
    }

    private void purgeStale() {
        scheduler.removeStale(this::stale);
    }

    /** {@link #purgeStale}, in the same pass finding the oldest pending fsync completion (null when none). */
    private Event.FsyncDone purgeStaleFindingFsync() {
        return (Event.FsyncDone) scheduler.removeStale(this::stale);
    }

    private boolean stale(Event e) {
        return e instanceof Event.TimerFire t && sim.pendingTimer(t) == null
                || e instanceof Event.FsyncDone f && !sim.fsyncPending(f);
    }

    private static int[] toArray(List<Integer> fates) {
        int[] out = new int[fates.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = fates.get(i);
        }
        return out;
    }

    private Event event(long seq) {
        Event e = scheduler.find(seq);
        if (e == null) {
            throw new IllegalArgumentException("no pending event #" + seq + " (the path does not match this model)");
        }
        return e;
    }

    private Event.Deliver deliver(long seq) {
        if (!(event(seq) instanceof Event.Deliver d)) {
            throw new IllegalArgumentException("event #" + seq + " is not a message in flight");
        }
        return d;
    }

    /**
     * A message by content; on fifo links also by its place in its link's queue, counted from the head: two equal
     * messages on one fifo link (a retransmit, a duplicate) are different actions there (dropping the first or the
     * last leaves different queues), and an independent action only appends to a queue, so the place is the same
     * in every state where the action is.
     */
    private long messageKey(Event.Deliver d) {
        long content = stateHasher instanceof MessageHashMemo memo ? memo.messageHash(this, d) : payloadHash(d.message());
        long key = ContentHash.mix(d.from(), d.to(), content);
        return options.fifoLinks() ? ContentHash.mix(key, placeInLink(d)) : key;
    }

    private int placeInLink(Event.Deliver d) {
        int place = 0;
        for (Event e : scheduler.pending()) {
            if (e == d) {
                return place;
            }
            if (e instanceof Event.Deliver o && o.from() == d.from() && o.to() == d.to()) {
                place++;
            }
        }
        throw new IllegalStateException("message is not in flight: " + d);
    }

    private static String describeMessage(Event.Deliver d) {
        return d.from() + "->" + d.to() + " " + d.message();
    }

    /**
     * A message in a counterexample step: replicas by number ("0->1"), any other node by the
     * model's name for it ("client 3->0"). The trace keeps {@link #describeMessage} (its text is
     * hashed, and trace records name nodes by number anyway).
     */
    private String describeStep(Event.Deliver d) {
        return endName(d.from()) + "->" + endName(d.to()) + " " + d.message();
    }

    private String endName(int node) {
        String name = model.nodeName(node);
        return name.equals("node " + node) ? Integer.toString(node) : name;
    }
}
