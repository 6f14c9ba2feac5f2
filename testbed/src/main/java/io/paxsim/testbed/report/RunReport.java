package io.paxsim.testbed.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.Call;
import io.paxsim.history.History;
import io.paxsim.history.HistoryException;
import io.paxsim.history.HistoryFormat;
import io.paxsim.history.HistoryReader;
import io.paxsim.history.ValueTyping;
import io.paxsim.testbed.output.RunFiles;
import io.paxsim.testbed.pipeline.FaultPlan;
import io.paxsim.testbed.pipeline.FaultPlans;
import io.paxsim.testbed.pipeline.Pipeline;
import io.paxsim.testbed.pipeline.RunOptions;
import io.paxsim.testbed.pipeline.RunResult;
import io.paxsim.testbed.pipeline.Scenario;
import io.paxsim.testbed.pipeline.StandardPipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes {@code report.html}: one self-contained page (inline data, script and styles, nothing
 * fetched) showing a run or a history — see {@link ReportPage}. The trace behind the space-time
 * diagram is not stored with a run: the seed is re-run deterministically up to the end of the
 * window, with a sink that keeps only that window (capped), so run directories stay small.
 */
public final class RunReport {
    public static final String FILE = "report.html";
    /** Trace records kept by default: a few hundred kilobytes of page whatever the run's size. */
    public static final int DEFAULT_TRACE_CAP = 6_000;
    /** Simulated time shown before the op a window is centred on. */
    static final long LEAD_NANOS = 8_000_000L;
    static final long TAIL_NANOS = 2_000_000L;

    /**
     * How to draw: the trace window (null: chosen around the first op a verdict highlights, else
     * the first fault) and how many trace records to keep at most.
     */
    public record Options(Long windowFromNanos, Long windowToNanos, int traceCap) {
        public Options {
            if (traceCap < 0) {
                throw new IllegalArgumentException("trace cap must not be negative, got " + traceCap);
            }
            if (windowFromNanos != null && windowToNanos != null && windowToNanos < windowFromNanos) {
                throw new IllegalArgumentException("the trace window ends before it starts");
            }
        }

        public static Options defaults() {
            return new Options(null, null, DEFAULT_TRACE_CAP);
        }
    }

    /** What was written: the file, its size, the number of client ops drawn, and the trace window's note. */
    public record Written(Path file, long bytes, int ops, String traceNote) {
        public double bytesPerOp() {
            return ops == 0 ? bytes : (double) bytes / ops;
        }

        public String describe() {
            String perOp = ops == 0 ? "" : String.format(Locale.ROOT, ", %.0f bytes/op", bytesPerOp()); // none without ops (an explored path)
            return String.format(Locale.ROOT, "%s (%,d bytes, %d ops%s; %s)", file, bytes, ops, perOp, traceNote);
        }
    }

    private RunReport() {
    }

    /** The report of a run directory written by run, replay, shrink or explore; re-runs the seed for the trace. */
    public static Written write(Path runDir) throws IOException {
        return write(runDir, StandardPipeline::create, Options.defaults());
    }

    /** @throws IllegalArgumentException when the directory is not a readable run directory */
    public static Written write(Path runDir, Supplier<Pipeline> pipelines, Options options) throws IOException {
        Scenario s = RunFiles.readScenario(runDir);
        FaultPlan plan = FaultPlans.fromJson(RunFiles.readJson(runDir.resolve(RunFiles.FAULTS)));
        ObjectNode verdict = RunFiles.readJson(runDir.resolve(RunFiles.VERDICT));
        Path metricsFile = runDir.resolve(RunFiles.METRICS);
        ObjectNode metrics = Files.exists(metricsFile) ? RunFiles.readJson(metricsFile) : null; // optional: leaders, crashes
        Path found = RunFiles.historyFile(runDir);
        Path historyFile = found != null ? found : runDir.resolve(RunFiles.HistoryFile.JSONL.fileName);
        History history;
        try {
            history = HistoryReader.read(historyFile, HistoryFormat.detect(historyFile), ValueTyping.JEPSEN);
        } catch (HistoryException e) {
            throw new IllegalArgumentException(historyFile + ": " + e.getMessage());
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(historyFile + ": cannot read it (" + e.getMessage() + ")");
        }
        RunSource src = new RunSource(s, plan, history, verdict.path("checkers"), metrics,
                verdict.path("outcome").asText("?"), failureText(verdict.get("failure")),
                verdict.path("traceHash").asText(""), verdict.path("replay").asText("./paxsim replay --from " + runDir));
        return write(runDir.resolve(FILE), src, pipelines, options);
    }

    /** The report of a run just made in this process (its history is still in memory). */
    public static Written write(Path runDir, RunResult r, Supplier<Pipeline> pipelines, Options options)
            throws IOException {
        String outcome = !r.passed() ? "violation" : r.unknown() ? "unknown" : "pass";
        RunSource src = new RunSource(r.scenario(), r.faults(), r.history(), verdictsJson(r.verdicts()),
                RunFiles.JSON.valueToTree(r.metrics()), outcome,
                r.failure() == null ? "" : r.failure().kind() + ": " + r.failure().message(), r.traceHashHex(),
                "./paxsim replay --from " + runDir);
        return write(runDir.resolve(FILE), src, pipelines, options);
    }

    /** A bare history and its verdicts (check --report): the timeline, the verdicts' pictures, latencies; no trace. */
    public static Written writeHistory(Path file, String title, History history, List<Verdict> verdicts)
            throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("title", title);
        meta.put("kind", "history");
        boolean illegal = verdicts.stream().anyMatch(v -> v instanceof Verdict.Illegal);
        boolean unknown = verdicts.stream().anyMatch(v -> v instanceof Verdict.Unknown);
        meta.put("outcome", illegal ? "violation" : unknown ? "unknown" : "pass");
        ReportData.Inputs in = new ReportData.Inputs(meta, history, verdictsJson(verdicts), null, null, 0, null,
                "No trace: a history file carries none (run reports, paxsim report RUN-DIR, draw one)");
        return ReportPage.write(file, in, history.calls().size(), "no trace");
    }

    /**
     * A page from data a caller prepared (an explore counterexample: its steps are the clock, see
     * {@code ExploreReport}): the header from {@code meta}, the verdicts, the history's timeline and
     * the trace's space-time diagram and event log.
     */
    public static Written writePrepared(Path file, Map<String, Object> meta, History history, JsonNode checkers,
                                        int replicas, TraceWindow trace, String traceNote) throws IOException {
        ReportData.Inputs in = new ReportData.Inputs(meta, history, checkers, null, null, replicas, trace, traceNote);
        String shortNote = trace == null ? "no trace" : String.format(Locale.ROOT, "%d trace records", trace.records().size());
        return ReportPage.write(file, in, history.calls().size(), shortNote);
    }

    private record RunSource(Scenario scenario, FaultPlan plan, History history, JsonNode checkers, JsonNode metrics,
                             String outcome, String failure, String traceHash, String replay) {
    }

    private static Written write(Path file, RunSource src, Supplier<Pipeline> pipelines, Options options)
            throws IOException {
        Scenario s = src.scenario();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("title", "paxsim run, seed " + s.seed());
        meta.put("kind", "run");
        meta.put("outcome", src.outcome());
        meta.put("seed", s.seed());
        meta.put("scenario", describe(s));
        meta.put("failure", src.failure());
        meta.put("traceHash", src.traceHash());
        meta.put("replay", src.replay());
        long endNanos = src.metrics() == null ? 0 : src.metrics().path("simulatedNanos").asLong(0);
        long[] window = window(src, options, endNanos);
        TraceWindow trace = null;
        String note;
        if (options.traceCap() == 0) {
            note = "trace not drawn (--trace-cap 0)";
        } else {
            trace = new TraceWindow(window[0], window[1], options.traceCap());
            note = replayInto(trace, src, pipelines);
            if (note.startsWith("no trace")) {
                trace = null;
            }
        }
        JsonNode nodeEvents = src.metrics() == null ? null : src.metrics().get("nodeEvents");
        ReportData.Inputs in = new ReportData.Inputs(meta, src.history(), src.checkers(), nodeEvents, src.metrics(),
                s.nodes(), trace, note);
        String shortNote = trace == null ? "no trace" : String.format(Locale.ROOT, "trace window %s-%s, %d of %d records",
                seconds(window[0]), seconds(window[1]), Math.min(trace.seen(), trace.cap()), trace.seen());
        return ReportPage.write(file, in, src.history().calls().size(), shortNote);
    }

    /** Re-runs the seed with the recorded fault schedule up to the window's end; returns the page's note. */
    private static String replayInto(TraceWindow trace, RunSource src, Supplier<Pipeline> pipelines) {
        // Only the trace is wanted: the checkers' verdicts on the cut-short history are not, so they get no time.
        RunOptions options = RunOptions.quiet().withFaultPlan(src.plan()).withTraceSink(trace)
                .withStopAtNanos(trace.toNanos() == Long.MAX_VALUE ? Long.MAX_VALUE : trace.toNanos() + 1)
                .withCheckerBudget(java.time.Duration.ofMillis(1));
        try {
            pipelines.get().run(src.scenario(), options);
        } catch (RuntimeException e) {
            return "no trace: re-running seed " + src.scenario().seed() + " for it failed (" + e + ")";
        }
        String kept = trace.seen() > trace.cap()
                ? String.format(Locale.ROOT, "the last %,d of its %,d records are drawn (capped; --trace-cap N to change)",
                trace.cap(), trace.seen())
                : String.format(Locale.ROOT, "all %,d of its records are drawn", trace.seen());
        return String.format(Locale.ROOT, "trace window %s to %s of simulated time, re-run from seed %d (determinism "
                + "makes it the same run); %s", seconds(trace.fromNanos()), seconds(trace.toNanos()),
                src.scenario().seed(), kept);
    }

    /**
     * The window: as given; else ending just after the first op a verdict highlights (the stuck op,
     * the earliest of a cycle), starting a little before it; else around the first fault; else at the start.
     */
    static long[] window(RunSource src, Options options, long endNanos) {
        long focusStart = -1;
        long focusEnd = -1;
        Long focusOp = firstHighlightedOp(src.checkers());
        if (focusOp != null) {
            for (Call c : src.history().calls()) {
                if (c.index() == focusOp) {
                    focusStart = c.invoke().timeNanos();
                    focusEnd = c.completion() == null ? focusStart : c.completion().timeNanos();
                    break;
                }
            }
        }
        if (focusStart < 0 && src.outcome().equals("violation") && endNanos > 0) {
            focusStart = endNanos;
            focusEnd = endNanos;
        }
        if (focusStart < 0) {
            long failover = firstFailover(src.metrics());
            if (failover >= 0) {
                // A passing run: show the first crash or leader change (an election) from just before it.
                focusStart = failover + LEAD_NANOS - 1_000_000L;
            } else {
                long firstFault = src.history().ops().stream().filter(op -> !op.isClient() && op.timeNanos() >= 0)
                        .mapToLong(op -> op.timeNanos()).findFirst().orElse(0L);
                focusStart = firstFault + LEAD_NANOS;
            }
            focusEnd = focusStart;
        }
        long from = options.windowFromNanos() != null ? options.windowFromNanos() : Math.max(0, focusStart - LEAD_NANOS);
        long to = options.windowToNanos() != null ? options.windowToNanos()
                : Math.max(from, Math.min(focusEnd, focusStart + 50 * LEAD_NANOS) + TAIL_NANOS);
        return new long[]{from, to};
    }

    /** Time of the first crash, or of the second leader (the first change of leader), from metrics' node events; else -1. */
    static long firstFailover(JsonNode metrics) {
        int leaders = 0;
        for (JsonNode e : metrics == null ? List.<JsonNode>of() : (Iterable<JsonNode>) metrics.path("nodeEvents").path("events")) {
            String kind = e.path(2).asText();
            if (kind.equals("crash") || kind.equals("leader") && ++leaders == 2) {
                return e.path(0).asLong();
            }
        }
        return -1;
    }

    /** The op a picture should centre on: an unlinearizable call, else a cycle's earliest member, else any finding's op. */
    static Long firstHighlightedOp(JsonNode checkers) {
        Long any = null;
        for (JsonNode c : checkers) {
            for (JsonNode f : c.path("findings")) {
                JsonNode e = f.path("explanation");
                if (e.path("type").asText().equals("unlinearizable")) {
                    return e.path("stuckOp").asLong();
                }
                if (e.path("type").asText().equals("cycle") && e.path("ops").size() > 0) {
                    long min = Long.MAX_VALUE;
                    for (JsonNode op : e.path("ops")) {
                        min = Math.min(min, op.asLong());
                    }
                    return min;
                }
                if (any == null && f.path("ops").size() > 0) {
                    any = f.path("ops").get(0).asLong();
                }
            }
        }
        return any;
    }

    static ArrayNode verdictsJson(List<Verdict> verdicts) {
        ArrayNode a = RunFiles.JSON.createArrayNode();
        for (Verdict v : verdicts) {
            a.add(RunFiles.JSON.valueToTree(v.asMap()));
        }
        return a;
    }

    private static String failureText(JsonNode failure) {
        if (failure == null || failure.isNull()) {
            return "";
        }
        return failure.path("kind").asText() + ": " + failure.path("message").asText();
    }

    private static String describe(Scenario s) {
        return s.nodes() + " nodes, variant " + s.variant()
                + (s.mutant().equals(Scenario.NO_MUTANT) ? "" : " (mutant " + s.mutant() + ")")
                + ", workload " + s.workload() + ", faults " + s.faultProfile() + ", load " + s.load().describe();
    }

    static String seconds(long nanos) {
        return nanos == Long.MAX_VALUE ? "the end" : String.format(Locale.ROOT, "%.6f s", nanos / 1e9);
    }

    static boolean exists(Path runDir) {
        return Files.isRegularFile(runDir.resolve(FILE));
    }
}
