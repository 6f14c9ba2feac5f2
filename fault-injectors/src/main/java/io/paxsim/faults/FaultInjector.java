package io.paxsim.faults;

import io.paxsim.sim.SimObserver;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.trace.TraceKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies one {@link FaultSchedule} to one simulation. Register it as an observer when building
 * the simulation (crash-during-fsync watches FSYNC events through that hook), install it, run the
 * safety phase, then {@link #heal()}:
 *
 * <pre>{@code
 * FaultInjector faults = new FaultInjector(schedule);
 * Simulation sim = Simulation.builder(seed).nodes(5, factory).observer(faults).build();
 * sim.start();
 * faults.install(sim, clusterView);
 * sim.runUntil(safetyEndNanos);
 * faults.heal();
 * }</pre>
 *
 * Without the observer registration every fault still works, except that crash-during-fsync then
 * crashes its target at the start of its window (and says so in the trace).
 */
public final class FaultInjector implements SimObserver {
    private final FaultSchedule schedule;
    private final long[] entryHashes;
    private Simulation sim;
    private ClusterView view;
    private WorldBaseline baseline;
    private FaultEffects effects;
    private boolean observing;
    private boolean healed;
    private int startedEntries;
    private final List<FaultListener> listeners = new ArrayList<>();
    private final TreeMap<String, Integer> startedByFault = new TreeMap<>();

    public FaultInjector(FaultSchedule schedule) {
        this.schedule = schedule;
        this.entryHashes = new long[schedule.size()];
        for (int i = 0; i < entryHashes.length; i++) {
            entryHashes[i] = schedule.entries().get(i).stableHash();
        }
    }

    /**
     * Captures the world's baseline and puts every entry's start and end on the timeline. Entries
     * must not start before the simulation's current time.
     */
    public FaultInjector install(Simulation sim, ClusterView view) {
        if (this.sim != null) {
            throw new IllegalStateException("this fault injector is already installed");
        }
        if (view.replicas().length == 0) {
            throw new IllegalArgumentException("the cluster view lists no replicas");
        }
        requireTargetsWithin(view.replicas().length);
        this.sim = sim;
        this.view = view;
        this.baseline = WorldBaseline.capture(sim);
        this.effects = new FaultEffects(this, sim, view, baseline);
        for (int i = 0; i < schedule.size(); i++) {
            ScheduleEntry e = schedule.entries().get(i);
            sim.schedule(e.startNanos(), new FaultAction.Start(this, i));
            sim.schedule(e.endNanos(), new FaultAction.End(this, i));
        }
        return this;
    }

    /**
     * Ends the safety phase: no scheduled fault action does anything from now on, and the world
     * is made whole ({@link Heal}) relative to the baseline captured at install.
     */
    public void heal() {
        requireInstalled();
        healed = true;
        Heal.apply(sim, view, baseline);
    }

    public boolean healed() {
        return healed;
    }

    public FaultSchedule schedule() {
        return schedule;
    }

    public WorldBaseline baseline() {
        requireInstalled();
        return baseline;
    }

    /** Whether the simulation calls this injector as an observer (needed for crash-during-fsync). */
    public boolean observing() {
        return observing;
    }

    /**
     * FSYNC (crash-during-fsync) and the rare kinds; not the per-message and per-write ones. START
     * is traced for every node when the run starts, so {@link #observing} turns true just as early.
     */
    @Override
    public java.util.Set<TraceKind> eventKinds() {
        return java.util.EnumSet.complementOf(java.util.EnumSet.of(TraceKind.SEND, TraceKind.DELIVER, TraceKind.DROP,
                TraceKind.DUPLICATE, TraceKind.HOLD, TraceKind.TIMER, TraceKind.FSYNC_DONE, TraceKind.DISK_WRITE,
                TraceKind.DISK_TRUNCATE, TraceKind.DISK_DELETE));
    }

    @Override
    public void onEvent(Simulation s, TraceKind kind, int node, int peer, Object payload) {
        observing = true;
        if (kind == TraceKind.FSYNC && effects != null && !healed && s == sim) {
            int entryIndex = effects.takeFsyncWatch(node);
            if (entryIndex >= 0) {
                // Runs right after the handler that issued the fsync, before its completion.
                sim.schedule(sim.nowNanos(), new FaultAction.FsyncCrash(this, entryIndex, node));
            }
        }
    }

    // ---- called by FaultAction ---------------------------------------------------------------

    ScheduleEntry entry(int index) {
        return schedule.entries().get(index);
    }

    long entryHash(int index) {
        return entryHashes[index];
    }

    void startEntry(int index) {
        if (!healed) {
            startedEntries++;
            startedByFault.merge(entry(index).fault().name(), 1, Integer::sum);
            effects.start(index, entry(index), observing);
        }
    }

    void endEntry(int index) {
        if (!healed) {
            effects.end(index, entry(index));
        }
    }

    void crashAfterFsync(int index, int node) {
        if (!healed) {
            effects.crashAfterFsync(index, node);
            long downNanos = ((Fault.CrashDuringFsync) entry(index).fault()).downNanos();
            sim.schedule(sim.nowNanos() + downNanos, new FaultAction.FsyncRestart(this, index, node));
        }
    }

    void restartAfterFsyncCrash(int index, int node) {
        if (!healed) {
            effects.restartAfterFsyncCrash(index, node);
        }
    }

    void swizzleStep(int index, int step) {
        if (!healed) {
            effects.swizzleStep(index, step);
        }
    }

    void notifyListeners(int index, FaultListener.Phase phase, int[] nodes) {
        for (FaultListener l : listeners) {
            l.onFault(sim.nowNanos(), index, phase, entry(index), nodes.clone());
        }
    }

    /** crash-during-fsync without the observer hook: crash now, restart after the down time. */
    void crashWithoutFsyncWatch(int index, int node) {
        sim.schedule(sim.nowNanos(), new FaultAction.FsyncCrash(this, index, node));
    }

    /** Adds a listener for entry starts and ends (before {@link #install}). */
    public FaultInjector listener(FaultListener listener) {
        if (sim != null) {
            throw new IllegalStateException("add fault listeners before install");
        }
        listeners.add(listener);
        return this;
    }

    /** Started entries per fault name, in name order (for metrics). */
    public Map<String, Integer> startedByFault() {
        return Collections.unmodifiableMap(new TreeMap<>(startedByFault));
    }

    /** How many entries have started so far (for the run summary). */
    public int startedEntries() {
        return startedEntries;
    }

    /** Entries active right now, one line each with the nodes they resolved to. */
    public List<String> describeActive() {
        List<String> lines = new ArrayList<>();
        if (effects != null) {
            effects.activeEntries().forEach((index, nodes) ->
                    lines.add("#" + index + " " + entry(index).describe() + " = " + Arrays.toString(nodes)));
        }
        return lines;
    }

    private void requireTargetsWithin(int replicaCount) {
        for (int i = 0; i < schedule.size(); i++) {
            if (schedule.entries().get(i).targets() instanceof Target.Nodes nodes
                    && nodes.indices()[nodes.indices().length - 1] >= replicaCount) {
                throw new IllegalArgumentException("fault schedule entry " + i + " targets " + nodes.format()
                        + " but the cluster has " + replicaCount + " replicas");
            }
        }
    }

    private void requireInstalled() {
        if (sim == null) {
            throw new IllegalStateException("install the fault injector first");
        }
    }
}
