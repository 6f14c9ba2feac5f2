package io.paxsim.testbed.cli;

import io.paxsim.testbed.output.RunFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

/** Chooses where a run's files go without ever clobbering an earlier run by surprise. */
final class RunDirs {
    private RunDirs() {
    }

    /**
     * {@code out} if given (refused when it holds files, unless {@code force}, which then replaces
     * only paxsim's own files), else a fresh timestamped directory under {@code runs/}.
     */
    static Path prepare(Path out, boolean force, String label) {
        try {
            if (out == null) {
                return fresh(Path.of("runs"), label);
            }
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new UserError("--out " + out + " is a file, not a directory");
            }
            if (Files.isDirectory(out) && !isEmpty(out)) {
                if (!force) {
                    throw new UserError("--out " + out + " is not empty; pass --force to replace its paxsim files, or omit --out");
                }
                for (String name : RunFiles.ALL) {
                    Files.deleteIfExists(out.resolve(name));
                }
            }
            Files.createDirectories(out);
            return out;
        } catch (IOException e) {
            throw new UserError("cannot use " + (out == null ? "runs/" : out) + ": " + e.getMessage());
        }
    }

    private static Path fresh(Path root, String label) throws IOException {
        // The CLI may read the wall clock: only to name the directory, never to drive a run.
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = root.resolve(stamp + "-" + label);
        for (int i = 2; Files.exists(dir); i++) {
            dir = root.resolve(stamp + "-" + label + "-" + i);
        }
        Files.createDirectories(dir);
        return dir;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
