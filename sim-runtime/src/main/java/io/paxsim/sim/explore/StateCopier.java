package io.paxsim.sim.explore;

/**
 * Makes an independent copy of a whole explored world, so the explorer can branch from a state
 * without re-executing its path from the root. The runtime cannot copy arbitrary node code
 * itself (nodes have no copy API and the deterministic core uses no reflection); a driver outside
 * supplies one. The copy must behave exactly like the original under every continuation; the
 * explorer's tests check that against re-execution.
 */
public interface StateCopier {
    /**
     * A copy of {@code world} that behaves exactly like it: nothing mutable is shared with the
     * original, except node states marked shared on both (copy-on-write, see {@link #privatize}).
     */
    World copy(World world);

    /**
     * Copy-on-write copiers: the copy and the original may share a node's state (see
     * {@link World#shareNode}); before an action touches shared node {@code node} of {@code world},
     * the world calls this to get a private copy of it, wired to its own world-level objects.
     */
    default void privatize(World world, int node) {
        throw new UnsupportedOperationException("this copier shares no node state");
    }
}
