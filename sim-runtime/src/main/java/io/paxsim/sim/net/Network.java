package io.paxsim.sim.net;

import io.paxsim.sim.ExplicitStateHash;
import io.paxsim.sim.random.RandomStream;

import java.util.ArrayList;
import java.util.List;

/**
 * The network model: per-directed-link behaviour, a connectivity matrix (partitions, one-way
 * cuts) and clogging. It decides delays and drops; the simulation turns them into events.
 * All draws come from one stream ({@code net}) in event order, so runs replay exactly.
 */
public final class Network implements ExplicitStateHash, io.paxsim.sim.Copyable {
    private final int nodeCount;
    @io.paxsim.sim.NodeIds(io.paxsim.sim.NodeIds.Shape.LINK_INDEX)
    private final LinkConfig[] links;
    @io.paxsim.sim.NodeIds(io.paxsim.sim.NodeIds.Shape.LINK_INDEX)
    private final boolean[] cut;
    @io.paxsim.sim.NodeIds(io.paxsim.sim.NodeIds.Shape.LINK_INDEX)
    private final boolean[] clogged;
    @io.paxsim.sim.NodeIds(io.paxsim.sim.NodeIds.Shape.LINK_INDEX)
    private final long[] lastArrivalNanos;
    @io.paxsim.sim.NodeIds(io.paxsim.sim.NodeIds.Shape.LINK_INDEX)
    private final long[] linkFreeAtNanos;
    private final RandomStream random;

    public Network(int nodeCount, LinkConfig defaultLink, RandomStream random) {
        if (nodeCount <= 0) {
            throw new IllegalArgumentException("a network needs at least one node");
        }
        requireConfig(defaultLink);
        this.nodeCount = nodeCount;
        this.links = new LinkConfig[nodeCount * nodeCount];
        java.util.Arrays.fill(links, defaultLink);
        this.cut = new boolean[nodeCount * nodeCount];
        this.clogged = new boolean[nodeCount * nodeCount];
        this.lastArrivalNanos = new long[nodeCount * nodeCount];
        this.linkFreeAtNanos = new long[nodeCount * nodeCount];
        this.random = random;
    }

    /** Explicit copy for the explorer (see {@link io.paxsim.sim.Copyable}): link configs are immutable records. */
    @Override
    public Network copy(io.paxsim.sim.Copyable.Copies copies) {
        return new Network(this, copies);
    }

    private Network(Network o, io.paxsim.sim.Copyable.Copies copies) {
        copies.remember(o, this);
        this.nodeCount = o.nodeCount;
        this.links = o.links.clone();
        this.cut = o.cut.clone();
        this.clogged = o.clogged.clone();
        this.lastArrivalNanos = o.lastArrivalNanos.clone();
        this.linkFreeAtNanos = o.linkFreeAtNanos.clone();
        this.random = copies.of(o.random);
    }

    public int nodeCount() {
        return nodeCount;
    }

    /**
     * The network's state by content, for the explorer's fingerprint: every field but the random
     * stream (whose position only decides delays, which the explorer chooses itself).
     */
    @Override
    public long explicitStateHash() {
        long h = ExplicitStateHash.mix(0x4E4554L, nodeCount);
        // The links' configs by content, run-length encoded (one config on every link, mostly).
        LinkConfig last = null;
        long lastHash = 0;
        long runHash = 0;
        int runLength = 0;
        for (LinkConfig link : links) {
            if (link != last) {
                lastHash = linkHash(link);
                last = link;
            }
            if (runLength > 0 && lastHash != runHash) {
                h = ExplicitStateHash.mix(ExplicitStateHash.mix(h, runHash), runLength);
                runLength = 0;
            }
            runHash = lastHash;
            runLength++;
        }
        h = ExplicitStateHash.mix(ExplicitStateHash.mix(h, runHash), runLength);
        // Cut and clogged flags, two bits a link, 32 links a word.
        for (int from = 0; from < cut.length; from += 32) {
            long word = 0;
            for (int j = from; j < Math.min(cut.length, from + 32); j++) {
                word |= (long) ((cut[j] ? 1 : 0) | (clogged[j] ? 2 : 0)) << 2 * (j - from);
            }
            h = ExplicitStateHash.mix(h, word);
        }
        h = ExplicitStateHash.sparse(h, lastArrivalNanos);
        return ExplicitStateHash.sparse(h, linkFreeAtNanos);
    }

    private static long linkHash(LinkConfig link) {
        long h = ExplicitStateHash.mix(0x4C494EL, link.latency().getClass().getName().hashCode());
        h = ExplicitStateHash.mix(h, link.latency().stableHash());
        h = ExplicitStateHash.mix(h, Double.doubleToLongBits(link.lossProbability()));
        h = ExplicitStateHash.mix(h, Double.doubleToLongBits(link.duplicateProbability()));
        h = ExplicitStateHash.mix(h, link.fifo() ? 1 : 0);
        h = ExplicitStateHash.mix(h, link.bandwidthBytesPerSecond());
        return ExplicitStateHash.mix(h, link.lateDuplicateNanos());
    }

    // ---- configuration ---------------------------------------------------------------------

    public LinkConfig link(int from, int to) {
        return links[index(from, to)];
    }

    public void setLink(int from, int to, LinkConfig config) {
        requireConfig(config);
        links[index(from, to)] = config;
    }

    public void setAllLinks(LinkConfig config) {
        requireConfig(config);
        java.util.Arrays.fill(links, config);
    }

    // ---- connectivity ----------------------------------------------------------------------

    /** Cuts the link one way: messages from {@code from} to {@code to} are dropped on arrival. */
    public void cut(int from, int to) {
        cut[index(from, to)] = true;
    }

    public void cutBothWays(int a, int b) {
        cut(a, b);
        cut(b, a);
    }

    /** Cuts every link between different groups; links inside a group and to unlisted nodes stay. */
    public void partition(List<int[]> groups) {
        int[] groupOf = new int[nodeCount];
        java.util.Arrays.fill(groupOf, -1);
        for (int g = 0; g < groups.size(); g++) {
            for (int node : groups.get(g)) {
                checkNode(node);
                if (groupOf[node] >= 0) {
                    throw new IllegalArgumentException("node " + node + " is in two partition groups ("
                            + groupOf[node] + " and " + g + ")");
                }
                groupOf[node] = g;
            }
        }
        for (int a = 0; a < nodeCount; a++) {
            for (int b = 0; b < nodeCount; b++) {
                if (groupOf[a] >= 0 && groupOf[b] >= 0 && groupOf[a] != groupOf[b]) {
                    cut(a, b);
                }
            }
        }
    }

    /** Cuts a node off from every other node, both ways. */
    public void isolate(int node) {
        for (int other = 0; other < nodeCount; other++) {
            if (other != node) {
                cutBothWays(node, other);
            }
        }
    }

    /** Restores full connectivity (clogged links stay clogged until unclogged). */
    public void healCuts() {
        java.util.Arrays.fill(cut, false);
    }

    public boolean isCut(int from, int to) {
        return cut[index(from, to)];
    }

    public boolean anyCut() {
        for (boolean c : cut) {
            if (c) {
                return true;
            }
        }
        return false;
    }

    // ---- clogging --------------------------------------------------------------------------

    /** Holds messages arriving on this link until {@link #unclog}; then they arrive in order. */
    public void clog(int from, int to) {
        clogged[index(from, to)] = true;
    }

    public void unclog(int from, int to) {
        clogged[index(from, to)] = false;
    }

    public boolean isClogged(int from, int to) {
        return clogged[index(from, to)];
    }

    /** Directed links currently clogged, as [from, to] pairs in a stable order. */
    public List<int[]> cloggedLinks() {
        List<int[]> result = new ArrayList<>();
        for (int i = 0; i < clogged.length; i++) {
            if (clogged[i]) {
                result.add(new int[] {i / nodeCount, i % nodeCount});
            }
        }
        return result;
    }

    // ---- routing decisions (called by the simulation) ----------------------------------------

    /** The index of the directed link {@code from -> to}, for the per-send calls below that take one. */
    public int linkIndex(int from, int to) {
        return index(from, to);
    }

    /** Whether a message on this link is dropped or held on arrival (cut or clogged): one look for the common case. */
    public boolean blockedAt(int link) {
        return cut[link] || clogged[link];
    }

    /** {@link #drawLoss(int, int)} on a link by its {@link #linkIndex}. */
    public boolean drawLossAt(int link) {
        return random.bernoulli(links[link].lossProbability());
    }

    /** {@link #drawDuplicate(int, int)} on a link by its {@link #linkIndex}. */
    public boolean drawDuplicateAt(int link) {
        return random.bernoulli(links[link].duplicateProbability());
    }

    /** {@link #drawLateDuplicateNanos(int, int)} on a link by its {@link #linkIndex}. */
    public long drawLateDuplicateNanosAt(int link) {
        long late = links[link].lateDuplicateNanos();
        return late == 0 ? 0 : random.nextLong(late + 1);
    }

    public boolean drawLoss(int from, int to) {
        return drawLossAt(index(from, to));
    }

    public boolean drawDuplicate(int from, int to) {
        return drawDuplicateAt(index(from, to));
    }

    /** Extra delay of a duplicate on this link: uniform up to its late-duplicate bound (no draw when 0). */
    public long drawLateDuplicateNanos(int from, int to) {
        return drawLateDuplicateNanosAt(index(from, to));
    }

    /** Arrival time of a message sent now, honouring bandwidth queueing and FIFO if configured. */
    public long arrivalTimeNanos(int from, int to, int sizeBytes, long nowNanos) {
        return arrivalTimeNanosAt(index(from, to), sizeBytes, nowNanos);
    }

    /** {@link #arrivalTimeNanos(int, int, int, long)} on a link by its {@link #linkIndex}. */
    public long arrivalTimeNanosAt(int i, int sizeBytes, long nowNanos) {
        LinkConfig link = links[i];
        long departure = nowNanos;
        if (link.bandwidthBytesPerSecond() > 0) {
            long transmitNanos = sizeBytes * 1_000_000_000L / link.bandwidthBytesPerSecond();
            departure = Math.max(nowNanos, linkFreeAtNanos[i]) + transmitNanos;
            linkFreeAtNanos[i] = departure;
        }
        long arrival = departure + link.latency().sampleNanos(random);
        if (link.fifo()) {
            arrival = Math.max(arrival, lastArrivalNanos[i]);
            lastArrivalNanos[i] = arrival;
        }
        return arrival;
    }

    private static void requireConfig(LinkConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("link config must not be null");
        }
    }

    private int index(int from, int to) {
        checkNode(from);
        checkNode(to);
        return from * nodeCount + to;
    }

    private void checkNode(int node) {
        if (node < 0 || node >= nodeCount) {
            throw new IllegalArgumentException("no node " + node + " (nodes are 0.." + (nodeCount - 1) + ")");
        }
    }
}
