package io.paxsim.testbed.cli;

import io.paxsim.testbed.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code paxsim report}: writes a run directory's report.html (re-running its seed for the trace window). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write DIR/report.html, a self-contained page of a run.",
            // One string per paragraph: picocli wraps each element, so a hand-broken line prints ragged.
            "It shows the run's timeline, faults, leaders and crashes, the checkers' explanations (unlinearizable ops, "
                    + "Elle cycles), latency and throughput, a space-time diagram of messages and the nodes' event log. "
                    + "The trace is not stored with a run: the seed is re-run up to the window's end (default: around "
                    + "the first op a checker names, else the first fault)."})
public final class ReportCommand extends PipelineCommandBase implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "A run directory (written by run, replay --from, shrink).")
    Path dir;

    @Option(names = "--window-from", paramLabel = "TIME", description = "Trace window start in simulated time, e.g. 1.2s.")
    String windowFrom;

    @Option(names = "--window-to", paramLabel = "TIME", description = "Trace window end in simulated time.")
    String windowTo;

    @Option(names = "--trace-cap", paramLabel = "N", defaultValue = "" + RunReport.DEFAULT_TRACE_CAP,
            description = "Keep at most N trace records, the latest in the window (default ${DEFAULT-VALUE}; 0: no trace).")
    int traceCap;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            throw new UserError(dir + ": " + (Files.exists(dir) ? "not a directory" : "no such directory")
                    + " (give a run directory)");
        }
        RunReport.Written w = io.paxsim.testbed.explore.ExploreRunFile.isExploreRun(dir)
                ? writeExplore(dir, traceCap) : write(dir, newPipelineSupplier(), options(windowFrom, windowTo, traceCap));
        PrintWriter out = stdout();
        out.println("paxsim report: wrote " + w.describe());
        out.flush();
        return ExitCode.PASS;
    }

    private java.util.function.Supplier<io.paxsim.testbed.pipeline.Pipeline> newPipelineSupplier() {
        return this::newPipeline;
    }

    static RunReport.Options options(String from, String to, int cap) {
        if (cap < 0) {
            throw new UserError("--trace-cap must not be negative, got " + cap);
        }
        Long fromNanos = from == null ? null : Durations.parseNanos("--window-from", from);
        Long toNanos = to == null ? null : Durations.parseNanos("--window-to", to);
        if (fromNanos != null && toNanos != null && toNanos < fromNanos) {
            throw new UserError("--window-to must not be before --window-from");
        }
        if (fromNanos != null && toNanos == null) {
            toNanos = fromNanos + 10_000_000L;
        }
        if (toNanos != null && fromNanos == null) {
            fromNanos = Math.max(0, toNanos - 10_000_000L);
        }
        return new RunReport.Options(fromNanos, toNanos, cap);
    }

    static RunReport.Written write(Path dir, java.util.function.Supplier<io.paxsim.testbed.pipeline.Pipeline> pipelines,
                                   RunReport.Options options) {
        try {
            return RunReport.write(dir, pipelines, options);
        } catch (IllegalArgumentException e) {
            throw new UserError(firstLine(e.getMessage()));
        } catch (IOException e) {
            throw new UserError("cannot write " + dir.resolve(RunReport.FILE) + ": " + e.getMessage());
        }
    }

    /** An explore counterexample's page: its steps are its clock, so the trace window options do not apply. */
    static RunReport.Written writeExplore(Path dir, int traceCap) {
        try {
            return io.paxsim.testbed.explore.ExploreReport.write(dir, traceCap == 0 ? RunReport.DEFAULT_TRACE_CAP : traceCap);
        } catch (IllegalArgumentException e) {
            throw new UserError(firstLine(e.getMessage()));
        } catch (IOException e) {
            throw new UserError("cannot write " + dir.resolve(RunReport.FILE) + ": " + e.getMessage());
        }
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
