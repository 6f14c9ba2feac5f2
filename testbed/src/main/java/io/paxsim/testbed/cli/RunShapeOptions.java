package io.paxsim.testbed.cli;

import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * The options a single run (run, replay, demo) and every run of a sweep share, with the same
 * defaults and checks: cluster size, clients, planted bug, liveness bound, checker guard.
 * ({@code explore} has options of these names with other defaults and meanings: not these.)
 */
final class RunShapeOptions {
    @Option(names = "--nodes", description = "Replicas (default: ${DEFAULT-VALUE}).", defaultValue = "5")
    int nodes;

    @Option(names = "--clients", description = "Client processes (default: ${DEFAULT-VALUE}).", defaultValue = "10")
    int clients;

    @Option(names = "--mutant", description = "A planted bug, e.g. local-read (see `paxsim run --list`) (default: ${DEFAULT-VALUE}).",
            defaultValue = "none")
    String mutant;

    @Option(names = "--liveness-bound", description = "After healing, pending ops and final reads must finish within this "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "30s")
    String livenessBound;

    @Option(names = "--checker-timeout", description = "Optional wall-clock guard per checker (default: none). Checkers are bounded "
            + "by deterministic step/memory budgets, so a verdict replays identically; this guard is machine-dependent.")
    String checkerTimeout;

    void requireValidSizes() {
        if (nodes < 1 || nodes > 15) {
            throw new UserError("--nodes must be between 1 and 15, got " + nodes);
        }
        if (clients < 1 || clients > 1000) {
            throw new UserError("--clients must be between 1 and 1000, got " + clients);
        }
    }

    long livenessNanos() {
        return Durations.parseNanos("--liveness-bound", livenessBound);
    }

    /** The checker guard, or null for none. */
    Duration checkerBudget() {
        return checkerTimeout == null ? null : Duration.ofNanos(Durations.parseNanos("--checker-timeout", checkerTimeout));
    }
}
