package io.paxsim.testbed.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run behind the launcher's class-data sharing archive: in one JVM, the commands whose
 * start should be fast — a {@code check} of a tiny history and a tiny {@code run} — so that
 * {@code -XX:DumpLoadedClassList} lists every class they load. One JVM, because JDK 25's class lists
 * number their classes and two lists cannot simply be joined. Usage: {@code StartupTraining DIR}, an
 * empty scratch directory; exits non-zero if either command did not pass.
 */
public final class StartupTraining {
    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: StartupTraining SCRATCH_DIR");
            System.exit(ExitCode.USAGE);
        }
        System.exit(train(Path.of(args[0])));
    }

    /** Runs the training commands in {@code dir}; the exit code is 0 when both passed. */
    static int train(Path dir) throws IOException {
        Path history = dir.resolve("tiny.edn");
        Files.writeString(history, "[{:type :invoke, :process 0, :f :write, :value 1}\n"
                + "{:type :ok, :process 0, :f :write, :value 1}]\n");
        int check = Paxsim.execute("check", "--model", "cas-register", history.toString());
        int run = Paxsim.execute("run", "--seed", "1", "--ops", "40", "--duration", "200ms",
                "--out", dir.resolve("run").toString());
        return check == ExitCode.PASS && run == ExitCode.PASS ? ExitCode.PASS : ExitCode.USAGE;
    }
}
