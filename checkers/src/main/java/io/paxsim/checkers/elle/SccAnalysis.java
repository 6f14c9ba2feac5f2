package io.paxsim.checkers.elle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Elle's search of one strongly connected component ({@code elle.txn/cycle-cases-in-scc}):
 * <ol>
 *   <li>which consistency models' subgraphs (PL-1: ww; PL-2: ww+wr; PL-SI: ww+wr extended by one
 *       rw; PL-3: all data edges; their process and real-time forms) hold a cycle at all — each
 *       a "-cycle-exists" finding, and the models without one rule out the anomalies they forbid;</li>
 *   <li>then every cycle type in Elle's order that is not yet ruled out or implied by a type
 *       already found, each searched for as a cycle whose edges, counted as Elle's explainer counts
 *       them ({@link EdgeKind#label}), make exactly that type.</li>
 * </ol>
 * So one component can report several types (G1c beside G-single-item-realtime, say), as Elle
 * does. The search for one type looks, for each edge of the kind the type needs (its rw edge, a
 * wr edge, ...), for a shortest way back over the kinds the type allows, tracking what the type
 * requires (an rw count, rw adjacency, a real-time edge) in the search state. The work per
 * component is a count, so a verdict never depends on the machine; out of it, the component says
 * {@code cycle-search-timeout} (as Elle does when its clock runs out) plus some cycle it holds.
 */
final class SccAnalysis {
    /** A cycle: transactions in order, and the kind each one's outgoing edge counts as. */
    record Cycle(String type, int[] txns, int[] kinds) {
    }

    record Result(List<String> cycleExists, List<Cycle> cycles, boolean timedOut) {
    }

    /** Elle's {@code cycle-exists-specs}: a model, the edges of its subgraph, and an optional one-step extension. */
    private record ExistsSpec(String model, int edges, int extension) {
    }

    private static final int P = EdgeKind.PROCESS;
    private static final int RT = EdgeKind.RT;
    private static final List<ExistsSpec> EXISTS = List.of(
            new ExistsSpec("PL-1", EdgeKind.WW, 0),
            new ExistsSpec("PL-2", EdgeKind.WW | EdgeKind.WR, 0),
            new ExistsSpec("PL-SI", EdgeKind.WW | EdgeKind.WR, EdgeKind.RW),
            new ExistsSpec("PL-2.99", EdgeKind.DATA, 0),
            new ExistsSpec("PL-3", EdgeKind.DATA, 0),
            new ExistsSpec("strong-session-PL-1", EdgeKind.WW | P, 0),
            new ExistsSpec("strong-session-PL-2", EdgeKind.WW | EdgeKind.WR | P, 0),
            new ExistsSpec("strong-session-snapshot-isolation", EdgeKind.WW | EdgeKind.WR | P, EdgeKind.RW),
            new ExistsSpec("strong-session-serializable", EdgeKind.DATA | P, 0),
            new ExistsSpec("strong-PL-1", EdgeKind.WW | RT, 0),
            new ExistsSpec("strong-PL-2", EdgeKind.WW | EdgeKind.WR | RT, 0),
            new ExistsSpec("strong-snapshot-isolation", EdgeKind.WW | EdgeKind.WR | RT, EdgeKind.RW),
            new ExistsSpec("PL-SS", EdgeKind.DATA | RT, 0));

    /** Search-state flags: the path holds a variant (process/real-time) edge, a wr edge, an rw edge; its last edge is rw; two rw edges met. */
    private static final int HAS_VARIANT = 1;
    private static final int HAS_WR = 2;
    private static final int HAS_RW = 4;
    private static final int LAST_RW = 8;
    private static final int ADJACENT_RW = 16;
    private static final int STATES = 32;

    private final int[] members;
    private final int[] start;
    private final int[] to;
    private final int[] mask;
    private long workLeft;

    private int[] visitStamp;
    private int[] parentState;
    private int[] parentKind;
    private int stamp;

    /** @param localIndex scratch of graph size, -1 everywhere; returned to that state */
    SccAnalysis(DependencyGraph graph, int[] members, int[] localIndex, long work) {
        this.members = members;
        this.workLeft = work;
        for (int i = 0; i < members.length; i++) {
            localIndex[members[i]] = i;
        }
        int n = members.length;
        start = new int[n + 1];
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int e = graph.outStart(members[i]); e < graph.outEnd(members[i]); e++) {
                int j = localIndex[graph.target(e)];
                if (j >= 0) {
                    edges.add(new int[]{i, j, graph.mask(e)});
                    start[i + 1]++;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            start[i + 1] += start[i];
        }
        to = new int[edges.size()];
        mask = new int[edges.size()];
        for (int k = 0; k < edges.size(); k++) {
            to[k] = edges.get(k)[1];
            mask[k] = edges.get(k)[2];
        }
        for (int m : members) {
            localIndex[m] = -1;
        }
    }

    Result analyse() {
        List<String> exists = new ArrayList<>();
        Set<String> impossibleModels = new HashSet<>();
        for (ExistsSpec spec : EXISTS) {
            if (!impossibleModels.contains(spec.model()) && hasCycle(spec.edges(), spec.extension())) {
                exists.add(spec.model() + "-cycle-exists");
                impossibleModels.addAll(ElleRules.allImpossibleModels(List.of(spec.model())));
            }
        }
        List<String> possibleModels = EXISTS.stream().map(ExistsSpec::model)
                .filter(m -> !impossibleModels.contains(m)).toList();
        Set<String> redundant = new HashSet<>(ElleRules.anomaliesProhibitedBy(possibleModels));
        List<Cycle> cycles = new ArrayList<>();
        for (String type : CycleTypes.ALL) {
            if (redundant.contains(type)) {
                continue;
            }
            Cycle c = search(type);
            if (workLeft <= 0) {
                cycles.add(anyCycle());
                return new Result(exists, cycles, true);
            }
            if (c != null) {
                cycles.add(c);
                redundant.addAll(ElleRules.allImpliedAnomalies(List.of(type)));
            }
        }
        return new Result(exists, cycles, false);
    }

    /** Whether the subgraph of these edges (extended by one further step along {@code extension}) has a cycle. */
    private boolean hasCycle(int edges, int extension) {
        int n = members.length;
        List<List<Integer>> adj = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            adj.add(new ArrayList<>());
        }
        for (int x = 0; x < n; x++) {
            for (int e = start[x]; e < start[x + 1]; e++) {
                if ((mask[e] & edges) == 0) {
                    continue;
                }
                int y = to[e];
                adj.get(x).add(y);
                if (extension != 0) {
                    for (int f = start[y]; f < start[y + 1]; f++) {
                        if ((mask[f] & extension) != 0) {
                            if (to[f] == x) {
                                return true;
                            }
                            adj.get(x).add(to[f]);
                        }
                    }
                }
            }
        }
        workLeft -= n;
        return Tarjan.hasNontrivialComponent(adj);
    }

    /** A cycle of exactly this type, or null. */
    private Cycle search(String type) {
        String base = CycleTypes.base(type);
        if (CycleTypes.PREDICATE_BASES.contains(base)) {
            return null;
        }
        int variant = CycleTypes.variantKind(type);
        int closing;
        int allowed;
        switch (base) {
            case "G0" -> {
                closing = EdgeKind.WW;
                allowed = EdgeKind.WW;
            }
            case "G1c" -> {
                closing = EdgeKind.WR;
                allowed = EdgeKind.WW | EdgeKind.WR;
            }
            case "G-single-item" -> {
                closing = EdgeKind.RW;
                allowed = EdgeKind.WW | EdgeKind.WR;
            }
            default -> {
                closing = EdgeKind.RW;
                allowed = EdgeKind.DATA;
            }
        }
        allowed |= variant;
        int n = members.length;
        // Closing edges x -> y, grouped by y: one search from y serves every x.
        List<List<Integer>> closingInto = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            closingInto.add(null);
        }
        for (int x = 0; x < n; x++) {
            for (int e = start[x]; e < start[x + 1]; e++) {
                if (EdgeKind.label(mask[e]) == closing) {
                    if (closingInto.get(to[e]) == null) {
                        closingInto.set(to[e], new ArrayList<>());
                    }
                    closingInto.get(to[e]).add(x);
                }
            }
        }
        for (int y = 0; y < n && workLeft > 0; y++) {
            if (closingInto.get(y) == null) {
                continue;
            }
            int startFlags = (closing == EdgeKind.WR ? HAS_WR : 0) | (closing == EdgeKind.RW ? LAST_RW : 0);
            explore(y, startFlags, allowed, variant, base.equals("G-nonadjacent-item"));
            for (int x : closingInto.get(y)) {
                for (int flags = 0; flags < STATES; flags++) {
                    int state = x * STATES + flags;
                    if (visitStamp[state] == stamp && accepts(base, variant, flags)) {
                        Cycle c = trace(state, closing);
                        if (c != null && CycleTypes.classify(c.kinds()).equals(type)) {
                            return new Cycle(type, c.txns(), c.kinds());
                        }
                    }
                }
            }
        }
        return null;
    }

    private static boolean accepts(String base, int variant, int flags) {
        if (variant != 0 && (flags & HAS_VARIANT) == 0) {
            return false;
        }
        return switch (base) {
            case "G-nonadjacent-item" -> (flags & HAS_RW) != 0 && (flags & LAST_RW) == 0;
            case "G2-item" -> (flags & HAS_RW) != 0 && (flags & (ADJACENT_RW | LAST_RW)) != 0;
            default -> true;
        };
    }

    /** Breadth-first search over (vertex, flags) from y, along edges whose kind is allowed. */
    private void explore(int y, int startFlags, int allowed, int variant, boolean nonadjacent) {
        int n = members.length;
        if (visitStamp == null) {
            visitStamp = new int[n * STATES];
            parentState = new int[n * STATES];
            parentKind = new int[n * STATES];
        }
        stamp++;
        int[] queue = new int[64];
        int head = 0;
        int tail = 0;
        int first = y * STATES + startFlags;
        visitStamp[first] = stamp;
        parentState[first] = -1;
        queue[tail++] = first;
        while (head < tail && workLeft > 0) {
            int state = queue[head++];
            int x = state / STATES;
            int flags = state % STATES;
            workLeft -= start[x + 1] - start[x] + 1;
            for (int e = start[x]; e < start[x + 1]; e++) {
                int kind = EdgeKind.label(mask[e]);
                if ((kind & allowed) == 0 || nonadjacent && kind == EdgeKind.RW && (flags & LAST_RW) != 0) {
                    continue;
                }
                int next = flags & ~LAST_RW;
                if (kind == variant) {
                    next |= HAS_VARIANT;
                } else if (kind == EdgeKind.WR) {
                    next |= HAS_WR;
                } else if (kind == EdgeKind.RW) {
                    next |= HAS_RW | LAST_RW | ((flags & LAST_RW) != 0 ? ADJACENT_RW : 0);
                }
                int nextState = to[e] * STATES + next;
                if (visitStamp[nextState] != stamp) {
                    visitStamp[nextState] = stamp;
                    parentState[nextState] = state;
                    parentKind[nextState] = kind;
                    if (tail == queue.length) {
                        queue = Arrays.copyOf(queue, queue.length * 2);
                    }
                    queue[tail++] = nextState;
                }
            }
        }
    }

    /** The path found to {@code end}, closed by an edge of {@code closing}; null unless it is a simple cycle. */
    private Cycle trace(int end, int closing) {
        List<Integer> vertices = new ArrayList<>();
        List<Integer> kinds = new ArrayList<>();
        kinds.add(closing);
        for (int s = end; s != -1; s = parentState[s]) {
            vertices.add(s / STATES);
            if (parentState[s] != -1) {
                kinds.add(parentKind[s]);
            }
        }
        int size = vertices.size();
        if (new HashSet<>(vertices).size() != size) {
            return null;
        }
        int[] txns = new int[size];
        int[] edgeKinds = new int[size];
        for (int i = 0; i < size; i++) {
            txns[i] = members[vertices.get(size - 1 - i)];
            edgeKinds[i] = kinds.get(size - 1 - i);
        }
        return new Cycle(null, txns, edgeKinds);
    }

    /** Some cycle of the component, named by its edges: what a component whose search ran out still reports. */
    private Cycle anyCycle() {
        workLeft = Long.MAX_VALUE;
        int y = 0;
        explore(y, 0, EdgeKind.DATA | RT | P, -1, false);
        for (int x = 0; x < members.length; x++) {
            for (int e = start[x]; e < start[x + 1]; e++) {
                if (to[e] != y) {
                    continue;
                }
                for (int flags = 0; flags < STATES; flags++) {
                    int state = x * STATES + flags;
                    if (visitStamp[state] == stamp) {
                        Cycle c = trace(state, EdgeKind.label(mask[e]));
                        if (c != null) {
                            return new Cycle(CycleTypes.classify(c.kinds()), c.txns(), c.kinds());
                        }
                    }
                }
            }
        }
        throw new AssertionError("a strongly connected component without a cycle");
    }
}
