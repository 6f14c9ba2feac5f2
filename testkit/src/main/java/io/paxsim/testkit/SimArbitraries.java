package io.paxsim.testkit;

import io.paxsim.faults.ScheduleEntry;
import io.paxsim.paxos.Variants;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.List;

/**
 * jqwik arbitraries for what a run is made of. Each shrinks toward the simple end: seed 0, the
 * first cluster size, variant and workload given, fewer faults, each starting earlier and lasting
 * shorter, a shorter run. Use them from an {@code @Provide} method:
 *
 * <pre>{@code
 * @Provide Arbitrary<SimRun> runs() { return SimArbitraries.runs(); }
 * }</pre>
 */
public final class SimArbitraries {
    /** Shortest fault jqwik shrinks a duration to. */
    public static final long MIN_FAULT_NANOS = 1_000_000L;

    private SimArbitraries() {
    }

    /** Any seed; the simulator's PRNG derives every choice inside the run from it. */
    public static Arbitrary<Long> seeds() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE / 2);
    }

    public static Arbitrary<Integer> clusterSizes(Integer... sizes) {
        return Arbitraries.of(sizes);
    }

    /** Paxos variants by name (see {@code paxsim run --list}); all of them when none are given. */
    public static Arbitrary<String> variants(String... names) {
        return Arbitraries.of(names.length == 0 ? Variants.names() : List.of(names));
    }

    public static Arbitrary<String> workloads(String... names) {
        return Arbitraries.of(names);
    }

    /** A run's safety phase between {@code minMillis} and {@code maxMillis}, shrinking toward the shorter. */
    public static Arbitrary<Long> safetyNanos(long minMillis, long maxMillis) {
        return Arbitraries.longs().between(minMillis, maxMillis).map(ms -> ms * 1_000_000L);
    }

    /** One fault from {@code menu} that starts within {@code horizonNanos} and lasts up to {@code maxDurationNanos}. */
    public static Arbitrary<ScheduleEntry> faults(FaultMenu menu, long horizonNanos, long maxDurationNanos) {
        Arbitrary<Long> starts = Arbitraries.longs().between(0, horizonNanos / 1_000_000L).map(ms -> ms * 1_000_000L);
        Arbitrary<Long> durations = Arbitraries.longs().between(MIN_FAULT_NANOS / 1_000_000L, maxDurationNanos / 1_000_000L)
                .map(ms -> ms * 1_000_000L);
        Arbitrary<Long> entrySeeds = Arbitraries.longs().between(0, Long.MAX_VALUE / 2);
        return Combinators.combine(starts, menu.arbitrary(), durations, entrySeeds)
                .as((start, ft, duration, seed) -> new ScheduleEntry(start, ft.fault(), ft.target(), duration, seed));
    }

    /** Up to {@code maxFaults} faults: as data, so jqwik drops entries, moves them earlier and shortens them. */
    public static Arbitrary<List<ScheduleEntry>> faultSchedules(FaultMenu menu, long horizonNanos, int maxFaults) {
        return faults(menu, horizonNanos, Math.max(MIN_FAULT_NANOS, horizonNanos / 2)).list().ofMaxSize(maxFaults);
    }

    /**
     * Runs of the Paxos log: 3 or 5 replicas, any variant, the register or list-append workload,
     * 200-800 ms of safety phase under up to 6 faults from every menu.
     */
    public static Arbitrary<SimRun> runs() {
        return runs(FaultMenu.ALL, 6, clusterSizes(3, 5), variants(), workloads("register", "list-append"));
    }

    /** Runs with the given parts: 200-800 ms of safety phase, 4 clients, faults within the run's own length. */
    public static Arbitrary<SimRun> runs(FaultMenu menu, int maxFaults, Arbitrary<Integer> sizes, Arbitrary<String> variants,
                                         Arbitrary<String> workloads) {
        return runs(menu, maxFaults, sizes, variants, workloads, 200, 800);
    }

    /** Runs with the given parts and a safety phase of {@code minMillis}..{@code maxMillis} (shrinking toward the shorter). */
    public static Arbitrary<SimRun> runs(FaultMenu menu, int maxFaults, Arbitrary<Integer> sizes, Arbitrary<String> variants,
                                         Arbitrary<String> workloads, long minMillis, long maxMillis) {
        return Combinators.combine(seeds(), sizes, variants, workloads, safetyNanos(minMillis, maxMillis))
                .flatAs((seed, n, v, w, safety) -> faultSchedules(menu, safety, maxFaults)
                        .map(faults -> new SimRun(seed, n, v, w, 4, safety, faults)));
    }
}
