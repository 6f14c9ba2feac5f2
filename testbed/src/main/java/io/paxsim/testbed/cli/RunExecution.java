package io.paxsim.testbed.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
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

    static Outcome run(Pipeline pipeline, Scenario s, RunOptions options, Path dir, TraceFilter traceFilter) {
        JsonlTraceSink sink = null;
        try {
            if (traceFilter != null) {
                sink = new JsonlTraceSink(Files.newBufferedWriter(dir.resolve(RunFiles.TRACE), StandardCharsets.UTF_8),
                        traceFilter);
                options = options.withTraceSink(sink);
            }
            long startNanos = System.nanoTime();
            RunResult r = runInMemory(pipeline, s, options);
            long wallNanos = System.nanoTime() - startNanos;
            if (sink != null) {
                sink.close();
            }
            if (dir != null) {
                RunFiles.writeRun(dir, r);
                RunFiles.writeJson(dir.resolve(RunFiles.VERDICT), verdictJson(r, dir));
            }
            return new Outcome(r, wallNanos, dir);
        } catch (IOException e) {
            throw new UserError("cannot write run files in " + dir + ": " + e.getMessage());
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
        return r.passed() ? ExitCode.PASS : ExitCode.VIOLATION;
    }

    static String outcomeWord(RunResult r) {
        return r.passed() ? "pass" : "violation";
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
        if (dir != null) {
            v.put("replay", replayCommand(dir));
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static void printSummary(PrintWriter out, String command, Outcome o) {
        RunResult r = o.result();
        Scenario s = r.scenario();
        Map<String, Object> m = r.metrics();
        Map<String, Object> latency = (Map<String, Object>) m.get("latencyMicros");
        out.printf(Locale.ROOT, "paxsim %s: seed %d, %d nodes, variant %s%s, workload %s, faults %s, load %s%n",
                command, s.seed(), s.nodes(), s.variant(),
                s.mutant().equals(Scenario.NO_MUTANT) ? "" : " (mutant " + s.mutant() + ")",
                s.workload(), s.faultProfile(), s.load().describe());
        out.printf(Locale.ROOT, "  ops         %d invoked, %d ok, %d indeterminate%n",
                m.get("opsInvoked"), m.get("opsOk"), m.get("opsIndeterminate"));
        out.printf(Locale.ROOT, "  faults      %d scheduled%s%n", r.faults().size(), faultPreview(r));
        out.printf(Locale.ROOT, "  leaders     %d leader changes%n", m.get("leaderChanges"));
        out.printf(Locale.ROOT, "  latency     p50 %s, p99 %s, max %s (simulated)%n", micros(latency.get("p50")),
                micros(latency.get("p99")), micros(latency.get("max")));
        out.printf(Locale.ROOT, "  throughput  %.0f ops/s simulated; %.2f s simulated in %.2f s wall%n",
                (Double) m.get("throughputOpsPerSecond"), r.simulatedNanos() / 1e9, o.wallNanos() / 1e9);
        out.printf(Locale.ROOT, "  cost        %.1f msgs/op, %.0f bytes/op, %.2f fsyncs/op%n",
                (Double) m.get("messagesPerOp"), (Double) m.get("bytesPerOp"), (Double) m.get("fsyncsPerOp"));
        out.printf(Locale.ROOT, "  trace       hash %s%n", r.traceHashHex());
        if (r.failure() != null) {
            out.printf(Locale.ROOT, "  FAILURE     %s: %s%n", r.failure().kind(), r.failure().message());
        }
        out.printf(Locale.ROOT, "  result      %s%s%n", outcomeWord(r).toUpperCase(Locale.ROOT),
                o.dir() == null ? "" : "   (files in " + o.dir() + ")");
        if (!r.passed()) {
            out.printf(Locale.ROOT, "  replay      %s%n", o.dir() != null ? replayCommand(o.dir()) : replayCommand(s));
        }
        out.flush();
    }

    private static String faultPreview(RunResult r) {
        var lines = r.faults().describe();
        if (lines.isEmpty()) {
            return "";
        }
        return ": " + String.join("; ", lines.subList(0, Math.min(3, lines.size()))) + (lines.size() > 3 ? "; ..." : "");
    }

    private static String micros(Object value) {
        long us = ((Number) value).longValue();
        return us >= 1000 ? String.format(Locale.ROOT, "%.2f ms", us / 1000.0) : us + " us";
    }
}
