package io.paxsim.checkers;

import java.time.Duration;

/**
 * What a checker may spend, as counts, so that a history gets the same verdict on any machine:
 * search steps (each one model step or backtrack of the WGL search, summed over a history's
 * partitions) and search memory in bytes (the memo of visited (linearized set, state) pairs, by
 * its own exact accounting, per partition). Out of either is {@link Verdict.Unknown}, never
 * {@link Verdict.Ok}.
 *
 * <p>{@code deadlineNanos} is only an outer guard for people who would rather wait less: a
 * verdict it cuts short says "wall-clock timeout (machine-dependent)". Checkers whose work is
 * polynomial (Elle-style graphs, durability) poll only that guard.
 *
 * @param maxSearchSteps  cap on search steps, summed over partitions
 * @param maxSearchBytes  cap on the bytes one partition's search memo may hold
 * @param deadlineNanos   a {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE} for none
 */
public record Budget(long maxSearchSteps, long maxSearchBytes, long deadlineNanos) {
    /** About 10-60 s of search on a 2020s core; Porcupine's etcd corpus needs under 10^6 per file. */
    public static final long DEFAULT_MAX_SEARCH_STEPS = 1_000_000_000L;
    /** The documented default search-memory cap: 256 MB per partition, within any default JVM heap of 1 GB or more. */
    public static final long DEFAULT_MAX_SEARCH_MEGABYTES = 256;
    private static final long MEGABYTE = 1L << 20;

    public Budget {
        if (maxSearchSteps <= 0 || maxSearchBytes <= 0) {
            throw new IllegalArgumentException("budgets must be positive: " + maxSearchSteps + " steps, " + maxSearchBytes + " bytes");
        }
    }

    /** The default counts, no wall-clock guard: the deterministic budget. */
    public static Budget defaults() {
        return new Budget(DEFAULT_MAX_SEARCH_STEPS, DEFAULT_MAX_SEARCH_MEGABYTES * MEGABYTE, Long.MAX_VALUE);
    }

    /** Same as {@link #defaults()}: every budget is bounded by counts, there is no unbounded search. */
    public static Budget unlimited() {
        return defaults();
    }

    /** The default counts plus a wall-clock guard (machine-dependent; prefer the counts). */
    public static Budget of(Duration wallClockTimeout) {
        return defaults().withWallClockTimeout(wallClockTimeout);
    }

    public Budget withMaxSearchSteps(long steps) {
        return new Budget(steps, maxSearchBytes, deadlineNanos);
    }

    public Budget withMaxSearchMegabytes(long megabytes) {
        if (megabytes <= 0 || megabytes > (Long.MAX_VALUE >> 21)) {
            throw new IllegalArgumentException("search memory must be a positive number of MB: " + megabytes);
        }
        return new Budget(maxSearchSteps, megabytes * MEGABYTE, deadlineNanos);
    }

    public Budget withMaxSearchBytes(long bytes) {
        return new Budget(maxSearchSteps, bytes, deadlineNanos);
    }

    /** Adds a wall-clock guard from now; null or zero means none. */
    public Budget withWallClockTimeout(Duration timeout) {
        if (timeout == null || timeout.isZero()) {
            return new Budget(maxSearchSteps, maxSearchBytes, Long.MAX_VALUE);
        }
        long now = System.nanoTime();
        long nanos = timeout.toNanos();
        return new Budget(maxSearchSteps, maxSearchBytes, Long.MAX_VALUE - now < nanos ? Long.MAX_VALUE : now + nanos);
    }

    public boolean hasWallClockGuard() {
        return deadlineNanos != Long.MAX_VALUE;
    }

    /** True once the wall-clock guard has passed (never without one). */
    public boolean timeExhausted() {
        return deadlineNanos != Long.MAX_VALUE && System.nanoTime() > deadlineNanos;
    }

    /** The words a verdict cut short by {@link #timeExhausted()} must use. */
    public static String wallClockTimeoutText() {
        return "wall-clock timeout (machine-dependent; the step and memory budgets are the deterministic ones)";
    }

    public long maxSearchMegabytes() {
        return maxSearchBytes / MEGABYTE;
    }
}
