package io.paxsim.testbed.cli;

import io.paxsim.testbed.output.RunFiles;
import io.paxsim.testbed.output.TraceFilter;
import io.paxsim.testbed.pipeline.Pipeline;
import io.paxsim.testbed.pipeline.RunOptions;
import io.paxsim.testbed.pipeline.RunResult;
import io.paxsim.testbed.pipeline.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code paxsim run}: one seeded run through the whole pipeline, recorded to a run directory. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a cluster under a fault profile and workload; record, heal, check, report.")
public final class RunCommand extends PipelineCommandBase implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenario = new ScenarioOptions();

    @Mixin
    RunOptionsMixin runOptions = new RunOptionsMixin();

    @Option(names = "--out", description = "Run directory (default: a fresh one under runs/).")
    Path out;

    @Option(names = "--keep", description = "Mark the run so 'paxsim runs gc' never deletes it (runs made with --out are marked too).")
    boolean keep;

    @Option(names = "--force", description = "Allow --out to name a non-empty directory (its paxsim files are replaced).")
    boolean force;

    @Option(names = "--json", description = "Print verdict.json instead of the summary.")
    boolean json;

    @Option(names = "--trace", description = "Also stream every trace record to trace.jsonl.")
    boolean trace;

    @Option(names = "--check-determinism", description = "Run twice and require identical trace hashes.")
    boolean checkDeterminism;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl",
            description = "History file format: jsonl (history.jsonl.gz, the default) or edn (history.edn.gz).")
    String format;

    @Option(names = "--progress", description = "Show simulated time, ops, rate and ETA on stderr during the run "
            + "(default: only when paxsim runs in a terminal).")
    boolean progress;

    @Option(names = "--list", description = "List workloads, fault profiles, variants, mutants, scenarios and environments, then exit.")
    boolean list;

    @Override
    public Integer call() {
        if (list) {
            Registries.print(stdout());
            return ExitCode.PASS;
        }
        long seed = scenario.seed != null ? scenario.seed : pickSeed();
        Scenario s = scenario.toScenario(seed);
        RunOptions options = runOptions.baseOptions(scenario);
        Pipeline pipeline = newPipeline();
        try {
            pipeline.validate(s);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        RunFiles.HistoryFile historyFile = switch (format) {
            case "jsonl" -> RunFiles.HistoryFile.JSONL;
            case "edn" -> RunFiles.HistoryFile.EDN;
            default -> throw new UserError("--format must be jsonl or edn, not '" + format + "'");
        };
        RunDirs.Target dir = RunDirs.prepare(out, force, "seed" + seed);
        if (keep || out != null) {
            dir.markKept();
        }
        PrintWriter stdout = stdout();
        if (scenario.seed == null && !json) {
            stdout.println("paxsim: no --seed given; using seed " + seed);
        }
        ProgressLine progressLine = json ? null : ProgressLine.forRun(progress);
        if (progressLine != null) {
            options = options.withProgress(progressLine);
        }
        RunExecution.Outcome o;
        try {
            o = RunExecution.run(pipeline, s, options, dir, trace ? TraceFilter.all() : null, historyFile);
        } finally {
            if (progressLine != null) {
                progressLine.finish();
            }
        }
        int code = RunExecution.exitCode(o.result());
        String determinism = null;
        if (checkDeterminism) {
            RunResult again = RunExecution.runInMemory(pipeline, s, options.withFaultPlan(o.result().faults()));
            boolean same = again.traceHash() == o.result().traceHash();
            determinism = (same ? "OK" : "MISMATCH") + " (second run hash " + again.traceHashHex() + ")";
            if (!same) {
                code = ExitCode.VIOLATION;
            }
        }
        if (json) {
            var verdict = RunExecution.verdictJson(o.result(), o.dir());
            if (determinism != null) {
                verdict.put("determinism", determinism);
            }
            stdout.println(verdict.toPrettyString());
        } else {
            RunExecution.printSummary(stdout, "run", o);
            if (determinism != null) {
                stdout.println("  determinism " + determinism);
            }
        }
        if (!o.result().passed()) {
            AutoReport.write(json ? null : stdout, o.dir(), o.result(), this::newPipeline);
        }
        stdout.flush();
        return code;
    }

    /** The CLI, and only the CLI, may take a seed from the wall clock; it is printed so the run can be replayed. */
    static long pickSeed() {
        return Math.floorMod(System.currentTimeMillis() * 1_000 + System.nanoTime() % 1_000, 1_000_000_000L);
    }
}
