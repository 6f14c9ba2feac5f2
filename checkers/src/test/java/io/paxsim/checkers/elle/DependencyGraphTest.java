package io.paxsim.checkers.elle;

import org.junit.jupiter.api.Test;

import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DependencyGraphTest {
    /**
     * Edges over many chunks of growing length (the first holds 2^12 here, the next twice as many):
     * freezing gives each (source, target) pair once, targets ascending, with the or of its kinds,
     * exactly as a sorted map of the same edges says.
     */
    @Test
    void firstChunkIsAboutEightEdgesPerVertexWithinBounds() {
        assertEquals(1 << 12, DependencyGraph.firstChunkLength(0));
        assertEquals(1 << 12, DependencyGraph.firstChunkLength(100));
        assertEquals(1 << 16, DependencyGraph.firstChunkLength(10_000));
        assertEquals(1 << 20, DependencyGraph.firstChunkLength(1 << 28));
    }

    @Test
    void frozenAdjacencyMatchesASortedMapAcrossChunkBoundaries() {
        for (int edges : new int[] {0, 1, (1 << 12) - 1, 1 << 12, (1 << 12) + 1, 3 * (1 << 12), 200_000}) {
            Random random = new Random(edges);
            int vertices = 1 + edges / 64; // few vertices: a small first chunk, so many chunks
            DependencyGraph graph = new DependencyGraph(vertices);
            TreeMap<Long, Integer> expected = new TreeMap<>();
            for (int i = 0; i < edges; i++) {
                int from = random.nextInt(vertices);
                int to = random.nextInt(vertices);
                int kind = 1 << random.nextInt(5);
                graph.add(from, to, kind);
                if (from != to) {
                    expected.merge((long) from << 32 | to, kind, (a, b) -> a | b);
                }
            }
            graph.freeze();
            assertEquals(expected.size(), graph.edgeCount(), edges + " edges added");
            var it = expected.entrySet().iterator();
            for (int v = 0; v < vertices; v++) {
                for (int e = graph.outStart(v); e < graph.outEnd(v); e++) {
                    Map.Entry<Long, Integer> want = it.next();
                    assertEquals(want.getKey(), (long) v << 32 | graph.target(e), "edge " + e);
                    assertEquals(want.getValue(), graph.mask(e), "kinds of edge " + e);
                }
            }
        }
    }

    /**
     * The components with cycles are those of the whole graph, found without peeling: in acyclic
     * graphs, in graphs with a few back edges (so that vertices lie before, after and between
     * cycles, which the peeling must remove or keep exactly), and in dense ones. Fails if the
     * peeling drops a vertex of a cycle or keeps one outside every cycle that changes a component.
     */
    @Test
    void cyclicComponentsAreThoseOfTheWholeGraph() {
        for (int seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            int vertices = 1 + random.nextInt(seed < 200 ? 40 : 400);
            int edges = random.nextInt(4 * vertices);
            int backEdges = seed % 3 == 0 ? 0 : random.nextInt(1 + seed % 5);
            DependencyGraph graph = new DependencyGraph(vertices);
            Graph<Integer, DefaultEdge> whole = new DefaultDirectedGraph<>(DefaultEdge.class);
            for (int v = 0; v < vertices; v++) {
                whole.addVertex(v);
            }
            for (int i = 0; i < edges + backEdges; i++) {
                int a = random.nextInt(vertices);
                int b = random.nextInt(vertices);
                boolean forward = i < edges || seed >= 250;
                int from = forward ? Math.min(a, b) : Math.max(a, b);
                int to = forward ? Math.max(a, b) : Math.min(a, b);
                if (seed >= 250) { // dense and unordered
                    from = a;
                    to = b;
                }
                graph.add(from, to, 1);
                if (from != to) {
                    whole.addEdge(from, to);
                }
            }
            graph.freeze();
            List<int[]> expected = new ArrayList<>();
            for (Set<Integer> scc : new KosarajuStrongConnectivityInspector<>(whole).stronglyConnectedSets()) {
                if (scc.size() > 1) {
                    expected.add(scc.stream().mapToInt(Integer::intValue).sorted().toArray());
                }
            }
            expected.sort((x, y) -> Integer.compare(x[0], y[0]));
            List<int[]> found = graph.cyclicComponents();
            assertEquals(expected.size(), found.size(), "seed " + seed);
            for (int c = 0; c < expected.size(); c++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected.get(c), found.get(c), "seed " + seed + " component " + c);
            }
        }
    }
}
