package io.paxsim.testbed.pipeline;

import io.paxsim.testbed.bench.BenchOptions;
import io.paxsim.testbed.bench.BenchResult;
import io.paxsim.testbed.bench.BenchTarget;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * {@code paxsim bench pipeline}: the whole pipeline in-process after warm-up: 5 replicas, 10,000
 * client operations, the chaos profile, every checker the workload names. The figure is
 * simulated client operations per wall-clock second (target: 40,000, a run in 0.25 s).
 */
public final class PipelineBench implements BenchTarget {
    static final long OPS_PER_RUN = 10_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Override
    public String name() {
        return "pipeline";
    }

    @Override
    public String description() {
        return "whole pipeline: 5 nodes, 10,000 ops, chaos, all checkers; simulated client ops per wall second";
    }

    static Scenario scenario(long seed) {
        return Scenario.defaults(seed).withNodes(5).withOpLimit(OPS_PER_RUN).withFaultProfile("chaos");
    }

    @Override
    public BenchResult run(BenchOptions options) {
        Pipeline pipeline = StandardPipeline.create();
        long seed = options.seed();
        long warmupEnd = System.nanoTime() + options.warmupMillis() * 1_000_000L;
        while (System.nanoTime() < warmupEnd) {
            pipeline.run(scenario(seed++), RunOptions.quiet());
        }
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long deadline = start + options.measureMillis() * 1_000_000L;
        long ops = 0;
        int runs = 0;
        int failed = 0;
        long slowestNanos = 0;
        long now = start;
        while (runs == 0 || now < deadline) {
            long runStart = now;
            RunResult r = pipeline.run(scenario(seed++), RunOptions.quiet());
            ops += ((Number) r.metrics().get("opsInvoked")).longValue();
            runs++;
            failed += r.passed() && !r.unknown() ? 0 : 1;
            now = System.nanoTime();
            slowestNanos = Math.max(slowestNanos, now - runStart);
        }
        long cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuBefore;
        String detail = String.format(Locale.ROOT, "%d runs, mean %.0f ms per 10k-op run, slowest %.0f ms, %d not passing",
                runs, (now - start) / 1e6 / runs, slowestNanos / 1e6, failed);
        return new BenchResult(name(), ops, "simulated client ops", now - start, cpuNanos, detail);
    }
}
