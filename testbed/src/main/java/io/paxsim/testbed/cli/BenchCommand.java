package io.paxsim.testbed.cli;

import io.paxsim.testbed.bench.BenchOptions;
import io.paxsim.testbed.bench.BenchResult;
import io.paxsim.testbed.bench.BenchTarget;
import io.paxsim.testbed.bench.BenchTargets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code paxsim bench <target>}: runs a named in-process benchmark and prints its figure. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Runs an in-process benchmark with warm-up and prints its figure.",
            "JMH versions of the same workloads: java -jar bench/target/benchmarks.jar"})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET", completionCandidates = TargetNames.class,
            description = "what to benchmark: ${COMPLETION-CANDIDATES} (--list describes each)")
    String targetName;

    @Option(names = "--list", description = "list the bench targets with a line on each, then exit")
    boolean list;

    @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "3",
            description = "wall-clock seconds run before measuring (default: ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "5",
            description = "wall-clock seconds measured (default: ${DEFAULT-VALUE})")
    double measureSeconds;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "workload seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        if (list) {
            spec.commandLine().getOut().print(targetsHelp());
            spec.commandLine().getOut().flush();
            return ExitCode.PASS;
        }
        if (targetName == null) {
            throw new UserError("a bench target is required (known: " + BenchTargets.names() + ")");
        }
        BenchTarget target = BenchTargets.find(targetName).orElseThrow(() -> new UserError(
                "unknown bench target '" + targetName + "' (known: " + BenchTargets.names() + ")"));
        if (!(warmupSeconds >= 0 && warmupSeconds <= 3600)) {
            throw new UserError("--warmup-seconds must be within 0..3600: " + warmupSeconds);
        }
        if (!(measureSeconds > 0 && measureSeconds <= 3600)) {
            throw new UserError("--seconds must be within (0, 3600]: " + measureSeconds);
        }
        BenchOptions options = new BenchOptions((long) (warmupSeconds * 1000), Math.max(1, (long) (measureSeconds * 1000)), seed);
        spec.commandLine().getOut().println("bench " + target.name() + ": " + target.description());
        BenchResult result = target.run(options);
        spec.commandLine().getOut().println(result.summary());
        spec.commandLine().getOut().flush();
        return ExitCode.PASS;
    }

    /** Target names for picocli's completion and help. */
    static final class TargetNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return BenchTargets.all().keySet().iterator();
        }
    }

    /** The target list for {@code --list}: one line per registered target. */
    static String targetsHelp() {
        StringBuilder help = new StringBuilder();
        for (Map.Entry<String, BenchTarget> e : BenchTargets.all().entrySet()) {
            help.append(String.format(java.util.Locale.ROOT, "  %-10s %s%n", e.getKey(), e.getValue().description()));
        }
        return help.toString();
    }
}
