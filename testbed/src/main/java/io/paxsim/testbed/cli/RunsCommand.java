package io.paxsim.testbed.cli;

import io.paxsim.testbed.output.RunFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code paxsim runs gc}: housekeeping of the run directories {@code run} creates under {@code runs/}. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "Manage run directories under runs/.",
        subcommands = {RunsCommand.Gc.class})
public final class RunsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a runs subcommand is required (see --help)");
    }

    /**
     * Deletes all but the newest {@code --keep} run directories. A run made with {@code --keep} or
     * {@code --out} carries a {@value RunFiles#KEEP} marker and is never deleted, nor is anything
     * that is not a finished run directory (no run.json, nor an explore counterexample's explore.json),
     * nor a run still being written (hidden).
     */
    @Command(name = "gc", mixinStandardHelpOptions = true,
            description = {"Delete old run directories under runs/, keeping the newest N.",
                "Never deletes a run made with --keep or --out, nor anything that is not a run directory."})
    static final class Gc implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--keep", paramLabel = "N", required = true, description = "how many of the newest runs to keep (besides those made with --keep or --out, never deleted)")
        int keep;

        @Option(names = "--dir", paramLabel = "DIR", defaultValue = "runs", description = "where the runs are (default: ${DEFAULT-VALUE})")
        Path dir;

        @Option(names = "--dry-run", description = "list what would be deleted, delete nothing")
        boolean dryRun;

        @Override
        public Integer call() {
            if (keep < 0) {
                throw new UserError("--keep must be >= 0: " + keep);
            }
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new UserError("--dir " + dir + " is a file, not a directory");
            }
            PrintWriter out = spec.commandLine().getOut();
            if (!Files.isDirectory(dir)) {
                out.println("paxsim runs gc: no " + dir + " directory; nothing to do");
                out.flush();
                return ExitCode.PASS;
            }
            List<Path> candidates = deletable(dir);
            List<Path> doomed = candidates.subList(0, Math.max(0, candidates.size() - keep));
            long bytes = 0;
            for (Path run : doomed) {
                bytes += size(run);
                if (!dryRun) {
                    delete(run);
                }
                out.println((dryRun ? "would delete " : "deleted ") + run);
            }
            out.printf(java.util.Locale.ROOT, "paxsim runs gc: %s %d of %d runs (%.1f MB); kept the newest %d (runs made with --keep or --out are never deleted)%n",
                    dryRun ? "would delete" : "deleted", doomed.size(), candidates.size(), bytes / 1e6,
                    candidates.size() - doomed.size());
            out.flush();
            return ExitCode.PASS;
        }

        /** Finished, unmarked run directories, oldest first (names start with their creation time). */
        static List<Path> deletable(Path root) {
            List<Path> runs = new ArrayList<>();
            try (Stream<Path> entries = Files.list(root)) {
                for (Path p : entries.toList()) {
                    boolean hidden = p.getFileName().toString().startsWith(".");
                    boolean finished = Files.isRegularFile(p.resolve(RunFiles.RUN)) || Files.isRegularFile(p.resolve(RunFiles.EXPLORE));
                    if (!hidden && Files.isDirectory(p) && finished && !Files.exists(p.resolve(RunFiles.KEEP))) {
                        runs.add(p);
                    }
                }
            } catch (IOException e) {
                throw new UserError("cannot list " + root + ": " + e.getMessage());
            }
            runs.sort(Comparator.comparing((Path p) -> p.getFileName().toString()));
            return runs;
        }

        private static long size(Path run) {
            try (Stream<Path> files = Files.walk(run)) {
                return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            } catch (IOException e) {
                return 0;
            }
        }

        private static void delete(Path run) {
            try (Stream<Path> paths = Files.walk(run)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UserError("cannot delete " + run + ": " + e.getMessage());
            }
        }
    }
}
