package io.paxsim.checkers.elle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds, inside one strongly connected component, the most specific cycle Elle would name:
 * G0 (ww only), G1c (ww/wr), G-single-item (exactly one rw), G-nonadjacent-item (several rw, none
 * adjacent), G2-item (any rw) — first with data edges only, then, for real-time models, with
 * real-time edges too (the {@code -realtime} variants). Each search is a breadth-first search
 * from the target of one "closing" edge back to its source, so the cycle found is a shortest one
 * through that edge. The number of closing edges tried per search is capped; whatever is found
 * is named by {@link #classify} from its edges, so a cap can only make a name less specific.
 */
final class CycleSearch {
    /** A cycle: transaction ids in order, and the kind of the edge leaving each one. */
    record Cycle(int[] txns, int[] kinds) {
    }

    private static final int CLOSING_EDGES_TRIED = 256;
    /** Edge visits one component's classification may spend before settling for any cycle. */
    private static final long WORK_PER_COMPONENT = 5_000_000L;

    private final DependencyGraph graph;
    private final int[] componentOf;
    private final int[] visitStamp;
    private final int[] parentVertex;
    private final int[] parentKind;
    private final int[] parentState;
    private int stamp;
    private int[] queue = new int[64];
    private int queueTail;
    private long workLeft;
    private boolean settleForFirst;

    CycleSearch(DependencyGraph graph) {
        this.graph = graph;
        int n = graph.vertexCount();
        componentOf = new int[n];
        Arrays.fill(componentOf, -1);
        visitStamp = new int[4 * n];
        parentVertex = new int[4 * n];
        parentKind = new int[4 * n];
        parentState = new int[4 * n];
    }

    /** The most specific cycle in the component; never null (a component of two or more has a cycle). */
    Cycle find(int componentId, int[] members, boolean realtime) {
        for (int v : members) {
            componentOf[v] = componentId;
        }
        workLeft = WORK_PER_COMPONENT;
        int[] masks = realtime ? new int[]{EdgeKind.DATA, EdgeKind.DATA | EdgeKind.RT} : new int[]{EdgeKind.DATA};
        for (int allowed : masks) {
            int extra = allowed & EdgeKind.RT;
            Cycle c = closing(componentId, members, EdgeKind.WW | extra, EdgeKind.WW | extra, false);
            if (c == null) {
                c = closing(componentId, members, EdgeKind.WR | extra, EdgeKind.WW | EdgeKind.WR | extra, false);
            }
            if (c == null) {
                c = closing(componentId, members, EdgeKind.RW, EdgeKind.WW | EdgeKind.WR | extra, false);
            }
            if (c == null) {
                c = closing(componentId, members, EdgeKind.RW, allowed, true);
            }
            if (c == null) {
                c = closing(componentId, members, EdgeKind.RW, allowed, false);
            }
            if (c != null) {
                return c;
            }
        }
        // Out of specific options: any one cycle will do, named by its edges.
        workLeft = Long.MAX_VALUE;
        settleForFirst = true;
        Cycle any = closing(componentId, members, EdgeKind.DATA | EdgeKind.RT, EdgeKind.DATA | EdgeKind.RT, false);
        settleForFirst = false;
        assert any != null : "a strongly connected component without a cycle";
        return any;
    }

    /**
     * Tries closing edges (u→v) of a kind in {@code closingKinds}, searching v→u over {@code pathKinds}.
     * With {@code nonadjacent}, the path must contain an rw edge and no two rw edges may be adjacent.
     */
    private Cycle closing(int comp, int[] members, int closingKinds, int pathKinds, boolean nonadjacent) {
        Cycle best = null;
        int tried = 0;
        for (int u : members) {
            if (workLeft <= 0 || tried >= CLOSING_EDGES_TRIED || best != null && (settleForFirst || best.txns().length == 2)) {
                break;
            }
            for (int e = graph.outStart(u); e < graph.outEnd(u) && tried < CLOSING_EDGES_TRIED; e++) {
                int v = graph.target(e);
                int kind = preferred(graph.mask(e) & closingKinds);
                if (kind == 0 || componentOf[v] != comp) {
                    continue;
                }
                tried++;
                Cycle c = nonadjacent ? nonadjacentPath(comp, v, u, pathKinds, kind) : path(comp, v, u, pathKinds, kind);
                if (c != null && (best == null || c.txns().length < best.txns().length)) {
                    best = c;
                }
            }
        }
        return best;
    }

    /** Shortest path from → to over edges whose mask meets {@code allowed}, closed by an edge of {@code closingKind}. */
    private Cycle path(int comp, int from, int to, int allowed, int closingKind) {
        stamp++;
        queueTail = 0;
        int head = 0;
        int startState = 4 * from;
        visitStamp[startState] = stamp;
        parentVertex[startState] = -1;
        enqueue(startState);
        while (head < queueTail) {
            int x = queue[head++] >>> 2;
            if (x == to) {
                return trace(to, 0, closingKind);
            }
            workLeft -= graph.outEnd(x) - graph.outStart(x) + 1;
            for (int e = graph.outStart(x); e < graph.outEnd(x); e++) {
                int y = graph.target(e);
                int kind = preferred(graph.mask(e) & allowed);
                if (kind != 0 && componentOf[y] == comp) {
                    visit(4 * y, 4 * x, kind);
                }
            }
        }
        return null;
    }

    /**
     * As {@link #path} for G-nonadjacent: states are (vertex, last edge was rw, used an rw); the
     * closing edge is rw, so the path may neither start nor end with rw.
     */
    private Cycle nonadjacentPath(int comp, int from, int to, int allowed, int closingKind) {
        stamp++;
        queueTail = 0;
        int head = 0;
        int startState = 4 * from + 2;
        visitStamp[startState] = stamp;
        parentVertex[startState] = -1;
        enqueue(startState);
        while (head < queueTail) {
            int state = queue[head++];
            int x = state >>> 2;
            boolean lastRw = (state & 2) != 0;
            int used = state & 1;
            if (x == to && !lastRw && used == 1) {
                return trace(to, state & 3, closingKind);
            }
            workLeft -= graph.outEnd(x) - graph.outStart(x) + 1;
            for (int e = graph.outStart(x); e < graph.outEnd(x); e++) {
                int y = graph.target(e);
                int mask = graph.mask(e) & allowed;
                if (mask == 0 || componentOf[y] != comp) {
                    continue;
                }
                int plain = preferred(mask & ~EdgeKind.RW);
                if (plain != 0) {
                    visit(4 * y + used, state, plain);
                }
                if ((mask & EdgeKind.RW) != 0 && !lastRw) {
                    visit(4 * y + 3, state, EdgeKind.RW);
                }
            }
        }
        return null;
    }

    private void visit(int next, int fromState, int kind) {
        if (visitStamp[next] == stamp) {
            return;
        }
        visitStamp[next] = stamp;
        parentVertex[next] = fromState >>> 2;
        parentState[next] = fromState & 3;
        parentKind[next] = kind;
        enqueue(next);
    }

    private void enqueue(int state) {
        if (queueTail == queue.length) {
            queue = Arrays.copyOf(queue, queue.length * 2);
        }
        queue[queueTail++] = state;
    }

    private Cycle trace(int end, int endState, int closingKind) {
        List<Integer> vertices = new ArrayList<>();
        List<Integer> kinds = new ArrayList<>();
        int v = end;
        int s = endState;
        kinds.add(closingKind);
        vertices.add(end);
        while (parentVertex[4 * v + s] != -1) {
            int idx = 4 * v + s;
            kinds.add(parentKind[idx]);
            v = parentVertex[idx];
            s = parentState[idx];
            vertices.add(v);
        }
        // Walked backwards from the closing edge's source to the path's start; reverse into cycle order.
        int size = vertices.size();
        int[] txns = new int[size];
        int[] edgeKinds = new int[size];
        for (int i = 0; i < size; i++) {
            txns[i] = vertices.get(size - 1 - i);
        }
        for (int i = 0; i < size; i++) {
            edgeKinds[i] = kinds.get(size - 1 - i);
        }
        return new Cycle(txns, edgeKinds);
    }

    /** Labels a multi-kind edge: ww, then wr, then rw, then rt. */
    static int preferred(int mask) {
        if ((mask & EdgeKind.WW) != 0) {
            return EdgeKind.WW;
        }
        if ((mask & EdgeKind.WR) != 0) {
            return EdgeKind.WR;
        }
        if ((mask & EdgeKind.RW) != 0) {
            return EdgeKind.RW;
        }
        return mask & EdgeKind.RT;
    }

    /** Elle's name for a cycle with these edge kinds. */
    static String classify(int[] kinds) {
        int rw = 0;
        boolean wr = false;
        boolean rt = false;
        boolean adjacentRw = false;
        for (int i = 0; i < kinds.length; i++) {
            rw += kinds[i] == EdgeKind.RW ? 1 : 0;
            wr |= kinds[i] == EdgeKind.WR;
            rt |= kinds[i] == EdgeKind.RT;
            adjacentRw |= kinds[i] == EdgeKind.RW && kinds[(i + 1) % kinds.length] == EdgeKind.RW;
        }
        String base;
        if (rw == 0) {
            base = wr ? "G1c" : "G0";
        } else if (rw == 1) {
            base = "G-single-item";
        } else {
            base = adjacentRw ? "G2-item" : "G-nonadjacent-item";
        }
        return rt ? base + "-realtime" : base;
    }
}
