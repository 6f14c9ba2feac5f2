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
import java.util.function.Supplier;

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
        add(type, key, () -> message, () -> txns.stream().map(Txn::index).toList(), null);
    }

    /**
     * A finding on transactions of {@code table} by id; the message is built only when the finding
     * is kept (the first {@link #FINDINGS_PER_TYPE} of its type), so a history with many anomalies
     * of one type does not describe every one of them.
     */
    void add(String type, String key, Supplier<String> message, TxnTable table, int... ids) {
        add(type, key, message, () -> indices(table, ids), null);
    }

    private static List<Long> indices(TxnTable table, int[] ids) {
        List<Long> ops = new ArrayList<>(ids.length);
        for (int id : ids) {
            ops.add(table.index(id));
        }
        return ops;
    }

    /** A finding whose message and ops (the transactions' indices) are built only when it is kept. */
    void add(String type, String key, Supplier<String> message, Supplier<List<Long>> ops) {
        add(type, key, message, ops, null);
    }

    /** {@code edgeKinds}, when given, are the kinds of the edges leaving each transaction round a cycle. */
    private void add(String type, String key, Supplier<String> message, Supplier<List<Long>> ops, List<String> edgeKinds) {
        int seen = counts.merge(type, 1, Integer::sum);
        if (seen <= FINDINGS_PER_TYPE) {
            List<Long> indices = ops.get();
            Finding.Explanation explanation = edgeKinds == null ? Finding.Explanation.NONE
                    : new Finding.Explanation.Cycle(indices, edgeKinds);
            findings.add(new Finding(type, key, message.get(), indices, explanation));
        }
    }

    /** As {@link #finish(String, ConsistencyModel, DependencyGraph, TxnTable, Budget)} over transaction objects. */
    Verdict finish(String checker, ConsistencyModel model, DependencyGraph graph, List<Txn> txns, Budget budget) {
        return finish(checker, model, graph, TxnTable.of(txns), budget);
    }

    /** Adds the model's extra order (real time or process) to the graph, searches its cycles, and decides. */
    Verdict finish(String checker, ConsistencyModel model, DependencyGraph graph, TxnTable txns, Budget budget) {
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

    private void addComponent(SccAnalysis.Result r, int[] members, TxnTable txns) {
        int[] all = Arrays.copyOf(members, Math.min(16, members.length));
        for (String type : r.cycleExists()) {
            add(type, "", () -> "a cycle exists among these " + members.length + " transactions in the subgraph "
                    + type.replace("-cycle-exists", "") + " forbids", txns, all);
        }
        if (r.timedOut()) {
            add("cycle-search-timeout", "", () -> "the cycle search of a component of " + members.length
                    + " transactions ran out of its " + WORK_PER_COMPONENT + " edge visits", txns, all);
        }
        for (SccAnalysis.Cycle cycle : r.cycles()) {
            List<String> edgeKinds = new ArrayList<>();
            for (int kind : cycle.kinds()) {
                edgeKinds.add(EdgeKind.name(kind));
            }
            add(cycle.type(), "", () -> describeCycle(cycle, txns), () -> indices(txns, cycle.txns()), edgeKinds);
        }
    }

    private static String describeCycle(SccAnalysis.Cycle cycle, TxnTable txns) {
        StringBuilder sb = new StringBuilder("cycle of ").append(cycle.txns().length).append(" transactions:");
        for (int i = 0; i < cycle.txns().length; i++) {
            sb.append("\n").append(txns.describe(cycle.txns()[i])).append("\n  -").append(EdgeKind.name(cycle.kinds()[i]))
                    .append("->");
        }
        return sb.append(" T").append(cycle.txns()[0]).toString();
    }

    private Verdict verdict(String checker, ConsistencyModel model, TxnTable txns, DependencyGraph graph) {
        TreeSet<String> reportable = new TreeSet<>();
        counts.keySet().stream().filter(model::reports).forEach(reportable::add);
        List<String> others = reportable.stream().filter(t -> !t.endsWith("-cycle-exists")).toList();
        Set<String> ruledOut = ElleRules.anomaliesToImpossibleModels(others);
        reportable.removeIf(t -> t.endsWith("-cycle-exists") && ruledOut.contains(t.replace("-cycle-exists", "")));
        long committed = 0;
        for (int id = 0; id < txns.size(); id++) {
            committed += txns.ok(id) ? 1 : 0;
        }
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
    static void addRealtimeEdges(DependencyGraph graph, TxnTable txns) {
        int n = txns.size();
        Events events = eventsByPosition(txns);
        // The frontier (completed ok transactions no later completion has yet superseded) in the
        // order they completed, as a queue. A completion supersedes the frontier's members of its
        // invocation's time that are still in it: every member that joined before that invocation
        // (a member never leaves and joins again), so a prefix of the queue. Each member's event
        // number (its place in the sorted events) says whether it joined before; no transaction
        // holds a copy of its predecessors.
        int[] frontier = new int[n];
        int[] joinedAt = new int[n];
        int head = 0;
        int tail = 0;
        int[] invokedAt = new int[n];
        for (int e = 0; e < events.count(); e++) {
            int code = events.codes()[e];
            int id = code >>> 1;
            if ((code & 1) == 0) {
                invokedAt[id] = e;
                for (int i = head; i < tail; i++) {
                    graph.add(frontier[i], id, EdgeKind.RT);
                }
            } else {
                while (head < tail && joinedAt[head] < invokedAt[id]) {
                    head++;
                }
                frontier[tail] = id;
                joinedAt[tail++] = e;
            }
        }
    }

    /** Event codes in the order of their positions: {@code codes[0, count)}. */
    record Events(int[] codes, int count) {
    }

    /**
     * The events of real time, in the order of their positions: code 2 id for the invocation of
     * every transaction that is not pending, 2 id + 1 for the completion of every ok one. Positions
     * are a history's, so distinct and dense: each code is put at its position in an array of them
     * all, which then read in order (and closed up in place) gives the order without a comparison
     * sort or an array of (position, code) pairs; should two share a position, or be sparse, the
     * pairs are sorted instead (by position, then code).
     */
    static Events eventsByPosition(TxnTable txns) {
        int n = txns.size();
        long max = -1;
        int count = 0;
        for (int id = 0; id < n; id++) {
            if (txns.pending(id)) {
                continue;
            }
            max = Math.max(max, txns.invokePosition(id));
            count++;
            if (txns.ok(id)) {
                max = Math.max(max, txns.completionPosition(id));
                count++;
            }
        }
        if (max >= 4L * count + 64) {
            return sortedEvents(txns, count);
        }
        int[] codeAt = new int[(int) max + 1];
        Arrays.fill(codeAt, -1);
        for (int id = 0; id < n; id++) {
            if (txns.pending(id)) {
                continue;
            }
            if (codeAt[txns.invokePosition(id)] != -1) {
                return sortedEvents(txns, count);
            }
            codeAt[txns.invokePosition(id)] = 2 * id;
            if (txns.ok(id)) {
                if (codeAt[txns.completionPosition(id)] != -1) {
                    return sortedEvents(txns, count);
                }
                codeAt[txns.completionPosition(id)] = 2 * id + 1;
            }
        }
        int k = 0;
        for (int position = 0; position < codeAt.length; position++) {
            if (codeAt[position] != -1) {
                codeAt[k++] = codeAt[position];
            }
        }
        return new Events(codeAt, k);
    }

    private static Events sortedEvents(TxnTable txns, int count) {
        long[] events = new long[count];
        int k = 0;
        for (int id = 0; id < txns.size(); id++) {
            if (txns.pending(id)) {
                continue;
            }
            events[k++] = ((long) txns.invokePosition(id) << 32) | (2L * id);
            if (txns.ok(id)) {
                events[k++] = ((long) txns.completionPosition(id) << 32) | (2L * id + 1);
            }
        }
        Arrays.sort(events);
        int[] codes = new int[count];
        for (int i = 0; i < count; i++) {
            codes[i] = (int) events[i];
        }
        return new Events(codes, count);
    }

    /** Elle's process order: each ok transaction to the next ok transaction of the same process. */
    static void addProcessEdges(DependencyGraph graph, TxnTable txns) {
        int n = txns.size();
        long[] byCompletion = new long[n];
        int count = 0;
        for (int id = 0; id < n; id++) {
            if (txns.ok(id)) {
                byCompletion[count++] = ((long) txns.completionPosition(id) << 32) | id;
            }
        }
        Arrays.sort(byCompletion, 0, count);
        java.util.Map<Long, Integer> last = new java.util.HashMap<>();
        for (int i = 0; i < count; i++) {
            int id = (int) byCompletion[i];
            Integer previous = last.put(txns.process(id), id);
            if (previous != null) {
                graph.add(previous, id, EdgeKind.PROCESS);
            }
        }
    }
}
