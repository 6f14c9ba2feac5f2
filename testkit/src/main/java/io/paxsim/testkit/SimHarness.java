package io.paxsim.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paxsim.checkers.Verdict;
import io.paxsim.sim.NodeFactory;
import io.paxsim.sim.SimObserver;
import io.paxsim.testbed.output.RunFiles;
import io.paxsim.testbed.pipeline.Cluster;
import io.paxsim.testbed.pipeline.ClusterFactory;
import io.paxsim.testbed.pipeline.FaultPlan;
import io.paxsim.testbed.pipeline.FaultPlans;
import io.paxsim.testbed.pipeline.PaxosClusters;
import io.paxsim.testbed.pipeline.Pipeline;
import io.paxsim.testbed.pipeline.RunOptions;
import io.paxsim.testbed.pipeline.RunResult;
import io.paxsim.testbed.pipeline.Scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Runs {@link SimRun}s of a protocol through paxsim's pipeline — simulated cluster, clients and
 * workload, the run's fault schedule, heal, liveness bound, final reads, every checker and online
 * monitor — and turns a failure into an {@link AssertionError} that names the run, its schedule, the
 * directory its files were written to and how to replay it. Also tallies {@link Sometimes} goals.
 *
 * <pre>{@code
 * static final SimHarness HARNESS = SimHarness.forProtocol(id -> new MyReplica(id))
 *         .goals(Sometimes.PARTITION_HEALED).build();
 *
 * @Property void linearizable(@ForAll("runs") SimRun run) { HARNESS.check(run); }
 * }</pre>
 *
 * A replica speaks the client protocol of {@code io.paxsim.paxos.api} (Request → Reply, possibly from the leader a follower passed it on to, or NotLeader)
 * and is a pure {@link io.paxsim.sim.Node}: all effects through its Context, so the same seed and
 * schedule replay the same run, event for event.
 */
public final class SimHarness {
    private final String name;
    private final ClusterFactory clusters;
    private final List<Sometimes> goals;
    private final Coverage coverage;
    private final Path failuresDir;
    private final boolean paxsimCli;

    private SimHarness(Builder b) {
        this.name = b.name;
        this.clusters = b.clusters;
        this.goals = List.copyOf(b.goals);
        this.coverage = new Coverage(goals);
        this.failuresDir = b.failuresDir;
        this.paxsimCli = b.paxsimCli;
    }

    /** The Paxos log of paxos-impl (variants by name), with the Paxos "sometimes" goals. */
    public static SimHarness paxos() {
        Builder b = new Builder("paxos", PaxosClusters::create);
        b.paxsimCli = true;
        return b.goals(Sometimes.paxosGoals()).build();
    }

    /** Your protocol: {@code replicas} makes replica {@code id}'s volatile half (at start and every restart). */
    public static Builder forProtocol(NodeFactory replicas) {
        return new Builder("protocol", s -> Cluster.simple(replicas));
    }

    /** Your protocol, built per scenario (to read its node count or variant name). */
    public static Builder forClusters(ClusterFactory clusters) {
        return new Builder("protocol", clusters);
    }

    public static final class Builder {
        private String name;
        private ClusterFactory clusters;
        private final List<Supplier<SimObserver>> monitors = new ArrayList<>();
        private Predicate<Object> isLeaderChange = o -> false;
        private ToLongFunction<Object> appliedSlotOf = o -> -1;
        private final List<Sometimes> goals = new ArrayList<>();
        private Path failuresDir = Path.of(System.getProperty("paxsim.failures", "target/paxsim-failures"));
        private boolean paxsimCli;
        private boolean customized;

        private Builder(String name, ClusterFactory clusters) {
            this.name = name;
            this.clusters = clusters;
        }

        /** Names the failure directories ({@code target/paxsim-failures/NAME-...}). */
        public Builder name(String n) {
            this.name = n;
            return this;
        }

        /** An online invariant monitor, made fresh for each run; it fails the run with {@code sim.stop(reason)}. */
        public Builder monitor(Supplier<SimObserver> monitor) {
            monitors.add(monitor);
            return this;
        }

        /** Recognises your protocol's "a new leader took over" observation (for leader-change metrics). */
        public Builder leaderChange(Predicate<Object> isLeaderChange) {
            this.isLeaderChange = isLeaderChange;
            customized = true;
            return this;
        }

        /** Reads "replica applied through slot s" from an observation (-1 otherwise), to require convergence after healing. */
        public Builder appliedSlot(ToLongFunction<Object> appliedSlotOf) {
            this.appliedSlotOf = appliedSlotOf;
            customized = true;
            return this;
        }

        public Builder goals(Sometimes... g) {
            return goals(List.of(g));
        }

        public Builder goals(List<Sometimes> g) {
            goals.addAll(g);
            return this;
        }

        /** Where failing runs are written (default {@code target/paxsim-failures}, or {@code -Dpaxsim.failures=DIR}). */
        public Builder failuresDir(Path dir) {
            this.failuresDir = dir;
            return this;
        }

        public SimHarness build() {
            if (!monitors.isEmpty() || customized) {
                ClusterFactory base = clusters;
                List<Supplier<SimObserver>> ms = List.copyOf(monitors);
                Predicate<Object> leader = isLeaderChange;
                ToLongFunction<Object> applied = appliedSlotOf;
                clusters = s -> {
                    Cluster c = base.create(s);
                    List<SimObserver> all = new ArrayList<>(c.monitors());
                    ms.forEach(m -> all.add(m.get()));
                    return new Cluster(c.replicaFactory(), all, o -> c.isLeaderChange().test(o) || leader.test(o),
                            o -> Math.max(c.appliedSlotOf().applyAsLong(o), applied.applyAsLong(o)));
                };
            }
            return new SimHarness(this);
        }
    }

    public Coverage coverage() {
        return coverage;
    }

    /** Runs {@code run} and returns what it produced, without judging it (no coverage either). */
    public RunResult run(SimRun run) {
        return run(run.scenario(), run.faultPlan(), List.of());
    }

    private RunResult run(Scenario s, FaultPlan plan, List<Sometimes.Detector> detectors) {
        Pipeline pipeline = new Pipeline(sc -> withObservers(clusters.create(sc), detectors), sc -> plan);
        return pipeline.run(s, RunOptions.quiet().withFaultPlan(plan));
    }

    private static Cluster withObservers(Cluster c, List<Sometimes.Detector> detectors) {
        if (detectors.isEmpty()) {
            return c;
        }
        List<SimObserver> all = new ArrayList<>(c.monitors());
        all.addAll(detectors);
        return new Cluster(c.replicaFactory(), all, c.isLeaderChange(), c.appliedSlotOf());
    }

    /**
     * Runs {@code run}, counts the goals it reached, and requires every checker and monitor to pass.
     * @throws AssertionError on a violation, a liveness failure, a crash or an undecided checker,
     *         saying where the run's files are and how to replay it
     */
    public RunResult check(SimRun run) {
        List<Sometimes.Detector> detectors = new ArrayList<>();
        goals.forEach(g -> detectors.add(g.detector().get()));
        RunResult r = run(run.scenario(), run.faultPlan(), detectors);
        List<String> reached = new ArrayList<>();
        for (int i = 0; i < goals.size(); i++) {
            if (detectors.get(i).reached()) {
                reached.add(goals.get(i).name());
            }
        }
        coverage.record(reached);
        if (r.passed() && !r.unknown()) {
            return r;
        }
        Path dir = save(r);
        throw new AssertionError(describeFailure(run, r, dir));
    }

    private String describeFailure(SimRun run, RunResult r, Path dir) {
        StringBuilder s = new StringBuilder();
        s.append(r.failure() != null ? r.failure().kind() + ": " + firstLine(r.failure().message())
                : "a checker could not decide (unknown is never a pass)");
        for (Verdict v : r.verdicts()) {
            s.append("\n  checker  ").append(v.checker()).append(' ').append(v.status()).append(": ").append(firstLine(v.summary()));
        }
        s.append("\n  run      ").append(run);
        s.append("\n  trace    ").append(r.traceHashHex());
        s.append("\n  files    ").append(dir);
        if (paxsimCli) {
            s.append("\n  replay   ./paxsim replay --from ").append(dir);
            s.append("\n  shrink   ./paxsim shrink --from ").append(dir);
        } else {
            s.append("\n  replay   harness.replay(java.nio.file.Path.of(\"").append(dir).append("\"))");
        }
        return s.toString();
    }

    /** Writes the run's files (run.json, faults.json, histories, metrics, verdict) for replay and inspection. */
    private Path save(RunResult r) {
        Path dir = failuresDir.resolve(name + "-seed" + r.scenario().seed() + "-" + r.traceHashHex()).toAbsolutePath();
        try {
            Files.createDirectories(dir);
            RunFiles.writeRun(dir, r);
            ObjectNode verdict = RunFiles.JSON.createObjectNode();
            verdict.put("outcome", r.passed() ? "unknown" : "violation");
            verdict.put("seed", r.scenario().seed());
            verdict.put("traceHash", r.traceHashHex());
            if (r.failure() != null) {
                verdict.put("failure", r.failure().kind() + ": " + r.failure().message());
            }
            RunFiles.writeJson(dir.resolve(RunFiles.VERDICT), verdict);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the failing run to " + dir, e);
        }
        return dir;
    }

    /**
     * Runs a saved run again exactly as recorded (its scenario and fault schedule) and requires the
     * same trace hash. @throws AssertionError when the replay differs (nondeterminism or a changed build)
     */
    public RunResult replay(Path dir) {
        Scenario s = RunFiles.readScenario(dir);
        FaultPlan plan = FaultPlans.fromJson(RunFiles.readJson(dir.resolve(RunFiles.FAULTS)));
        RunResult r = run(s, plan, List.of());
        String recorded = RunFiles.readJson(dir.resolve(RunFiles.VERDICT)).path("traceHash").asText();
        if (!recorded.equals(r.traceHashHex())) {
            throw new AssertionError("replay of " + dir + " differs: recorded trace " + recorded + ", replayed "
                    + r.traceHashHex() + " (nondeterminism or a changed build)");
        }
        return r;
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl) + " ...";
        return line.length() > 240 ? line.substring(0, 237) + "..." : line;
    }
}
