package io.paxsim.testbed.pipeline;

import io.paxsim.checkers.Verdict;
import io.paxsim.history.History;
import io.paxsim.paxos.WalCaches;
import io.paxsim.sim.LogLevel;
import io.paxsim.sim.SimObserver;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.SimulationException;
import io.paxsim.sim.disk.DiskConfig;
import io.paxsim.sim.net.LinkConfig;
import io.paxsim.testbed.client.ClientFleet;
import io.paxsim.testbed.client.FinalReads;
import io.paxsim.testbed.history.HistoryObserver;
import io.paxsim.testbed.logging.HarnessLog;
import io.paxsim.testbed.logging.SimLog;
import io.paxsim.testbed.metrics.RunMetrics;
import io.paxsim.testbed.workload.Workload;
import io.paxsim.testbed.workload.Workloads;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run, in phases: safety (faults and workload) → heal (faults stop, network whole, replicas
 * up) → liveness (every pending operation finishes within a bound) → final reads → checks.
 * Each phase reads only what the one before produced.
 */
public final class Pipeline {
    private final ClusterFactory clusters;
    private final FaultPlanner faults;
    private final PhaseListener phases;

    /** Told when a run enters a phase ("simulate", "check"), so a benchmark can time them; the pipeline reads no clock. */
    @FunctionalInterface
    public interface PhaseListener {
        PhaseListener NONE = phase -> { };

        void entered(String phase);
    }

    public Pipeline(ClusterFactory clusters, FaultPlanner faults) {
        this(clusters, faults, PhaseListener.NONE);
    }

    private Pipeline(ClusterFactory clusters, FaultPlanner faults, PhaseListener phases) {
        this.clusters = clusters;
        this.faults = faults;
        this.phases = phases;
    }

    /** This pipeline, telling {@code listener} when each run enters a phase. */
    public Pipeline withPhaseListener(PhaseListener listener) {
        return new Pipeline(clusters, faults, listener);
    }

    /** The state of one run while it is going; discarded when it ends. */
    private static final class Run {
        final Scenario scenario;
        final RunOptions options;
        final Simulation sim;
        final ClientFleet fleet;
        final Workload workload;
        final RunMetrics metrics;
        final HistoryObserver history;
        final FaultPlan plan;
        final FaultPlan.Injection injection;
        final LeaderTracker leaders;
        final AppliedTracker applied;
        final Cluster cluster;
        long healAtNanos = -1;
        long events;
        Failure failure;

        Run(Scenario scenario, RunOptions options, Simulation sim, ClientFleet fleet, Workload workload,
            RunMetrics metrics, HistoryObserver history, FaultPlan plan, FaultPlan.Injection injection,
            LeaderTracker leaders, AppliedTracker applied, Cluster cluster) {
            this.scenario = scenario;
            this.options = options;
            this.sim = sim;
            this.fleet = fleet;
            this.workload = workload;
            this.metrics = metrics;
            this.history = history;
            this.plan = plan;
            this.injection = injection;
            this.leaders = leaders;
            this.applied = applied;
            this.cluster = cluster;
        }
    }

    /**
     * Builds what a run of {@code scenario} would need, without running it, so bad names fail before
     * anything is written. @throws IllegalArgumentException naming what is wrong
     */
    public void validate(Scenario scenario) {
        Workloads.create(scenario.workload());
        clusters.create(scenario);
        faults.plan(scenario);
        if (!Environments.exists(scenario.environment())) {
            throw new IllegalArgumentException("unknown environment '" + scenario.environment() + "'");
        }
    }

    public RunResult run(Scenario scenario, RunOptions options) {
        Simulated run = simulate(scenario, options);
        phases.entered("check");
        List<Verdict> verdicts = Judge.judge(run.checkers(), run.history(),
                new Judge.RunEnd(run.stopped(), run.stopReason(), run.crashed()), options.checkerBudget());
        Failure failure = run.failure();
        for (Verdict v : verdicts) {
            if ((failure == null || failure.harnessError()) && v instanceof Verdict.Illegal) {
                failure = Failure.checker(v.checker(), v.summary()).after(failure); // a harness error hides no finding
            }
        }
        phases.entered("report");
        SimLog.harness(run.nowNanos(), LogLevel.INFO, "run over: "
                + (failure == null ? "no failure" : failure.kind() + " " + failure.message()));
        return new RunResult(scenario, run.plan(), run.history(), run.metrics(), failure, verdicts,
                run.traceHash(), run.healAtNanos(), run.nowNanos());
    }

    /**
     * What a simulated run leaves for checking and reporting. The simulation itself (replicas,
     * disks, monitors) is unreachable once this is returned, so the checkers get its heap.
     */
    private record Simulated(History history, List<String> checkers, Failure failure, boolean crashed, boolean stopped,
                             String stopReason, Map<String, Object> metrics, FaultPlan plan, long traceHash,
                             long healAtNanos, long nowNanos) {
    }

    private Simulated simulate(Scenario scenario, RunOptions options) {
        phases.entered("simulate");
        Run run = build(scenario, options);
        try {
            run.sim.start();
            run.injection.install(run.sim, replicaIds(scenario), run.leaders::leader);
            safety(run);
            if (run.failure == null && !stoppedEarly(run)) {
                heal(run);
                liveness(run);
            }
            if (run.failure == null && !stoppedEarly(run)) {
                finalReads(run);
            }
            if (run.failure == null && !stoppedEarly(run)) {
                converge(run);
            }
        } catch (RunAbandoned e) {
            throw e;
        } catch (SimulationException e) {
            run.failure = Failure.assertion(e.getMessage());
        } catch (RuntimeException | AssertionError e) {
            run.failure = Failure.harness("harness at t=" + run.sim.nowNanos() + "ns: " + e);
        }
        boolean crashed = run.failure != null && run.failure.kind() == Failure.Kind.CRASH;
        if (run.sim.stopped() && (run.failure == null || run.failure.harnessError())) {
            // A monitor's stop is a finding; a harness error after it (same event) must not hide it.
            run.failure = Failure.monitor(run.sim.stopReason()).after(run.failure);
        }
        Map<String, Object> metrics = new LinkedHashMap<>(run.metrics.report(run.sim));
        metrics.put("coverage", run.cluster.coverage().get());
        // The WAL's static cache of encoded bodies holds ~32k batches of this run (~40 MB at 1M
        // list-append ops); dropped here, they do not stay live through the check and the next run.
        WalCaches.release();
        return new Simulated(run.history.history(), run.workload.checkers(), run.failure, crashed, run.sim.stopped(),
                run.sim.stopReason(), metrics, run.plan, run.sim.traceHash(), run.healAtNanos, run.sim.nowNanos());
    }

    private Run build(Scenario s, RunOptions options) {
        Workload workload = Workloads.create(s.workload());
        Cluster cluster = clusters.create(s);
        int[] replicas = replicaIds(s);
        ClientFleet fleet = new ClientFleet(workload, s.load(), s.timeouts(), replicas, s.opLimit());
        RunMetrics metrics = new RunMetrics(cluster.isLeaderChange());
        HistoryObserver history = new HistoryObserver(p -> p instanceof FinalReads);
        Simulation.Builder b = Simulation.builder(s.seed())
                .nodes(s.nodes(), cluster.replicaFactory())
                .nodes(fleet.clientCount(), fleet.nodeFactory())
                .peers(replicas)
                .defaultLink(LinkConfig.lan())
                .disk(DiskConfig.defaults())
                .lazyPlatter(true) // fewer byte copies per synced WAL byte; same behaviour and trace
                .logSink(options.logSink())
                .traceSink(options.traceSink());
        for (SimObserver monitor : cluster.monitors()) {
            b.observer(monitor);
        }
        FaultPlan plan = options.faultPlan() != null ? options.faultPlan() : faults.plan(s);
        FaultPlan.Injection injection = plan.prepare();
        if (injection.observer() != null) {
            b.observer(injection.observer());
        }
        LeaderTracker leaders = new LeaderTracker(cluster.isLeaderChange());
        AppliedTracker applied = new AppliedTracker(s.nodes(), cluster.appliedSlotOf());
        b.observer(leaders).observer(applied).observer(metrics).observer(history);
        if (SimLog.harnessEnabled(LogLevel.INFO)) {
            b.observer(new HarnessLog());
        }
        Simulation sim = b.build();
        Environments.apply(s.environment(), sim, s.nodes());
        return new Run(s, options, sim, fleet, workload, metrics, history, plan, injection, leaders, applied, cluster);
    }

    private static void safety(Run run) {
        long end = Math.min(run.scenario.safetyNanos(), run.options.stopAtNanos());
        RunProgress progress = run.options.progress();
        long steps = 0;
        while (run.sim.nowNanos() < end && (run.fleet.issuing() || run.fleet.backlogged() > 0) && step(run)) {
            assert run.fleet.outstanding() <= run.fleet.clientCount() : "more ops outstanding than clients";
            if (progress != null && (++steps & 0xfff) == 0) {
                progress.update(run.sim.nowNanos(), end, run.metrics.invoked(), run.scenario.opLimit());
            }
        }
    }

    private static void heal(Run run) {
        run.injection.heal(run.sim);
        run.fleet.stopIssuing();
        run.healAtNanos = run.sim.nowNanos();
        SimLog.harness(run.healAtNanos, LogLevel.INFO, "safety phase over (" + run.metrics.invoked()
                + " ops invoked); healing, then liveness: " + run.fleet.outstanding() + " ops pending");
        Heal.ensureWhole(run.sim, run.scenario.nodes());
    }

    private static void liveness(Run run) {
        long bound = livenessBound(run);
        while (run.fleet.outstanding() > 0 && run.sim.nowNanos() <= bound && step(run)) {
            assert !run.fleet.issuing() : "no new operations after healing";
        }
        if (run.fleet.outstanding() > 0 && !stoppedEarly(run)) {
            run.failure = Failure.liveness(run.fleet.outstanding()
                    + " operations still pending " + millis(bound - run.healAtNanos) + " after healing");
        }
    }

    private static void finalReads(Run run) {
        long bound = livenessBound(run);
        run.fleet.queueFinalReads(run.workload.finalReads());
        run.sim.schedule(run.sim.nowNanos(), new FinalReads(run.fleet.firstClientNode(), run.fleet.clientCount()));
        SimLog.harness(run.sim.nowNanos(), LogLevel.INFO, "final reads: " + run.fleet.finalReadsOutstanding());
        while (!run.fleet.finalReadsDone() && run.sim.nowNanos() <= bound && step(run)) {
            assert run.fleet.outstanding() <= run.fleet.clientCount() : "more ops outstanding than clients";
        }
        if (stoppedEarly(run)) {
            return;
        }
        if (!run.fleet.finalReadsDone()) {
            run.failure = Failure.liveness(run.fleet.finalReadsOutstanding()
                    + " final reads unanswered " + millis(bound - run.healAtNanos) + " after healing");
        } else if (run.fleet.finalReadsTimedOut() > 0) {
            run.failure = Failure.liveness(run.fleet.finalReadsTimedOut()
                    + " final reads timed out after healing");
        }
    }

    /** Every replica applies the same prefix once the cluster has been whole for long enough. */
    private static void converge(Run run) {
        long bound = livenessBound(run);
        while (!run.applied.converged() && run.sim.nowNanos() <= bound && step(run)) {
            assert !run.fleet.issuing() : "no new operations after healing";
        }
        if (!run.applied.converged() && !stoppedEarly(run)) {
            run.failure = Failure.liveness("replicas did not converge "
                    + millis(bound - run.healAtNanos) + " after healing: applied slots " + run.applied.describe());
        }
    }

    /** One simulation event, within the caller's caps (an event count, and a check every 4096 events). */
    private static boolean step(Run run) {
        if (++run.events > run.options.maxEvents()) {
            throw new RunAbandoned("over its cap of " + run.options.maxEvents() + " events at t=" + run.sim.nowNanos() + "ns");
        }
        if ((run.events & 0xfff) == 0 && run.options.abandon() != null && run.options.abandon().getAsBoolean()) {
            throw new RunAbandoned("abandoned by its caller after " + run.events + " events at t=" + run.sim.nowNanos() + "ns");
        }
        return run.sim.step();
    }

    private static int[] replicaIds(Scenario s) {
        int[] replicas = new int[s.nodes()];
        java.util.Arrays.setAll(replicas, i -> i);
        return replicas;
    }

    private static long livenessBound(Run run) {
        return Math.min(run.healAtNanos + run.scenario.livenessNanos(), run.options.stopAtNanos());
    }

    private static boolean stoppedEarly(Run run) {
        return run.sim.stopped() || run.sim.nowNanos() >= run.options.stopAtNanos();
    }

    private static String millis(long nanos) {
        return (nanos / 1_000_000) + " ms";
    }
}
