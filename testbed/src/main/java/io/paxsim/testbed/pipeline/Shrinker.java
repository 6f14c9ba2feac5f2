package io.paxsim.testbed.pipeline;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * Minimises a failing run, re-running the same seed each time: delta debugging (Zeller's ddmin)
 * over the fault schedule's entries, then fewer operations, then a shorter safety phase. A
 * candidate counts as failing when it fails the same way (same {@link Failure.Kind}, and for a
 * correctness failure the same checker or monitor).
 */
public final class Shrinker {
    private final Pipeline pipeline;
    private final int maxRuns;
    private final Consumer<String> progress;
    private int runs;

    public Shrinker(Pipeline pipeline, int maxRuns, Consumer<String> progress) {
        if (maxRuns <= 0) {
            throw new IllegalArgumentException("the shrinker needs at least one run: " + maxRuns);
        }
        this.pipeline = pipeline;
        this.maxRuns = maxRuns;
        this.progress = progress;
    }

    /** The smallest failing run found, with the number of runs it took. */
    public record Shrunk(RunResult original, RunResult minimal, int runs) {
    }

    /** @throws IllegalArgumentException when the run does not fail to begin with */
    public Shrunk shrink(Scenario scenario, FaultPlan plan) {
        RunResult original = attempt(scenario, plan);
        if (original == null || original.passed()) {
            throw new IllegalArgumentException("the run passes; there is nothing to shrink");
        }
        Failure failure = original.failure();
        RunResult best = original;
        best = shrinkFaults(best, plan, failure);
        best = shrinkDuration(best, failure);
        best = shrinkOps(best, failure);
        return new Shrunk(original, best, runs);
    }

    private RunResult shrinkFaults(RunResult best, FaultPlan original, Failure failure) {
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < original.size(); i++) {
            kept.add(i);
        }
        int granularity = 2;
        while (kept.size() >= 1 && runs < maxRuns) {
            List<List<Integer>> chunks = split(kept, Math.min(granularity, kept.size()));
            boolean reduced = false;
            for (int c = 0; c < chunks.size() && runs < maxRuns; c++) {
                List<Integer> complement = new ArrayList<>(kept);
                complement.removeAll(chunks.get(c));
                RunResult r = attempt(best.scenario(), original.keep(bits(complement)));
                if (failsLike(r, failure)) {
                    kept = complement;
                    best = r;
                    granularity = Math.max(granularity - 1, 2);
                    reduced = true;
                    progress.accept("faults: " + kept.size() + " of " + original.size() + " entries still fail");
                    break;
                }
            }
            if (!reduced) {
                if (granularity >= kept.size()) {
                    break;
                }
                granularity = Math.min(kept.size(), granularity * 2);
            }
        }
        return best;
    }

    private RunResult shrinkOps(RunResult best, Failure failure) {
        long ops = best.scenario().opLimit() > 0 ? best.scenario().opLimit()
                : ((Number) best.metrics().get("opsInvoked")).longValue();
        while (ops > 1 && runs < maxRuns) {
            long fewer = ops / 2;
            RunResult r = attempt(best.scenario().withOpLimit(fewer), best.faults());
            if (!failsLike(r, failure)) {
                break;
            }
            best = r;
            ops = fewer;
            progress.accept("ops: " + ops + " still fail");
        }
        return best;
    }

    /** First: end the safety phase just after the last remaining fault; then halve while it still fails. */
    private RunResult shrinkDuration(RunResult best, Failure failure) {
        long safetyEnd = best.healAtNanos() >= 0 ? best.healAtNanos() : best.simulatedNanos();
        long safety = Math.min(best.scenario().safetyNanos(), Math.max(1, safetyEnd));
        long cut = Math.min(safety + 1_000_000L, best.faults().lastEndNanos() + 50_000_000L);
        if (cut < best.scenario().safetyNanos() && runs < maxRuns) {
            RunResult r = attempt(best.scenario().withSafetyNanos(cut), best.faults());
            if (failsLike(r, failure)) {
                best = r;
                safety = cut;
                progress.accept("safety phase: cut to " + (safety / 1_000_000) + " ms (the failure or the last fault), still fails");
            }
        }
        while (safety > 1_000_000 && runs < maxRuns) {
            long shorter = safety / 2;
            RunResult r = attempt(best.scenario().withSafetyNanos(shorter), best.faults());
            if (!failsLike(r, failure)) {
                break;
            }
            best = r;
            safety = shorter;
            progress.accept("safety phase: " + (safety / 1_000_000) + " ms still fails");
        }
        return best;
    }

    private RunResult attempt(Scenario s, FaultPlan plan) {
        runs++;
        return pipeline.run(s, RunOptions.quiet().withFaultPlan(plan));
    }

    /** Same kind of failure; for a correctness failure, found by the same checker (or monitor). */
    private static boolean failsLike(RunResult r, Failure original) {
        if (r == null || r.passed() || r.failure().kind() != original.kind()) {
            return false;
        }
        return original.kind() != Failure.Kind.CORRECTNESS || culprit(r.failure()).equals(culprit(original));
    }

    private static String culprit(Failure f) {
        int colon = f.message().indexOf(':');
        return colon < 0 ? f.message() : f.message().substring(0, colon);
    }

    private static List<List<Integer>> split(List<Integer> items, int parts) {
        List<List<Integer>> chunks = new ArrayList<>(parts);
        int size = items.size();
        for (int p = 0; p < parts; p++) {
            chunks.add(new ArrayList<>(items.subList(p * size / parts, (p + 1) * size / parts)));
        }
        return chunks;
    }

    private static BitSet bits(List<Integer> indices) {
        BitSet b = new BitSet();
        for (int i : indices) {
            b.set(i);
        }
        return b;
    }
}
