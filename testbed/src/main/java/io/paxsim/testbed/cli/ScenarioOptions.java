package io.paxsim.testbed.cli;

import io.paxsim.testbed.client.ClientTimeouts;
import io.paxsim.testbed.load.LoadModel;
import io.paxsim.testbed.load.RateProfile;
import io.paxsim.testbed.pipeline.Environments;
import io.paxsim.testbed.pipeline.Pathologies;
import io.paxsim.testbed.pipeline.Scenario;
import io.paxsim.testbed.workload.Workloads;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options that define a scenario, shared by run, replay and demo. Validated into a {@link Scenario}. */
final class ScenarioOptions {
    @Option(names = "--seed", description = "Root seed of every random choice (default: picked and printed).")
    Long seed;

    @Mixin
    RunShapeOptions shape = new RunShapeOptions();

    @Option(names = "--variant", description = "Protocol variant, e.g. majority, flexible, read-index, lease (default: ${DEFAULT-VALUE}).", defaultValue = "majority")
    String variant;

    @Option(names = "--workload", completionCandidates = WorkloadNames.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; run --list describes each).",
            defaultValue = "register")
    String workload;

    /** Every registered workload, for --help (so a new one is never missing from it). */
    static final class WorkloadNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Workloads.descriptions().keySet().iterator();
        }
    }

    @Option(names = "--faults", description = "Fault profile: none, partitions, crashes, clocks, disk, corners, chaos, swarm, leader-churn; or a nemesis mix "
            + "such as isolate-leader,crash-random@0.5 (faults per simulated second) (default: ${DEFAULT-VALUE}).",
            defaultValue = "none")
    String faults;

    @Option(names = "--ops", description = "Stop issuing after this many operations; the final reads after the heal (one per key) come on top "
            + "(default: the duration decides).")
    Long ops;

    @Option(names = "--duration", description = "Length of the safety phase in simulated time, e.g. 10s, 500ms (default: 5s).")
    String duration;

    @Option(names = "--rate", description = "Open loop: Poisson arrivals at this many ops per simulated second (default: closed loop).")
    Double rate;

    @Option(names = "--rate-shape", description = "How the open-loop rate varies: constant, ramp, step, bursts, sinusoid (default: ${DEFAULT-VALUE}).",
            defaultValue = "constant")
    String rateShape;

    @Option(names = "--scenario", description = "A pathological scenario: leader-flapping, slow-follower, large-entries, "
            + "leader-change-bursts, hot-key (reshapes workload, load, environment or faults).")
    String pathology;

    @Option(names = "--environment", description = "Fault-free world: lan, slow-follower, lan-drift (default: ${DEFAULT-VALUE}).",
            defaultValue = "lan")
    String environment;


    java.time.Duration checkerBudget() {
        return shape.checkerBudget();
    }

    String mutant() {
        return shape.mutant;
    }

    Scenario toScenario(long chosenSeed) {
        shape.requireValidSizes();
        if (!Workloads.exists(workload)) {
            throw new UserError("unknown --workload '" + workload + "' (known: "
                    + String.join(", ", Workloads.descriptions().keySet()) + ")");
        }
        if (!Environments.exists(environment)) {
            throw new UserError("unknown --environment '" + environment + "' (known: "
                    + String.join(", ", Environments.descriptions().keySet()) + ")");
        }
        if (ops != null && ops <= 0) {
            throw new UserError("--ops must be positive, got " + ops);
        }
        long safetyNanos = duration == null ? defaultSafetyNanos() : Durations.parseNanos("--duration", duration);
        long livenessNanos = shape.livenessNanos();
        Scenario s = new Scenario(chosenSeed, shape.nodes, variant, shape.mutant, workload, faults, ops == null ? 0 : ops, safetyNanos,
                livenessNanos, load(safetyNanos), ClientTimeouts.defaults(), environment);
        if (pathology == null) {
            return s;
        }
        try {
            return Pathologies.apply(pathology, s);
        } catch (IllegalArgumentException e) {
            throw new UserError("--scenario: " + e.getMessage());
        }
    }

    /** With only --ops, the run lasts as long as the ops take, up to a generous cap. */
    private long defaultSafetyNanos() {
        return ops != null && duration == null ? 600_000_000_000L : 5_000_000_000L;
    }

    private LoadModel load(long safetyNanos) {
        if (rate == null) {
            if (!rateShape.equals("constant")) {
                throw new UserError("--rate-shape " + rateShape + " shapes an open-loop rate; give --rate too (ops per simulated second)");
            }
            return new LoadModel.ClosedLoop(shape.clients, 0);
        }
        if (!(rate > 0) || rate > 10_000_000) {
            throw new UserError("--rate must be in (0, 10000000] ops/s, got " + rate);
        }
        double r = rate;
        RateProfile profile = switch (rateShape) {
            case "constant" -> new RateProfile.Constant(r);
            case "ramp" -> new RateProfile.Ramp(r / 10, r, safetyNanos);
            case "step" -> new RateProfile.Step(r / 2, r, safetyNanos / 2);
            case "bursts" -> new RateProfile.Bursts(r, 5 * r, 1_000_000_000L, 100_000_000L);
            case "sinusoid" -> new RateProfile.Sinusoid(r, 0.8 * r, 1_000_000_000L);
            default -> throw new UserError("unknown --rate-shape '" + rateShape
                    + "' (known: constant, ramp, step, bursts, sinusoid)");
        };
        return new LoadModel.OpenLoop(shape.clients, profile, 10_000);
    }
}
