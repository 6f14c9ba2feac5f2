package io.paxsim.checkers.elle;

import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The transaction dependency graph: vertices are transactions, each edge a bit mask of
 * {@link EdgeKind}s. Edges accumulate in a primitive hash map; {@link #cyclicComponents} first
 * peels off every vertex with no in- or out-edges left (they lie on no cycle — for a valid history
 * that is all of them), then hands the remainder to jgrapht for strongly connected components.
 */
final class DependencyGraph {
    private final int vertexCount;
    private long[] keys = new long[1 << 12];
    private int[] masks = new int[1 << 12];
    private int edgeCount;

    private int[] outStart;
    private int[] outTo;
    private int[] outMask;

    DependencyGraph(int vertexCount) {
        this.vertexCount = vertexCount;
    }

    int vertexCount() {
        return vertexCount;
    }

    int edgeCount() {
        return edgeCount;
    }

    void add(int from, int to, int kind) {
        if (from == to) {
            return;
        }
        assert outStart == null : "graph already frozen";
        long key = ((long) from << 32) | (to & 0xFFFFFFFFL);
        int slot = slot(key);
        while (keys[slot] != 0 && keys[slot] != key) {
            slot = (slot + 1) & (keys.length - 1);
        }
        if (keys[slot] == 0) {
            keys[slot] = key;
            if (++edgeCount * 2 > keys.length) {
                masks[slot] |= kind;
                grow();
                return;
            }
        }
        masks[slot] |= kind;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & (keys.length - 1);
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldMasks = masks;
        keys = new long[oldKeys.length * 2];
        masks = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = slot(oldKeys[i]);
                while (keys[slot] != 0) {
                    slot = (slot + 1) & (keys.length - 1);
                }
                keys[slot] = oldKeys[i];
                masks[slot] = oldMasks[i];
            }
        }
    }

    /** Builds compressed adjacency (out-edges per vertex); no edges may be added afterwards. */
    void freeze() {
        outStart = new int[vertexCount + 1];
        for (long key : keys) {
            if (key != 0) {
                outStart[(int) (key >>> 32) + 1]++;
            }
        }
        for (int v = 0; v < vertexCount; v++) {
            outStart[v + 1] += outStart[v];
        }
        int[] fill = outStart.clone();
        outTo = new int[edgeCount];
        outMask = new int[edgeCount];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                int from = (int) (keys[i] >>> 32);
                int at = fill[from]++;
                outTo[at] = (int) keys[i];
                outMask[at] = masks[i];
            }
        }
        keys = null;
        masks = null;
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

    /** Repeatedly removes vertices with no live in-edges or no live out-edges. */
    private boolean[] peelAcyclicVertices() {
        int[] inDegree = new int[vertexCount];
        int[] outDegree = new int[vertexCount];
        int[] inStart = new int[vertexCount + 1];
        for (int v = 0; v < vertexCount; v++) {
            outDegree[v] = outStart[v + 1] - outStart[v];
            for (int e = outStart[v]; e < outStart[v + 1]; e++) {
                inDegree[outTo[e]]++;
                inStart[outTo[e] + 1]++;
            }
        }
        for (int v = 0; v < vertexCount; v++) {
            inStart[v + 1] += inStart[v];
        }
        int[] inFrom = new int[edgeCount];
        int[] fill = inStart.clone();
        for (int v = 0; v < vertexCount; v++) {
            for (int e = outStart[v]; e < outStart[v + 1]; e++) {
                inFrom[fill[outTo[e]]++] = v;
            }
        }
        boolean[] alive = new boolean[vertexCount];
        ArrayDeque<Integer> dead = new ArrayDeque<>();
        for (int v = 0; v < vertexCount; v++) {
            alive[v] = true;
            if (inDegree[v] == 0 || outDegree[v] == 0) {
                alive[v] = false;
                dead.add(v);
            }
        }
        while (!dead.isEmpty()) {
            int v = dead.poll();
            for (int e = outStart[v]; e < outStart[v + 1]; e++) {
                int w = outTo[e];
                if (alive[w] && --inDegree[w] == 0) {
                    alive[w] = false;
                    dead.add(w);
                }
            }
            for (int i = inStart[v]; i < inStart[v + 1]; i++) {
                int u = inFrom[i];
                if (alive[u] && --outDegree[u] == 0) {
                    alive[u] = false;
                    dead.add(u);
                }
            }
        }
        return alive;
    }
}
