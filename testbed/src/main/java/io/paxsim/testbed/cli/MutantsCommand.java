package io.paxsim.testbed.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paxsim.paxos.CoverageMonitor;
import io.paxsim.paxos.Mutant;
import io.paxsim.testbed.hunt.HuntPlan;
import io.paxsim.testbed.hunt.Hunter;
import io.paxsim.testbed.output.RunFiles;
import io.paxsim.testbed.pipeline.RunResult;
import io.paxsim.testbed.pipeline.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code paxsim mutants}: hunts every planted bug with the ordinary machinery (never told which one
 * is planted) and the correct protocol with the same budget (the false-alarm row), then prints who
 * caught what, how fast, the shrunk counterexample, its replay command and the coverage reached.
 */
@Command(name = "mutants", mixinStandardHelpOptions = true,
        description = "Hunt each planted bug (and the correct protocol, for false alarms) with swarm runs steered by coverage.")
public final class MutantsCommand extends PipelineCommandBase implements Callable<Integer> {
    @Option(names = "--only", split = ",", description = "Only these mutants (default: all; 'none' is the correct protocol).")
    List<String> only;

    @Option(names = "--budget", defaultValue = "60s", description = "Wall-clock time per mutant (default: ${DEFAULT-VALUE}).")
    String budget;

    @Option(names = "--max-runs", defaultValue = "0", description = "At most this many runs per mutant (0: the budget decides).")
    int maxRuns;

    @Option(names = "--jobs", description = "Simulations run side by side (default: every core).")
    Integer jobs;

    @Option(names = "--seed", defaultValue = "1", description = "Root seed of the hunt's draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-steer", description = "Draw uniformly: no coverage feedback.")
    boolean noSteer;

    @Option(names = "--shrink-runs", defaultValue = "1000", description = "Re-runs to shrink each counterexample, "
            + "within at most 3 minutes of wall time (0: none; default: ${DEFAULT-VALUE}).")
    int shrinkRuns;

    @Option(names = "--no-false-alarm-row", description = "Skip hunting the correct protocol.")
    boolean noFalseAlarmRow;

    @Option(names = "--liveness-bound", defaultValue = "5s", description = "Liveness bound of each run (default: ${DEFAULT-VALUE}).")
    String livenessBound;

    @Option(names = "--out", defaultValue = "runs/mutants", description = "Where counterexamples are written (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--keep-going", description = "Do not stop at the first failure: count failures over the whole budget.")
    boolean keepGoing;

    @Option(names = "--json", description = "Print the table as JSON.")
    boolean json;

    @Option(names = "--explore-walks", defaultValue = "200", description = "Seeded walks of the model checker per "
            + "mutant before the hunt, on one fixed small configuration for every mutant, after its breadth-first "
            + "searches (0: no walks; the explore phase is off when this and both --explore-*-states are 0) "
            + "(default: ${DEFAULT-VALUE}).")
    long exploreWalks;

    @Option(names = "--explore-bfs-states", defaultValue = "10000", description = "Unique states each breadth-first "
            + "search of the explore phase may visit (three small configurations, the same for every mutant, searched "
            + "before the walks; a catch is the shortest counterexample there) (0: none) (default: ${DEFAULT-VALUE}).")
    long exploreBfsStates;

    @Option(names = "--explore-delay-states", defaultValue = "0", description = "Unique states the explore "
            + "phase's delay-bounded search may visit (every schedule within 2 deviations of a default schedule, one "
            + "configuration for every mutant, after the breadth-first searches; ballot-reuse's 3-replica path needs "
            + "~40,000; 10-20 s per mutant it does not catch; 0: none) (default: ${DEFAULT-VALUE}).")
    long exploreDelayStates;

    private final java.util.Map<String, ExplorePhase.Finding> explored = new java.util.TreeMap<>();

    @Override
    public Integer call() throws IOException {
        List<String> targets = targets();
        long budgetNanos = Durations.parseNanos("--budget", budget);
        long livenessNanos = Durations.parseNanos("--liveness-bound", livenessBound);
        int threads = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        if (threads < 1 || maxRuns < 0 || shrinkRuns < 0) {
            throw new UserError("--jobs must be >= 1 and --max-runs, --shrink-runs >= 0");
        }
        PrintWriter stdout = stdout();
        Hunter.Options options = new Hunter.Options(seed, Duration.ofNanos(budgetNanos), maxRuns, !noSteer, shrinkRuns,
                livenessNanos, keepGoing);
        List<Hunter.Outcome> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(null, r, "paxsim-hunt", 64L << 20);
            t.setDaemon(true);
            return t;
        });
        try {
            Hunter hunter = new Hunter(newPipeline(), pool, options, line -> {
                if (!json) {
                    System.err.println("  hunt        " + line);
                }
            });
            for (String m : targets) {
                if (exploreWalks > 0 || exploreBfsStates > 0 || exploreDelayStates > 0) {
                    explored.put(m, ExplorePhase.run(m, exploreWalks, exploreBfsStates, exploreDelayStates, seed, out));
                }
                outcomes.add(hunter.hunt(m));
            }
        } finally {
            pool.shutdownNow();
        }
        List<Row> rows = new ArrayList<>();
        Hunter.Detection correctLogFailure = correctLogFailure(outcomes);
        for (Hunter.Outcome o : outcomes) {
            rows.add(sameAsCorrectLog(o, correctLogFailure) ? notCaughtBecauseCorrectLogFails(o) : row(o));
        }
        if (json) {
            stdout.println(RunFiles.JSON.writeValueAsString(toJson(rows, outcomes, threads)));
        } else {
            printTable(stdout, rows, outcomes, threads);
        }
        stdout.flush();
        return verdict(rows, outcomes);
    }

    private static Hunter.Detection correctLogFailure(List<Hunter.Outcome> outcomes) {
        for (Hunter.Outcome o : outcomes) {
            if (o.mutant().equals(Scenario.NO_MUTANT) && o.caught()) {
                return o.detection();
            }
        }
        return null;
    }

    /**
     * A mutant "caught" by the very run (same scenario seed, same checker) that fails on the correct
     * log was not caught: the failure is the log's own, so the table must not count it.
     */
    private static boolean sameAsCorrectLog(Hunter.Outcome o, Hunter.Detection correct) {
        return correct != null && o.caught() && !o.mutant().equals(Scenario.NO_MUTANT)
                && o.detection().caughtBy().equals(correct.caughtBy())
                && o.detection().result() != null && correct.result() != null
                && o.detection().result().scenario().seed() == correct.result().scenario().seed();
    }

    private static Row notCaughtBecauseCorrectLogFails(Hunter.Outcome o) {
        return new Row(o.mutant(), false, "(the correct log fails there too)", o.runs(), o.ops(), o.simulatedNanos() / 1e9,
                o.wallSeconds(), -1, -1, -1, "-");
    }

    private List<String> targets() {
        List<String> all = new ArrayList<>(Mutant.names());
        List<String> chosen = only == null ? all : only;
        for (String m : chosen) {
            if (!m.equals(Scenario.NO_MUTANT) && !all.contains(m)) {
                throw new UserError("unknown mutant '" + m + "' (known: " + String.join(", ", all) + ")");
            }
        }
        List<String> out = new ArrayList<>(chosen);
        out.remove(Scenario.NO_MUTANT);
        if (!noFalseAlarmRow || chosen.contains(Scenario.NO_MUTANT)) {
            out.add(Scenario.NO_MUTANT);
        }
        return out;
    }

    /** One line of the table. */
    private record Row(String mutant, boolean caught, String by, int runs, long ops, double simulatedSeconds,
                       double detectSeconds, int faults, long shrunkOps, double shrunkSeconds, String replay) {
    }

    private Row row(Hunter.Outcome o) throws IOException {
        if (!o.caught()) {
            return new Row(o.mutant(), false, "-", o.runs(), o.ops(), o.simulatedNanos() / 1e9, o.wallSeconds(), -1, -1,
                    -1, "-");
        }
        RunResult counterexample = o.shrunk() != null ? o.shrunk() : o.detection().result();
        String replay = "-";
        if (counterexample != null) {
            Path dir = out.resolve(o.mutant());
            Files.createDirectories(dir);
            RunFiles.writeRun(dir, counterexample);
            RunFiles.writeJson(dir.resolve(RunFiles.VERDICT), RunExecution.verdictJson(counterexample, dir));
            replay = RunExecution.replayCommand(dir);
        }
        int faults = counterexample == null ? -1 : counterexample.faults().size();
        long ops = counterexample == null ? -1 : ((Number) counterexample.metrics().getOrDefault("opsInvoked", 0L)).longValue();
        double sim = counterexample == null ? -1 : counterexample.simulatedNanos() / 1e9;
        return new Row(o.mutant(), true, o.detection().caughtBy(), o.detection().runIndex() + 1, o.ops(),
                o.simulatedNanos() / 1e9, o.detection().wallSeconds(), faults, ops, sim, replay);
    }

    private void printTable(PrintWriter w, List<Row> rows, List<Hunter.Outcome> outcomes, int threads) {
        w.printf("paxsim mutants: hunt seed %d, budget %s per mutant, %d jobs, steering %s%n", seed, budget, threads,
                noSteer ? "off" : "on");
        w.printf("%-24s %-7s %-30s %6s %9s %8s %24s  %s%n", "mutant", "caught", "by", "runs", "ops", "detect",
                "shrunk (faults/ops/sim)", "replay");
        List<Double> times = new ArrayList<>();
        for (Row r : rows) {
            String label = r.mutant().equals(Scenario.NO_MUTANT) ? "none (false alarms)" : r.mutant();
            String caught = r.mutant().equals(Scenario.NO_MUTANT) ? (r.caught() ? "ALARM" : "clean") : (r.caught() ? "yes" : "NO");
            String shrunk = r.faults() < 0 ? "-" : r.faults() + " / " + r.shrunkOps() + " / " + String.format("%.2fs", r.shrunkSeconds());
            String detect = r.caught() ? String.format("%.1fs", r.detectSeconds()) : String.format("(%.0fs)", r.detectSeconds());
            w.printf("%-24s %-7s %-30s %6d %9d %8s %24s  %s%n", label, caught, r.by(), r.runs(), r.ops(), detect, shrunk,
                    r.replay());
            if (r.caught() && !r.mutant().equals(Scenario.NO_MUTANT)) {
                times.add(r.detectSeconds());
            }
        }
        long mutants = rows.stream().filter(r -> !r.mutant().equals(Scenario.NO_MUTANT)).count();
        w.printf("caught %d of %d mutants; median time to detection %s%n", times.size(), mutants,
                times.isEmpty() ? "-" : String.format("%.1fs", median(times)));
        for (Hunter.Outcome o : outcomes) {
            if (keepGoing || o.mutant().equals(Scenario.NO_MUTANT)) {
                w.printf("  %s: %d failing runs of %d%n", o.mutant(), o.failures(), o.runs());
            }
            if (o.harnessErrors() > 0) {
                w.printf("  %s: %d runs hit a harness error (a testbed bug, not counted as a catch)%n", o.mutant(),
                        o.harnessErrors());
            }
        }
        printExplorePhase(w);
        printCoverage(w, outcomes);
    }

    private void printExplorePhase(PrintWriter w) {
        if (explored.isEmpty()) {
            return;
        }
        w.printf("explore phase: breadth-first searches of 3 small configurations (%d states each), a delay-bounded search "
                + "(%d deviations, %d states), then %d seeded walks (3 replicas, 2 ops, 1 crash, 6 ticks); the same for "
                + "every mutant%n", exploreBfsStates, ExplorePhase.DELAYS, exploreDelayStates, exploreWalks);
        for (ExplorePhase.Finding f : explored.values()) {
            w.printf("  %-24s %s%n", f.mutant(), f.caught()
                    ? String.format("caught by %s, %d steps (%s: %s), %.1fs, trace %s; %s", f.property(), f.steps(),
                    f.strategy(), f.note(), f.wallSeconds(), f.traceHash(), f.replay())
                    : String.format("not caught (%s) (%.1fs)", f.note(), f.wallSeconds()));
        }
    }

    private boolean exploreCaught(String mutant) {
        ExplorePhase.Finding f = explored.get(mutant);
        return f != null && f.caught();
    }

    private static void printCoverage(PrintWriter w, List<Hunter.Outcome> outcomes) {
        long[][] totals = coverageTotals(outcomes);
        long runs = outcomes.stream().mapToLong(Hunter.Outcome::runs).sum();
        w.printf("coverage over %d runs (sometimes-events: runs reaching each, total count):%n", runs);
        List<String> events = CoverageMonitor.eventNames();
        for (int i = 0; i < events.size(); i++) {
            w.printf("  %-28s %6d runs %9d times%s%n", events.get(i), totals[i][0], totals[i][1],
                    totals[i][0] == 0 ? "   NEVER REACHED" : "");
        }
    }

    private static long[][] coverageTotals(List<Hunter.Outcome> outcomes) {
        List<String> events = CoverageMonitor.eventNames();
        long[][] totals = new long[events.size()][2];
        for (Hunter.Outcome o : outcomes) {
            Map<String, long[]> c = o.steering().coverage(events);
            for (int i = 0; i < events.size(); i++) {
                totals[i][0] += c.get(events.get(i))[0];
                totals[i][1] += c.get(events.get(i))[1];
            }
        }
        return totals;
    }

    private ObjectNode toJson(List<Row> rows, List<Hunter.Outcome> outcomes, int threads) {
        ObjectNode root = RunFiles.JSON.createObjectNode();
        root.put("huntSeed", seed);
        root.put("budget", budget);
        root.put("jobs", threads);
        root.put("steering", !noSteer);
        ArrayNode table = root.putArray("mutants");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            Hunter.Outcome o = outcomes.get(i);
            ObjectNode n = table.addObject();
            n.put("mutant", r.mutant());
            n.put("caught", r.caught());
            n.put("by", r.by());
            n.put("runs", r.runs());
            n.put("ops", r.ops());
            n.put("simulatedSeconds", r.simulatedSeconds());
            n.put("wallSeconds", r.detectSeconds());
            n.put("mutantReachedRuns", o.mutantReached());
            n.put("failingRuns", o.failures());
            n.put("harnessErrors", o.harnessErrors());
            ExplorePhase.Finding f = explored.get(r.mutant());
            if (f != null) {
                ObjectNode e = n.putObject("explore");
                e.put("caught", f.caught()).put("property", f.property()).put("steps", f.steps())
                        .put("wallSeconds", f.wallSeconds()).put("traceHash", f.traceHash()).put("replay", f.replay())
                        .put("strategy", f.strategy()).put("note", f.note());
            }
            if (o.caught()) {
                n.put("detectingArms", String.join(" ", o.detection().arms()));
                n.put("failure", o.detection().result() == null ? "harness error"
                        : o.detection().result().failure().message());
                n.put("shrunkFaults", r.faults());
                n.put("shrunkOps", r.shrunkOps());
                n.put("shrunkSimulatedSeconds", r.shrunkSeconds());
                n.put("replay", r.replay());
            }
        }
        ObjectNode coverage = root.putObject("coverage");
        long[][] totals = coverageTotals(outcomes);
        List<String> events = CoverageMonitor.eventNames();
        for (int i = 0; i < events.size(); i++) {
            ObjectNode e = coverage.putObject(events.get(i));
            e.put("runs", totals[i][0]);
            e.put("count", totals[i][1]);
        }
        return root;
    }

    /** 0: every mutant caught, no false alarm, something reached; 1 otherwise (the testbed failed its own test). */
    private int verdict(List<Row> rows, List<Hunter.Outcome> outcomes) {
        boolean reachedAnything = Arrays.stream(coverageTotals(outcomes)).anyMatch(t -> t[0] > 0);
        for (Row r : rows) {
            boolean correct = r.mutant().equals(Scenario.NO_MUTANT);
            if (correct == (r.caught() || exploreCaught(r.mutant()))) {
                return ExitCode.VIOLATION;
            }
        }
        return reachedAnything ? ExitCode.PASS : ExitCode.VIOLATION;
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = new ArrayList<>(xs);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static List<String> dimensions() {
        return new ArrayList<>(HuntPlan.DIMENSIONS.keySet());
    }
}
