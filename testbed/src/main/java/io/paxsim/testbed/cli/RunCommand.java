package io.paxsim.testbed.cli;

import io.paxsim.testbed.output.RunFiles;
import io.paxsim.testbed.output.TraceFilter;
import io.paxsim.testbed.pipeline.Pipeline;
import io.paxsim.testbed.pipeline.RunOptions;
import io.paxsim.testbed.pipeline.RunResult;
import io.paxsim.testbed.pipeline.Scenario;
import io.paxsim.testbed.pipeline.StandardPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code paxsim run}: one seeded run through the whole pipeline, recorded to a run directory. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a cluster under a fault profile and workload; record, heal, check, report.")
public final class RunCommand implements Callable<Integer>, PipelineCommand {
    private Supplier<Pipeline> pipelines = StandardPipeline::create;

    @Spec
    CommandSpec spec;

    @Mixin
    ScenarioOptions scenario = new ScenarioOptions();

    @Option(names = "--out", description = "Run directory (default: a fresh one under runs/).")
    Path out;

    @Option(names = "--force", description = "Allow --out to name a non-empty directory (its paxsim files are replaced).")
    boolean force;

    @Option(names = "--json", description = "Print verdict.json instead of the summary.")
    boolean json;

    @Option(names = "--trace", description = "Also stream every trace record to trace.jsonl.")
    boolean trace;

    @Option(names = "--check-determinism", description = "Run twice and require identical trace hashes.")
    boolean checkDeterminism;

    @Option(names = "--list", description = "List workloads, fault profiles, variants, mutants, scenarios and environments, then exit.")
    boolean list;

    @Option(names = "--log-level", description = "paxsim log level: error, warn, info, debug, trace (default: warn).")
    String logLevel;

    @Override
    public void usePipeline(Supplier<Pipeline> p) {
        this.pipelines = p;
    }

    @Override
    public Integer call() {
        if (list) {
            Registries.print(spec.commandLine().getOut());
            return ExitCode.PASS;
        }
        long seed = scenario.seed != null ? scenario.seed : pickSeed();
        Scenario s = scenario.toScenario(seed);
        RunOptions options = RunOptions.quiet().withCheckerBudget(scenario.checkerBudget());
        if (logLevel != null) {
            options = options.withLogSink(LogLevels.apply(logLevel));
        }
        Pipeline pipeline = pipelines.get();
        try {
            pipeline.validate(s);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        RunDirs.Target dir = RunDirs.prepare(out, force, "seed" + seed);
        PrintWriter stdout = spec.commandLine().getOut();
        if (scenario.seed == null && !json) {
            stdout.println("paxsim: no --seed given; using seed " + seed);
        }
        RunExecution.Outcome o = RunExecution.run(pipeline, s, options, dir, trace ? TraceFilter.all() : null);
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
        stdout.flush();
        return code;
    }

    /** The CLI, and only the CLI, may take a seed from the wall clock; it is printed so the run can be replayed. */
    static long pickSeed() {
        return Math.floorMod(System.currentTimeMillis() * 1_000 + System.nanoTime() % 1_000, 1_000_000_000L);
    }
}
