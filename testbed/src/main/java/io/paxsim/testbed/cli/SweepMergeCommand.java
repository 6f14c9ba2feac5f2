package io.paxsim.testbed.cli;

import io.paxsim.testbed.sweep.Shard;
import io.paxsim.testbed.sweep.SweepMerge;
import io.paxsim.testbed.sweep.SweepOutputs;
import io.paxsim.testbed.sweep.SweepRunner;
import io.paxsim.testbed.sweep.SweepSummary;
import io.paxsim.testbed.sweep.SweepTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code paxsim sweep-merge}: shard directories of one sweep → one results file, summary and report. */
@Command(name = "sweep-merge", mixinStandardHelpOptions = true,
        description = {"Combine the output directories of a sharded sweep into one (results.jsonl, results.csv, summary.json, report.html).",
            "Exit 3 when runs are missing (a shard did not finish); `paxsim sweep` with the same options and --out the merged "
                + "directory runs just those."})
public final class SweepMergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Sweep directories (shards) to combine.")
    List<Path> dirs;

    @Option(names = "--out", required = true, description = "Directory for the merged sweep.")
    Path out;

    @Override
    public Integer call() throws IOException {
        SweepMerge.Merged merged;
        try {
            for (Path d : dirs) {
                if (d.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                    throw new UserError("--out " + out + " is also an input; merge into a new directory");
                }
            }
            merged = SweepMerge.read(dirs);
            if (Files.exists(out.resolve(SweepRunner.MANIFEST)) || Files.exists(out.resolve("results.jsonl"))) {
                throw new UserError("--out " + out + " already holds a sweep; merge into a new directory");
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        SweepSummary summary;
        try (AutoCloseable lock = SweepCommand.lockOrExplain(out)) {
            try {
                SweepRunner.prepare(out, merged.spec(), Shard.WHOLE);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            summary = SweepOutputs.write(out, merged.spec(), merged.rows());
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("sweep-merge: %d directories (shards %s): %d of %d runs%s%n", dirs.size(), String.join(", ", merged.shards()),
                summary.rows().size(), merged.spec().cellCount(),
                summary.missing() > 0 ? ", " + summary.missing() + " MISSING" : "");
        SweepTable.print(stdout, summary);
        stdout.printf("results: %s (report %s)%n", out.resolve("results.jsonl"), out.resolve(SweepOutputs.REPORT));
        return SweepCommand.exitCode(summary, stdout, false);
    }
}
