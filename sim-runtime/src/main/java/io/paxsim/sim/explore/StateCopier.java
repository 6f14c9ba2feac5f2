package io.paxsim.sim.explore;

/**
 * Makes an independent copy of a whole explored world, so the explorer can branch from a state
 * without re-executing its path from the root. The runtime cannot copy arbitrary node code
 * itself (nodes have no copy API and the deterministic core uses no reflection); a driver outside
 * supplies one. The copy must behave exactly like the original under every continuation; the
 * explorer's tests check that against re-execution.
 */
public interface StateCopier {
    /** A deep copy of {@code world}: nothing mutable is shared with the original. */
    World copy(World world);
}
