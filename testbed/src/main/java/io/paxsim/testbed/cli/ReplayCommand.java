package io.paxsim.testbed.cli;

import io.paxsim.testbed.output.JsonlTraceSink;
import io.paxsim.testbed.output.RunFiles;
import io.paxsim.testbed.output.TraceFilter;
import io.paxsim.testbed.pipeline.RunOptions;
import io.paxsim.testbed.pipeline.RunResult;
import io.paxsim.testbed.pipeline.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code paxsim replay}: the same run again, checked against its recorded trace hash, with a closer
 * look. With {@code --from DIR} the scenario is the recorded one: the one option that may change it
 * is {@code --mutant} (the same schedule with another planted bug, or {@code none} for the correct
 * log: does the failure need the bug?), and then nothing is compared with the recording. Any other
 * scenario option beside {@code --from} is a usage error, never silently ignored.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Re-run a recorded run (--from DIR) or a seed identically; compare trace hashes; dump the trace.",
                "With --from, the run's own scenario and fault schedule are used; --mutant NAME (or none) re-runs them "
                        + "with another planted bug, without comparing; other scenario options are refused."})
public final class ReplayCommand extends PipelineCommandBase implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenario = new ScenarioOptions();

    @Mixin
    RunOptionsMixin runOptions = new RunOptionsMixin();

    @Option(names = "--from", description = "A run directory written by `paxsim run`.")
    Path from;

    @Option(names = "--dump-trace", description = "Write the (filtered) trace as JSON lines to this file, or - for stdout.")
    String dumpTrace;

    @Option(names = "--trace-node", split = ",", description = "Keep only trace records involving these nodes.")
    List<Integer> traceNodes = List.of();

    @Option(names = "--trace-from", description = "Keep trace records from this simulated time (e.g. 1.5s).")
    String traceFrom;

    @Option(names = "--trace-to", description = "Keep trace records up to this simulated time.")
    String traceTo;

    @Option(names = "--stop-at", description = "End the run at this simulated time.")
    String stopAt;

    @Override
    public Integer call() throws IOException {
        boolean exploreRun = from != null && io.paxsim.testbed.explore.ExploreRunFile.isExploreRun(from);
        refuseScenarioOverrides(exploreRun);
        if (exploreRun) {
            JsonlTraceSink exploreSink = openTraceDump(ExploreCommand.worldNodes(from));
            int code = ExploreCommand.replayRun(stdout(), from, exploreSink);
            if (exploreSink != null) {
                exploreSink.close();
            }
            return code;
        }
        RecordedRun recorded = from != null ? RecordedRun.load(from) : null;
        if (recorded == null && scenario.seed == null) {
            throw new UserError("replay needs --from DIR or --seed S");
        }
        if (recorded != null && scenario.seed != null) {
            throw new UserError("give either --from or --seed, not both");
        }
        Scenario s = recorded != null ? recorded.scenario() : scenario.toScenario(scenario.seed);
        String overriddenMutant = recorded != null && given("--mutant") && !scenario.mutant().equals(s.mutant()) ? s.mutant() : null;
        if (overriddenMutant != null) {
            s = s.withMutant(scenario.mutant());
        }
        // With another mutant it is another run on the recorded schedule: nothing of the recording is
        // compared, and the recording's report is left alone.
        RecordedRun compared = overriddenMutant == null ? recorded : null;
        RunOptions options = runOptions.baseOptions(scenario);
        if (recorded != null) {
            options = options.withFaultPlan(recorded.faults());
        }
        if (stopAt != null) {
            options = options.withStopAtNanos(Durations.parseNanos("--stop-at", stopAt));
        }
        PrintWriter stdout = stdout();
        JsonlTraceSink sink = openTraceDump(s.nodes());
        if (sink != null) {
            options = options.withTraceSink(sink);
        }
        long startNanos = System.nanoTime();
        RunResult r = RunExecution.runInMemory(newPipeline(), s, options);
        long wallNanos = System.nanoTime() - startNanos;
        if (sink != null) {
            sink.close();
        }
        // A recorded run is replayed from its directory (its saved schedule), never regenerated from the seed.
        if (overriddenMutant == null) {
            RunExecution.printSummary(stdout, "replay", new RunExecution.Outcome(r, wallNanos, compared != null ? compared.dir() : null));
        } else {
            RunExecution.printSummary(stdout, "replay", new RunExecution.Outcome(r, wallNanos, null),
                    RunExecution.replayCommand(from) + " --mutant " + s.mutant());
            stdout.println("  hash        not compared: --mutant " + s.mutant() + " replaces the recorded mutant "
                    + overriddenMutant + ", so this is another run on the recorded schedule");
            stdout.flush();
        }
        int code = compareHash(stdout, compared, r);
        if (compared != null && stopAt == null && !r.passed()) {
            AutoReport.write(stdout, compared.dir(), r, this::newPipeline);
        }
        return code;
    }

    /** Scenario options given beside --from (other than --mutant on a simulated run) would be ignored: refused instead. */
    private void refuseScenarioOverrides(boolean exploreRun) {
        if (from == null) {
            return;
        }
        for (picocli.CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            String name = o.longestName();
            boolean scenarioOption = spec.mixins().get("scenario").options().contains(o)
                    && !name.equals("--checker-timeout") && !(name.equals("--seed") && !exploreRun); // --seed: its own error below
            if (scenarioOption && (exploreRun || !name.equals("--mutant"))) {
                throw new UserError(name + " cannot change a replay --from " + from + ": it replays the recorded "
                        + (exploreRun ? "explored path" : "scenario (only --mutant may be replaced)"));
            }
        }
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private int compareHash(PrintWriter stdout, RecordedRun recorded, RunResult r) {
        int code = RunExecution.exitCode(r);
        if (recorded == null) {
            return code;
        }
        String changes = recorded.describeChanges();
        boolean scheduleEdited = recorded.changedFiles().containsKey(RunFiles.FAULTS);
        if (stopAt != null) {
            stdout.println("  hash        not compared: the replay stopped early at " + stopAt);
        } else if (recorded.recordedTraceHash().equals(r.traceHashHex())) {
            stdout.println("  hash        MATCHES the recording in " + recorded.dir());
        } else if (scheduleEdited) {
            stdout.println("  hash        DIFFERS: recorded " + recorded.recordedTraceHash() + ", replayed " + r.traceHashHex()
                    + ": the fault schedule " + recorded.dir().resolve(RunFiles.FAULTS)
                    + " was edited after the run, so this replay ran another schedule (not nondeterminism)");
            code = ExitCode.USAGE;
        } else {
            stdout.println("  hash        DIFFERS: recorded " + recorded.recordedTraceHash() + ", replayed "
                    + r.traceHashHex() + " (nondeterminism or a changed build)");
            code = ExitCode.VIOLATION;
        }
        if (changes != null) {
            stdout.println("  files       " + changes);
        }
        if (stopAt == null) {
            code = compareVerdicts(stdout, recorded, r, code);
        }
        stdout.flush();
        return code;
    }

    /** Each checker's replayed status beside its recorded one; any difference is printed and fails the replay. */
    private static int compareVerdicts(PrintWriter stdout, RecordedRun recorded, RunResult r, int code) {
        java.util.Map<String, String> was = recorded.recordedStatuses();
        java.util.List<String> differences = new java.util.ArrayList<>();
        java.util.Set<String> replayed = new java.util.HashSet<>();
        for (io.paxsim.checkers.Verdict v : r.verdicts()) {
            replayed.add(v.checker());
            String before = was.get(v.checker());
            if (!v.status().equals(before)) {
                differences.add(v.checker() + " recorded " + (before == null ? "nothing" : before.toUpperCase(java.util.Locale.ROOT))
                        + ", replayed " + v.status().toUpperCase(java.util.Locale.ROOT));
            }
        }
        for (String checker : was.keySet()) {
            if (!replayed.contains(checker)) {
                differences.add(checker + " recorded " + was.get(checker).toUpperCase(java.util.Locale.ROOT) + ", not run by the replay");
            }
        }
        if (differences.isEmpty()) {
            stdout.println("  verdicts    MATCH the recording (" + was.size() + " checkers)");
            return code;
        }
        stdout.println("  verdicts    DIFFER: " + String.join("; ", differences));
        return code == ExitCode.USAGE ? code : ExitCode.VIOLATION;
    }

    private JsonlTraceSink openTraceDump(int nodes) throws IOException {
        if (dumpTrace == null) {
            if (!traceNodes.isEmpty() || traceFrom != null || traceTo != null) {
                throw new UserError("--trace-node/--trace-from/--trace-to filter --dump-trace; give --dump-trace FILE or -");
            }
            return null;
        }
        for (int node : traceNodes) {
            if (node < 0 || node >= nodes) {
                throw new UserError("--trace-node " + node + ": the cluster has nodes 0.." + (nodes - 1));
            }
        }
        long fromNanos = traceFrom == null ? 0 : Durations.parseNanos("--trace-from", traceFrom);
        long toNanos = traceTo == null ? Long.MAX_VALUE : Durations.parseNanos("--trace-to", traceTo);
        if (toNanos < fromNanos) {
            throw new UserError("--trace-to must not be before --trace-from");
        }
        TraceFilter filter = new TraceFilter(Set.copyOf(traceNodes), fromNanos, toNanos);
        Writer w = dumpTrace.equals("-")
                ? new java.io.BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)) {
                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                }
                : openDumpFile(Path.of(dumpTrace));
        return new JsonlTraceSink(w, filter);
    }

    private static Writer openDumpFile(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserError("--dump-trace " + file + ": directory " + parent + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new UserError("--dump-trace " + file + ": is a directory; give a file name or -");
        }
        try {
            return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError("--dump-trace " + file + ": cannot write it (" + e.getClass().getSimpleName()
                    .replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT) + ")");
        }
    }
}
