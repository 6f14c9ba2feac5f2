package io.paxsim.testbed.pipeline;

import io.paxsim.testbed.bench.BenchOptions;
import io.paxsim.testbed.bench.BenchResult;
import io.paxsim.testbed.bench.BenchTarget;
import io.paxsim.testbed.metrics.PeakLiveHeap;
import io.paxsim.testbed.output.RunFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code paxsim bench pipeline}: the whole pipeline in-process — simulate (with recording),
 * check, and write the run's files (gzipped history) — for 5 replicas under chaos, with the
 * register and list-append workloads, at 10k, 100k and 1M client operations per run. Per row:
 * simulated client ops per wall second and per CPU second, bytes allocated per op (this thread),
 * the peak live heap (heap in use after each GC, the highest seen) and where the time went.
 * A profile of the same runs (JFR) is in testbed/README.md.
 */
public final class PipelineBench implements BenchTarget {
    static final long[] DEFAULT_SIZES = {10_000, 100_000, 1_000_000};
    static final List<String> WORKLOADS = List.of("register", "list-append");
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /**
     * The whole process's CPU time: the bench thread plus the garbage collector's and the JIT's
     * threads. A collector that pauses on its own threads (Serial's run on the VM thread) does not
     * show in the bench thread's clock, so ops per process-CPU-second is the figure that compares
     * collectors honestly; ops per thread-CPU-second is the one that compares code.
     */
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @Override
    public String name() {
        return "pipeline";
    }

    @Override
    public String description() {
        return "whole pipeline (simulate, record, check, write): 5 nodes, chaos, " + String.join(" and ", workloads())
                + ", " + sizesLabel() + " ops; ops/s, bytes/op, peak heap, phases";
    }

    /** The sizes measured as the header names them: 10k/100k/1M by default, or what -Dpaxsim.bench.sizes chose. */
    static String sizesLabel() {
        return java.util.Arrays.stream(sizes()).mapToObj(PipelineBench::countLabel)
                .collect(java.util.stream.Collectors.joining("/"));
    }

    static String countLabel(long n) {
        if (n % 1_000_000 == 0) {
            return n / 1_000_000 + "M";
        }
        return n % 1_000 == 0 ? n / 1_000 + "k" : Long.toString(n);
    }

    static Scenario scenario(String workload, long ops, long seed) {
        return Scenario.defaults(seed).withNodes(5).withOpLimit(ops).withFaultProfile("chaos").withWorkload(workload)
                .withSafetyNanos(3_600_000_000_000L);
    }

    /** One row of the report. */
    record Row(String workload, long opsPerRun, int runs, long ops, long wallNanos, long cpuNanos, long processCpuNanos,
               long gcMillis, long jitMillis, long allocatedBytes, long peakLiveBytes, Map<String, Long> phaseNanos,
               Map<String, Integer> notPassing) {
        String format() {
            long phaseTotal = phaseNanos.values().stream().mapToLong(Long::longValue).sum();
            StringBuilder phases = new StringBuilder();
            phaseNanos.forEach((phase, nanos) -> phases.append(String.format(Locale.ROOT, " %s %.0f%%", phase,
                    100.0 * nanos / Math.max(1, phaseTotal))));
            return String.format(Locale.ROOT, "  %-11s %9d ops/run x%-3d %,10.0f ops/s wall %,10.0f ops/CPU-s %,10.0f ops/process-CPU-s"
                            + " (wall: GC pauses %.1f s, JIT compiling %.1f s) %,7.0f B/op  peak live heap %,5.0f MB  |%s%s",
                    workload, opsPerRun, runs, ops / (wallNanos / 1e9), ops / (Math.max(1, cpuNanos) / 1e9),
                    ops / (Math.max(1, processCpuNanos) / 1e9), gcMillis / 1e3, jitMillis / 1e3, (double) allocatedBytes / ops, peakLiveBytes / 1e6, phases, notPassing.isEmpty() ? ""
                            : "  NOT PASSING: " + notPassingText());
        }

        /** Runs that did not pass, by outcome: "1 of 3 runs: kv UNKNOWN x1". */
        String notPassingText() {
            StringBuilder sb = new StringBuilder().append(notPassing.values().stream().mapToInt(Integer::intValue).sum())
                    .append(" of ").append(runs).append(" runs:");
            notPassing.forEach((outcome, n) -> sb.append(' ').append(outcome).append(" x").append(n));
            return sb.toString();
        }

        int notPassingRuns() {
            return notPassing.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** What kept a run from passing: the failure's culprit and kind, or each checker that could not decide. */
    static String outcome(RunResult r) {
        if (r.failure() != null) {
            return r.failure().culprit() + " " + r.failure().kind();
        }
        StringBuilder sb = new StringBuilder();
        for (io.paxsim.checkers.Verdict v : r.verdicts()) {
            if (v instanceof io.paxsim.checkers.Verdict.Unknown u) {
                sb.append(sb.isEmpty() ? "" : ",").append(u.checker()).append(" UNKNOWN");
            }
        }
        return sb.toString();
    }

    @Override
    public BenchResult run(BenchOptions options) {
        PhaseClock clock = new PhaseClock();
        Pipeline pipeline = StandardPipeline.create().withPhaseListener(clock::enter);
        Path scratch = scratchDir();
        try {
            long seed = options.seed();
            // Warm-up and measurement count this thread's CPU time, not wall time: on a shared machine
            // a wall-clock warm-up can end before the JIT has compiled anything.
            long warmupEnd = THREADS.getCurrentThreadCpuTime() + options.warmupMillis() * 1_000_000L;
            while (THREADS.getCurrentThreadCpuTime() < warmupEnd) {
                runOnce(pipeline, clock, scratch, scenario(WORKLOADS.get((int) (seed % 2)), 10_000, seed++));
            }
            seed = measuredSeed(seed);
            List<Row> rows = new ArrayList<>();
            long totalOps = 0;
            long totalWall = 0;
            long totalCpu = 0;
            long totalProcessCpu = 0;
            int notPassing = 0;
            for (long size : sizes()) {
                for (String workload : workloads()) {
                    Row row = measure(pipeline, clock, scratch, workload, size, seed, options.measureMillis());
                    seed += row.runs();
                    rows.add(row);
                    totalOps += row.ops();
                    totalWall += row.wallNanos();
                    totalCpu += row.cpuNanos();
                    totalProcessCpu += row.processCpuNanos();
                    notPassing += row.notPassingRuns();
                    System.out.println(row.format());
                }
            }
            String detail = String.format(Locale.ROOT, "%,.0f per process-CPU-second (GC and JIT threads included, %s); ",
                    totalOps / (Math.max(1, totalProcessCpu) / 1e9), collectors())
                    + rows.size() + " rows above; phases from the pipeline's phase boundaries, write = run files"
                    + (notPassing == 0 ? "" : "; " + notPassing + " runs did NOT pass (their rows say how)");
            return new BenchResult(name(), totalOps, "simulated client ops", totalWall, totalCpu, detail);
        } finally {
            deleteQuietly(scratch);
        }
    }

    /**
     * The first measured run's seed: the one after the warm-up's runs, or {@code -Dpaxsim.bench.measuredSeed=N}.
     * How many warm-up runs fit its CPU time varies between machines, loads and jars, and so would the
     * measured runs; a 1M-op row is one run, so two jars or two JVM flag sets compare the same run only
     * with the seed named.
     */
    static long measuredSeed(long afterWarmup) {
        String given = System.getProperty("paxsim.bench.measuredSeed");
        return given == null || given.isBlank() ? afterWarmup : Long.parseLong(given.trim());
    }

    /** Workloads to measure: {@code -Dpaxsim.bench.workloads=register} narrows the default register, list-append. */
    static List<String> workloads() {
        String given = System.getProperty("paxsim.bench.workloads");
        if (given == null || given.isBlank()) {
            return WORKLOADS;
        }
        List<String> chosen = java.util.Arrays.stream(given.split(",")).map(String::trim).toList();
        for (String w : chosen) {
            if (!WORKLOADS.contains(w)) {
                throw new IllegalArgumentException("paxsim.bench.workloads: " + w + " is not one of " + WORKLOADS);
            }
        }
        return chosen;
    }

    /** Sizes to measure: {@code -Dpaxsim.bench.sizes=10000,100000} narrows the default 10k, 100k, 1M. */
    static long[] sizes() {
        String given = System.getProperty("paxsim.bench.sizes");
        if (given == null || given.isBlank()) {
            return DEFAULT_SIZES;
        }
        return java.util.Arrays.stream(given.split(",")).mapToLong(s -> Long.parseLong(s.trim())).toArray();
    }

    private static Row measure(Pipeline pipeline, PhaseClock clock, Path scratch, String workload, long size, long seed,
                               long measureMillis) {
        System.gc();
        long liveAtStart = PeakLiveHeap.usedBytesNow();
        PeakLiveHeap peak = PeakLiveHeap.start();
        clock.reset();
        long tid = Thread.currentThread().getId();
        long allocBefore = THREADS.getThreadAllocatedBytes(tid);
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        long processCpuBefore = PROCESS.getProcessCpuTime();
        long gcBefore = gcMillis();
        long jitBefore = jitMillis();
        long start = System.nanoTime();
        long deadline = cpuBefore + measureMillis * 1_000_000L;
        long ops = 0;
        int runs = 0;
        Map<String, Integer> notPassing = new TreeMap<>();
        do {
            RunResult r = runOnce(pipeline, clock, scratch, scenario(workload, size, seed + runs));
            ops += ((Number) r.metrics().get("opsInvoked")).longValue();
            if (!r.passed() || r.unknown()) {
                String outcome = outcome(r);
                notPassing.merge(outcome, 1, Integer::sum);
                System.err.printf(Locale.ROOT, "bench pipeline: seed %d did not pass (%s: %s); replay: ./paxsim run"
                        + " --nodes 5 --faults chaos --workload %s --ops %d --duration 3600s --seed %d%n", seed + runs,
                        outcome, r.failure() != null ? r.failure().message() : r.verdicts().stream()
                                .filter(v -> v instanceof io.paxsim.checkers.Verdict.Unknown).map(Object::toString)
                                .findFirst().orElse(""), workload, size, seed + runs);
            }
            runs++;
        } while (THREADS.getCurrentThreadCpuTime() < deadline);
        long wall = System.nanoTime() - start;
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuBefore;
        long processCpu = PROCESS.getProcessCpuTime() - processCpuBefore;
        long allocated = THREADS.getThreadAllocatedBytes(tid) - allocBefore;
        return new Row(workload, size, runs, ops, wall, cpu, processCpu, gcMillis() - gcBefore, jitMillis() - jitBefore, allocated,
                stopPeak(peak, liveAtStart), clock.totals(), notPassing);
    }

    /** Wall time of every collection so far (pauses; concurrent cycles too, for collectors that report them). */
    private static long gcMillis() {
        long total = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /**
     * Time the JIT's compiler threads have spent compiling so far, summed over the threads: wall time,
     * so on a loaded machine, where they wait for a core, it exceeds the CPU they used.
     */
    private static long jitMillis() {
        var jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** The collectors this JVM runs ("G1 Young Generation, G1 Old Generation" and the like), for the report. */
    static String collectors() {
        return String.join(", ", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.MemoryManagerMXBean::getName).toList());
    }

    /**
     * One run, its files written to a new directory as {@code paxsim run} writes them (replacing the
     * previous run's files instead makes ext4 flush each replaced file at the rename, a cost real
     * runs do not pay); the previous run's directory is deleted after the write phase.
     */
    private static RunResult runOnce(Pipeline pipeline, PhaseClock clock, Path scratch, Scenario s) {
        RunResult r = pipeline.run(s, RunOptions.quiet());
        clock.enter("write");
        Path dir = scratch.resolve("run-" + s.seed() + "-" + s.opLimit() + "-" + s.workload());
        try {
            Files.createDirectories(dir);
            RunFiles.writeRun(dir, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        clock.enter(null);
        deleteQuietly(dir);
        return r;
    }

    /** Wall time per phase, from the pipeline's phase boundaries. */
    private static final class PhaseClock {
        private final Map<String, Long> totals = new TreeMap<>();
        private String current;
        private long since;

        void enter(String phase) {
            long now = System.nanoTime();
            if (current != null) {
                totals.merge(current, now - since, Long::sum);
            }
            current = phase;
            since = now;
        }

        void reset() {
            totals.clear();
            current = null;
        }

        Map<String, Long> totals() {
            return new TreeMap<>(totals);
        }
    }

    private static long stopPeak(PeakLiveHeap peak, long liveAtStart) {
        peak.close();
        return Math.max(liveAtStart, peak.peakBytes());
    }

    private static Path scratchDir() {
        try {
            return Files.createTempDirectory("paxsim-bench-pipeline-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
