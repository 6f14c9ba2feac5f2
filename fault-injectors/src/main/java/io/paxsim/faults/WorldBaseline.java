package io.paxsim.faults;

import io.paxsim.sim.Simulation;
import io.paxsim.sim.disk.DiskConfig;
import io.paxsim.sim.net.LinkConfig;

import java.util.Arrays;

/**
 * How the world was configured before any fault: every directed link, every disk, every clock's
 * drift and offset. Faults that change a knob are undone by recomputing it from here, so
 * overlapping faults compose, and {@link Heal} puts everything back.
 */
public final class WorldBaseline {
    private final int nodeCount;
    private final LinkConfig[] links;
    private final DiskConfig[] disks;
    private final long[] driftPpm;
    private final long[] offsetNanos;

    private WorldBaseline(int nodeCount, LinkConfig[] links, DiskConfig[] disks, long[] driftPpm, long[] offsetNanos) {
        this.nodeCount = nodeCount;
        this.links = links;
        this.disks = disks;
        this.driftPpm = driftPpm;
        this.offsetNanos = offsetNanos;
    }

    /** The simulation's configuration right now (call before faults start: install does). */
    public static WorldBaseline capture(Simulation sim) {
        int n = sim.nodeCount();
        LinkConfig[] links = new LinkConfig[n * n];
        DiskConfig[] disks = new DiskConfig[n];
        long[] drift = new long[n];
        long[] offsets = new long[n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                links[a * n + b] = sim.network().link(a, b);
            }
            disks[a] = sim.disk(a).config();
            drift[a] = sim.clock(a).driftPpm();
            offsets[a] = sim.clock(a).offsetNanos(sim.nowNanos());
        }
        return new WorldBaseline(n, links, disks, drift, offsets);
    }

    /** The runtime's defaults ({@link LinkConfig#lan()}, {@link DiskConfig#defaults()}, true clocks). */
    public static WorldBaseline standard(int nodeCount) {
        LinkConfig[] links = new LinkConfig[nodeCount * nodeCount];
        Arrays.fill(links, LinkConfig.lan());
        DiskConfig[] disks = new DiskConfig[nodeCount];
        Arrays.fill(disks, DiskConfig.defaults());
        return new WorldBaseline(nodeCount, links, disks, new long[nodeCount], new long[nodeCount]);
    }

    public int nodeCount() {
        return nodeCount;
    }

    public LinkConfig link(int from, int to) {
        return links[from * nodeCount + to];
    }

    public DiskConfig disk(int node) {
        return disks[node];
    }

    public long driftPpm(int node) {
        return driftPpm[node];
    }

    public long offsetNanos(int node) {
        return offsetNanos[node];
    }
}
