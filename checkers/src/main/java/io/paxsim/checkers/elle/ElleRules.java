package io.paxsim.checkers.elle;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Elle 0.2.7's rules relating anomalies and consistency models ({@code elle.consistency-model}),
 * as three graphs: which anomaly implies which (G-single-item implies G-nonadjacent-item, ...),
 * which model implies which (strict-serializable implies serializable, ...), and which anomalies
 * each model forbids directly. Everything else — the anomalies a model forbids, the models an
 * anomaly rules out — is a breadth-first walk over them, as in Elle. Model names are Elle's,
 * friendly ({@code serializable}) or canonical ({@code PL-3}); anomaly names are Elle's.
 */
final class ElleRules {
    /** Anomaly a implies each anomaly in IMPLIED.get(a). */
    private static final Map<String, List<String>> IMPLIED = graph(
            "G0", "G1c G0-process",
            "G0-process", "G1c-process G0-realtime",
            "G0-realtime", "G1c-realtime",
            "G1a", "G1",
            "G1b", "G1",
            "G1c", "G1 G1c-process",
            "G1c-process", "G1c-realtime G1-process",
            "G1c-realtime", "G1-realtime",
            "G1", "G1-process",
            "G1-process", "G1-realtime",
            "G-single-item", "G-single G-single-item-process G-nonadjacent-item",
            "G-single-item-process", "G-single-process G-single-item-realtime G-nonadjacent-item-process",
            "G-single-item-realtime", "G-single-realtime G-nonadjacent-item-realtime",
            "G-single", "G-nonadjacent GSIb G-single-process",
            "G-single-process", "G-nonadjacent-process G-single-realtime",
            "G-single-realtime", "G-nonadjacent-realtime",
            "G-nonadjacent-item", "G-nonadjacent G2-item G-nonadjacent-item-process",
            "G-nonadjacent-item-process", "G-nonadjacent-process G2-item-process G-nonadjacent-item-realtime",
            "G-nonadjacent-item-realtime", "G2-item-realtime G-nonadjacent-realtime",
            "G-nonadjacent", "G2 G-nonadjacent-process",
            "G-nonadjacent-process", "G2-process G-nonadjacent-realtime",
            "G-nonadjacent-realtime", "G2-realtime",
            "G2", "G2-process",
            "G2-item", "G2 G2-item-process",
            "G2-item-process", "G2-process G2-item-realtime",
            "G2-item-realtime", "G2-realtime",
            "G2-process", "G2-realtime",
            "GSIa", "GSI",
            "GSIb", "GSI",
            "incompatible-order", "G1a",
            "future-read", "G1c",
            "dirty-update", "G1a",
            "lost-update", "write-skew G2-item",
            "write-skew", "G2");

    /** Friendly model names to Elle's canonical ones (Adya's PL-n where there is one). */
    private static final Map<String, String> CANONICAL = Map.ofEntries(
            Map.entry("consistent-view", "PL-2+"),
            Map.entry("conflict-serializable", "PL-3"),
            Map.entry("cursor-stability", "PL-CS"),
            Map.entry("forward-consistent-view", "PL-FCV"),
            Map.entry("monotonic-snapshot-read", "PL-MSR"),
            Map.entry("monotonic-view", "PL-2L"),
            Map.entry("read-committed", "PL-2"),
            Map.entry("read-uncommitted", "PL-1"),
            Map.entry("repeatable-read", "PL-2.99"),
            Map.entry("serializable", "PL-3"),
            Map.entry("snapshot-isolation", "PL-SI"),
            Map.entry("strict-serializable", "PL-SS"),
            Map.entry("strong-serializable", "PL-SS"),
            Map.entry("update-serializable", "PL-3U"),
            Map.entry("strong-session-read-uncommitted", "strong-session-PL-1"),
            Map.entry("strong-session-read-committed", "strong-session-PL-2"),
            Map.entry("strong-read-uncommitted", "strong-PL-1"),
            Map.entry("strong-read-committed", "strong-PL-2"));

    /** Model a implies each model in MODELS.get(a) (canonical names). */
    private static final Map<String, List<String>> MODELS = canonicalGraph(graph(
            "causal-cerone", "read-atomic",
            "consistent-view", "cursor-stability monotonic-view",
            "conflict-serializable", "view-serializable",
            "cursor-stability", "read-committed PL-2",
            "forward-consistent-view", "consistent-view",
            "PL-2", "PL-1",
            "PL-3", "repeatable-read update-serializable",
            "update-serializable", "forward-consistent-view",
            "monotonic-atomic-view", "read-committed",
            "monotonic-view", "PL-2",
            "monotonic-snapshot-read", "PL-2",
            "parallel-snapshot-isolation", "causal-cerone update-atomic",
            "prefix", "causal-cerone",
            "read-atomic", "monotonic-atomic-view",
            "read-committed", "read-uncommitted",
            "repeatable-read", "cursor-stability monotonic-atomic-view",
            "update-atomic", "read-atomic",
            "serializable", "repeatable-read snapshot-isolation view-serializable",
            "session-serializable", "1SR",
            "snapshot-isolation", "forward-consistent-view monotonic-atomic-view monotonic-snapshot-read"
                    + " parallel-snapshot-isolation prefix",
            "strict-serializable", "PL-3 serializable linearizable snapshot-isolation strong-snapshot-isolation"
                    + " strong-session-serializable",
            "strong-session-PL-1", "PL-1",
            "strong-session-PL-2", "PL-2 strong-session-PL-1",
            "strong-PL-1", "strong-session-PL-1",
            "strong-PL-2", "strong-session-PL-2 strong-PL-1",
            "strong-session-serializable", "serializable strong-session-snapshot-isolation",
            "strong-session-snapshot-isolation", "snapshot-isolation strong-session-PL-2",
            "strong-serializable", "session-serializable",
            "strong-snapshot-isolation", "strong-session-snapshot-isolation strong-PL-2",
            "linearizable", "sequential",
            "sequential", "causal",
            "causal", "writes-follow-reads PRAM",
            "PRAM", "monotonic-reads monotonic-writes read-your-writes"));

    /** The anomalies each (canonical) model forbids beyond those of the models it implies. */
    private static final Map<String, List<String>> PROSCRIBED = canonicalGraph(graph(
            "causal-cerone", "internal G1a",
            "cursor-stability", "G1 G-cursor lost-update",
            "monotonic-view", "G1 G-monotonic",
            "monotonic-snapshot-read", "G1 G-MSR",
            "consistent-view", "G1 G-single",
            "forward-consistent-view", "G1 G-SIb",
            "parallel-snapshot-isolation", "internal G1a",
            "PL-3", "G1 G2 predicate-read-miss PL-3-cycle-exists",
            "PL-2", "G1 PL-2-cycle-exists",
            "PL-1", "G0 duplicate-elements cyclic-versions PL-1-cycle-exists",
            "prefix", "internal G1a",
            "serializable", "internal",
            "snapshot-isolation", "internal G1 G-SI G-nonadjacent PL-SI-cycle-exists",
            "read-atomic", "internal G1a future-read",
            "repeatable-read", "G1 G2-item PL-2.99-cycle-exists lost-update",
            "update-atomic", "lost-update",
            "strict-serializable", "G1 G1c-realtime G2-realtime PL-SS-cycle-exists",
            "strong-session-PL-1", "strong-session-PL-1-cycle-exists G0-process",
            "strong-session-PL-2", "strong-session-PL-2-cycle-exists G1c-process",
            "strong-PL-1", "strong-PL-1-cycle-exists G0-realtime",
            "strong-PL-2", "strong-PL-2-cycle-exists G1c-realtime",
            "strong-session-snapshot-isolation", "internal G1-process G-nonadjacent-process"
                    + " strong-session-snapshot-isolation-cycle-exists",
            "strong-snapshot-isolation", "internal G1-realtime G-nonadjacent-realtime"
                    + " strong-snapshot-isolation-cycle-exists",
            "strong-session-serializable", "G1-process G2-process strong-session-serializable-cycle-exists",
            "update-serializable", "G1 G-update"));

    /** Every model name Elle knows (friendly and canonical). */
    static final Set<String> ALL_MODELS = allModels();

    /** Anomalies that make Elle's verdict unknown rather than invalid. */
    static final Set<String> UNKNOWN_ANOMALIES = Set.of("empty-transaction-graph", "cycle-search-timeout");

    private ElleRules() {
    }

    static String canonical(String model) {
        return CANONICAL.getOrDefault(model, model);
    }

    /** The friendly name of a canonical model, as Elle prints it ({@code PL-3} is serializable). */
    static String friendly(String model) {
        if (model.equals("PL-3")) {
            return "serializable";
        }
        for (Map.Entry<String, String> e : new TreeMap<>(CANONICAL).entrySet()) {
            if (e.getValue().equals(model) && !e.getKey().equals("conflict-serializable")
                    && !e.getKey().equals("strong-serializable")) {
                return e.getKey();
            }
        }
        return model;
    }

    /** Every anomaly that cannot be present if all these models hold. */
    static TreeSet<String> anomaliesProhibitedBy(Collection<String> models) {
        Set<String> implied = walk(MODELS, canonicalAll(models), false);
        Set<String> direct = new TreeSet<>();
        implied.forEach(m -> direct.addAll(PROSCRIBED.getOrDefault(m, List.of())));
        return new TreeSet<>(walk(IMPLIED, direct, true));
    }

    /** The anomalies these imply, themselves included. */
    static Set<String> allImpliedAnomalies(Collection<String> anomalies) {
        return walk(IMPLIED, anomalies, false);
    }

    /** Models that cannot hold if these (canonical or friendly) models do not: themselves and every stronger model. */
    static Set<String> allImpossibleModels(Collection<String> models) {
        return walk(MODELS, canonicalAll(models), true);
    }

    /** Models (canonical names) that cannot hold given these anomalies. */
    static Set<String> anomaliesToImpossibleModels(Collection<String> anomalies) {
        Set<String> implied = allImpliedAnomalies(anomalies);
        Set<String> direct = new TreeSet<>();
        PROSCRIBED.forEach((model, forbidden) -> {
            if (forbidden.stream().anyMatch(implied::contains)) {
                direct.add(model);
            }
        });
        return allImpossibleModels(direct);
    }

    private static List<String> canonicalAll(Collection<String> models) {
        return models.stream().map(ElleRules::canonical).toList();
    }

    /** Breadth-first closure from {@code start} along the graph's edges (or against them). */
    private static Set<String> walk(Map<String, List<String>> graph, Collection<String> start, boolean backwards) {
        Map<String, List<String>> g = backwards ? reverse(graph) : graph;
        TreeSet<String> seen = new TreeSet<>(start);
        ArrayDeque<String> queue = new ArrayDeque<>(start);
        while (!queue.isEmpty()) {
            for (String next : g.getOrDefault(queue.poll(), List.of())) {
                if (seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        return seen;
    }

    private static Map<String, List<String>> reverse(Map<String, List<String>> graph) {
        Map<String, List<String>> r = new TreeMap<>();
        graph.forEach((from, tos) -> tos.forEach(to -> r.computeIfAbsent(to, k -> new java.util.ArrayList<>()).add(from)));
        return r;
    }

    private static Map<String, List<String>> graph(String... pairs) {
        Map<String, List<String>> g = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            g.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).addAll(List.of(pairs[i + 1].split(" ")));
        }
        return g;
    }

    private static Map<String, List<String>> canonicalGraph(Map<String, List<String>> g) {
        Map<String, List<String>> c = new TreeMap<>();
        g.forEach((from, tos) -> c.computeIfAbsent(canonical(from), k -> new java.util.ArrayList<>())
                .addAll(canonicalAll(tos)));
        return c;
    }

    private static Set<String> allModels() {
        TreeSet<String> all = new TreeSet<>(CANONICAL.keySet());
        all.addAll(CANONICAL.values());
        MODELS.forEach((from, tos) -> {
            all.add(from);
            all.addAll(tos);
        });
        return java.util.Collections.unmodifiableSet(all);
    }
}
