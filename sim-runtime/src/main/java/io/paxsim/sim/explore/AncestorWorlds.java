package io.paxsim.sim.explore;

import java.util.ArrayList;
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

    /** {@code fresh}: a new world at the root; {@code copier}: copies kept worlds. */
    AncestorWorlds(Supplier<World> fresh, StateCopier copier) {
        this.fresh = fresh;
        this.copier = copier;
    }

    /**
     * A world of its own at {@code target}; {@code next} is the path of the state that will be
     * asked for next (null if none or unknown): the ancestors the two share are kept for it.
     */
    World worldAt(Explorer.PathNode target, Explorer.PathNode next) {
        int depth = target == null ? 0 : target.depth();
        Explorer.PathNode[] chain = chainOf(target, depth);
        dropNonAncestors(chain, depth);
        int shared = next == null ? -1 : sharedDepth(chain, depth, next);
        World world;
        int from;
        if (nodes.isEmpty()) {
            world = fresh.get();
            from = 0;
        } else {
            int top = nodes.size() - 1;
            from = nodes.get(top).depth();
            if (from <= shared) {
                world = copy(worlds.get(top));
            } else {
                world = worlds.remove(top);
                nodes.remove(top);
            }
        }
        for (int d = from; d < depth; d++) {
            if (d == shared && d > from) {
                keep(chain[d], copy(world));
            }
            apply(world, chain[d + 1].action());
        }
        if (shared == depth && depth > from) {
            keep(target, copy(world));
        }
        return world;
    }

    /** Lets go of every kept world (end of a search). */
    void clear() {
        nodes.clear();
        worlds.clear();
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

    /** Depth of the deepest ancestor {@code next} shares with the target's chain (0: only the root). */
    private static int sharedDepth(Explorer.PathNode[] chain, int depth, Explorer.PathNode next) {
        Explorer.PathNode n = next;
        while (n != null && n.depth() > depth) {
            n = n.parent();
        }
        while (n != null && chain[n.depth()] != n) {
            n = n.parent();
        }
        return n == null ? 0 : n.depth();
    }
}
