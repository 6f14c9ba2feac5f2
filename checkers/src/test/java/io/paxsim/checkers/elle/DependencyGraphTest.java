package io.paxsim.checkers.elle;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;
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
}
