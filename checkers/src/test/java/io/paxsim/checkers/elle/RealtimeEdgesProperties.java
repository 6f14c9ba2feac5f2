package io.paxsim.checkers.elle;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link AnomalyReport#addRealtimeEdges} keeps its frontier in primitive arrays; the edges must be
 * those of the boxed insertion-ordered set it replaced (copied here as the oracle), on random
 * histories of ok, failed, crashed and pending transactions with overlapping intervals.
 */
class RealtimeEdgesProperties {

    @Property(tries = 300, seed = "20261204")
    void sameEdgesAsTheBoxedFrontier(@ForAll long seed, @ForAll @IntRange(min = 1, max = 200) int n,
                                     @ForAll @IntRange(min = 1, max = 12) int concurrency, @ForAll boolean sparse) {
        SplittableRandom random = new SplittableRandom(seed);
        // Sparse positions (9 apart) take the events' sorting path instead of the counting one.
        Table txns = Table.random(random, n, concurrency, sparse ? 9 : 1);
        DependencyGraph actual = new DependencyGraph(n);
        AnomalyReport.addRealtimeEdges(actual, txns);
        DependencyGraph expected = new DependencyGraph(n);
        boxedFrontier(expected, txns);
        assertEquals(edges(expected), edges(actual));
    }

    private static List<String> edges(DependencyGraph graph) {
        graph.freeze();
        List<String> edges = new ArrayList<>();
        for (int v = 0; v < graph.vertexCount(); v++) {
            for (int e = graph.outStart(v); e < graph.outEnd(v); e++) {
                edges.add(v + "->" + graph.target(e) + ":" + graph.mask(e));
            }
        }
        return edges;
    }

    /** The implementation before primitive arrays, verbatim but for its name. */
    private static void boxedFrontier(DependencyGraph graph, TxnTable txns) {
        int n = txns.size();
        long[] events = new long[2 * n];
        int count = 0;
        for (int id = 0; id < n; id++) {
            if (txns.pending(id)) {
                continue;
            }
            events[count++] = ((long) txns.invokePosition(id) << 32) | (2L * id);
            if (txns.ok(id)) {
                events[count++] = ((long) txns.completionPosition(id) << 32) | (2L * id + 1);
            }
        }
        long[] sorted = Arrays.copyOf(events, count);
        Arrays.sort(sorted);
        int[][] predecessors = new int[n][];
        java.util.LinkedHashSet<Integer> frontier = new java.util.LinkedHashSet<>();
        for (long event : sorted) {
            int code = (int) event;
            int id = code >>> 1;
            if ((code & 1) == 0) {
                int[] preds = frontier.stream().mapToInt(Integer::intValue).toArray();
                if (txns.ok(id)) {
                    predecessors[id] = preds;
                }
                for (int p : preds) {
                    graph.add(p, id, EdgeKind.RT);
                }
            } else {
                for (int p : predecessors[id]) {
                    frontier.remove(p);
                }
                predecessors[id] = null;
                frontier.add(id);
            }
        }
    }

    /** Transactions with positions in one history: each invoked, then (unless pending) completed. */
    private record Table(int[] invoke, int[] completion, byte[] outcome) implements TxnTable {
        static Table random(SplittableRandom random, int n, int concurrency, int step) {
            int[] invoke = new int[n];
            int[] completion = new int[n];
            byte[] outcome = new byte[n];
            List<Integer> open = new ArrayList<>();
            int position = 0;
            int next = 0;
            while (next < n || !open.isEmpty()) {
                if (next < n && (open.isEmpty() || (open.size() < concurrency && random.nextBoolean()))) {
                    invoke[next] = position;
                    position += step;
                    open.add(next++);
                } else {
                    int id = open.remove(random.nextInt(open.size()));
                    outcome[id] = (byte) random.nextInt(4); // 0 ok, 1 fail, 2 info, 3 pending
                    completion[id] = outcome[id] == 3 ? Integer.MAX_VALUE : position;
                    position += outcome[id] == 3 ? 0 : step;
                }
            }
            return new Table(invoke, completion, outcome);
        }

        @Override
        public int size() {
            return invoke.length;
        }

        @Override
        public boolean ok(int id) {
            return outcome[id] == 0;
        }

        @Override
        public boolean pending(int id) {
            return outcome[id] == 3;
        }

        @Override
        public int invokePosition(int id) {
            return invoke[id];
        }

        @Override
        public int completionPosition(int id) {
            return completion[id];
        }

        @Override
        public long process(int id) {
            return id;
        }

        @Override
        public long index(int id) {
            return invoke[id];
        }

        @Override
        public String describe(int id) {
            return "T" + id;
        }
    }
}
