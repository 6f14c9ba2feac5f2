package io.paxsim.testbed.cli;

import io.paxsim.testbed.pipeline.Pipeline;
import io.paxsim.testbed.pipeline.RunOptions;
import io.paxsim.testbed.load.LoadModel;
import io.paxsim.testbed.pipeline.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code paxsim demo}: the README's first command. Five replicas under chaos, every checker, seconds. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "5 replicas under the chaos fault profile: register (linearizability), list-append (Elle-style) "
                + "and log (cumulative checksums) runs, each checked and summarised.")
public final class DemoCommand extends PipelineCommandBase implements Callable<Integer> {
    static final List<String> WORKLOADS = List.of("register", "list-append", "log");
    // Long enough for chaos to land several faults of different kinds; think time keeps each
    // workload near 10k ops so the whole demo stays well under a minute.
    private static final long DEMO_SAFETY_NANOS = 6_000_000_000L;
    private static final LoadModel DEMO_LOAD = new LoadModel.ClosedLoop(10, 5_000_000L);

    @Option(names = "--seed", description = "Root seed (default: picked and printed).")
    Long seed;

    @Option(names = "--faults", description = "Fault profile (default: ${DEFAULT-VALUE}).", defaultValue = "chaos")
    String faults;

    @Override
    public Integer call() {
        long s = seed != null ? seed : RunCommand.pickSeed();
        Pipeline pipeline = newPipeline();
        List<Scenario> scenarios = new ArrayList<>();
        for (String workload : WORKLOADS) {
            Scenario scenario = Scenario.defaults(s).withNodes(5).withWorkload(workload).withFaultProfile(faults)
                    .withSafetyNanos(DEMO_SAFETY_NANOS).withLoad(DEMO_LOAD);
            try {
                pipeline.validate(scenario);
            } catch (IllegalArgumentException e) {
                throw new UserError("--faults: " + e.getMessage());
            }
            scenarios.add(scenario);
        }
        PrintWriter stdout = stdout();
        stdout.printf("paxsim demo: 5-node Multi-Paxos under '%s' faults, seed %d%n%n", faults, s);
        int worst = ExitCode.PASS;
        for (Scenario scenario : scenarios) {
            RunDirs.Target dir = RunDirs.prepare(null, false, "demo-" + scenario.workload() + "-seed" + s);
            RunExecution.Outcome o = RunExecution.run(pipeline, scenario, RunOptions.quiet(), dir, null);
            RunExecution.printSummary(stdout, "demo", o);
            stdout.println();
            worst = worse(worst, RunExecution.exitCode(o.result()));
        }
        stdout.println(switch (worst) {
            case ExitCode.PASS -> "demo: every checker passed. To see a bug caught: "
                    + "./paxsim run --faults partitions --mutant local-read --seed 1 --duration 6s";
            case ExitCode.UNKNOWN -> "demo: no violation, but a checker could not decide (see UNKNOWN above).";
            default -> "demo: a violation was found; replay or shrink it with the commands printed above.";
        });
        stdout.flush();
        return worst;
    }

    private static int worse(int a, int b) {
        int rankA = a == ExitCode.VIOLATION ? 2 : a == ExitCode.UNKNOWN ? 1 : 0;
        int rankB = b == ExitCode.VIOLATION ? 2 : b == ExitCode.UNKNOWN ? 1 : 0;
        return rankB > rankA ? b : a;
    }
}
