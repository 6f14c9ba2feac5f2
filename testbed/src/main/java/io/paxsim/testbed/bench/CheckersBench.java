package io.paxsim.testbed.bench;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.Checker;
import io.paxsim.checkers.CheckerOptions;
import io.paxsim.checkers.CheckerRegistry;
import io.paxsim.checkers.NilReads;
import io.paxsim.checkers.Verdict;
import io.paxsim.checkers.synthetic.SyntheticHistories;
import io.paxsim.history.History;
import io.paxsim.history.Value;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code paxsim bench checkers}: checked history operations per second for KV linearizability on a
 * 100k-op, 10-process, 1000-key history and strict-serializable list-append on 10k and 100k
 * transactions. The histories are valid by construction ({@link SyntheticHistories}), so every
 * check must do the full search and say OK; any other verdict is printed next to the figure.
 */
final class CheckersBench implements BenchTarget {
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final Duration CHECK_BUDGET = Duration.ofMinutes(5);

    /** One history and the checker that decides it, with what the measurement saw. */
    private static final class Case {
        final String label;
        final History history;
        final Checker checker;
        long checks;
        long nanos;
        String lastStatus = "";

        Case(String label, History history, Checker checker) {
            this.label = label;
            this.history = history;
            this.checker = checker;
        }

        void checkOnce() {
            long start = System.nanoTime();
            Verdict v = checker.check(history, Budget.of(CHECK_BUDGET));
            nanos += System.nanoTime() - start;
            checks++;
            lastStatus = v.status();
        }
    }

    @Override
    public String name() {
        return "checkers";
    }

    @Override
    public String description() {
        return "history ops (invocations + completions) checked/s: kv linearizability on 100k ops, list-append on 10k and 100k txns";
    }

    @Override
    public BenchResult run(BenchOptions options) {
        List<Case> cases = cases(options.seed());
        runFor(cases, options.warmupMillis());
        cases = cases(options.seed());
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long checkedOps = runFor(cases, options.measureMillis());
        long elapsed = System.nanoTime() - start;
        long cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuBefore;
        List<String> perCase = new ArrayList<>();
        for (Case c : cases) {
            perCase.add(String.format(Locale.ROOT, "%s %.0f ms/check (%s, %d checks)", c.label,
                    c.nanos / 1e6 / c.checks, c.lastStatus.toUpperCase(Locale.ROOT), c.checks));
        }
        return new BenchResult(name(), checkedOps, "history ops checked", elapsed, cpuNanos, String.join("; ", perCase));
    }

    private static List<Case> cases(long seed) {
        CheckerOptions kvOptions = new CheckerOptions(Value.of(0), NilReads.VALUE);
        CheckerOptions listOptions = CheckerOptions.defaults().withConsistencyModel("strict-serializable");
        return List.of(
                new Case("kv 100k ops", SyntheticHistories.keyValue(seed, 100_000, 10, 1000),
                        CheckerRegistry.create("kv", kvOptions)),
                new Case("list-append 10k txns", SyntheticHistories.listAppend(seed, 10_000, 5, 10, 32),
                        CheckerRegistry.create("list-append", listOptions)),
                new Case("list-append 100k txns", SyntheticHistories.listAppend(seed, 100_000, 5, 10, 32),
                        CheckerRegistry.create("list-append", listOptions)));
    }

    /** Checks every case in turn until {@code millis} passed (each at least once); returns history ops checked. */
    private static long runFor(List<Case> cases, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long ops = 0;
        do {
            for (Case c : cases) {
                c.checkOnce();
                ops += c.history.size();
            }
        } while (System.nanoTime() < deadline);
        return ops;
    }
}
