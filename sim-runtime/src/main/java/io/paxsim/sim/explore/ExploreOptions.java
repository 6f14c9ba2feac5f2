package io.paxsim.sim.explore;

/**
 * Bounds and switches of a search.
 *
 * @param strategy            bfs (shortest counterexamples), dfs (to a depth bound, or unbounded: the visited set
 *                            ends it), random (seeded walks) or
 *                            delay-bounded (few deviations from a default schedule: {@link DelayBoundedSearch})
 * @param maxDepth            actions per path at most (0: unbounded)
 * @param maxStates           stop after this many unique states (0: unbounded); the result then says so
 * @param maxCrashes          crashes per path
 * @param maxDrops            message losses per path
 * @param maxDuplicates       message duplications per path
 * @param maxTimeouts         timer firings that advance time, per path (bounds elections and heartbeats)
 * @param crashFates          PREFIX: per file, a prefix of the unsynced ops survives, the next may tear;
 *                            ALL: every combination of lost / whole / torn per op
 * @param sleepSets           partial-order reduction (sleep sets): skip re-exploring commuted independent actions
 * @param seed                seed of the random walks
 * @param walks               random walks to run (strategy random)
 * @param walkMix             how walks choose among enabled actions: uniformly, swarm-weighted by kind, or alternating
 * @param persistentSets      partial-order reduction (persistent sets): where the model declares a node's actions
 *                            independent of everything others can do before it acts, explore only those
 * @param fifoLinks           a restriction of the network: each link (sender, receiver) delivers in send order, as
 *                            TCP does; losses and duplicates (bounded as above) still happen
 */
public record ExploreOptions(
        Strategy strategy,
        int maxDepth,
        long maxStates,
        int maxCrashes,
        int maxDrops,
        int maxDuplicates,
        int maxTimeouts,
        CrashFates crashFates,
        boolean sleepSets,
        long seed,
        long walks,
        WalkMix walkMix,
        boolean persistentSets,
        boolean fifoLinks) {

    public enum Strategy { BFS, DFS, RANDOM, DELAY_BOUNDED }

    public enum CrashFates { PREFIX, ALL }

    public enum WalkMix { MIXED, SWARM, UNIFORM }

    public ExploreOptions {
        if (maxDepth < 0 || maxStates < 0 || maxCrashes < 0 || maxDrops < 0 || maxDuplicates < 0 || maxTimeouts < 0
                || walks < 0) {
            throw new IllegalArgumentException("explore bounds must be >= 0");
        }
        if (strategy == null || crashFates == null || walkMix == null) {
            throw new IllegalArgumentException("strategy and crash fates are required");
        }
    }

    public static ExploreOptions defaults() {
        return new ExploreOptions(Strategy.BFS, 0, 0, 0, 0, 0, 4, CrashFates.PREFIX, true, 1, 1000, WalkMix.MIXED, true, false);
    }

    public ExploreOptions withStrategy(Strategy s) {
        return new ExploreOptions(s, maxDepth, maxStates, maxCrashes, maxDrops, maxDuplicates, maxTimeouts, crashFates,
                sleepSets, seed, walks, walkMix, persistentSets, fifoLinks);
    }

    public ExploreOptions withMaxDepth(int d) {
        return new ExploreOptions(strategy, d, maxStates, maxCrashes, maxDrops, maxDuplicates, maxTimeouts, crashFates,
                sleepSets, seed, walks, walkMix, persistentSets, fifoLinks);
    }

    public ExploreOptions withMaxStates(long n) {
        return new ExploreOptions(strategy, maxDepth, n, maxCrashes, maxDrops, maxDuplicates, maxTimeouts, crashFates,
                sleepSets, seed, walks, walkMix, persistentSets, fifoLinks);
    }

    public ExploreOptions withFaults(int crashes, int drops, int duplicates) {
        return new ExploreOptions(strategy, maxDepth, maxStates, crashes, drops, duplicates, maxTimeouts, crashFates,
                sleepSets, seed, walks, walkMix, persistentSets, fifoLinks);
    }

    public ExploreOptions withMaxTimeouts(int t) {
        return new ExploreOptions(strategy, maxDepth, maxStates, maxCrashes, maxDrops, maxDuplicates, t, crashFates,
                sleepSets, seed, walks, walkMix, persistentSets, fifoLinks);
    }

    public ExploreOptions withCrashFates(CrashFates f) {
        return new ExploreOptions(strategy, maxDepth, maxStates, maxCrashes, maxDrops, maxDuplicates, maxTimeouts, f,
                sleepSets, seed, walks, walkMix, persistentSets, fifoLinks);
    }

    public ExploreOptions withSleepSets(boolean on) {
        return new ExploreOptions(strategy, maxDepth, maxStates, maxCrashes, maxDrops, maxDuplicates, maxTimeouts,
                crashFates, on, seed, walks, walkMix, persistentSets, fifoLinks);
    }

    public ExploreOptions withPersistentSets(boolean on) {
        return new ExploreOptions(strategy, maxDepth, maxStates, maxCrashes, maxDrops, maxDuplicates, maxTimeouts,
                crashFates, sleepSets, seed, walks, walkMix, on, fifoLinks);
    }

    public ExploreOptions withFifoLinks(boolean on) {
        return new ExploreOptions(strategy, maxDepth, maxStates, maxCrashes, maxDrops, maxDuplicates, maxTimeouts,
                crashFates, sleepSets, seed, walks, walkMix, persistentSets, on);
    }

    public ExploreOptions withWalkMix(WalkMix mix) {
        return new ExploreOptions(strategy, maxDepth, maxStates, maxCrashes, maxDrops, maxDuplicates, maxTimeouts,
                crashFates, sleepSets, seed, walks, mix, persistentSets, fifoLinks);
    }

    public ExploreOptions withRandomWalks(long walkSeed, long count) {
        return new ExploreOptions(strategy, maxDepth, maxStates, maxCrashes, maxDrops, maxDuplicates, maxTimeouts,
                crashFates, sleepSets, walkSeed, count, walkMix, persistentSets, fifoLinks);
    }
}
