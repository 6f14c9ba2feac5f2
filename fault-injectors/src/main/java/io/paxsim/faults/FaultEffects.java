package io.paxsim.faults;

import io.paxsim.sim.NodeStatus;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.disk.DiskConfig;
import io.paxsim.sim.disk.NodeDisk;
import io.paxsim.sim.net.LatencyModel;
import io.paxsim.sim.net.LinkConfig;
import io.paxsim.sim.random.RandomStream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each fault does to the world when it starts and when it ends. Knobs several faults may
 * touch at once (cuts, link behaviour, disk configs, clock drift) are recomputed from the
 * {@link WorldBaseline} plus every still-active fault, so overlapping faults compose and ending
 * one never undoes another. Crashes, pauses, clogs and BUGGIFY are held by counts for the same
 * reason. All maps are keyed by entry index or node id (Integer) and iterated in key order.
 */
final class FaultEffects {
    private final FaultInjector injector;
    private final Simulation sim;
    private final ClusterView view;
    private final WorldBaseline baseline;
    private final int nodeCount;

    private final TreeMap<Integer, int[]> resolvedByEntry = new TreeMap<>();
    private final TreeMap<Integer, List<int[]>> cutsByEntry = new TreeMap<>();
    private final TreeMap<Integer, List<NodeClog>> clogsByEntry = new TreeMap<>();
    private final TreeMap<Integer, int[]> swizzleOrderByEntry = new TreeMap<>();
    private final TreeMap<Integer, Knob> linkKnobs = new TreeMap<>();
    private final TreeMap<Integer, Knob> diskKnobs = new TreeMap<>();
    private final TreeMap<Integer, Knob> driftKnobs = new TreeMap<>();
    private final TreeMap<Integer, Knob> skewKnobs = new TreeMap<>();
    private final TreeMap<Integer, Knob> applyKnobs = new TreeMap<>();
    private final TreeMap<Integer, Integer> fsyncWatchEntryByNode = new TreeMap<>();
    private final int[] clogHolds;
    private final int[] crashHolds;
    private final int[] pauseHolds;
    private int buggifyHolds;

    /** The links one swizzle step clogged for one node. */
    private record NodeClog(int node, List<int[]> links) {
    }

    /** A fault that changes a knob of some nodes while it is active; {@code perNode} is its data per node. */
    private record Knob(int[] nodes, Fault fault, long[] perNode) {
        boolean touches(int node) {
            return contains(nodes, node);
        }
    }

    FaultEffects(FaultInjector injector, Simulation sim, ClusterView view, WorldBaseline baseline) {
        this.injector = injector;
        this.sim = sim;
        this.view = view;
        this.baseline = baseline;
        this.nodeCount = sim.nodeCount();
        this.clogHolds = new int[nodeCount * nodeCount];
        this.crashHolds = new int[nodeCount];
        this.pauseHolds = new int[nodeCount];
    }

    // ---- start ---------------------------------------------------------------------------------

    void start(int index, ScheduleEntry entry, boolean observingFsyncs) {
        int[] replicas = view.replicas();
        int[] nodes = resolve(index, entry, replicas);
        resolvedByEntry.put(index, nodes);
        injector.notifyListeners(index, FaultListener.Phase.START, nodes);
        RandomStream random = entry.effectStream();
        Fault f = entry.fault();
        if (f instanceof Fault.PartitionHalves) {
            addCuts(index, halves(replicas, random));
        } else if (f instanceof Fault.PartitionMajorityMinority) {
            addCuts(index, between(nodes, others(replicas, nodes)));
        } else if (f instanceof Fault.Isolate) {
            addCuts(index, isolating(nodes, replicas));
        } else if (f instanceof Fault.PartitionRing) {
            addCuts(index, ring(replicas, random));
        } else if (f instanceof Fault.PartitionBridge) {
            addCuts(index, bridge(replicas, random));
        } else if (f instanceof Fault.CutOneWay cut) {
            addCuts(index, oneWay(nodes, others(replicas, nodes), cut.inbound()));
        } else if (f instanceof Fault.CutFromLeader) {
            addCuts(index, fromLeader(nodes));
        } else if (f instanceof Fault.ClogSwizzle) {
            startSwizzle(index, nodes, random, entry.durationNanos());
        } else if (f instanceof Fault.LossBurst || f instanceof Fault.OutboundLoss || f instanceof Fault.DuplicateBurst
                || f instanceof Fault.DelayBurst || f instanceof Fault.OneWayDelay || f instanceof Fault.StaleRedelivery) {
            linkKnobs.put(index, new Knob(nodes, f, null));
            recomputeLinks();
        } else if (f instanceof Fault.CrashRestart) {
            holdCrashed(nodes);
        } else if (f instanceof Fault.CrashDuringFsync) {
            watchFsyncs(index, nodes, observingFsyncs);
        } else if (f instanceof Fault.Pause) {
            holdPaused(nodes);
        } else if (!startClockOrDisk(index, f, nodes, random)) {
            throw new AssertionError("no effect defined for fault " + f.name());
        }
    }

    private boolean startClockOrDisk(int index, Fault f, int[] nodes, RandomStream random) {
        if (f instanceof Fault.ClockSkew) {
            skewKnobs.put(index, new Knob(nodes, f, null));
            recomputeSkew(nodes);
        } else if (f instanceof Fault.ClockDrift) {
            driftKnobs.put(index, new Knob(nodes, f, null));
            recomputeDrift(nodes);
        } else if (f instanceof Fault.ClockJump jump) {
            for (int node : nodes) {
                sim.clockJump(node, jump.deltaNanos());
            }
        } else if (f instanceof Fault.CrashTornWrites || f instanceof Fault.CrashLostWrites) {
            crashWithRaisedProbabilities(nodes, f instanceof Fault.CrashTornWrites);
        } else if (f instanceof Fault.BitRot rot) {
            rotBits(nodes, rot.flips(), random);
        } else if (f instanceof Fault.SameOffsetRot rot) {
            rotSameOffset(nodes, rot.flips(), random);
        } else if (f instanceof Fault.NewestRot rot) {
            rotNewest(nodes, rot.flips(), random);
        } else if (f instanceof Fault.MisdirectNextWrite) {
            misdirectNextWrites(nodes, random);
        } else if (f instanceof Fault.LatentReadErrors latent) {
            addLatentErrors(nodes, latent.sectors(), random);
        } else if (f instanceof Fault.MisdirectedWrites || f instanceof Fault.FsyncFailures
                || f instanceof Fault.FsyncStall) {
            diskKnobs.put(index, new Knob(nodes, f, null));
            recomputeDisks(nodes);
        } else if (f instanceof Fault.DiskFull full) {
            diskKnobs.put(index, new Knob(nodes, f, capacitiesWithHeadroom(nodes, full.headroomBytes())));
            recomputeDisks(nodes);
        } else if (f instanceof Fault.SlowApply) {
            applyKnobs.put(index, new Knob(nodes, f, null));
            recomputeApplyDelays(nodes);
        } else if (f instanceof Fault.Buggify b) {
            buggifyHolds++;
            sim.faultPoints().enable(b.activationProbability(), b.fireProbability());
        } else {
            return false;
        }
        return true;
    }

    // ---- end -----------------------------------------------------------------------------------

    void end(int index, ScheduleEntry entry) {
        int[] nodes = resolvedByEntry.remove(index);
        if (nodes == null) {
            throw new AssertionError("fault #" + index + " ended but never started");
        }
        traceEach(nodes, "end #" + index + " " + entry.fault().name());
        injector.notifyListeners(index, FaultListener.Phase.END, nodes);
        if (cutsByEntry.remove(index) != null) {
            recomputeCuts();
        }
        List<NodeClog> clogged = clogsByEntry.remove(index);
        swizzleOrderByEntry.remove(index);
        if (clogged != null) {
            for (int i = clogged.size() - 1; i >= 0; i--) {
                unclog(clogged.get(i).links());
            }
        }
        if (linkKnobs.remove(index) != null) {
            recomputeLinks();
        }
        if (diskKnobs.remove(index) != null) {
            recomputeDisks(nodes);
        }
        if (driftKnobs.remove(index) != null) {
            recomputeDrift(nodes);
        }
        if (skewKnobs.remove(index) != null) {
            recomputeSkew(nodes);
        }
        if (applyKnobs.remove(index) != null) {
            recomputeApplyDelays(nodes);
        }
        endPointwise(index, entry.fault(), nodes);
    }

    private void endPointwise(int index, Fault f, int[] nodes) {
        if (f instanceof Fault.CrashRestart || f instanceof Fault.CrashTornWrites || f instanceof Fault.CrashLostWrites) {
            releaseCrashed(nodes);
        } else if (f instanceof Fault.Pause) {
            releasePaused(nodes);
        } else if (f instanceof Fault.ClockJump jump) {
            for (int node : nodes) {
                sim.clockJump(node, -jump.deltaNanos());
            }
        } else if (f instanceof Fault.CrashDuringFsync) {
            for (int node : nodes) {
                if (fsyncWatchEntryByNode.remove(node, index)) {
                    sim.traceFault(node, "crash-during-fsync #" + index + ": no fsync in the window");
                }
            }
        } else if (f instanceof Fault.Buggify) {
            buggifyHolds--;
            assert buggifyHolds >= 0 : "BUGGIFY released more often than held";
            if (buggifyHolds == 0) {
                sim.faultPoints().disable();
            }
        }
    }

    // ---- crash during fsync --------------------------------------------------------------------

    private void watchFsyncs(int index, int[] nodes, boolean observingFsyncs) {
        for (int node : nodes) {
            if (observingFsyncs) {
                fsyncWatchEntryByNode.put(node, index);
            } else {
                sim.traceFault(node, "crash-during-fsync #" + index
                        + ": injector is not a registered observer, crashing without waiting for an fsync");
                injector.crashWithoutFsyncWatch(index, node);
            }
        }
    }

    /** The entry watching {@code node} for an fsync (and no longer), or -1. */
    int takeFsyncWatch(int node) {
        Integer index = fsyncWatchEntryByNode.remove(node);
        return index == null ? -1 : index;
    }

    void crashAfterFsync(int index, int node) {
        sim.traceFault(node, "crash-during-fsync #" + index + ": crash right after fsync, unsynced ops "
                + sim.disk(node).unsyncedOps());
        holdCrashed(new int[] {node});
    }

    void restartAfterFsyncCrash(int index, int node) {
        sim.traceFault(node, "crash-during-fsync #" + index + ": restart");
        releaseCrashed(new int[] {node});
    }

    // ---- targets -------------------------------------------------------------------------------

    private int[] resolve(int index, ScheduleEntry entry, int[] replicas) {
        int leader = view.leader();
        int leaderIndex = indexOf(replicas, leader);
        int[] indices = entry.targets().resolveIndices(replicas.length, leaderIndex, entry.targetStream());
        int[] nodes = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            nodes[i] = replicas[indices[i]];
        }
        String note = entry.targets() instanceof Target.Leader && leaderIndex < 0 ? " (no leader: random replica)" : "";
        String line = "start #" + index + " " + entry.fault().describe() + " -> " + entry.targets().format()
                + " = " + Arrays.toString(nodes) + note;
        traceEach(nodes, line);
        return nodes;
    }

    private void traceEach(int[] nodes, String line) {
        for (int node : nodes) {
            sim.traceFault(node, line);
        }
    }

    // ---- network -------------------------------------------------------------------------------

    private void addCuts(int index, List<int[]> links) {
        cutsByEntry.put(index, links);
        recomputeCuts();
    }

    private void recomputeCuts() {
        sim.network().healCuts();
        for (List<int[]> links : cutsByEntry.values()) {
            for (int[] link : links) {
                sim.network().cut(link[0], link[1]);
            }
        }
    }

    /**
     * FoundationDB's swizzle: the targets' traffic is clogged node by node (in a random order)
     * during the first quarter of the fault, then released node by node in reverse order during
     * the last quarter, so held messages come back staggered.
     */
    private void startSwizzle(int index, int[] nodes, RandomStream random, long durationNanos) {
        int[] order = ints(shuffled(nodes, random));
        swizzleOrderByEntry.put(index, order);
        clogsByEntry.put(index, new ArrayList<>());
        int m = order.length;
        long step = durationNanos / (4L * m);
        long now = sim.nowNanos();
        for (int k = 0; k < 2 * m; k++) {
            long at = k < m ? now + k * step : now + durationNanos - (2L * m - k) * step;
            sim.schedule(at, new FaultAction.SwizzleStep(injector, index, k));
        }
    }

    /** Step {@code k} of a swizzle: clog node k of its order, or release in reverse order. */
    void swizzleStep(int index, int k) {
        int[] order = swizzleOrderByEntry.get(index);
        if (order == null) {
            return;
        }
        int m = order.length;
        int node = k < m ? order[k] : order[2 * m - 1 - k];
        List<NodeClog> clogged = clogsByEntry.get(index);
        if (k < m) {
            List<int[]> links = between(new int[] {node}, others(view.replicas(), new int[] {node}));
            clogged.add(new NodeClog(node, links));
            clog(links);
            return;
        }
        for (int i = clogged.size() - 1; i >= 0; i--) {
            if (clogged.get(i).node() == node) {
                unclog(clogged.remove(i).links());
                return;
            }
        }
    }

    private void clog(List<int[]> links) {
        for (int[] link : links) {
            if (clogHolds[link[0] * nodeCount + link[1]]++ == 0) {
                sim.clog(link[0], link[1]);
            }
        }
    }

    /** Releases in reverse order of clogging. */
    private void unclog(List<int[]> links) {
        for (int i = links.size() - 1; i >= 0; i--) {
            int[] link = links.get(i);
            if (--clogHolds[link[0] * nodeCount + link[1]] == 0) {
                sim.unclog(link[0], link[1]);
            }
        }
    }

    private void recomputeLinks() {
        for (int a = 0; a < nodeCount; a++) {
            for (int b = 0; b < nodeCount; b++) {
                LinkConfig link = baseline.link(a, b);
                for (Knob knob : linkKnobs.values()) {
                    if (knob.fault() instanceof Fault.OneWayDelay oneWay) {
                        if (a != b && knob.touches(oneWay.inbound() ? b : a)) {
                            long floor = link.latency().floorNanos() + oneWay.delayNanos();
                            link = link.withLatency(new LatencyModel.Exponential(floor, link.latency().floorNanos()));
                        }
                    } else if (knob.fault() instanceof Fault.OutboundLoss outbound) {
                        if (a != b && knob.touches(a) && isReplica(b)) {
                            link = link.withLossProbability(Math.max(link.lossProbability(), outbound.lossProbability()));
                        }
                    } else if (knob.touches(a) || knob.touches(b)) {
                        link = applyLinkFault(knob.fault(), link);
                    }
                }
                if (!link.equals(sim.network().link(a, b))) {
                    sim.network().setLink(a, b, link);
                }
            }
        }
    }

    private static LinkConfig applyLinkFault(Fault f, LinkConfig link) {
        if (f instanceof Fault.LossBurst loss) {
            return link.withLossProbability(Math.max(link.lossProbability(), loss.lossProbability()));
        } else if (f instanceof Fault.DuplicateBurst dup) {
            return link.withDuplicateProbability(Math.max(link.duplicateProbability(), dup.duplicateProbability()));
        } else if (f instanceof Fault.DelayBurst delay) {
            long floor = link.latency().floorNanos() + delay.extraDelayNanos();
            return link.withLatency(new LatencyModel.Exponential(floor, delay.extraDelayNanos())).withFifo(false);
        } else if (f instanceof Fault.StaleRedelivery stale) {
            return link.withDuplicateProbability(Math.max(link.duplicateProbability(), stale.probability()))
                    .withLateDuplicateNanos(Math.max(link.lateDuplicateNanos(), stale.lateNanos()));
        }
        throw new AssertionError("not a link fault: " + f.name());
    }

    private static List<int[]> halves(int[] replicas, RandomStream random) {
        List<Integer> order = shuffled(replicas, random);
        int half = order.size() / 2;
        return between(ints(order.subList(0, half)), ints(order.subList(half, order.size())));
    }

    /** Each node sees the replicas within ring distance ceil(f/2): a majority, different for each. */
    private static List<int[]> ring(int[] replicas, RandomStream random) {
        List<Integer> order = shuffled(replicas, random);
        int n = order.size();
        int reach = ((n - 1) / 2 + 1) / 2;
        List<int[]> cuts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int distance = Math.min(Math.abs(i - j), n - Math.abs(i - j));
                if (distance > reach) {
                    cuts.add(new int[] {order.get(i), order.get(j)});
                }
            }
        }
        return cuts;
    }

    private static List<int[]> bridge(int[] replicas, RandomStream random) {
        List<Integer> order = shuffled(replicas, random);
        int n = order.size();
        if (n < 3) {
            return List.of();
        }
        int split = 1 + (n - 1) / 2;
        return between(ints(order.subList(1, split)), ints(order.subList(split, n)));
    }

    private static List<int[]> isolating(int[] nodes, int[] replicas) {
        List<int[]> cuts = new ArrayList<>();
        for (int node : nodes) {
            cuts.addAll(between(new int[] {node}, others(replicas, new int[] {node})));
        }
        return cuts;
    }

    /** Both directions between each target and the current leader (none without a leader). */
    private List<int[]> fromLeader(int[] nodes) {
        int leader = view.leader();
        if (leader < 0) {
            return List.of();
        }
        return between(others(nodes, new int[] {leader}), new int[] {leader});
    }

    private static List<int[]> oneWay(int[] nodes, int[] rest, boolean inbound) {
        List<int[]> cuts = new ArrayList<>();
        for (int node : nodes) {
            for (int other : rest) {
                cuts.add(inbound ? new int[] {other, node} : new int[] {node, other});
            }
        }
        return cuts;
    }

    /** Every directed link between the two groups, both ways. */
    private static List<int[]> between(int[] a, int[] b) {
        List<int[]> links = new ArrayList<>();
        for (int x : a) {
            for (int y : b) {
                links.add(new int[] {x, y});
                links.add(new int[] {y, x});
            }
        }
        return links;
    }

    // ---- processes -----------------------------------------------------------------------------

    private void holdCrashed(int[] nodes) {
        for (int node : nodes) {
            crashHolds[node]++;
            sim.crash(node);
        }
    }

    private void releaseCrashed(int[] nodes) {
        for (int node : nodes) {
            assert crashHolds[node] > 0 : "node " + node + " released from a crash it was not held in";
            if (--crashHolds[node] == 0 && sim.status(node) == NodeStatus.CRASHED) {
                sim.restart(node);
                if (pauseHolds[node] > 0) {
                    sim.pause(node); // a pause fault still holds it: it comes back frozen
                }
            }
        }
    }

    private void holdPaused(int[] nodes) {
        for (int node : nodes) {
            pauseHolds[node]++;
            sim.pause(node);
        }
    }

    private void releasePaused(int[] nodes) {
        for (int node : nodes) {
            assert pauseHolds[node] > 0 : "node " + node + " released from a pause it was not held in";
            if (--pauseHolds[node] == 0) {
                sim.resume(node);
            }
        }
    }

    // ---- clocks --------------------------------------------------------------------------------

    private void recomputeDrift(int[] nodes) {
        for (int node : nodes) {
            long ppm = baseline.driftPpm(node);
            for (Knob knob : driftKnobs.values()) {
                if (knob.touches(node)) {
                    ppm = ((Fault.ClockDrift) knob.fault()).driftPpm();
                }
            }
            if (sim.clock(node).driftPpm() != ppm) {
                sim.setClockDriftPpm(node, ppm);
            }
        }
    }

    /** Offset of the latest still-active skew on each node, else the baseline offset. */
    private void recomputeSkew(int[] nodes) {
        for (int node : nodes) {
            long offset = baseline.offsetNanos(node);
            for (Knob knob : skewKnobs.values()) {
                if (knob.touches(node)) {
                    offset = ((Fault.ClockSkew) knob.fault()).offsetNanos();
                }
            }
            sim.setClockOffset(node, offset);
        }
    }

    // ---- disks ---------------------------------------------------------------------------------

    /** Overlapping slow-apply faults: the longest still-active delay wins. */
    private void recomputeApplyDelays(int[] nodes) {
        for (int node : nodes) {
            long delay = 0;
            for (Knob knob : applyKnobs.values()) {
                if (knob.touches(node)) {
                    delay = Math.max(delay, ((Fault.SlowApply) knob.fault()).delayNanos());
                }
            }
            sim.faultPoints().setDelay(node, Fault.SlowApply.POINT, delay);
        }
    }

    private void recomputeDisks(int[] nodes) {
        for (int node : nodes) {
            DiskConfig config = baseline.disk(node);
            for (Knob knob : diskKnobs.values()) {
                if (knob.touches(node)) {
                    config = applyDiskFault(knob, node, config);
                }
            }
            if (!config.equals(sim.disk(node).config())) {
                sim.setDiskConfig(node, config);
            }
        }
    }

    private static DiskConfig applyDiskFault(Knob knob, int node, DiskConfig config) {
        Fault f = knob.fault();
        if (f instanceof Fault.MisdirectedWrites m) {
            return config.withMisdirectedWriteProbability(Math.max(config.misdirectedWriteProbability(), m.probability()));
        } else if (f instanceof Fault.FsyncFailures eio) {
            return config.withFsyncFailProbability(Math.max(config.fsyncFailProbability(), eio.probability()));
        } else if (f instanceof Fault.FsyncStall stall) {
            return config.withFsyncLatencyNanos(Math.max(config.fsyncLatencyMinNanos(), stall.latencyNanos()),
                    Math.max(config.fsyncLatencyMaxNanos(), 2 * stall.latencyNanos()));
        } else if (f instanceof Fault.DiskFull) {
            long capacity = knob.perNode()[indexOf(knob.nodes(), node)];
            return config.withCapacityBytes(Math.min(config.capacityBytes(), capacity));
        }
        throw new AssertionError("not a disk-knob fault: " + f.name());
    }

    private long[] capacitiesWithHeadroom(int[] nodes, long headroomBytes) {
        long[] capacities = new long[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            long used = 0;
            for (String file : sim.disk(nodes[i]).files()) {
                used += sim.disk(nodes[i]).size(file);
            }
            capacities[i] = Math.max(1, used + headroomBytes);
        }
        return capacities;
    }

    /** Raises the disk's crash probabilities only for the instant of the crash, then restores them. */
    private void crashWithRaisedProbabilities(int[] nodes, boolean torn) {
        for (int node : nodes) {
            DiskConfig config = sim.disk(node).config();
            DiskConfig raised = new DiskConfig(config.fsyncLatencyMinNanos(), config.fsyncLatencyMaxNanos(),
                    config.capacityBytes(), torn ? 0.0 : 1.0, torn ? 1.0 : 0.0,
                    config.fsyncFailProbability(), config.misdirectedWriteProbability());
            sim.traceFault(node, (torn ? "tear" : "lose") + " every unsynced op: " + sim.disk(node).unsyncedOps());
            sim.setDiskConfig(node, raised);
            holdCrashed(new int[] {node});
            sim.setDiskConfig(node, config);
        }
    }

    private void rotBits(int[] nodes, int flips, RandomStream random) {
        for (int node : nodes) {
            List<String> synced = syncedFiles(node);
            if (synced.isEmpty()) {
                sim.traceFault(node, "bit-rot: no synced data yet");
                continue;
            }
            for (int i = 0; i < flips; i++) {
                String file = random.choice(synced);
                long offset = random.nextLong(sim.disk(node).durableSize(file));
                sim.rotBit(node, file, offset, random.nextInt(8));
            }
        }
    }

    /** Flips bits among the last {@link Fault.NewestRot#NEWEST_BYTES} synced bytes of every synced file (each its own). */
    private void rotNewest(int[] nodes, int flips, RandomStream random) {
        for (int node : nodes) {
            List<String> synced = syncedFiles(node);
            if (synced.isEmpty()) {
                sim.traceFault(node, "newest-rot: no synced data yet");
                continue;
            }
            for (String file : synced) {
                long size = sim.disk(node).durableSize(file);
                long from = Math.max(0, size - Fault.NewestRot.NEWEST_BYTES);
                for (int i = 0; i < flips; i++) {
                    sim.rotBit(node, file, from + random.nextLong(size - from), random.nextInt(8));
                }
            }
        }
    }

    /** Flips the same bits (within 8 bytes of one offset) in every synced file long enough to hold that offset. */
    private void rotSameOffset(int[] nodes, int flips, RandomStream random) {
        for (int node : nodes) {
            List<String> synced = syncedFiles(node);
            if (synced.isEmpty()) {
                sim.traceFault(node, "same-offset-rot: no synced data yet");
                continue;
            }
            long offset = random.nextLong(sim.disk(node).durableSize(random.choice(synced)));
            long[] at = new long[flips];
            int[] bits = new int[flips];
            for (int i = 0; i < flips; i++) {
                at[i] = offset + random.nextInt(8);
                bits[i] = random.nextInt(8);
            }
            for (String file : synced) {
                for (int i = 0; i < flips; i++) {
                    sim.rotBit(node, file, at[i], bits[i]);
                }
            }
        }
    }

    /** The next write of a random existing file to reach the platter lands at a wrong sector. */
    private void misdirectNextWrites(int[] nodes, RandomStream random) {
        for (int node : nodes) {
            List<String> files = sim.disk(node).files();
            if (files.isEmpty()) {
                sim.traceFault(node, "misdirect-next-write: no file yet");
                continue;
            }
            sim.misdirectNextDurableWrite(node, random.choice(files));
        }
    }

    private void addLatentErrors(int[] nodes, int sectors, RandomStream random) {
        for (int node : nodes) {
            List<String> synced = syncedFiles(node);
            if (synced.isEmpty()) {
                sim.traceFault(node, "latent-read-errors: no synced data yet");
                continue;
            }
            for (int i = 0; i < sectors; i++) {
                String file = random.choice(synced);
                long sectorCount = (sim.disk(node).durableSize(file) + NodeDisk.SECTOR_BYTES - 1) / NodeDisk.SECTOR_BYTES;
                sim.addLatentSectorError(node, file, random.nextLong(sectorCount));
            }
        }
    }

    private List<String> syncedFiles(int node) {
        List<String> synced = new ArrayList<>();
        for (String file : sim.disk(node).files()) {
            if (sim.disk(node).durableSize(file) > 0) {
                synced.add(file);
            }
        }
        return synced;
    }

    // ---- small helpers -------------------------------------------------------------------------

    private static int[] others(int[] replicas, int[] excluded) {
        return Arrays.stream(replicas).filter(r -> !contains(excluded, r)).toArray();
    }

    private static List<Integer> shuffled(int[] replicas, RandomStream random) {
        List<Integer> order = new ArrayList<>();
        for (int r : replicas) {
            order.add(r);
        }
        random.shuffle(order);
        return order;
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private boolean isReplica(int node) {
        return contains(view.replicas(), node);
    }

    private static boolean contains(int[] values, int value) {
        return indexOf(values, value) >= 0;
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** For tests and reports: entries currently active, by index. */
    Map<Integer, int[]> activeEntries() {
        return new TreeMap<>(resolvedByEntry);
    }
}
