package io.paxsim.sim;

import io.paxsim.sim.clock.NodeClock;
import io.paxsim.sim.disk.DiskConfig;
import io.paxsim.sim.disk.DiskDone;
import io.paxsim.sim.disk.DiskOp;
import io.paxsim.sim.disk.NodeDisk;
import io.paxsim.sim.disk.SimDisk;
import io.paxsim.sim.disk.WriteStatus;
import io.paxsim.sim.net.LinkConfig;
import io.paxsim.sim.net.Network;
import io.paxsim.sim.random.RandomStream;
import io.paxsim.sim.random.Randomness;
import io.paxsim.sim.trace.Trace;
import io.paxsim.sim.trace.TraceKind;
import io.paxsim.sim.trace.TraceSink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * The discrete-event core: one thread, virtual time in nanoseconds, one seeded source of
 * randomness. It owns the world (network, clocks, disks, node lifecycle) and hands each node a
 * {@link Context}. The same seed and the same inputs give the same trace hash, on any JVM.
 *
 * <p>Its public methods other than the run loop are the fault API that nemeses drive.
 */
public final class Simulation implements Copyable {
    private final long seed;
    private final Randomness randomness;
    private final Scheduler scheduler;
    private final Network network;
    @NodeIds(NodeIds.Shape.INDEX) private final NodeRuntime[] nodes;
    @NodeIds(NodeIds.Shape.SORTED) private final int[] peers;
    private final Trace trace;
    private final SimObserver[] observers;
    /** Per trace kind (by ordinal), the observers whose {@link SimObserver#eventKinds} name it, in registration order. */
    private final SimObserver[][] observersByKind;
    private final LogSink logSink;
    private final FaultPoints faultPoints;
    // Messages held on clogged links, keyed by link index (from * n + to), released in order.
    private final TreeMap<Integer, ArrayList<Event.Deliver>> clogHeld = new TreeMap<>();

    private long nowNanos;
    private long nextSeq;
    private long nextTimerId;
    private long nextFsyncId;
    private boolean started;
    private String stopReason;
    private final Stats stats = new Stats();

    private Simulation(Builder b) {
        this.seed = b.seed;
        this.randomness = new Randomness(b.seed);
        this.scheduler = b.scheduler != null ? b.scheduler : new TimeOrderedScheduler();
        int n = b.factories.size();
        if (n == 0) {
            throw new IllegalArgumentException("a simulation needs at least one node (call Builder.node or nodes)");
        }
        this.network = new Network(n, b.defaultLink, randomness.stream("net"));
        this.peers = b.peers != null ? b.peers.clone() : allNodes(n);
        for (int p : peers) {
            if (p < 0 || p >= n) {
                throw new IllegalArgumentException("peer " + p + " is not a node (0.." + (n - 1) + ")");
            }
        }
        this.nodes = new NodeRuntime[n];
        for (int i = 0; i < n; i++) {
            long offset = i < b.clockOffsetsNanos.length ? b.clockOffsetsNanos[i] : 0;
            nodes[i] = new NodeRuntime(i, b.factories.get(i),
                    new SimDisk(b.diskConfig, randomness.stream("disk/" + i), b.lazyPlatter), new NodeClock(offset),
                    randomness.stream("node/" + i));
        }
        this.trace = new Trace(b.traceSink);
        this.observers = b.observers.toArray(new SimObserver[0]);
        this.observersByKind = observersByKind(observers);
        this.logSink = b.logSink;
        this.faultPoints = new FaultPoints(randomness);
        for (NodeRuntime r : nodes) {
            r.disk.setFsyncErrorLosesWrites(b.fsyncErrorLosesWrites);
        }
    }

    /**
     * Explicit copy for the explorer (see {@link Copyable}): the node runtimes, observers, trace,
     * network and randomness go through {@code copies} (a copy-on-write copier may share the
     * runtimes); held events are immutable records, shared.
     */
    @Override
    public Simulation copy(Copies copies) {
        return new Simulation(this, copies);
    }

    private Simulation(Simulation o, Copies copies) {
        copies.remember(o, this);
        this.seed = o.seed;
        this.randomness = copies.of(o.randomness);
        this.scheduler = copies.of(o.scheduler);
        this.network = o.network.copy(copies); // owned by the simulation alone: no memo lookup
        this.nodes = new NodeRuntime[o.nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = copies.of(o.nodes[i]);
        }
        this.peers = o.peers.clone();
        this.trace = o.trace.copy(copies);
        this.observers = new SimObserver[o.observers.length];
        for (int i = 0; i < observers.length; i++) {
            observers[i] = copies.of(o.observers[i]);
        }
        this.observersByKind = new SimObserver[o.observersByKind.length][];
        for (int k = 0; k < observersByKind.length; k++) {
            SimObserver[] from = o.observersByKind[k];
            SimObserver[] to = from.clone();
            for (int i = 0; i < to.length; i++) {
                to[i] = observers[indexOf(o.observers, from[i])]; // every kind's observers are registered observers
            }
            observersByKind[k] = to;
        }
        this.logSink = copies.of(o.logSink);
        this.faultPoints = o.faultPoints.copy(copies);
        for (var e : o.clogHeld.entrySet()) {
            clogHeld.put(e.getKey(), new ArrayList<>(e.getValue()));
        }
        this.nowNanos = o.nowNanos;
        this.nextSeq = o.nextSeq;
        this.nextTimerId = o.nextTimerId;
        this.nextFsyncId = o.nextFsyncId;
        this.started = o.started;
        this.stopReason = o.stopReason;
        o.stats.copyTo(stats);
    }

    /**
     * What {@link #shellStateHash} cannot hash on its own: the nodes' parts (canonical, cached per
     * node by the explorer's state hasher), observers that are not {@link ExplicitStateHash}
     * (a model's own instance), and messages held on clogged links (which share objects the way
     * the hasher's reference walk must see).
     */
    public interface ShellHashing {
        /** Node {@code id}'s part of the fingerprint: its runtime, node object and disk. */
        long node(int id, NodeStateHash runtime);

        /** An observer that does not hash itself. */
        long observer(SimObserver observer);

        /** The messages held on clogged link {@code link} (never called while no link holds any). */
        long clogHeld(int link, List<Event.Deliver> held);
    }

    /**
     * The explorer's fingerprint of this simulation by content, with the fields the reference
     * (reflective) walk covers: the network, each node's part, the peers, the observers in order,
     * fault points, messages held on clogged links, whether it started and why it stopped. Left out
     * as that walk leaves them out: the seed, randomness (delays are the explorer's choice), the
     * trace, stats and log sink, the observers by kind (the same observers), the clock and the
     * counters that mint fresh sequence numbers and ids. The scheduler is the explorer's: it hashes
     * the events in flight itself.
     */
    public long shellStateHash(ShellHashing h) {
        long x = ExplicitStateHash.mix(0x53494DL, network.explicitStateHash());
        x = ExplicitStateHash.mix(x, nodes.length);
        for (int i = 0; i < nodes.length; i++) {
            x = ExplicitStateHash.mix(x, h.node(i, nodes[i]));
        }
        x = ExplicitStateHash.ints(x, peers);
        x = ExplicitStateHash.mix(x, observers.length);
        for (SimObserver o : observers) {
            x = ExplicitStateHash.mix(x, o instanceof ExplicitStateHash e ? e.explicitStateHash() : h.observer(o));
        }
        x = ExplicitStateHash.mix(x, faultPoints.explicitStateHash());
        x = ExplicitStateHash.mix(x, clogHeld.size());
        for (var e : clogHeld.entrySet()) {
            x = ExplicitStateHash.mix(ExplicitStateHash.mix(x, e.getKey()), h.clogHeld(e.getKey(), e.getValue()));
        }
        x = ExplicitStateHash.mix(x, started ? 1 : 0);
        return ExplicitStateHash.mix(x, ExplicitStateHash.string(stopReason));
    }

    private static int indexOf(SimObserver[] observers, SimObserver observer) {
        for (int i = 0; i < observers.length; i++) {
            if (observers[i] == observer) {
                return i;
            }
        }
        throw new IllegalStateException("an observer by kind that is not registered: " + observer);
    }

    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    // ---- running -----------------------------------------------------------------------------

    /** Boots every node at time 0, in id order. */
    public void start() {
        if (started) {
            throw new IllegalStateException("simulation already started");
        }
        started = true;
        for (NodeRuntime r : nodes) {
            r.status = NodeStatus.UP;
            r.node = r.factory.create(r.id);
            r.context = new NodeContext(r, r.incarnation);
            record(TraceKind.START, r.id, -1, null);
            invoke(r, "start", () -> r.node.onStart(r.context));
        }
    }

    /** Processes one event; false when nothing is pending or the run was stopped. */
    public boolean step() {
        requireStarted();
        if (stopReason != null) {
            return false;
        }
        Event e = scheduler.poll();
        if (e == null) {
            return false;
        }
        assert e.time() >= nowNanos : "time went backwards: " + e + " at " + nowNanos;
        nowNanos = e.time();
        stats.events++;
        dispatch(e);
        return true;
    }

    /** Processes every event due at or before {@code timeNanos}, then sets the clock to it. */
    public void runUntil(long timeNanos) {
        requireStarted();
        while (stopReason == null) {
            Event next = scheduler.peek();
            if (next == null || next.time() > timeNanos) {
                break;
            }
            step();
        }
        if (stopReason == null && timeNanos > nowNanos) {
            nowNanos = timeNanos;
        }
    }

    /** Runs until no event is pending (true) or the next one is after {@code maxTimeNanos} (false). */
    public boolean runUntilQuiescent(long maxTimeNanos) {
        requireStarted();
        while (stopReason == null) {
            Event next = scheduler.peek();
            if (next == null) {
                return true;
            }
            if (next.time() > maxTimeNanos) {
                return false;
            }
            step();
        }
        return false;
    }

    /** Ends the run (an invariant monitor found a violation, say); {@link #step} then returns false. */
    public void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    public boolean stopped() {
        return stopReason != null;
    }

    public String stopReason() {
        return stopReason;
    }

    /** Schedules a world action (a fault, a heal, a workload step) at an absolute time. */
    public void schedule(long atNanos, SimAction action) {
        if (action == null) {
            throw new IllegalArgumentException("scheduled action must not be null");
        }
        if (atNanos < nowNanos) {
            throw new IllegalArgumentException("cannot schedule in the past: " + atNanos + " < " + nowNanos);
        }
        scheduler.add(new Event.Action(atNanos, nextSeq++, action));
    }

    // ---- observation -------------------------------------------------------------------------

    public long nowNanos() {
        return nowNanos;
    }

    public long seed() {
        return seed;
    }

    public long traceHash() {
        return trace.hash();
    }

    public long traceCount() {
        return trace.count();
    }

    public Stats stats() {
        return stats;
    }

    public int nodeCount() {
        return nodes.length;
    }

    public int[] peers() {
        return peers.clone();
    }

    /** The live node object (for invariant monitors that inspect state); null while crashed. */
    public Node node(int id) {
        return runtime(id).node;
    }

    public NodeStatus status(int id) {
        return runtime(id).status;
    }

    public int pendingEvents() {
        return scheduler.size();
    }

    public Randomness randomness() {
        return randomness;
    }

    public FaultPoints faultPoints() {
        return faultPoints;
    }

    /** Canonical fingerprint of all node and disk state, for a systematic explorer. */
    public long stateFingerprint() {
        long h = 0;
        for (NodeRuntime r : nodes) {
            h = RandomStream.mix64(h ^ r.status.ordinal());
            h = RandomStream.mix64(h ^ (r.node == null ? 0 : r.node.stateFingerprint()));
            h = RandomStream.mix64(h ^ r.disk.fingerprint());
        }
        return h;
    }

    // ---- the fault API -----------------------------------------------------------------------

    public Network network() {
        return network;
    }

    public SimDisk disk(int id) {
        return runtime(id).disk;
    }

    public NodeClock clock(int id) {
        return runtime(id).clock;
    }

    /**
     * Records a fault in the trace (nemeses call this so the trace says what was done). The
     * description feeds the trace hash by type, plus content for strings and {@link io.paxsim.sim.trace.StableHash}
     * payloads: keep doubles out of strings (their decimal form differs between JDK 17 and 19+).
     */
    public void traceFault(int node, Object description) {
        record(TraceKind.FAULT, node, -1, description);
    }

    /** Kills a node: volatile state and pending timers are gone, unsynced writes may be lost or torn. */
    public boolean crash(int id) {
        return crash(id, null);
    }

    /**
     * A crash whose disk outcome is chosen (an explorer's move): {@code unsyncedFates} as in
     * {@link SimDisk#crash(int[])}; null draws them from the disk's stream as {@link #crash(int)} does.
     */
    public boolean crash(int id, int[] unsyncedFates) {
        NodeRuntime r = runtime(id);
        if (r.status == NodeStatus.CRASHED) {
            return false;
        }
        r.status = NodeStatus.CRASHED;
        r.incarnation++;
        r.node = null;
        r.context = null;
        r.timers.clear();
        r.held.clear();
        if (unsyncedFates == null) {
            r.disk.crash();
        } else {
            r.disk.crash(unsyncedFates);
        }
        record(TraceKind.CRASH, id, -1, null);
        return true;
    }

    /**
     * The payload of a timer event that would still fire, or null when it is stale (its node
     * crashed since, or the timer was cancelled or re-aimed): lets an explorer offer only live events.
     */
    public Timer pendingTimer(Event.TimerFire t) {
        NodeRuntime r = runtime(t.node());
        TimerEntry entry = r.incarnation == t.incarnation() ? r.timers.get(t.timerId()) : null;
        return entry == null || entry.generation != t.generation() ? null : entry.timer;
    }

    /** Whether a disk completion still reaches its node (false once the node crashed after asking). */
    public boolean fsyncPending(Event.FsyncDone f) {
        return runtime(f.node()).incarnation == f.incarnation();
    }

    /** Boots a crashed node: a fresh instance whose {@link Node#onRecover} rebuilds from disk. */
    public boolean restart(int id) {
        NodeRuntime r = runtime(id);
        if (r.status != NodeStatus.CRASHED) {
            return false;
        }
        r.status = NodeStatus.UP;
        r.node = r.factory.create(id);
        r.context = new NodeContext(r, r.incarnation);
        record(TraceKind.RESTART, id, -1, null);
        invoke(r, "recover", () -> r.node.onRecover(r.context));
        return true;
    }

    /**
     * Freezes a node: its messages, timers and disk completions wait until {@link #resume}, then
     * arrive at the resume time in the order they came. Held messages count as still in the
     * network: a cut made meanwhile drops them at resume, as it would a message in flight.
     */
    public boolean pause(int id) {
        NodeRuntime r = runtime(id);
        if (r.status != NodeStatus.UP) {
            return false;
        }
        r.status = NodeStatus.PAUSED;
        record(TraceKind.PAUSE, id, -1, null);
        return true;
    }

    public boolean resume(int id) {
        NodeRuntime r = runtime(id);
        if (r.status != NodeStatus.PAUSED) {
            return false;
        }
        r.status = NodeStatus.UP;
        record(TraceKind.RESUME, id, -1, null);
        for (Event e : r.held) {
            scheduler.add(retime(e, nowNanos));
        }
        r.held.clear();
        return true;
    }

    public void clockJump(int id, long deltaNanos) {
        runtime(id).clock.jump(nowNanos, deltaNanos);
        clockChanged(id, "jump " + deltaNanos + "ns");
    }

    public void setClockDriftPpm(int id, long ppm) {
        runtime(id).clock.setDriftPpm(nowNanos, ppm);
        clockChanged(id, "drift " + ppm + "ppm");
    }

    public void setClockOffset(int id, long offsetNanos) {
        runtime(id).clock.setOffset(nowNanos, offsetNanos);
        clockChanged(id, "offset " + offsetNanos + "ns");
    }

    public void setDiskConfig(int id, DiskConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("disk config of node " + id + " must not be null");
        }
        runtime(id).disk.setConfig(config);
        traceFault(id, config);
    }

    /** Switches a node's disk to (or from) Linux EIO semantics (traced); see {@link SimDisk#setFsyncErrorLosesWrites}. */
    public void setFsyncErrorLosesWrites(int id, boolean on) {
        runtime(id).disk.setFsyncErrorLosesWrites(on);
        traceFault(id, on ? "fsync errors lose writes" : "fsync errors keep writes pending");
    }

    /** Bit rot in synced data of a node's file (traced); false when nothing synced is there. */
    public boolean rotBit(int id, String file, long offset, int bit) {
        boolean rotted = runtime(id).disk.rotBit(file, offset, bit);
        if (rotted) {
            traceFault(id, "rot " + file + "@" + offset + " bit " + bit);
        }
        return rotted;
    }

    /** A latent sector error on a node's file (traced): reads of that sector fail until rewritten. */
    public void addLatentSectorError(int id, String file, long sector) {
        runtime(id).disk.addLatentSectorError(file, sector);
        traceFault(id, "latent sector error " + file + " sector " + sector);
    }

    /** The next write of a node's file to reach its platter lands at a wrong sector (traced). */
    public void misdirectNextDurableWrite(int id, String file) {
        runtime(id).disk.misdirectNextDurableWrite(file);
        traceFault(id, "misdirect next durable write of " + file);
    }

    /** Cuts every link between different groups (traced); see {@link Network#partition}. */
    public void partition(List<int[]> groups) {
        network.partition(groups);
        StringBuilder description = new StringBuilder("partition");
        for (int[] group : groups) {
            description.append(' ').append(Arrays.toString(group));
        }
        traceFault(-1, description.toString());
    }

    /** Cuts one direction of a link (traced): messages from {@code from} to {@code to} are dropped. */
    public void cut(int from, int to) {
        network.cut(from, to);
        traceFault(from, "cut " + from + "->" + to);
    }

    /** Holds messages on a link until {@link #unclog}; they then arrive in the order they came. */
    public void clog(int from, int to) {
        network.clog(from, to);
        traceFault(from, "clog " + from + "->" + to);
    }

    public void unclog(int from, int to) {
        network.unclog(from, to);
        ArrayList<Event.Deliver> held = clogHeld.remove(from * nodes.length + to);
        if (held != null) {
            for (Event.Deliver d : held) {
                scheduler.add(retime(d, nowNanos));
            }
        }
        traceFault(from, "unclog " + from + "->" + to);
    }

    /** Network whole again: no cuts, no clogs (held messages released). */
    public void healNetwork() {
        network.healCuts();
        traceFault(-1, "heal network");
        for (int[] link : network.cloggedLinks()) {
            unclog(link[0], link[1]);
        }
    }

    /** Lets package tests act as a live node between events, with that node's own context. */
    void withContext(int id, java.util.function.Consumer<Context> action) {
        NodeRuntime r = runtime(id);
        if (r.context == null) {
            throw new IllegalStateException("node " + id + " is not running");
        }
        action.accept(r.context);
    }

    // ---- dispatch ----------------------------------------------------------------------------

    private void dispatch(Event e) {
        if (e instanceof Event.Deliver d) {
            deliver(d);
        } else if (e instanceof Event.TimerFire t) {
            fireTimer(t);
        } else if (e instanceof Event.FsyncDone f) {
            completeFsync(f);
        } else if (e instanceof Event.Action a) {
            record(TraceKind.FAULT, -1, -1, a.action());
            a.action().apply(this);
        } else {
            throw new AssertionError("unknown event " + e);
        }
    }

    private void deliver(Event.Deliver d) {
        NodeRuntime r = nodes[d.to()];
        if (r.status == NodeStatus.UP && !network.blockedAt(network.linkIndex(d.from(), d.to()))) {
            stats.messagesDelivered++;
            record(TraceKind.DELIVER, d.to(), d.from(), d.message(), d.payloadHash());
            handleMessage(r, d);
            return;
        }
        if (r.status == NodeStatus.CRASHED || network.isCut(d.from(), d.to())) {
            stats.messagesDropped++;
            record(TraceKind.DROP, d.to(), d.from(), d.message(), d.payloadHash());
            return;
        }
        if (d.from() != d.to() && network.isClogged(d.from(), d.to())) {
            clogHeld.computeIfAbsent(d.from() * nodes.length + d.to(), k -> new ArrayList<>()).add(d);
            record(TraceKind.HOLD, d.to(), d.from(), d.message(), d.payloadHash());
            return;
        }
        if (r.status == NodeStatus.PAUSED) {
            r.held.add(d);
            record(TraceKind.HOLD, d.to(), d.from(), d.message(), d.payloadHash());
            return;
        }
        stats.messagesDelivered++;
        record(TraceKind.DELIVER, d.to(), d.from(), d.message(), d.payloadHash());
        handleMessage(r, d);
    }

    private void handleMessage(NodeRuntime r, Event.Deliver d) {
        try {
            r.node.onMessage(r.context, d.from(), d.message());
        } catch (RuntimeException | AssertionError ex) {
            throw new SimulationException(r.id, nowNanos, "message " + d.message() + " from " + d.from(), ex);
        }
    }

    private void fireTimer(Event.TimerFire t) {
        NodeRuntime r = nodes[t.node()];
        if (r.incarnation != t.incarnation()) {
            return;
        }
        TimerEntry entry = r.timers.get(t.timerId());
        if (entry == null || entry.generation != t.generation()) {
            return;
        }
        if (r.status == NodeStatus.PAUSED) {
            r.held.add(t);
            return;
        }
        r.timers.remove(t.timerId());
        stats.timersFired++;
        record(TraceKind.TIMER, r.id, -1, entry.timer);
        invoke(r, "timer", () -> r.node.onTimer(r.context, entry.timer));
    }

    private void completeFsync(Event.FsyncDone f) {
        NodeRuntime r = nodes[f.node()];
        if (r.incarnation != f.incarnation()) {
            return;
        }
        if (r.status == NodeStatus.PAUSED) {
            r.held.add(f);
            return;
        }
        if (f.ok()) {
            r.disk.completeFsync(f.files(), f.barrier());
        } else {
            for (String file : f.files()) {
                if (f.failedFiles().contains(file)) {
                    r.disk.fsyncFailed(file, f.barrier());
                } else {
                    r.disk.completeFsync(file, f.barrier());
                }
            }
        }
        DiskDone done = new DiskDone(f.requestId(), f.files(), f.failedFiles());
        record(TraceKind.FSYNC_DONE, r.id, -1, done);
        invoke(r, "disk completion", () -> r.node.onDiskDone(r.context, done));
    }

    private void invoke(NodeRuntime r, String what, Runnable handler) {
        try {
            handler.run();
        } catch (RuntimeException | AssertionError ex) {
            throw new SimulationException(r.id, nowNanos, what, ex);
        }
    }

    private void clockChanged(int id, String description) {
        NodeRuntime r = runtime(id);
        record(TraceKind.CLOCK, id, -1, description);
        // Timers run on the local clock: re-aim every pending one at its new true deadline.
        for (long timerId : r.timers.sortedKeys()) {
            TimerEntry entry = r.timers.get(timerId);
            entry.generation++;
            long due = r.clock.trueNanosWhenLocalReads(entry.localDeadlineNanos, nowNanos);
            scheduler.add(new Event.TimerFire(due, nextSeq++, id, r.incarnation, timerId, entry.generation));
        }
    }

    private Event retime(Event e, long time) {
        long seq = nextSeq++;
        if (e instanceof Event.Deliver d) {
            return new Event.Deliver(time, seq, d.from(), d.to(), d.message(), d.payloadHash());
        } else if (e instanceof Event.TimerFire t) {
            return new Event.TimerFire(time, seq, t.node(), t.incarnation(), t.timerId(), t.generation());
        } else if (e instanceof Event.FsyncDone f) {
            return f.withTime(time, seq);
        }
        throw new AssertionError("cannot hold " + e);
    }

    // ---- effects requested by nodes ----------------------------------------------------------

    private void send(NodeRuntime r, int to, Message message) {
        if (to < 0 || to >= nodes.length) {
            throw new IllegalArgumentException("node " + r.id + " sent to unknown node " + to);
        }
        if (message == null) {
            throw new IllegalArgumentException("node " + r.id + " sent a null message to " + to);
        }
        int size = message.sizeBytes();
        stats.messagesSent++;
        stats.bytesSent += size;
        long hash = trace.payloadHashOf(message); // once per message: the trace records it again on delivery
        record(TraceKind.SEND, r.id, to, message, hash);
        if (to == r.id) {
            scheduler.add(new Event.Deliver(nowNanos, nextSeq++, r.id, to, message, hash));
            return;
        }
        int link = network.linkIndex(r.id, to);
        if (network.drawLossAt(link)) {
            stats.messagesDropped++;
            record(TraceKind.DROP, to, r.id, message, hash);
            return;
        }
        long arrival = network.arrivalTimeNanosAt(link, size, nowNanos);
        scheduler.add(new Event.Deliver(arrival, nextSeq++, r.id, to, message, hash));
        if (network.drawDuplicateAt(link)) {
            stats.messagesDuplicated++;
            record(TraceKind.DUPLICATE, to, r.id, message, hash);
            long second = network.arrivalTimeNanosAt(link, size, nowNanos) + network.drawLateDuplicateNanosAt(link);
            scheduler.add(new Event.Deliver(second, nextSeq++, r.id, to, message, hash));
        }
    }

    private TimerId setTimer(NodeRuntime r, long delayNanos, Timer timer) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("node " + r.id + " set a timer with negative delay: " + delayNanos);
        }
        if (timer == null) {
            throw new IllegalArgumentException("node " + r.id + " set a null timer");
        }
        long id = ++nextTimerId;
        long localDeadline = r.clock.localNanos(nowNanos) + delayNanos;
        r.timers.put(id, new TimerEntry(timer, localDeadline));
        long due = r.clock.trueNanosWhenLocalReads(localDeadline, nowNanos);
        scheduler.add(new Event.TimerFire(due, nextSeq++, r.id, r.incarnation, id, 0));
        return new TimerId(id);
    }

    /**
     * One fsync request over {@code files} (one or more): one latency draw, then one EIO draw per
     * file in order, one trace record (the file name; {@link DiskOp.Sync} for several) and one
     * completion event. {@link Stats#fsyncs} counts requests.
     */
    private long fsync(NodeRuntime r, List<String> files, Object traced) {
        long id = ++nextFsyncId;
        long barrier = r.disk.beginFsync(files.get(0));
        long latency = r.disk.drawFsyncLatencyNanos();
        List<String> failed = List.of();
        for (String file : files) {
            if (r.disk.drawFsyncFailure()) {
                failed = failed.isEmpty() ? List.of(file) : append(failed, file);
            }
        }
        stats.fsyncs++;
        record(TraceKind.FSYNC, r.id, -1, traced);
        scheduler.add(new Event.FsyncDone(nowNanos + latency, nextSeq++, r.id, r.incarnation, id, files, barrier, failed));
        return id;
    }

    private static List<String> append(List<String> list, String element) {
        List<String> out = new ArrayList<>(list);
        out.add(element);
        return List.copyOf(out);
    }

    private void record(TraceKind kind, int node, int peer, Object payload) {
        record(kind, node, peer, payload, trace.payloadHashOf(payload));
    }

    private void record(TraceKind kind, int node, int peer, Object payload, long payloadHash) {
        trace.record(nowNanos, kind, node, peer, payloadHash, payload);
        for (SimObserver o : observersByKind[kind.ordinal()]) {
            o.onEvent(this, kind, node, peer, payload);
        }
    }

    private static SimObserver[][] observersByKind(SimObserver[] observers) {
        TraceKind[] kinds = TraceKind.values();
        SimObserver[][] byKind = new SimObserver[kinds.length][];
        List<java.util.Set<TraceKind>> wanted = new ArrayList<>();
        for (SimObserver o : observers) {
            java.util.Set<TraceKind> set = java.util.EnumSet.noneOf(TraceKind.class);
            java.util.Set<TraceKind> declared = o.eventKinds();
            if (declared == null) { // the message only when it is needed: naming o costs a toString per simulation built
                throw new IllegalArgumentException("event kinds of " + o + " must not be null");
            }
            set.addAll(declared);
            wanted.add(set);
        }
        for (TraceKind kind : kinds) {
            List<SimObserver> these = new ArrayList<>();
            for (int i = 0; i < observers.length; i++) {
                if (wanted.get(i).contains(kind)) {
                    these.add(observers[i]);
                }
            }
            byKind[kind.ordinal()] = these.toArray(new SimObserver[0]);
        }
        return byKind;
    }

    private NodeRuntime runtime(int id) {
        if (id < 0 || id >= nodes.length) {
            throw new IllegalArgumentException("no node " + id + " (nodes are 0.." + (nodes.length - 1) + ")");
        }
        return nodes[id];
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("call start() first");
        }
    }

    private static int[] allNodes(int n) {
        int[] ids = new int[n];
        Arrays.setAll(ids, i -> i);
        return ids;
    }

    private static String format(String format, Object... args) {
        StringBuilder sb = new StringBuilder(format.length() + 16 * args.length);
        int argIndex = 0;
        int i = 0;
        while (i < format.length()) {
            if (argIndex < args.length && format.startsWith("{}", i)) {
                sb.append(args[argIndex++]);
                i += 2;
            } else {
                sb.append(format.charAt(i++));
            }
        }
        return sb.toString();
    }

    // ---- per-node state ----------------------------------------------------------------------

    private static final class TimerEntry {
        final Timer timer;
        final long localDeadlineNanos;
        long generation;

        /** A copy (timers are immutable records, shared). */
        TimerEntry copy() {
            TimerEntry t = new TimerEntry(timer, localDeadlineNanos);
            t.generation = generation;
            return t;
        }

        TimerEntry(Timer timer, long localDeadlineNanos) {
            this.timer = timer;
            this.localDeadlineNanos = localDeadlineNanos;
        }
    }

    private static final class NodeRuntime implements Copyable, NodeStateHash {
        @NodeIds final int id;
        final NodeFactory factory;
        final SimDisk disk;
        final NodeClock clock;
        final RandomStream random;
        // Keyed by timer id; iterated only in key order.
        final LongKeyedTable<TimerEntry> timers = new LongKeyedTable<>();
        final ArrayList<Event> held = new ArrayList<>();
        NodeStatus status = NodeStatus.CRASHED;
        int incarnation;
        Node node;
        NodeContext context;

        NodeRuntime(int id, NodeFactory factory, SimDisk disk, NodeClock clock, RandomStream random) {
            this.id = id;
            this.factory = factory;
            this.disk = disk;
            this.clock = clock;
            this.random = random;
        }

        /** Explicit copy for the explorer (see {@link Copyable}): the factory is shared through the copier; events are immutable. */
        @Override
        public NodeRuntime copy(Copies copies) {
            return new NodeRuntime(this, copies);
        }

        /**
         * The explorer's fingerprint part of this node (see {@link NodeStateHash}): its id, disk, held
         * events, status, node and context, and its live timers by name and deadline. Left out as the
         * reflective walk leaves them out: the factory (behaviour), clock (no drift while exploring),
         * random stream (only sets delays, the explorer's choice) and incarnation (a counter).
         */
        @Override
        public long nodeStateHash(Hashing h) {
            long x = NodeStateHash.mix(0x52554E54L, h.id(id));
            x = NodeStateHash.mix(x, disk.nodeStateHash(h));
            x = NodeStateHash.mix(x, h.value(held));
            x = NodeStateHash.mix(x, status.ordinal());
            x = NodeStateHash.mix(x, h.value(node));
            x = NodeStateHash.mix(x, h.value(context));
            long live = 0;
            long[] ids = timers.keysForHashing();
            Object[] entries = timers.valuesForHashing();
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] != 0) {
                    live += NodeStateHash.member(h.liveTimer(ids[i], ((TimerEntry) entries[i]).localDeadlineNanos));
                }
            }
            return NodeStateHash.mix(x, live);
        }

        private NodeRuntime(NodeRuntime o, Copies copies) {
            copies.remember(o, this);
            this.id = o.id;
            this.factory = copies.of(o.factory);
            this.disk = o.disk.copy(copies); // the disk and clock belong to this runtime alone: no memo lookup
            this.clock = o.clock.copy(copies);
            this.random = copies.of(o.random);
            this.timers.copyFrom(o.timers, TimerEntry::copy);
            this.held.addAll(o.held);
            this.status = o.status;
            this.incarnation = o.incarnation;
            this.node = copies.of(o.node);
            this.context = copies.of(o.context);
        }
    }

    /** Run-wide counters, read by metrics. */
    public static final class Stats {
        long events;
        long messagesSent;
        long messagesDelivered;
        long messagesDropped;
        long messagesDuplicated;
        long bytesSent;
        long timersFired;
        long fsyncs;

        void copyTo(Stats s) {
            s.events = events;
            s.messagesSent = messagesSent;
            s.messagesDelivered = messagesDelivered;
            s.messagesDropped = messagesDropped;
            s.messagesDuplicated = messagesDuplicated;
            s.bytesSent = bytesSent;
            s.timersFired = timersFired;
            s.fsyncs = fsyncs;
        }

        public long events() { return events; }
        public long messagesSent() { return messagesSent; }
        public long messagesDelivered() { return messagesDelivered; }
        public long messagesDropped() { return messagesDropped; }
        public long messagesDuplicated() { return messagesDuplicated; }
        public long bytesSent() { return bytesSent; }
        public long timersFired() { return timersFired; }
        public long fsyncs() { return fsyncs; }
    }

    private static final byte[] EMPTY = new byte[0];

    /** The context of one incarnation of one node: stale once the node crashes. */
    private final class NodeContext implements Context, NodeDisk, Copyable, NodeStateHash {
        private final NodeRuntime r;
        private final int incarnation;

        NodeContext(NodeRuntime r, int incarnation) {
            this.r = r;
            this.incarnation = incarnation;
        }

        /**
         * Explicit copy for the explorer (see {@link Copyable}): a context of the copied simulation.
         * The runtime's current context is the one its copy made; an older incarnation's is made here.
         */
        @Override
        public NodeContext copy(Copies copies) {
            Simulation sim = copies.of(Simulation.this);
            NodeRuntime runtime = copies.of(r);
            if (r.context == this && runtime.context != null) {
                return runtime.context;
            }
            return copies.remember(this, sim.new NodeContext(runtime, incarnation));
        }

        /**
         * A node's handle on the world, as its node's state holds it: whose it is. The incarnation is
         * left out, as the reflective walk leaves it out (a stale handle is told from the current one
         * by identity, as any object two places share: see {@link NodeStateHash.Hashing#seen}).
         */
        @Override
        public long nodeStateHash(NodeStateHash.Hashing h) {
            return NodeStateHash.mix(0x435458L, h.id(r.id));
        }

        private void checkLive() {
            if (r.incarnation != incarnation || r.status == NodeStatus.CRASHED) {
                throw new IllegalStateException("node " + r.id + " used a context from before its crash");
            }
        }

        @Override
        public int self() {
            return r.id;
        }

        @Override
        public int[] peers() {
            return peers.clone();
        }

        @Override
        public long localTimeNanos() {
            return r.clock.localNanos(nowNanos);
        }

        @Override
        public void send(int to, Message message) {
            checkLive();
            Simulation.this.send(r, to, message);
        }

        @Override
        public void broadcast(Message message) {
            checkLive();
            for (int p : peers) {
                if (p != r.id) {
                    Simulation.this.send(r, p, message);
                }
            }
        }

        @Override
        public TimerId setTimer(long delayNanos, Timer timer) {
            checkLive();
            return Simulation.this.setTimer(r, delayNanos, timer);
        }

        @Override
        public void cancelTimer(TimerId id) {
            checkLive();
            r.timers.remove(id.value());
        }

        @Override
        public NodeDisk disk() {
            return this;
        }

        @Override
        public RandomStream random() {
            return r.random;
        }

        @Override
        public boolean buggify(String pointName) {
            return faultPoints.reach(pointName);
        }

        @Override
        public long faultDelayNanos(String pointName) {
            return faultPoints.delayNanos(r.id, pointName);
        }

        @Override
        public void observe(Object observation) {
            checkLive();
            for (SimObserver o : observers) {
                o.onObservation(Simulation.this, r.id, observation);
            }
        }

        @Override
        public boolean isLogEnabled(LogLevel level) {
            return logSink.isEnabled(level);
        }

        @Override
        public void log(LogLevel level, String format, Object... args) {
            if (logSink.isEnabled(level)) {
                logSink.log(nowNanos, r.id, level, format(format, args));
            }
        }

        // -- NodeDisk: the node's own disk, checked against stale use --

        @Override
        public List<String> files() {
            checkLive();
            return r.disk.files();
        }

        @Override
        public boolean exists(String file) {
            checkLive();
            return r.disk.exists(file);
        }

        @Override
        public long size(String file) {
            checkLive();
            return r.disk.size(file);
        }

        @Override
        public byte[] read(String file, long offset, int length) {
            checkLive();
            return r.disk.read(file, offset, length);
        }

        @Override
        public byte[] readAll(String file) {
            checkLive();
            return r.disk.read(file, 0, (int) r.disk.size(file));
        }

        @Override
        public WriteStatus write(String file, long offset, byte[] data) {
            checkLive();
            requireFileAndData(file, data);
            WriteStatus status = r.disk.write(file, offset, data);
            if (observersByKind[TraceKind.DISK_WRITE.ordinal()].length == 0 && !trace.streaming()) {
                // Nobody reads the record: hash it as DiskOp.Write would, without making one (a WAL flush writes six).
                trace.record(nowNanos, TraceKind.DISK_WRITE, r.id, -1,
                        trace.payloadHashOf(DiskOp.Write.class, DiskOp.Write.stableHashOf(file, offset, data, status)), null);
            } else {
                record(TraceKind.DISK_WRITE, r.id, -1, DiskOp.Write.of(file, offset, data, status));
            }
            return status;
        }

        @Override
        public int writeEach(String[] files, long[] offsets, byte[] data, boolean stopAtFailure) {
            return writeEach(files, offsets, data, stopAtFailure, true);
        }

        /** No copy of the caller's bytes: a WAL record is encoded afresh for its write and never changed after. */
        @Override
        public int writeEachHandedOver(String[] files, long[] offsets, byte[] data, boolean stopAtFailure) {
            return writeEach(files, offsets, data, stopAtFailure, false);
        }

        private int writeEach(String[] files, long[] offsets, byte[] data, boolean stopAtFailure, boolean copyData) {
            checkLive();
            if (files.length != offsets.length) {
                throw new IllegalArgumentException("node " + r.id + " wrote to " + files.length + " files at "
                        + offsets.length + " offsets");
            }
            for (String file : files) {
                requireFileAndData(file, data);
            }
            // One copy and one content hash for every place (a WAL record goes to both mirrors, a
            // superblock to four places): the writes are traced exactly as separate writes would be.
            byte[] copy = copyData ? data.clone() : data;
            long contentHash = copyData ? DiskOp.Write.contentHash(copy) : DiskOp.Write.contentHashOfHandedOver(copy);
            int firstFailure = -1;
            for (int i = 0; i < files.length; i++) {
                WriteStatus status = r.disk.writeShared(files[i], offsets[i], copy);
                traceWrite(files[i], offsets[i], copy.length, contentHash, status);
                if (status != WriteStatus.OK) {
                    if (firstFailure < 0) {
                        firstFailure = i;
                    }
                    if (stopAtFailure) {
                        break;
                    }
                }
            }
            return firstFailure;
        }

        private void traceWrite(String file, long offset, int length, long contentHash, WriteStatus status) {
            if (observersByKind[TraceKind.DISK_WRITE.ordinal()].length == 0 && !trace.streaming()) {
                trace.record(nowNanos, TraceKind.DISK_WRITE, r.id, -1, trace.payloadHashOf(DiskOp.Write.class,
                        DiskOp.Write.stableHashOf(file, offset, length, contentHash, status)), null);
            } else {
                record(TraceKind.DISK_WRITE, r.id, -1, new DiskOp.Write(file, offset, length, contentHash, status));
            }
        }

        @Override
        public WriteStatus append(String file, byte[] data) {
            checkLive();
            requireFileAndData(file, data);
            return write(file, r.disk.size(file), data);
        }

        @Override
        public void truncate(String file, long size) {
            checkLive();
            requireFileAndData(file, EMPTY);
            if (size < 0) {
                throw new IllegalArgumentException("node " + r.id + " truncated " + file + " to negative size " + size);
            }
            r.disk.truncate(file, size);
            record(TraceKind.DISK_TRUNCATE, r.id, -1, new DiskOp.Truncate(file, size));
        }

        @Override
        public void delete(String file) {
            checkLive();
            requireFileAndData(file, EMPTY);
            r.disk.delete(file);
            record(TraceKind.DISK_DELETE, r.id, -1, new DiskOp.Delete(file));
        }

        private void requireFileAndData(String file, byte[] data) {
            if (file == null || file.isEmpty()) {
                throw new IllegalArgumentException("node " + r.id + " used a null or empty file name");
            }
            if (data == null) {
                throw new IllegalArgumentException("node " + r.id + " wrote null data to " + file);
            }
        }

        @Override
        public long fsync(String file) {
            checkLive();
            requireFileAndData(file, EMPTY);
            return Simulation.this.fsync(r, List.of(file), file);
        }

        @Override
        public long fsync(List<String> files) {
            checkLive();
            if (files == null || files.isEmpty()) {
                throw new IllegalArgumentException("node " + r.id + " synced no files");
            }
            List<String> copy = List.copyOf(files);
            for (String file : copy) {
                requireFileAndData(file, EMPTY);
            }
            if (copy.size() == 1) {
                return Simulation.this.fsync(r, copy, copy.get(0));
            }
            for (int i = 0; i < copy.size(); i++) {
                if (copy.subList(i + 1, copy.size()).contains(copy.get(i))) {
                    throw new IllegalArgumentException("node " + r.id + " synced a file twice in one request: " + copy);
                }
            }
            return Simulation.this.fsync(r, copy, new DiskOp.Sync(copy));
        }
    }

    // ---- configuration -----------------------------------------------------------------------

    public static final class Builder {
        private final long seed;
        private final List<NodeFactory> factories = new ArrayList<>();
        private int[] peers;
        private LinkConfig defaultLink = LinkConfig.lan();
        private DiskConfig diskConfig = DiskConfig.defaults();
        private long[] clockOffsetsNanos = new long[0];
        private Scheduler scheduler;
        private TraceSink traceSink;
        private LogSink logSink = LogSink.NONE;
        private boolean fsyncErrorLosesWrites;
        private boolean lazyPlatter;
        private final List<SimObserver> observers = new ArrayList<>();

        private Builder(long seed) {
            this.seed = seed;
        }

        /** Adds a node; ids are assigned 0, 1, 2 ... in the order nodes are added. */
        public Builder node(NodeFactory factory) {
            factories.add(requireNonNull(factory, "node factory"));
            return this;
        }

        public Builder nodes(int count, NodeFactory factory) {
            if (count < 0) {
                throw new IllegalArgumentException("node count must be >= 0: " + count);
            }
            requireNonNull(factory, "node factory");
            for (int i = 0; i < count; i++) {
                factories.add(factory);
            }
            return this;
        }

        /** The group {@link Context#peers()} returns and broadcast reaches (default: every node). */
        public Builder peers(int... ids) {
            if (ids.length == 0) {
                throw new IllegalArgumentException("peers must name at least one node");
            }
            int[] sorted = ids.clone();
            Arrays.sort(sorted);
            for (int i = 1; i < sorted.length; i++) {
                if (sorted[i] == sorted[i - 1]) {
                    throw new IllegalArgumentException("peer " + sorted[i] + " is listed twice");
                }
            }
            this.peers = ids.clone();
            return this;
        }

        public Builder defaultLink(LinkConfig link) {
            this.defaultLink = requireNonNull(link, "default link config");
            return this;
        }

        public Builder disk(DiskConfig config) {
            this.diskConfig = requireNonNull(config, "disk config");
            return this;
        }

        /**
         * Disks that keep synced appends on their platter lazily (see SimDisk's Lazy): the same
         * behaviour and trace, fewer byte copies. Off by default: the explorer fingerprints and
         * copies the platter's representation.
         */
        public Builder lazyPlatter(boolean on) {
            this.lazyPlatter = on;
            return this;
        }

        public Builder clockOffsetsNanos(long... offsets) {
            this.clockOffsetsNanos = offsets.clone();
            return this;
        }

        public Builder scheduler(Scheduler s) {
            this.scheduler = requireNonNull(s, "scheduler");
            return this;
        }

        public Builder traceSink(TraceSink sink) {
            this.traceSink = sink;
            return this;
        }

        public Builder logSink(LogSink sink) {
            this.logSink = requireNonNull(sink, "log sink");
            return this;
        }

        /** Every disk starts with Linux EIO semantics; see {@link SimDisk#setFsyncErrorLosesWrites}. */
        public Builder fsyncErrorLosesWrites(boolean on) {
            this.fsyncErrorLosesWrites = on;
            return this;
        }

        public Builder observer(SimObserver observer) {
            observers.add(requireNonNull(observer, "observer"));
            return this;
        }

        public Simulation build() {
            if (clockOffsetsNanos.length > factories.size()) {
                throw new IllegalArgumentException(clockOffsetsNanos.length + " clock offsets given for "
                        + factories.size() + " nodes");
            }
            return new Simulation(this);
        }

        private static <T> T requireNonNull(T value, String what) {
            if (value == null) {
                throw new IllegalArgumentException(what + " must not be null");
            }
            return value;
        }
    }
}
