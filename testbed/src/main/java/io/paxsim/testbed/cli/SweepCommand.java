package io.paxsim.testbed.cli;

import io.paxsim.testbed.pipeline.PaxosClusters;
import io.paxsim.testbed.pipeline.RunOptions;
import io.paxsim.testbed.pipeline.ScheduledFaults;
import io.paxsim.testbed.sweep.Shard;
import io.paxsim.testbed.sweep.SweepOutputs;
import io.paxsim.testbed.sweep.SweepProgress;
import io.paxsim.testbed.output.StatusLine;
import io.paxsim.testbed.sweep.SweepRunner;
import io.paxsim.testbed.sweep.SweepSpec;
import io.paxsim.testbed.sweep.SweepSummary;
import io.paxsim.testbed.sweep.SweepTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code paxsim sweep}: every variant × fault profile × workload × seed, in parallel, resumable, shardable. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run every combination of variants, fault profiles, workloads and seeds; write results.jsonl, "
                + "results.csv, summary.json and report.html to --out.",
            "Runs in parallel (--jobs); results are the same whatever --jobs. Re-run the same command to resume a killed sweep.",
            "Shards: --shard i/n, or JOB_COMPLETION_INDEX with --shards N (or PAXSIM_SHARDS); combine with `paxsim sweep-merge`."})
public final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--variants", split = ",", description = "Protocol variants (default: ${DEFAULT-VALUE}).", defaultValue = "majority")
    List<String> variants;

    @Option(names = "--faults", split = ",", description = "Fault profiles; a nemesis mix uses + between nemeses, "
            + "e.g. isolate-leader+crash-random@0.5 (default: ${DEFAULT-VALUE}).", defaultValue = "none")
    List<String> faults;

    @Option(names = "--workloads", split = ",", description = "Workloads (default: ${DEFAULT-VALUE}).", defaultValue = "register")
    List<String> workloads;

    @Option(names = "--seeds", description = "Seed range A..B (inclusive) or one seed (default: ${DEFAULT-VALUE}).", defaultValue = "0..99")
    String seeds;

    @Option(names = "--duration", description = "Safety phase of each run, simulated (default: ${DEFAULT-VALUE}).", defaultValue = "3s")
    String duration;

    @Option(names = "--ops", description = "Stop issuing after this many operations per run; the final reads after the heal come on top "
            + "(default: the duration decides).")
    Long ops;

    /** Each run's shape, as `run` takes it. */
    @Mixin
    RunShapeOptions shape = new RunShapeOptions();

    @Option(names = "--jobs", description = "Runs at once (default: the number of cores).")
    Integer jobs;

    @Option(names = "--shard", description = "Run only shard i of n (i from 0): every n-th run.")
    String shard;

    @Option(names = "--shards", description = "Shard count when the index comes from JOB_COMPLETION_INDEX (Kubernetes Indexed Job).")
    Integer shards;

    @Option(names = "--out", required = true, description = "Sweep directory (created; an existing one with the same sweep is resumed); "
            + "{shard} in it becomes the shard index.")
    String outOption;

    private Path out;

    @Option(names = "--quiet", description = "No progress line.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        SweepSpec sweep = sweepSpec();
        Shard myShard = shard();
        out = Path.of(outOption.replace("{shard}", Integer.toString(myShard.index())));
        int threads = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (threads < 1 || threads > 1024) {
            throw new UserError("--jobs must be between 1 and 1024, got " + threads);
        }
        RunOptions options = RunOptions.quiet().withCheckerBudget(shape.checkerBudget());
        SweepRunner runner = new SweepRunner(PaxosClusters::create, ScheduledFaults::plan, RunExecution::replayCommand, options);
        try {
            runner.validate(sweep);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        try (AutoCloseable lock = lockOrExplain(out)) {
            return runLocked(runner, sweep, myShard, threads);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static AutoCloseable lockOrExplain(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError("--out " + dir + " is a file, not a directory");
        }
        try {
            return SweepRunner.lock(dir);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private int runLocked(SweepRunner runner, SweepSpec sweep, Shard myShard, int threads) throws IOException {
        try {
            SweepRunner.prepare(out, sweep, myShard);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        int mine = sweep.cells(myShard).size();
        System.err.printf("sweep: %d runs%s on %d thread%s, writing %s%n", mine,
                myShard.whole() ? "" : " (shard " + myShard + " of " + sweep.cellCount() + ")", threads, threads == 1 ? "" : "s", out);
        SweepRunner.Outcome o;
        SweepProgress progress = null;
        try {
            progress = new SweepProgress(System.err, !quiet && StatusLine.stderrIsTerminal(), 0);
            SweepProgress p = progress;
            o = runner.run(sweep, myShard, threads, out, quiet ? (d, t, v) -> { } : p::update);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
        if (o.resumed() > 0 || o.tornBytes() > 0) {
            System.err.printf("sweep: resumed: %d runs were already done%s%n", o.resumed(),
                    o.tornBytes() > 0 ? " (cut a torn last line of " + o.tornBytes() + " bytes)" : "");
        }
        SweepSummary summary = SweepOutputs.write(out, sweep, o.rows());
        PrintWriter stdout = spec.commandLine().getOut();
        SweepTable.print(stdout, summary);
        stdout.printf("results: %s (report %s)%n", out.resolve("results.jsonl"), out.resolve(SweepOutputs.REPORT));
        return exitCode(summary, stdout, !myShard.whole());
    }

    static int exitCode(SweepSummary s, PrintWriter out, boolean shardOnly) {
        for (var v : s.violations().subList(0, Math.min(5, s.violations().size()))) {
            out.printf("  %s %s/%s/%s seed %d: %s%n    replay: %s%n", v.path("outcome").asText().toUpperCase(java.util.Locale.ROOT),
                    v.path("variant").asText(), v.path("profile").asText(), v.path("workload").asText(), v.path("seed").asLong(),
                    v.path("failure").asText("a checker could not decide"), v.path("replay").asText());
        }
        out.flush();
        if (s.count("violation") > 0) {
            return ExitCode.VIOLATION;
        }
        if (s.count("unknown") > 0 || (!shardOnly && s.missing() > 0)) {
            return ExitCode.UNKNOWN;
        }
        return ExitCode.PASS;
    }

    private SweepSpec sweepSpec() {
        long[] range = seedRange(seeds);
        shape.requireValidSizes();
        if (ops != null && ops <= 0) {
            throw new UserError("--ops must be positive, got " + ops);
        }
        for (String w : workloads) {
            if (!io.paxsim.testbed.workload.Workloads.exists(w)) {
                throw new UserError("unknown workload '" + w + "' (known: "
                        + String.join(", ", io.paxsim.testbed.workload.Workloads.descriptions().keySet()) + ")");
            }
        }
        try {
            return new SweepSpec(trimmed(variants), trimmed(faults), trimmed(workloads), range[0], range[1], shape.nodes, shape.mutant,
                    Durations.parseNanos("--duration", duration), ops == null ? 0 : ops, shape.clients,
                    shape.livenessNanos());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private static List<String> trimmed(List<String> names) {
        return names.stream().map(String::trim).filter(n -> !n.isEmpty()).toList();
    }

    static long[] seedRange(String text) {
        String t = text.trim();
        try {
            int dots = t.indexOf("..");
            if (dots < 0) {
                long s = Long.parseLong(t);
                return new long[] {s, s};
            }
            long from = Long.parseLong(t.substring(0, dots).trim());
            long to = Long.parseLong(t.substring(dots + 2).trim());
            if (to < from) {
                throw new UserError("--seeds " + text + ": the range is empty (A..B needs A <= B)");
            }
            return new long[] {from, to};
        } catch (NumberFormatException e) {
            throw new UserError("--seeds '" + text + "': expected A..B (inclusive, e.g. 0..999) or one seed");
        }
    }

    private Shard shard() {
        try {
            if (shard != null) {
                if (shards != null) {
                    throw new UserError("give --shard i/n or --shards N (with JOB_COMPLETION_INDEX), not both");
                }
                return Shard.parse(shard);
            }
            return Shard.fromEnvironment(System.getenv(), shards);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
