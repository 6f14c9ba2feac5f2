package io.paxsim.testbed.bench;

/**
 * A named in-process benchmark for {@code paxsim bench <name>}: it warms up, measures, and says
 * what its figure is. Register a new one with one entry in {@link BenchTargets}.
 */
public interface BenchTarget {
    /** Stable name used on the command line. */
    String name();

    /** One line for {@code paxsim bench --help}. */
    String description();

    /** Runs the benchmark; warm-up and measurement lengths come from {@code options}. */
    BenchResult run(BenchOptions options);
}
