package io.paxsim.testbed.cli;

import io.paxsim.testbed.output.RunFiles;
import io.paxsim.testbed.pipeline.RunResult;
import io.paxsim.testbed.pipeline.Shrinker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code paxsim shrink}: the smallest run that still fails the same way, written as a run directory. */
@Command(name = "shrink", mixinStandardHelpOptions = true,
        description = "Minimise a failing run: fewer faults (delta debugging), fewer ops, a shorter run; same seed.")
public final class ShrinkCommand extends PipelineCommandBase implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "The failing run's directory.")
    Path from;

    @Option(names = "--out", description = "Where to write the minimal run (default: <from>-shrunk).")
    Path out;

    @Option(names = "--force", description = "Allow --out to name a non-empty directory.")
    boolean force;

    @Option(names = "--max-runs", description = "Give up after this many re-runs (default: ${DEFAULT-VALUE}).", defaultValue = "300")
    int maxRuns;

    @Option(names = "--max-time", description = "Give up after this much wall-clock time (default: ${DEFAULT-VALUE}).", defaultValue = "5m")
    String maxTime;

    @Override
    public Integer call() throws IOException {
        if (maxRuns <= 0) {
            throw new UserError("--max-runs must be positive, got " + maxRuns);
        }
        long maxTimeNanos = Durations.parseNanos("--max-time", maxTime);
        RecordedRun recorded = RecordedRun.load(from);
        // Refuse a bad --out before spending minutes of re-runs.
        RunDirs.Target dir = RunDirs.prepare(out != null ? out : Path.of(from + "-shrunk"), force, "shrunk");
        dir.markKept(); // a minimal failing run is worth keeping; runs gc leaves it alone
        PrintWriter stdout = stdout();
        Shrinker shrinker = new Shrinker(newPipeline(), maxRuns, java.time.Duration.ofNanos(maxTimeNanos), line -> {
            stdout.println("  shrink      " + line);
            stdout.flush();
        });
        Shrinker.Shrunk shrunk;
        RunResult minimal;
        boolean committed = false;
        try {
            shrunk = shrinker.shrink(recorded.scenario(), recorded.faults());
            minimal = shrunk.minimal();
            RunFiles.writeRun(dir.workDir(), minimal);
            RunFiles.writeJson(dir.workDir().resolve(RunFiles.VERDICT), RunExecution.verdictJson(minimal, dir.finalDir()));
            dir.commit();
            committed = true;
        } catch (IllegalArgumentException e) {
            throw new UserError(from + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UserError("cannot write the minimal run to " + dir.finalDir() + ": " + e.getMessage());
        } finally {
            if (!committed) {
                dir.abandon();
            }
        }
        // Simulated time, not the heal time: a run a monitor stopped never healed (healAtNanos is -1).
        stdout.printf("paxsim shrink: %d re-runs; faults %d -> %d, ops %s -> %s, simulated %s -> %s%n",
                shrunk.runs(), shrunk.original().faults().size(), minimal.faults().size(),
                shrunk.original().metrics().get("opsInvoked"), minimal.metrics().get("opsInvoked"),
                Durations.human(shrunk.original().simulatedNanos()), Durations.human(minimal.simulatedNanos()));
        stdout.printf("  steps       %d accepted in %.1f s%s%s%s%n", shrunk.steps().size(), shrunk.wallSeconds(),
                shrunk.budgetSpent() ? " (budget spent before a fixpoint)" : " (fixpoint)",
                shrunk.minimalNodeHits() < 0 ? "" : "; replica-hits " + shrunk.originalNodeHits() + " -> " + shrunk.minimalNodeHits(),
                shrunk.overCap() == 0 ? "" : "; " + shrunk.overCap() + " candidates rejected over their event or wall-clock cap");
        stdout.printf("  FAILURE     %s: %s%n", minimal.failure().kind(), minimal.failure().message());
        for (String line : minimal.faults().describe()) {
            stdout.printf("  fault       %s%n", line);
        }
        stdout.printf("  replays     %s%n", shrunk.replays() ? "yes (same trace hash " + minimal.traceHashHex() + ")"
                : "NO: the minimal run gave a different trace hash when run again (a determinism bug)");
        stdout.printf("  minimal run %s%n  replay      %s%n", dir.finalDir(), RunExecution.replayCommand(dir.finalDir()));
        AutoReport.write(stdout, dir.finalDir(), minimal, this::newPipeline);
        stdout.flush();
        return ExitCode.VIOLATION;
    }
}
