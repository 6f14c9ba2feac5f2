package io.paxsim.checkers.elle;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.Finding;
import io.paxsim.checkers.Verdict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Collects anomalies, named as Elle names them, and turns them into a verdict for a consistency
 * model the way Elle's {@code result-map} does: only anomalies the model reports count; the
 * history is invalid if any of them is one the model forbids, unknown if only
 * {@code empty-transaction-graph} or {@code cycle-search-timeout} remain, valid otherwise; and a
 * "-cycle-exists" finding is dropped when another anomaly already rules its model out.
 */
final class AnomalyReport {
    private static final int FINDINGS_PER_TYPE = 8;
    /** Edge visits the cycle search may spend on one strongly connected component (a count, not a clock). */
    static final long WORK_PER_COMPONENT = 50_000_000L;

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
            txns.forEach(t -> ops.add(t.index()));
            Finding.Explanation explanation = edgeKinds == null ? Finding.Explanation.NONE
                    : new Finding.Explanation.Cycle(ops, edgeKinds);
            findings.add(new Finding(type, key, message, ops, explanation));
        }
    }

    /** Adds the model's extra order (real time or process) to the graph, searches its cycles, and decides. */
    Verdict finish(String checker, ConsistencyModel model, DependencyGraph graph, List<Txn> txns, Budget budget) {
        switch (model.extraOrder()) {
            case REALTIME -> addRealtimeEdges(graph, txns);
            case PROCESS -> addProcessEdges(graph, txns);
            case NONE -> {
            }
        }
        graph.freeze();
        if (graph.edgeCount() == 0) {
            add("empty-transaction-graph", "", "no dependency between any two transactions could be inferred,"
                    + " so no cycle can be shown either way", List.of());
        }
        List<int[]> components = graph.cyclicComponents();
        int[] localIndex = new int[graph.vertexCount()];
        Arrays.fill(localIndex, -1);
        for (int c = 0; c < components.size(); c++) {
            if (budget.timeExhausted()) {
                return new Verdict.Unknown(checker, "wall-clock timeout (machine-dependent) classifying cycle component "
                        + (c + 1) + " of " + components.size() + " (anomalies so far: " + counts + ")");
            }
            SccAnalysis.Result r = new SccAnalysis(graph, components.get(c), localIndex, WORK_PER_COMPONENT).analyse();
            addComponent(r, components.get(c), txns);
        }
        return verdict(checker, model, txns, graph);
    }

    private void addComponent(SccAnalysis.Result r, int[] members, List<Txn> txns) {
        List<Txn> all = Arrays.stream(members).limit(16).mapToObj(txns::get).toList();
        for (String type : r.cycleExists()) {
            add(type, "", "a cycle exists among these " + members.length + " transactions in the subgraph "
                    + type.replace("-cycle-exists", "") + " forbids", all);
        }
        if (r.timedOut()) {
            add("cycle-search-timeout", "", "the cycle search of a component of " + members.length
                    + " transactions ran out of its " + WORK_PER_COMPONENT + " edge visits", all);
        }
        for (SccAnalysis.Cycle cycle : r.cycles()) {
            StringBuilder sb = new StringBuilder("cycle of ").append(cycle.txns().length).append(" transactions:");
            List<Txn> members2 = new ArrayList<>();
            List<String> edgeKinds = new ArrayList<>();
            for (int i = 0; i < cycle.txns().length; i++) {
                Txn t = txns.get(cycle.txns()[i]);
                members2.add(t);
                edgeKinds.add(EdgeKind.name(cycle.kinds()[i]));
                sb.append("\n").append(t).append("\n  -").append(EdgeKind.name(cycle.kinds()[i])).append("->");
            }
            sb.append(" T").append(cycle.txns()[0]);
            add(cycle.type(), "", sb.toString(), members2, edgeKinds);
        }
    }

    private Verdict verdict(String checker, ConsistencyModel model, List<Txn> txns, DependencyGraph graph) {
        TreeSet<String> reportable = new TreeSet<>();
        counts.keySet().stream().filter(model::reports).forEach(reportable::add);
        List<String> others = reportable.stream().filter(t -> !t.endsWith("-cycle-exists")).toList();
        Set<String> ruledOut = ElleRules.anomaliesToImpossibleModels(others);
        reportable.removeIf(t -> t.endsWith("-cycle-exists") && ruledOut.contains(t.replace("-cycle-exists", "")));
        long committed = txns.stream().filter(Txn::ok).count();
        String stats = txns.size() + " txns (" + committed + " ok), " + graph.edgeCount() + " dependency edges";
        TreeSet<String> allowed = new TreeSet<>(counts.keySet());
        allowed.removeIf(t -> model.reports(t) || t.endsWith("-cycle-exists"));
        String allowedNote = allowed.isEmpty() ? "" : "; found, but allowed by this model: " + allowed;
        if (reportable.isEmpty()) {
            return new Verdict.Ok(checker, model.wireName() + ": " + stats + allowedNote);
        }
        StringBuilder types = new StringBuilder();
        reportable.forEach(t -> types.append(t).append(" ×").append(counts.get(t)).append(' '));
        if (reportable.stream().noneMatch(model::prohibits)) {
            return new Verdict.Unknown(checker, model.wireName() + " undecided: " + types.toString().trim()
                    + " (" + stats + ")" + allowedNote);
        }
        List<Finding> shown = findings.stream().filter(f -> reportable.contains(f.kind()))
                .sorted(Comparator.comparing(Finding::kind)).toList();
        return new Verdict.Illegal(checker, "not " + model.wireName() + ": " + types.toString().trim()
                + " (" + stats + ")" + allowedNote, shown);
    }

    /**
     * Elle's real-time edges, transitively reduced on the fly: a transaction's completion gets edges
     * from the ok transactions completed before its invocation that no later-completed ok
     * transaction already follows. Failed and crashed transactions are targets only.
     */
    static void addRealtimeEdges(DependencyGraph graph, List<Txn> txns) {
        int n = txns.size();
        long[] events = new long[2 * n];
        int count = 0;
        for (Txn t : txns) {
            if (t.pending()) {
                continue;
            }
            events[count++] = ((long) t.invokePosition() << 32) | (2L * t.id());
            if (t.ok()) {
                events[count++] = ((long) t.completionPosition() << 32) | (2L * t.id() + 1);
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

    /** Elle's process order: each ok transaction to the next ok transaction of the same process. */
    static void addProcessEdges(DependencyGraph graph, List<Txn> txns) {
        List<Txn> byCompletion = txns.stream().filter(Txn::ok)
                .sorted(Comparator.comparingInt(t -> t.completionPosition())).toList();
        java.util.Map<Long, Txn> last = new java.util.HashMap<>();
        for (Txn t : byCompletion) {
            Txn previous = last.put(t.process(), t);
            if (previous != null) {
                graph.add(previous.id(), t.id(), EdgeKind.PROCESS);
            }
        }
    }
}
