package io.paxsim.checkers.elle;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.Finding;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.OpType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** Collects anomalies (named as Elle names them) and turns them into a verdict for a consistency model. */
final class AnomalyReport {
    private static final int FINDINGS_PER_TYPE = 8;

    private final List<Finding> findings = new ArrayList<>();
    private final TreeMap<String, Integer> counts = new TreeMap<>();

    void add(String type, String key, String message, List<Txn> txns) {
        add(type, key, message, txns, null);
    }

    /** {@code edgeKinds}, when given, are the kinds of the edges leaving each of {@code txns} round a cycle. */
    private void add(String type, String key, String message, List<Txn> txns, List<String> edgeKinds) {
        int seen = counts.merge(type, 1, Integer::sum);
        if (seen <= FINDINGS_PER_TYPE) {
            List<Long> ops = new ArrayList<>();
            txns.forEach(t -> ops.add(t.call().index()));
            Finding.Explanation explanation = edgeKinds == null ? Finding.Explanation.NONE
                    : new Finding.Explanation.Cycle(ops, edgeKinds);
            findings.add(new Finding(type, key, message, ops, explanation));
        }
    }

    /** Cycle anomalies: one per strongly connected component, the most specific cycle found in it. */
    Verdict finish(String checker, ConsistencyModel model, DependencyGraph graph, List<Txn> txns, Budget budget) {
        graph.freeze();
        List<int[]> components = graph.cyclicComponents();
        CycleSearch search = new CycleSearch(graph);
        for (int c = 0; c < components.size(); c++) {
            if (budget.timeExhausted()) {
                return new Verdict.Unknown(checker, "time budget exhausted classifying cycle " + (c + 1) + " of "
                        + components.size() + " (anomalies so far: " + counts + ")");
            }
            CycleSearch.Cycle cycle = search.find(c, components.get(c), model.realtime());
            addCycle(cycle, txns);
        }
        return verdict(checker, model, txns, graph);
    }

    private void addCycle(CycleSearch.Cycle cycle, List<Txn> txns) {
        String type = CycleSearch.classify(cycle.kinds());
        StringBuilder sb = new StringBuilder("cycle of ").append(cycle.txns().length).append(" transactions:");
        List<Txn> members = new ArrayList<>();
        List<String> edgeKinds = new ArrayList<>();
        for (int i = 0; i < cycle.txns().length; i++) {
            Txn t = txns.get(cycle.txns()[i]);
            members.add(t);
            edgeKinds.add(EdgeKind.name(cycle.kinds()[i]));
            sb.append("\n").append(t).append("\n  -").append(EdgeKind.name(cycle.kinds()[i])).append("->");
        }
        sb.append(" T").append(cycle.txns()[0]);
        add(type, "", sb.toString(), members, edgeKinds);
    }

    private Verdict verdict(String checker, ConsistencyModel model, List<Txn> txns, DependencyGraph graph) {
        TreeSet<String> prohibited = new TreeSet<>();
        TreeSet<String> allowed = new TreeSet<>();
        counts.keySet().forEach(type -> (model.prohibits(type) ? prohibited : allowed).add(type));
        long committed = txns.stream().filter(t -> t.call().outcome() == OpType.OK).count();
        String stats = txns.size() + " txns (" + committed + " ok), " + graph.edgeCount() + " dependency edges";
        if (prohibited.isEmpty()) {
            return new Verdict.Ok(checker, model.wireName() + ": " + stats
                    + (allowed.isEmpty() ? "" : "; anomalies this model allows: " + allowed));
        }
        List<Finding> shown = findings.stream().filter(f -> model.prohibits(f.kind()))
                .sorted(Comparator.comparing(Finding::kind)).toList();
        StringBuilder summary = new StringBuilder("not ").append(model.wireName()).append(": ");
        prohibited.forEach(t -> summary.append(t).append(" ×").append(counts.get(t)).append(' '));
        return new Verdict.Illegal(checker, summary.toString().trim() + " (" + stats + ")", shown);
    }

    /**
     * Real-time edges, transitively reduced on the fly: a transaction invoked after others completed
     * gets edges from the "frontier" of completed transactions that no later-completed transaction
     * already follows. Reachability is the same as with every real-time pair, at a fraction of the edges.
     */
    static void addRealtimeEdges(DependencyGraph graph, List<Txn> txns) {
        int n = txns.size();
        long[] events = new long[2 * n];
        int count = 0;
        for (Txn t : txns) {
            if (t.failed()) {
                continue;
            }
            events[count++] = ((long) t.call().invokePosition() << 32) | (2L * t.id());
            if (t.ok()) {
                events[count++] = ((long) t.call().completionPosition() << 32) | (2L * t.id() + 1);
            }
        }
        long[] sorted = java.util.Arrays.copyOf(events, count);
        java.util.Arrays.sort(sorted);
        int[][] predecessors = new int[n][];
        java.util.LinkedHashSet<Integer> frontier = new java.util.LinkedHashSet<>();
        for (long event : sorted) {
            int code = (int) event;
            int id = code >>> 1;
            if ((code & 1) == 0) {
                int[] preds = frontier.stream().mapToInt(Integer::intValue).toArray();
                predecessors[id] = preds;
                for (int p : preds) {
                    graph.add(p, id, EdgeKind.RT);
                }
            } else {
                for (int p : predecessors[id]) {
                    frontier.remove(p);
                }
                frontier.add(id);
            }
        }
    }
}
