package io.paxsim.checkers.elle;

import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The transaction dependency graph: vertices are transactions, each edge a bit mask of
 * {@link EdgeKind}s. Edges are appended as one long each (source, target, kind) into chunks;
 * {@link #freeze} sorts them once and merges repeats into compressed adjacency (targets in
 * ascending order per source), so building costs at most 13 bytes per edge at its peak (a chunk's
 * 8 and the adjacency's 5) instead of a hash table's 24-36. {@link #cyclicComponents} first peels off every vertex with no in- or
 * out-edges left (they lie on no cycle — for a valid history that is all of them), then hands the
 * remainder to jgrapht for strongly connected components.
 */
final class DependencyGraph {
    /** Vertex ids take 29 bits each in an edge's long, beside the 5-bit kind. */
    private static final int MAX_VERTICES = 1 << 29;
    private static final int CHUNK = 1 << 20;

    private final int vertexCount;
    /** The least first chunk; see {@link #firstChunkLength}. */
    private static final int FIRST_CHUNK = 1 << 12;
    /** Every chunk but the last is full (its whole length); the last holds {@link #fill} edges. */
    private final java.util.List<long[]> chunks = new java.util.ArrayList<>();
    /** The last chunk, and how many edges it holds. */
    private long[] current;
    private int fill;
    private int edgeCount;

    private int[] outStart;
    private int[] outTo;
    private byte[] outMask;

    DependencyGraph(int vertexCount) {
        if (vertexCount > MAX_VERTICES) {
            throw new IllegalArgumentException("more than " + MAX_VERTICES + " transactions");
        }
        this.vertexCount = vertexCount;
    }

    int vertexCount() {
        return vertexCount;
    }

    /** Distinct (source, target) pairs; known once {@link #freeze frozen}. */
    int edgeCount() {
        assert outStart != null : "graph not frozen yet";
        return edgeCount;
    }

    void add(int from, int to, int kind) {
        if (from == to) {
            return;
        }
        assert outStart == null : "graph already frozen";
        assert kind > 0 && kind < 32 : "edge kind " + kind;
        if (current == null || fill == current.length) {
            current = new long[current == null ? firstChunkLength(vertexCount) : Math.min(CHUNK, 2 * current.length)];
            chunks.add(current);
            fill = 0;
        }
        current[fill++] = ((long) from << 34) | ((long) to << 5) | kind;
    }

    /**
     * A power of two near 8 edges per vertex (list-append histories have about 10), at least
     * {@link #FIRST_CHUNK} and at most {@link #CHUNK}; later chunks double up to {@code CHUNK}. A
     * 10k-op history has ~100k edges, and a first chunk of {@code CHUNK} longs (8 MB, zeroed by the
     * JVM) was about a tenth of everything a 10k-op list-append run allocated.
     */
    static int firstChunkLength(int vertexCount) {
        long wanted = Math.max(1L, 8L * vertexCount);
        return (int) Math.max(FIRST_CHUNK, Math.min(CHUNK, Long.highestOneBit(wanted)));
    }

    /**
     * Builds compressed adjacency (out-edges per vertex, targets ascending, each target once with the
     * or of its kinds); no edges may be added afterwards. A counting sort by source (the long's top
     * bits) writes each edge's target and kind straight into its source's bucket of the adjacency's
     * two arrays, releasing the chunks as it goes; then each bucket, a handful of edges, is sorted by
     * target on its own and its repeats merged, moving the distinct edges down to close the gaps.
     * The arrays keep their length (every edge added), so the repeats' slots, past {@link #edgeCount},
     * cost 5 bytes each instead of a second copy of every edge (8 bytes each: 73 MB at 1M ops).
     */
    void freeze() {
        assert outStart == null : "graph already frozen";
        int[] start = new int[vertexCount + 1];
        int total = 0;
        for (int c = 0; c < chunks.size(); c++) {
            long[] chunk = chunks.get(c);
            int n = filled(c);
            total += n;
            for (int i = 0; i < n; i++) {
                start[(int) (chunk[i] >>> 34) + 1]++;
            }
        }
        for (int v = 0; v < vertexCount; v++) {
            start[v + 1] += start[v];
        }
        int[] to = new int[total];
        byte[] mask = new byte[total];
        int[] next = java.util.Arrays.copyOf(start, vertexCount);
        for (int c = 0; c < chunks.size(); c++) {
            long[] chunk = chunks.get(c);
            int n = filled(c);
            for (int i = 0; i < n; i++) {
                long edge = chunk[i];
                int at = next[(int) (edge >>> 34)]++;
                to[at] = (int) (edge >>> 5) & (MAX_VERTICES - 1);
                mask[at] = (byte) (edge & 31);
            }
            chunks.set(c, null);
        }
        chunks.clear();
        current = null;
        next = null;
        int distinct = 0;
        long[] scratch = new long[0];
        for (int v = 0; v < vertexCount; v++) {
            int from = start[v];
            int end = start[v + 1];
            start[v] = distinct;
            if (end - from > 32) {
                scratch = scratch.length >= end - from ? scratch : new long[Math.max(end - from, 2 * scratch.length)];
                sortLarge(to, mask, from, end, scratch);
            } else {
                sortSmall(to, mask, from, end);
            }
            for (int i = from; i < end; i++) {
                if (i > from && to[i] == to[i - 1]) {
                    mask[distinct - 1] |= mask[i];
                } else {
                    to[distinct] = to[i];
                    mask[distinct++] = mask[i];
                }
            }
        }
        start[vertexCount] = distinct;
        outStart = start;
        outTo = to;
        outMask = mask;
        edgeCount = distinct;
    }

    /** Edges in chunk {@code c}: all of it but for the last chunk. */
    private int filled(int c) {
        return c == chunks.size() - 1 ? fill : chunks.get(c).length;
    }

    /** Insertion sort of {@code to[from, end)} by target, each kind moving with its target. */
    private static void sortSmall(int[] to, byte[] mask, int from, int end) {
        for (int i = from + 1; i < end; i++) {
            int t = to[i];
            byte m = mask[i];
            int j = i - 1;
            while (j >= from && to[j] > t) {
                to[j + 1] = to[j];
                mask[j + 1] = mask[j];
                j--;
            }
            to[j + 1] = t;
            mask[j + 1] = m;
        }
    }

    /** As {@link #sortSmall}, for a long bucket: target and kind packed in one long, sorted, unpacked. */
    private static void sortLarge(int[] to, byte[] mask, int from, int end, long[] scratch) {
        int n = end - from;
        for (int i = 0; i < n; i++) {
            scratch[i] = (long) to[from + i] << 8 | (mask[from + i] & 0xff);
        }
        java.util.Arrays.sort(scratch, 0, n);
        for (int i = 0; i < n; i++) {
            to[from + i] = (int) (scratch[i] >>> 8);
            mask[from + i] = (byte) scratch[i];
        }
    }

    int outStart(int v) {
        return outStart[v];
    }

    int outEnd(int v) {
        return outStart[v + 1];
    }

    int target(int edge) {
        return outTo[edge];
    }

    int mask(int edge) {
        return outMask[edge];
    }

    /** Strongly connected components of two or more transactions: exactly where the cycles are. */
    List<int[]> cyclicComponents() {
        boolean[] alive = peelAcyclicVertices();
        Graph<Integer, DefaultEdge> g = new DefaultDirectedGraph<>(DefaultEdge.class);
        for (int v = 0; v < vertexCount; v++) {
            if (alive[v]) {
                g.addVertex(v);
            }
        }
        for (int v = 0; v < vertexCount; v++) {
            if (alive[v]) {
                for (int e = outStart[v]; e < outStart[v + 1]; e++) {
                    if (alive[outTo[e]]) {
                        g.addEdge(v, outTo[e]);
                    }
                }
            }
        }
        List<int[]> components = new ArrayList<>();
        for (Set<Integer> scc : new KosarajuStrongConnectivityInspector<>(g).stronglyConnectedSets()) {
            if (scc.size() > 1) {
                components.add(scc.stream().mapToInt(Integer::intValue).sorted().toArray());
            }
        }
        components.sort((a, b) -> Integer.compare(a[0], b[0]));
        return components;
    }

    /**
     * Repeatedly removes vertices with no live in-edges or no live out-edges; returns the live ones.
     * Removing a vertex with no live in-edges lowers only in-degrees, and one with no live out-edges
     * only out-degrees, so peeling by in-degree to the end and then by out-degree reaches the same
     * vertices as peeling both at once. The first needs the out-edges alone, and leaves nothing in
     * an acyclic graph (every valid history's); in-edges are gathered only for what it leaves.
     */
    private boolean[] peelAcyclicVertices() {
        int[] inDegree = new int[vertexCount];
        for (int e = 0; e < edgeCount; e++) {
            inDegree[outTo[e]]++;
        }
        boolean[] alive = new boolean[vertexCount];
        // Each vertex enters the queue once (when it dies), so an array of vertexCount holds it.
        int[] dead = new int[vertexCount];
        int tail = 0;
        for (int v = 0; v < vertexCount; v++) {
            alive[v] = inDegree[v] > 0;
            if (!alive[v]) {
                dead[tail++] = v;
            }
        }
        tail = drain(dead, tail, outStart, outTo, inDegree, alive);
        if (tail < vertexCount) {
            peelVerticesWithoutOutEdges(alive);
        }
        return alive;
    }

    /** Removes from {@code alive}, repeatedly, the live vertices with no edge to a live vertex. */
    private void peelVerticesWithoutOutEdges(boolean[] alive) {
        int[] outDegree = new int[vertexCount];
        int[] inStart = new int[vertexCount + 1];
        for (int v = 0; v < vertexCount; v++) {
            for (int e = outStart[v]; alive[v] && e < outStart[v + 1]; e++) {
                if (alive[outTo[e]]) {
                    outDegree[v]++;
                    inStart[outTo[e] + 1]++;
                }
            }
        }
        for (int v = 0; v < vertexCount; v++) {
            inStart[v + 1] += inStart[v];
        }
        int[] inFrom = new int[inStart[vertexCount]];
        int[] fill = inStart.clone();
        for (int v = 0; v < vertexCount; v++) {
            for (int e = outStart[v]; alive[v] && e < outStart[v + 1]; e++) {
                if (alive[outTo[e]]) {
                    inFrom[fill[outTo[e]]++] = v;
                }
            }
        }
        int[] dead = new int[vertexCount];
        int tail = 0;
        for (int v = 0; v < vertexCount; v++) {
            if (alive[v] && outDegree[v] == 0) {
                alive[v] = false;
                dead[tail++] = v;
            }
        }
        drain(dead, tail, inStart, inFrom, outDegree, alive);
    }

    /**
     * Kahn's peel: takes the dead vertices queued in {@code dead[0, tail)} in turn; each lowers the
     * {@code degree} of its live {@code neighbours} (in CSR form: {@code neighbours[start[v], start[v + 1])}),
     * and one whose degree reaches 0 dies and joins the queue. Returns the queue's final length.
     */
    private static int drain(int[] dead, int tail, int[] start, int[] neighbours, int[] degree, boolean[] alive) {
        for (int head = 0; head < tail; head++) {
            int v = dead[head];
            for (int i = start[v]; i < start[v + 1]; i++) {
                int w = neighbours[i];
                if (alive[w] && --degree[w] == 0) {
                    alive[w] = false;
                    dead[tail++] = w;
                }
            }
        }
        return tail;
    }
}
