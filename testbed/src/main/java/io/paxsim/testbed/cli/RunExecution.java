package io.paxsim.testbed.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paxsim.checkers.Finding;
import io.paxsim.checkers.Verdict;
import io.paxsim.testbed.output.JsonlTraceSink;
import io.paxsim.testbed.output.RunFiles;
import io.paxsim.testbed.output.TraceFilter;
import io.paxsim.testbed.pipeline.Pipeline;
import io.paxsim.testbed.pipeline.RunOptions;
import io.paxsim.testbed.pipeline.RunResult;
import io.paxsim.testbed.pipeline.Scenario;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Runs a scenario for a command, writes its directory, and renders the summary and exit code. */
final class RunExecution {
    record Outcome(RunResult result, long wallNanos, Path dir) {
    }

    private RunExecution() {
    }

    /**
     * Runs the scenario, writing its files into {@code target}'s work directory and moving them into
     * place only when all are written; a run that throws leaves any earlier run there untouched.
     */
    static Outcome run(Pipeline pipeline, Scenario s, RunOptions options, RunDirs.Target target, TraceFilter traceFilter) {
        return run(pipeline, s, options, target, traceFilter, RunFiles.HistoryFile.JSONL);
    }

    /** As above, the history written in {@code history}'s format. */
    static Outcome run(Pipeline pipeline, Scenario s, RunOptions options, RunDirs.Target target, TraceFilter traceFilter,
                       RunFiles.HistoryFile history) {
        boolean committed = false;
        JsonlTraceSink sink = null;
        try {
            if (traceFilter != null) {
                sink = new JsonlTraceSink(Files.newBufferedWriter(target.workDir().resolve(RunFiles.TRACE),
                        StandardCharsets.UTF_8), traceFilter);
                options = options.withTraceSink(sink);
            }
            long startNanos = System.nanoTime();
            RunResult r = runInMemory(pipeline, s, options);
            long wallNanos = System.nanoTime() - startNanos;
            if (sink != null) {
                sink.close();
                sink = null;
            }
            RunFiles.writeRun(target.workDir(), r, history);
            RunFiles.writeJson(target.workDir().resolve(RunFiles.VERDICT), verdictJson(r, target.finalDir()));
            target.commit();
            committed = true;
            return new Outcome(r, wallNanos, target.finalDir());
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new UserError("cannot write run files for " + target.finalDir() + ": " + DiskErrors.describe(e)
                    + " (nothing of this run was kept)");
        } finally {
            if (!committed) {
                closeQuietly(sink);
                target.abandon();
            }
        }
    }

    private static void closeQuietly(JsonlTraceSink sink) {
        if (sink == null) {
            return;
        }
        try {
            sink.close();
        } catch (IOException | RuntimeException e) {
            // The run already failed; that failure is the one to report.
        }
    }

    /** Runs without writing anything; bad scenario names become one-line user errors. */
    static RunResult runInMemory(Pipeline pipeline, Scenario s, RunOptions options) {
        try {
            return pipeline.run(s, options);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    static int exitCode(RunResult r) {
        return !r.passed() ? ExitCode.VIOLATION : r.unknown() ? ExitCode.UNKNOWN : ExitCode.PASS;
    }

    static String outcomeWord(RunResult r) {
        return !r.passed() ? "violation" : r.unknown() ? "unknown" : "pass";
    }

    static String replayCommand(Path dir) {
        return "./paxsim replay --from " + dir;
    }

    static String replayCommand(Scenario s) {
        StringBuilder sb = new StringBuilder("./paxsim replay --seed ").append(s.seed())
                .append(" --nodes ").append(s.nodes()).append(" --variant ").append(s.variant())
                .append(" --workload ").append(s.workload()).append(" --faults ").append(s.faultProfile());
        if (!s.mutant().equals(Scenario.NO_MUTANT)) {
            sb.append(" --mutant ").append(s.mutant());
        }
        if (s.opLimit() > 0) {
            sb.append(" --ops ").append(s.opLimit());
        }
        sb.append(" --duration ").append(Durations.format(s.safetyNanos()));
        if (s.load() instanceof io.paxsim.testbed.load.LoadModel.ClosedLoop c && c.clients() != 10 && c.thinkNanos() == 0) {
            sb.append(" --clients ").append(c.clients());
        }
        if (s.livenessNanos() != 30_000_000_000L) {
            sb.append(" --liveness-bound ").append(Durations.format(s.livenessNanos()));
        }
        return sb.toString();
    }

    static ObjectNode verdictJson(RunResult r, Path dir) {
        ObjectNode v = RunFiles.JSON.createObjectNode();
        v.put("outcome", outcomeWord(r));
        v.put("seed", r.scenario().seed());
        v.put("traceHash", r.traceHashHex());
        if (r.failure() != null) {
            ObjectNode f = v.putObject("failure");
            f.put("kind", r.failure().kind().name());
            f.put("message", r.failure().message());
        }
        ArrayNode checkers = v.putArray("checkers");
        for (Verdict verdict : r.verdicts()) {
            ObjectNode c = checkers.addObject();
            c.put("checker", verdict.checker());
            c.put("status", verdict.status());
            c.put("summary", verdict.summary());
            if (verdict instanceof Verdict.Illegal illegal) {
                ArrayNode findings = c.putArray("findings");
                for (Finding f : illegal.findings()) {
                    ObjectNode fn = findings.addObject();
                    fn.put("kind", f.kind());
                    fn.put("key", f.key());
                    fn.put("message", f.message());
                    ArrayNode ops = fn.putArray("ops");
                    f.ops().forEach(ops::add);
                    if (!(f.explanation() instanceof Finding.Explanation.None)) {
                        fn.set("explanation", RunFiles.JSON.valueToTree(Verdict.explanationMap(f.explanation())));
                    }
                }
            }
        }
        v.put("replay", dir != null ? replayCommand(dir) : replayCommand(r.scenario()));
        return v;
    }

    static void printSummary(PrintWriter out, String command, Outcome o) {
        printSummary(out, command, o, o.dir() != null ? replayCommand(o.dir()) : replayCommand(o.result().scenario()));
    }

    /** The summary, with {@code replay} as the command that runs it again. */
    @SuppressWarnings("unchecked")
    static void printSummary(PrintWriter out, String command, Outcome o, String replay) {
        RunResult r = o.result();
        Scenario s = r.scenario();
        Map<String, Object> m = r.metrics();
        Map<String, Object> latency = (Map<String, Object>) m.get("latencyMicros");
        out.printf(Locale.ROOT, "paxsim %s: seed %d, %d nodes, variant %s%s, workload %s, faults %s, load %s%n",
                command, s.seed(), s.nodes(), s.variant(),
                s.mutant().equals(Scenario.NO_MUTANT) ? "" : " (mutant " + s.mutant() + ")",
                s.workload(), s.faultProfile(), s.load().describe());
        out.printf(Locale.ROOT, "  ops         %d invoked, %d ok, %d fail, %d indeterminate%n",
                m.get("opsInvoked"), m.get("opsOk"), m.get("opsFail"), m.get("opsIndeterminate"));
        out.printf(Locale.ROOT, "  faults      %s%n", faultCounts(r));
        long leaderChanges = ((Number) m.get("leaderChanges")).longValue();
        out.printf(Locale.ROOT, "  leaders     %d leader change%s%n", leaderChanges, leaderChanges == 1 ? "" : "s");
        out.printf(Locale.ROOT, "  latency     p50 %s, p99 %s, max %s (simulated)%n", micros(latency.get("p50")),
                micros(latency.get("p99")), micros(latency.get("max")));
        out.printf(Locale.ROOT, "  throughput  %.0f ops/s simulated; %.2f s simulated in %.2f s wall%n",
                (Double) m.get("throughputOpsPerSecond"), r.simulatedNanos() / 1e9, o.wallNanos() / 1e9);
        out.printf(Locale.ROOT, "  cost        %.1f msgs/op, %.0f bytes/op, %.2f fsyncs/op%n",
                (Double) m.get("messagesPerOp"), (Double) m.get("bytesPerOp"), (Double) m.get("fsyncsPerOp"));
        for (Verdict v : r.verdicts()) {
            out.printf(Locale.ROOT, "  checker     %-22s %-8s %s%n", v.checker(), v.status().toUpperCase(Locale.ROOT),
                    firstLine(v.summary()));
            if (v instanceof Verdict.Illegal illegal) {
                for (Finding f : illegal.findings().subList(0, Math.min(3, illegal.findings().size()))) {
                    out.printf(Locale.ROOT, "                %s%n", firstLine(f.describe()));
                }
            }
        }
        out.printf(Locale.ROOT, "  trace       hash %s%n", r.traceHashHex());
        if (r.failure() != null) {
            out.printf(Locale.ROOT, "  FAILURE     %s: %s%n", r.failure().kind(), r.failure().message());
        }
        out.printf(Locale.ROOT, "  result      %s%s%n", outcomeWord(r).toUpperCase(Locale.ROOT),
                o.dir() == null ? "" : "   (files in " + o.dir() + ")");
        out.printf(Locale.ROOT, "  replay      %s%n", replay);
        if (!r.passed() && o.dir() != null) {
            out.printf(Locale.ROOT, "  shrink      ./paxsim shrink --from %s%n", o.dir());
        }
        out.flush();
    }

    /** "11 faults: crash-restart x2, clog-swizzle x1, ..." — every kind, counted, in order of first appearance. */
    static String faultCounts(RunResult r) {
        int total = r.faults().size();
        String head = total + (total == 1 ? " fault" : " faults");
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        for (String kind : r.faults().kinds()) {
            counts.merge(kind, 1, Integer::sum);
        }
        if (counts.isEmpty()) {
            return head;
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        counts.forEach((kind, n) -> parts.add(kind + " x" + n));
        return head + ": " + String.join(", ", parts);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl) + " ...";
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }

    private static String micros(Object value) {
        long us = ((Number) value).longValue();
        return us >= 1000 ? String.format(Locale.ROOT, "%.2f ms", us / 1000.0) : us + " us";
    }
}
