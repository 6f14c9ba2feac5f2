package io.paxsim.testbed.hunt;

import io.paxsim.paxos.CoverageMonitor;
import io.paxsim.testbed.pipeline.Failure;
import io.paxsim.testbed.pipeline.Pipeline;
import io.paxsim.testbed.pipeline.RunOptions;
import io.paxsim.testbed.pipeline.RunResult;
import io.paxsim.testbed.pipeline.Scenario;
import io.paxsim.testbed.pipeline.Shrinker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Hunts one protocol build (a planted bug or the correct one) with the ordinary machinery: runs
 * drawn by a {@link HuntPlan}, steered by coverage, in batches of {@link #BATCH} run side by side
 * on a thread pool (each simulation single-threaded), until a checker, monitor or liveness bound
 * fails, the run cap is reached or the wall-clock budget is spent. The first failure in run order
 * is the detection, so which run catches a bug does not depend on the thread count.
 */
public final class Hunter {
    /** Runs drawn with the same steering; fixed, so the draws do not depend on the thread count. */
    public static final int BATCH = 4;

    /**
     * @param huntSeed  root of every draw of the hunt
     * @param budget    wall-clock time to spend before giving up (checked between batches)
     * @param maxRuns   cap on runs (0: none), for deterministic suites
     * @param steer     whether coverage feedback steers the draws
     * @param shrinkRuns re-runs the shrinker may spend on a detection (0: do not shrink)
     * @param livenessNanos the liveness bound of each run
     */
    public record Options(long huntSeed, Duration budget, int maxRuns, boolean steer, int shrinkRuns, long livenessNanos,
                          boolean keepGoing) {
    }

    /** The first failing run. */
    public record Detection(int runIndex, List<String> arms, RunResult result, String caughtBy, double wallSeconds) {
    }

    /**
     * What the hunt found.
     *
     * @param detection the first failure, or null
     * @param shrunk    the smallest failing run the shrinker found (null if not shrunk)
     * @param runs      runs done (all of the detecting batch included)
     * @param ops       client operations invoked over all runs
     * @param simulatedNanos simulated time over all runs
     * @param mutantReached runs in which the planted bug's branch ran
     */
    public record Outcome(String mutant, Detection detection, RunResult shrunk, int runs, long ops, long simulatedNanos,
                          double wallSeconds, long mutantReached, Steering steering, int failures, int harnessErrors) {
        public boolean caught() {
            return detection != null;
        }
    }

    private record Attempt(HuntPlan.Draw draw, RunResult result, String error, double finishedSeconds) {
    }

    private final Pipeline pipeline;
    private final ExecutorService pool;
    private final Options options;
    private final Consumer<String> progress;

    public Hunter(Pipeline pipeline, ExecutorService pool, Options options, Consumer<String> progress) {
        this.pipeline = pipeline;
        this.pool = pool;
        this.options = options;
        this.progress = progress;
    }

    public Outcome hunt(String mutant) {
        HuntPlan plan = new HuntPlan(options.huntSeed(), mutant, options.livenessNanos());
        Steering steering = new Steering(HuntPlan.DIMENSIONS, options.steer());
        long start = System.nanoTime();
        long deadline = start + options.budget().toNanos();
        int runs = 0;
        long ops = 0;
        long simulated = 0;
        long reached = 0;
        int failures = 0;
        int harnessErrors = 0;
        Detection first = null;
        Attempt firstAttempt = null;
        while (System.nanoTime() < deadline && (options.maxRuns() == 0 || runs < options.maxRuns())) {
            List<Attempt> batch = runBatch(plan, steering, runs, start);
            for (Attempt a : batch) {
                runs++;
                if (a.result() != null) {
                    Map<String, Object> metrics = a.result().metrics();
                    ops += ((Number) metrics.getOrDefault("opsInvoked", 0L)).longValue();
                    simulated += a.result().simulatedNanos();
                    Map<String, Long> coverage = coverageOf(a.result());
                    if (coverage.getOrDefault(CoverageMonitor.MUTANT_REACHED, 0L) > 0) {
                        reached++;
                    }
                    coverage.remove(CoverageMonitor.MUTANT_REACHED);
                    steering.record(a.draw().arms(), coverage);
                }
            }
            for (Attempt a : batch) {
                String by = caughtBy(a);
                if (by == null) {
                    continue;
                }
                if (by.equals(Failure.HARNESS_ERROR)) {
                    // A bug in the testbed (a checker or the harness threw), not in the protocol: reported, never a catch.
                    harnessErrors++;
                    progress.accept(mutant + ": harness error in run " + (a.draw().index() + 1) + ": " + describe(a));
                    continue;
                }
                failures++;
                progress.accept(mutant + ": caught by " + by + " in run " + (a.draw().index() + 1) + " after "
                        + String.format("%.1f", a.finishedSeconds()) + " s: " + describe(a));
                if (first == null) {
                    first = new Detection(a.draw().index(), a.draw().arms(), a.result(), by, a.finishedSeconds());
                    firstAttempt = a;
                }
            }
            if (first != null && !options.keepGoing()) {
                break;
            }
            if (runs % 100 < BATCH) {
                progress.accept(mutant + ": " + runs + " runs, " + failures + " failing, " + String.format("%.0f", seconds(start)) + " s");
            }
        }
        if (first == null) {
            progress.accept(mutant + ": nothing found in " + runs + " runs");
        }
        RunResult shrunk = first == null ? null : shrink(firstAttempt);
        return new Outcome(mutant, first, shrunk, runs, ops, simulated, seconds(start), reached, steering, failures,
                harnessErrors);
    }

    private static String describe(Attempt a) {
        if (a.result() == null) {
            return a.error();
        }
        Scenario s = a.result().scenario();
        return "seed " + s.seed() + " variant " + s.variant() + " workload " + s.workload() + " faults " + s.faultProfile()
                + " nodes " + s.nodes() + (s.environment().equals("lan") ? "" : " environment " + s.environment()) + ": "
                + a.result().failure().message();
    }

    private List<Attempt> runBatch(HuntPlan plan, Steering steering, int firstIndex, long start) {
        List<Future<Attempt>> futures = new ArrayList<>();
        for (int i = 0; i < BATCH && (options.maxRuns() == 0 || firstIndex + i < options.maxRuns()); i++) {
            HuntPlan.Draw draw = plan.draw(firstIndex + i, steering);
            futures.add(pool.submit(() -> attempt(draw, start)));
        }
        List<Attempt> out = new ArrayList<>();
        for (Future<Attempt> f : futures) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("hunt interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("hunt run failed: " + e.getCause(), e.getCause());
            }
        }
        return out;
    }

    private Attempt attempt(HuntPlan.Draw draw, long start) {
        try {
            RunResult r = pipeline.run(draw.scenario(), RunOptions.quiet().withCheckerBudget(Duration.ofSeconds(20)));
            return new Attempt(draw, r, null, seconds(start));
        } catch (RuntimeException | AssertionError e) {
            StringBuilder where = new StringBuilder(e.toString());
            StackTraceElement[] stack = e.getStackTrace();
            for (int i = 0; i < Math.min(4, stack.length); i++) {
                where.append(" at ").append(stack[i]);
            }
            Scenario s = draw.scenario();
            where.append(" (run: --seed ").append(s.seed()).append(" --variant ").append(s.variant())
                    .append(" --workload ").append(s.workload()).append(" --faults ").append(s.faultProfile())
                    .append(" --nodes ").append(s.nodes()).append(" --environment ").append(s.environment()).append(")");
            return new Attempt(draw, null, where.toString(), seconds(start));
        }
    }

    private RunResult shrink(Attempt a) {
        if (options.shrinkRuns() <= 0 || a.result() == null) {
            return null;
        }
        try {
            String mutant = a.result().scenario().mutant();
            Shrinker shrinker = new Shrinker(pipeline, options.shrinkRuns(), line -> progress.accept(mutant + ": shrink " + line));
            Shrinker.Shrunk shrunk = shrinker.shrink(a.result().scenario(), a.result().faults());
            progress.accept(String.format("%s: shrunk in %d re-runs, %.1f s%s: faults %d -> %d, simulated %.2f s -> %.2f s%s",
                    mutant, shrunk.runs(), shrunk.wallSeconds(), shrunk.budgetSpent() ? " (budget spent)" : " (fixpoint)",
                    shrunk.original().faults().size(), shrunk.minimal().faults().size(),
                    shrunk.original().simulatedNanos() / 1e9, shrunk.minimal().simulatedNanos() / 1e9,
                    shrunk.overCap() > 0 ? ", " + shrunk.overCap() + " candidates over their cap" : ""));
            return shrunk.minimal();
        } catch (RuntimeException e) {
            progress.accept("shrinking failed: " + e);
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> coverageOf(RunResult r) {
        Object c = r.metrics().get("coverage");
        return c instanceof Map<?, ?> m ? new TreeMap<>((Map<String, Long>) m) : new TreeMap<>();
    }

    /** Which checker, invariant or bound caught the run ({@link Failure#culprit}); null when it passed. */
    static String caughtBy(Attempt a) {
        if (a.result() == null) {
            return Failure.HARNESS_ERROR;
        }
        return a.result().passed() ? null : a.result().failure().culprit();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
