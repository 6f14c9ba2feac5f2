package io.paxsim.sim.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Worlds kept along one chain of a bfs level's path tree (each state's path is the one that first
 * reached it), so the next state to expand is built from its deepest kept ancestor, copied, plus
 * the rest of its path, instead of re-executing its whole path from the root.
 *
 * <p>Why it pays: a level's states come in the order their parents were expanded, so consecutive
 * states share long path prefixes (siblings share all but the last action). Looking one state
 * ahead, the world at the deepest ancestor the next state shares is copied and kept before the
 * walk moves past it; a kept world no later state shares is handed over instead of copied. A
 * level of N states then costs about N copies and its path tree's edges in actions, where
 * re-execution costs N times the depth. Only the chain to the current state is kept (at most
 * depth worlds alive), unlike keeping every frontier state's world (`--branch keep`, gigabytes).
 *
 * <p>Sound because worlds are deterministic: a copy behaves as its original ({@link StateCopier}),
 * and applying the rest of an explored path to its ancestor's world is re-executing that path.
 */
final class AncestorWorlds {
    private final Supplier<World> fresh;
    private final StateCopier copier;
    private final ArrayList<Explorer.PathNode> nodes = new ArrayList<>();
    private final ArrayList<World> worlds = new ArrayList<>();
    /** The planned order of states (see {@link #plan}) and, per state, the depth it shares with the next (-1: none). */
    private List<Explorer.PathNode> order = List.of();
    private int[] sharedWithNext = new int[0];

    /** {@code fresh}: a new world at the root; {@code copier}: copies kept worlds. */
    AncestorWorlds(Supplier<World> fresh, StateCopier copier) {
        this.fresh = fresh;
        this.copier = copier;
    }

    /**
     * The states to be asked for next, in order ({@link #worldAt(int)} takes an index into it; a
     * last extra entry may name the state after them). With the whole order known, the walk to a
     * state keeps the world at every ancestor a later state will branch from, not only the one
     * the next state shares.
     */
    void plan(List<Explorer.PathNode> order) {
        this.order = order;
        this.sharedWithNext = new int[order.size()];
        for (int i = 0; i + 1 < order.size(); i++) {
            sharedWithNext[i] = sharedDepth(order.get(i), order.get(i + 1));
        }
        if (!order.isEmpty()) {
            sharedWithNext[order.size() - 1] = -1;
        }
    }

    /**
     * A world of its own at state {@code index} of the {@link #plan planned} order. The ancestors
     * later states branch from are kept: in this order (each state's path is the one that first
     * reached it, states in the order their parents were expanded) a later state shares with this
     * one the smallest of the depths consecutive states share between them, so the depths kept are
     * the running minima of those, looking ahead until one is already kept.
     */
    World worldAt(int index) {
        Explorer.PathNode target = order.get(index);
        int depth = target == null ? 0 : target.depth();
        Explorer.PathNode[] chain = chainOf(target, depth);
        dropNonAncestors(chain, depth);
        World world;
        int from;
        if (nodes.isEmpty()) {
            world = fresh.get();
            from = 0;
        } else {
            int top = nodes.size() - 1;
            from = nodes.get(top).depth();
            world = null;
        }
        boolean[] keepAt = new boolean[depth + 1];
        boolean keepTop = false;
        int min = Integer.MAX_VALUE;
        for (int j = index; j < order.size() && sharedWithNext[j] >= 0; j++) {
            int shared = Math.min(sharedWithNext[j], depth);
            if (shared < min) {
                min = shared;
                if (min < from) {
                    break;
                }
                if (min == from) {
                    keepTop = true;
                    break;
                }
                keepAt[min] = true;
            }
        }
        if (world == null) {
            int top = nodes.size() - 1;
            if (keepTop) {
                world = copy(worlds.get(top));
            } else {
                world = worlds.remove(top);
                nodes.remove(top);
            }
        }
        for (int d = from; d < depth; d++) {
            if (keepAt[d] && d > from) {
                keep(chain[d], copy(world));
            }
            apply(world, chain[d + 1].action());
        }
        if (keepAt[depth] && depth > from) {
            keep(target, copy(world));
        }
        return world;
    }

    /** Lets go of every kept world (end of a search). */
    void clear() {
        nodes.clear();
        worlds.clear();
        order = List.of();
        sharedWithNext = new int[0];
    }

    private World copy(World world) {
        return copier.copy(world);
    }

    private void apply(World world, Action action) {
        world.apply(action);
        if (world.violation() != null) {
            throw new IllegalStateException("re-execution of an explored path violated a property early: the model is "
                    + "not deterministic (" + world.violation() + ")");
        }
    }

    private void keep(Explorer.PathNode node, World world) {
        nodes.add(node);
        worlds.add(world);
    }

    /** chain[d]: the ancestor of {@code target} at depth d (chain[0] the root, null), chain[depth] target itself. */
    private static Explorer.PathNode[] chainOf(Explorer.PathNode target, int depth) {
        Explorer.PathNode[] chain = new Explorer.PathNode[depth + 1];
        for (Explorer.PathNode p = target; p != null; p = p.parent()) {
            chain[p.depth()] = p;
        }
        return chain;
    }

    /** Pops kept worlds that are not ancestors of the target (no later state in this order needs them). */
    private void dropNonAncestors(Explorer.PathNode[] chain, int depth) {
        while (!nodes.isEmpty()) {
            int top = nodes.size() - 1;
            Explorer.PathNode n = nodes.get(top);
            if (n.depth() <= depth && chain[n.depth()] == n) {
                return;
            }
            nodes.remove(top);
            worlds.remove(top);
        }
    }

    /** Depth of the deepest common ancestor of two states (0: only the root). */
    static int sharedDepth(Explorer.PathNode a, Explorer.PathNode b) {
        Explorer.PathNode x = a;
        Explorer.PathNode y = b;
        while (x != null && y != null && x.depth() > y.depth()) {
            x = x.parent();
        }
        while (x != null && y != null && y.depth() > x.depth()) {
            y = y.parent();
        }
        while (x != y) {
            x = x.parent();
            y = y.parent();
        }
        return x == null ? 0 : x.depth();
    }
}
