package io.paxsim.testbed.explore;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paxsim.checkers.Budget;
import io.paxsim.checkers.CheckerOptions;
import io.paxsim.checkers.Verdict;
import io.paxsim.checkers.linear.Models;
import io.paxsim.history.History;
import io.paxsim.history.HistoryRecorder;
import io.paxsim.history.Op;
import io.paxsim.sim.explore.Action;
import io.paxsim.sim.explore.World;
import io.paxsim.sim.trace.TraceRecord;
import io.paxsim.sim.trace.TraceSink;
import io.paxsim.testbed.output.RunFiles;
import io.paxsim.testbed.report.RunReport;
import io.paxsim.testbed.report.TraceWindow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html} of an explore counterexample, drawn like a simulated run's: the violated
 * property as the verdict, the steps as the explanation, the clients' ops on the timeline, and the
 * messages between replicas as a space-time diagram with its event log.
 *
 * <p>Explored time is coarse (deliveries and fsyncs take none), so the page's clock is the step:
 * step i of the counterexample is drawn at i milliseconds, and what happens inside one step is
 * spread over that millisecond in the order it happened. The counterexample is re-executed for the
 * page, and its trace hash compared with the recording.
 */
public final class ExploreReport {
    /** Page time per step. */
    static final long STEP_NANOS = 1_000_000L;
    /** Page time between two records of one step (at most {@link #STEP_NANOS} / this records a step are spread out). */
    static final long WITHIN_STEP_NANOS = 1_000L;

    private ExploreReport() {
    }

    /** Writes DIR/report.html for the explore counterexample in {@code runDir}. */
    public static RunReport.Written write(Path runDir, int traceCap) throws IOException {
        ExploreRunFile.Loaded loaded = ExploreRunFile.read(runDir);
        StepClock clock = new StepClock(new TraceWindow(0, Long.MAX_VALUE, Math.max(1, traceCap)));
        PaxosExploreModel model = new PaxosExploreModel(loaded.spec(), clock);
        World world = new World(model, loaded.options());
        List<String> steps = new ArrayList<>();
        List<Integer> historyStep = new ArrayList<>();
        recordNewOps(world, historyStep, 0);
        for (Action a : loaded.actions()) {
            clock.nextStep();
            steps.add(world.describe(a));
            world.apply(a);
            recordNewOps(world, historyStep, clock.step);
            if (world.violation() != null) {
                break;
            }
        }
        if (steps.size() != loaded.actions().size()) {
            throw new IllegalArgumentException(runDir.resolve(ExploreRunFile.NAME) + ": a property broke at step "
                    + steps.size() + " of " + loaded.actions().size() + " on re-execution (a changed build?)");
        }
        String hash = String.format("%016x", world.simulation().traceHash());
        String violation = world.violation();
        if (violation == null && world.enabled().isEmpty()) {
            violation = world.instance().terminalViolation();
        }
        History history = retimed(PaxosExploreModel.historyOf(world), historyStep);
        Map<String, Object> meta = meta(runDir, loaded, steps, hash, violation);
        ArrayNode checkers = checkers(loaded, violation, history);
        String note = String.format(Locale.ROOT, "the counterexample re-executed for this page; one step per "
                + "millisecond of page time (explored time is coarse); %s", clock.window.seen() > clock.window.cap()
                ? "the last " + clock.window.cap() + " of " + clock.window.seen() + " records are drawn"
                : "all " + clock.window.seen() + " records are drawn");
        return RunReport.writePrepared(runDir.resolve(RunReport.FILE), meta, history, checkers, loaded.spec().nodes(),
                clock.window, note);
    }

    private static Map<String, Object> meta(Path runDir, ExploreRunFile.Loaded loaded, List<String> steps, String hash,
                                            String violation) {
        PaxosExploreModel.Spec s = loaded.spec();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("title", "paxsim explore counterexample, mutant " + s.mutant() + ", " + steps.size() + " steps");
        meta.put("kind", "explore");
        meta.put("outcome", violation != null || loaded.property().startsWith("eventually") ? "violation" : "pass");
        meta.put("scenario", String.format(Locale.ROOT, "explore: %d replicas, %d clients, %d ops, variant %s, mutant %s; "
                        + "bounds: crashes %d, drops %d, duplicates %d, timeouts %d, ballots %d; restricted: %s",
                s.nodes(), s.clients(), s.ops(), s.variant(), s.mutant(), loaded.options().maxCrashes(),
                loaded.options().maxDrops(), loaded.options().maxDuplicates(), loaded.options().maxTimeouts(),
                s.maxBallots(), s.restrictions().describe(s.nodes())));
        meta.put("failure", violation != null ? violation : loaded.property() + " (recorded)");
        meta.put("traceHash", hash + (hash.equals(loaded.traceHash()) ? " (MATCHES the recording)"
                : " (DIFFERS from the recorded " + loaded.traceHash() + ")"));
        meta.put("replay", recordedReplay(runDir));
        meta.put("steps", steps);
        meta.put("strategy", loaded.strategy());
        return meta;
    }

    /**
     * The replay command verdict.json recorded (explore writes it with the directory as it named
     * it), so that the page does not depend on how `paxsim report` was given the directory; a
     * directory without it (written before) gets one with the path given.
     */
    private static String recordedReplay(Path runDir) {
        Path verdict = runDir.resolve(RunFiles.VERDICT);
        if (java.nio.file.Files.isRegularFile(verdict)) {
            String recorded = RunFiles.readJson(verdict).path("replay").asText("");
            if (!recorded.isEmpty()) {
                return recorded;
            }
        }
        return "./paxsim replay --from " + runDir;
    }

    /** The violated property as a verdict, and linearizability of the explored history beside it. */
    private static ArrayNode checkers(ExploreRunFile.Loaded loaded, String violation, History history) {
        ArrayNode out = RunFiles.JSON.createArrayNode();
        ObjectNode property = out.addObject();
        property.put("checker", loaded.property());
        property.put("status", "illegal");
        property.put("summary", violation != null ? violation : "recorded by explore: " + loaded.property());
        if (history.size() > 0) {
            Verdict v = Models.checker("kv", CheckerOptions.defaults()).check(history, Budget.defaults());
            out.add(RunFiles.JSON.valueToTree(v.asMap()));
        }
        return out;
    }

    private static void recordNewOps(World world, List<Integer> historyStep, int step) {
        int size = PaxosExploreModel.historyOf(world).size();
        while (historyStep.size() < size) {
            historyStep.add(step);
        }
    }

    /** The explored history with each op at the page time of the step it happened in (its order kept). */
    private static History retimed(History explored, List<Integer> historyStep) {
        HistoryRecorder recorder = new HistoryRecorder();
        List<Op> ops = explored.ops();
        int sameStep = 0;
        for (int i = 0; i < ops.size(); i++) {
            sameStep = i > 0 && historyStep.get(i).equals(historyStep.get(i - 1)) ? sameStep + 1 : 0;
            recorder.record(ops.get(i), historyStep.get(i) * STEP_NANOS + sameStep * WITHIN_STEP_NANOS);
        }
        return recorder.history();
    }

    /** Re-times trace records onto the step clock. */
    private static final class StepClock implements TraceSink {
        final TraceWindow window;
        int step;
        long within;

        StepClock(TraceWindow window) {
            this.window = window;
        }

        void nextStep() {
            step++;
            within = 0;
        }

        @Override
        public void accept(TraceRecord r) {
            long offset = Math.min(within++ * WITHIN_STEP_NANOS, STEP_NANOS - 1);
            window.accept(new TraceRecord(r.index(), step * STEP_NANOS + offset, r.kind(), r.node(), r.peer(), r.detail()));
        }
    }
}
