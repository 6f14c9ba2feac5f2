package io.paxsim.testbed.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The registry of {@code paxsim bench} targets, in the order {@code --help} lists them. */
public final class BenchTargets {
    private static final Map<String, BenchTarget> TARGETS = new LinkedHashMap<>();

    static {
        register(new RuntimeBench());
        register(new io.paxsim.testbed.pipeline.PipelineBench());
        register(new CheckersBench());
        register(new HistoriesBench());
    }

    private BenchTargets() {
    }

    private static void register(BenchTarget target) {
        if (TARGETS.putIfAbsent(target.name(), target) != null) {
            throw new AssertionError("two bench targets named " + target.name());
        }
    }

    public static Optional<BenchTarget> find(String name) {
        return Optional.ofNullable(TARGETS.get(name));
    }

    public static Map<String, BenchTarget> all() {
        return Collections.unmodifiableMap(TARGETS);
    }

    /** "runtime, pipeline, checkers" — for error messages. */
    public static String names() {
        return String.join(", ", TARGETS.keySet());
    }
}
