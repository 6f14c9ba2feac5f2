package io.paxsim.testbed.cli;

import io.paxsim.testbed.output.RunFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Chooses where a run's files go without ever clobbering an earlier run by surprise. A run is
 * written to a hidden sibling work directory and swapped into place only once it is complete, so
 * a run that dies (or is refused) leaves neither an empty directory nor a half-replaced old run.
 */
final class RunDirs {
    private RunDirs() {
    }

    /**
     * Where one run is being written ({@code workDir}) and where it lands ({@code finalDir}) on
     * {@link #commit()}; {@link #abandon()} throws the work away.
     */
    record Target(Path finalDir, Path workDir) {
        /** Moves the finished run into place: a fresh directory by one rename, else file by file. */
        void commit() {
            try {
                if (!Files.exists(finalDir)) {
                    Files.move(workDir, finalDir, StandardCopyOption.ATOMIC_MOVE);
                    return;
                }
                for (String name : RunFiles.ALL) {
                    Path made = workDir.resolve(name);
                    if (Files.exists(made)) {
                        Files.move(made, finalDir.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                                StandardCopyOption.ATOMIC_MOVE);
                    } else {
                        Files.deleteIfExists(finalDir.resolve(name)); // an older run's trace must not pose as this one's
                    }
                }
                deleteTree(workDir);
            } catch (IOException e) {
                throw new UserError("cannot move the run from " + workDir + " into " + finalDir + ": " + e.getMessage());
            }
        }

        /** Writes the marker that keeps {@code paxsim runs gc} away from this run. */
        void markKept() {
            try {
                Files.writeString(workDir.resolve(RunFiles.KEEP), "kept: made with --keep or --out\n");
            } catch (IOException e) {
                throw new UserError("cannot write " + workDir.resolve(RunFiles.KEEP) + ": " + e.getMessage());
            }
        }

        void abandon() {
            try {
                deleteTree(workDir);
            } catch (IOException e) {
                // Best effort: the caller is already reporting why the run did not complete.
            }
        }
    }

    /**
     * {@code out} if given (refused when it holds files, unless {@code force}, which then replaces
     * only paxsim's own files once the new run is complete), else a fresh timestamped directory
     * under {@code runs/}. Nothing visible is created until {@link Target#commit()}.
     */
    static Target prepare(Path out, boolean force, String label) {
        Path finalDir = out == null ? null : out;
        try {
            if (out == null) {
                finalDir = fresh(Path.of("runs"), label);
            } else {
                check(out, force);
            }
            Path parent = finalDir.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path work = Files.createTempDirectory(parent, "." + finalDir.getFileName() + ".partial-");
            return new Target(finalDir, work);
        } catch (IOException e) {
            throw new UserError("cannot use " + (out == null ? "runs/" : out) + ": " + e.getMessage());
        }
    }

    private static void check(Path out, boolean force) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is a file, not a directory");
        }
        if (Files.isDirectory(out) && !isEmpty(out) && !force) {
            throw new UserError("--out " + out + " is not empty; pass --force to replace its paxsim files, or omit --out");
        }
    }

    private static Path fresh(Path root, String label) {
        // The CLI may read the wall clock: only to name the directory, never to drive a run.
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = root.resolve(stamp + "-" + label);
        for (int i = 2; Files.exists(dir); i++) {
            dir = root.resolve(stamp + "-" + label + "-" + i);
        }
        return dir;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
