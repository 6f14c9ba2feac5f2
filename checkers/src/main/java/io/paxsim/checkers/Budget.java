package io.paxsim.checkers;

import java.time.Duration;

/**
 * How long and how much memory a checker may spend. Checkers poll {@link #exhausted}; when it is
 * true they return {@link Verdict.Unknown}, never {@link Verdict.Ok}.
 *
 * @param deadlineNanos     a {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE}
 * @param maxSearchStates   cap on memoised search states (a memory bound)
 */
public record Budget(long deadlineNanos, long maxSearchStates) {
    public static final long DEFAULT_MAX_SEARCH_STATES = 4_000_000L;

    public static Budget unlimited() {
        return new Budget(Long.MAX_VALUE, DEFAULT_MAX_SEARCH_STATES);
    }

    public static Budget of(Duration timeout) {
        long now = System.nanoTime();
        long nanos = timeout.toNanos();
        return new Budget(Long.MAX_VALUE - now < nanos ? Long.MAX_VALUE : now + nanos, DEFAULT_MAX_SEARCH_STATES);
    }

    public Budget withMaxSearchStates(long states) {
        return new Budget(deadlineNanos, states);
    }

    public boolean timeExhausted() {
        return deadlineNanos != Long.MAX_VALUE && System.nanoTime() > deadlineNanos;
    }
}
