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
 * ascending order per source), so building costs about 16 bytes per edge at its peak instead of
 * a hash table's 24-36. {@link #cyclicComponents} first peels off every vertex with no in- or
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

    /** Builds compressed adjacency (out-edges per vertex, targets ascending); no edges may be added afterwards. */
    void freeze() {
        long[] edges = sortedEdges();
        outStart = new int[vertexCount + 1];
        int distinct = 0;
        for (int i = 0; i < edges.length; i++) {
            if (i == 0 || edges[i] >>> 5 != edges[i - 1] >>> 5) {
                distinct++;
                outStart[(int) (edges[i] >>> 34) + 1]++;
            }
        }
        for (int v = 0; v < vertexCount; v++) {
            outStart[v + 1] += outStart[v];
        }
        outTo = new int[distinct];
        outMask = new byte[distinct];
        int at = -1;
        for (int i = 0; i < edges.length; i++) {
            if (i == 0 || edges[i] >>> 5 != edges[i - 1] >>> 5) {
                outTo[++at] = (int) (edges[i] >>> 5) & (MAX_VERTICES - 1);
            }
            outMask[at] |= (byte) (edges[i] & 31);
        }
        edgeCount = distinct;
    }

    /**
     * Every edge added, in one array, sorted; the chunks are released. A counting sort by source
     * (the long's top bits) puts each edge in its source's bucket, then each bucket — a handful of
     * edges — is sorted on its own: the same order as sorting the whole array, in about a third of
     * the time of one big sort.
     */
    private long[] sortedEdges() {
        int total = 0;
        for (int c = 0; c < chunks.size(); c++) {
            total += c == chunks.size() - 1 ? fill : chunks.get(c).length;
        }
        int[] start = new int[vertexCount + 1];
        for (int c = 0; c < chunks.size(); c++) {
            long[] chunk = chunks.get(c);
            int n = c == chunks.size() - 1 ? fill : chunk.length;
            for (int i = 0; i < n; i++) {
                start[(int) (chunk[i] >>> 34) + 1]++;
            }
        }
        for (int v = 0; v < vertexCount; v++) {
            start[v + 1] += start[v];
        }
        int[] next = java.util.Arrays.copyOf(start, vertexCount);
        long[] edges = new long[total];
        for (int c = 0; c < chunks.size(); c++) {
            long[] chunk = chunks.get(c);
            int n = c == chunks.size() - 1 ? fill : chunk.length;
            for (int i = 0; i < n; i++) {
                edges[next[(int) (chunk[i] >>> 34)]++] = chunk[i];
            }
            chunks.set(c, null);
        }
        chunks.clear();
        current = null;
        for (int v = 0; v < vertexCount; v++) {
            sortRange(edges, start[v], start[v + 1]);
        }
        return edges;
    }

    private static void sortRange(long[] a, int from, int to) {
        if (to - from > 32) {
            java.util.Arrays.sort(a, from, to);
            return;
        }
        for (int i = from + 1; i < to; i++) {
            long x = a[i];
            int j = i - 1;
            while (j >= from && a[j] > x) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = x;
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
