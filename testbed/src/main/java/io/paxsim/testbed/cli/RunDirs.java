package io.paxsim.testbed.cli;

import io.paxsim.testbed.output.RunFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Chooses where a run's files go without ever clobbering an earlier run by surprise. A run is
 * written to a hidden sibling work directory and swapped into place only once it is complete, so
 * a run that dies (or is refused) leaves neither an empty directory nor a half-replaced old run.
 * A lock file beside the target ({@code .NAME.lock}, holding the writer's pid) makes a second run
 * into the same directory refuse rather than race the first; Ctrl-C or a SIGTERM removes the work
 * directory and the lock (a shutdown hook), and what a killed run left behind (its pid gone) is
 * removed by the next run into the same parent directory.
 */
final class RunDirs {
    private RunDirs() {
    }

    /**
     * Where one run is being written ({@code workDir}) and where it lands ({@code finalDir}) on
     * {@link #commit()}; {@link #abandon()} throws the work away.
     */
    record Target(Path finalDir, Path workDir, Path lock, Thread cleanup) {
        /** Moves the finished run into place: a fresh directory by one rename, else file by file. */
        void commit() {
            try {
                moveIntoPlace();
            } finally {
                release();
            }
        }

        private void moveIntoPlace() {
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
                throw new UserError("cannot move the run from " + workDir + " into " + finalDir + ": " + DiskErrors.describe(e));
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
            } finally {
                release();
            }
        }

        private void release() {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook itself cleans up.
            }
            try {
                Files.deleteIfExists(lock);
            } catch (IOException e) {
                // A lock left behind names a dead pid; the next run removes it.
            }
        }
    }

    /**
     * {@code out} if given (refused when it holds files, unless {@code force}, which then replaces
     * only paxsim's own files once the new run is complete), else a fresh timestamped directory
     * under {@code runs/}. Nothing visible is created until {@link Target#commit()}.
     */
    static Target prepare(Path out, boolean force, String label) {
        try {
            Path finalDir = out;
            Path lock;
            if (out == null) {
                Path root = Path.of("runs");
                Files.createDirectories(root);
                removeStale(root);
                do {
                    finalDir = fresh(root, label);
                    lock = tryLock(finalDir);
                } while (lock == null);
            } else {
                check(out, force);
                Path parent = out.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                removeStale(parent);
                lock = tryLock(out);
                if (lock == null) {
                    throw new UserError("--out " + out + " is being written by another paxsim run (pid "
                            + lockOwner(lockFile(out)) + "); wait for it to finish, or choose another --out");
                }
            }
            return start(out, force, finalDir, lock);
        } catch (IOException e) {
            throw new UserError("cannot use " + (out == null ? "runs/" : out) + ": " + DiskErrors.describe(e));
        }
    }

    private static Target start(Path out, boolean force, Path finalDir, Path lock) throws IOException {
        try {
            if (out != null) {
                check(out, force); // another run may have finished between the first check and the lock
            }
            Path work = Files.createTempDirectory(finalDir.toAbsolutePath().getParent(),
                    "." + finalDir.getFileName() + ".partial-" + ProcessHandle.current().pid() + "-");
            Thread cleanup = new Thread(() -> cleanUp(work, lock), "paxsim-run-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            return new Target(finalDir, work, lock, cleanup);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(lock);
            throw e;
        }
    }

    /** Run on SIGINT/SIGTERM while a run is being written: its partial files go, and so does its lock. */
    private static void cleanUp(Path work, Path lock) {
        try {
            deleteTree(work);
            Files.deleteIfExists(lock);
            System.err.println("paxsim: interrupted; removed the unfinished run " + work);
        } catch (IOException | RuntimeException e) {
            System.err.println("paxsim: interrupted; could not remove the unfinished run " + work + " (the next run will)");
        }
    }

    static Path lockFile(Path dir) {
        return dir.toAbsolutePath().resolveSibling("." + dir.getFileName() + ".lock");
    }

    /** The lock on {@code dir}, taken; null when a live process holds it. A dead holder's lock is taken over. */
    private static Path tryLock(Path dir) throws IOException {
        Path lock = lockFile(dir);
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Files.writeString(lock, ProcessHandle.current().pid() + "\n", StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return lock;
            } catch (FileAlreadyExistsException e) {
                if (isAlive(lockOwner(lock))) {
                    return null;
                }
                Files.deleteIfExists(lock);
            }
        }
        return null;
    }

    private static long lockOwner(Path lock) {
        try {
            return Long.parseLong(Files.readString(lock).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isAlive(long pid) {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Work directories and locks of runs whose process is gone (killed with SIGKILL, or the machine went down). */
    private static void removeStale(Path parent) {
        java.util.regex.Pattern partial = java.util.regex.Pattern.compile("\\..+\\.partial-(\\d+)-\\d+");
        try (Stream<Path> entries = Files.list(parent)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                java.util.regex.Matcher m = partial.matcher(name);
                if (m.matches() && Files.isDirectory(p) && !isAlive(Long.parseLong(m.group(1)))) {
                    deleteTree(p);
                } else if (name.startsWith(".") && name.endsWith(".lock") && !isAlive(lockOwner(p))) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            // Best effort: stale leftovers are clutter, not a reason to refuse a run.
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
