package io.paxsim.testbed.sweep;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress line on stderr: runs done, rate and ETA. On a terminal it redraws one line at most
 * twice a second; elsewhere (CI logs, kubectl logs) it prints a line every ten seconds.
 */
public final class SweepProgress implements SweepRunner.Progress {
    private final PrintStream err;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private int alreadyDone;
    private boolean first = true;
    private long lastPrintNanos;
    private boolean lineOpen;

    public SweepProgress(PrintStream err, boolean terminal, int alreadyDone) {
        this.err = err;
        this.terminal = terminal;
        this.alreadyDone = alreadyDone;
    }

    @Override
    public synchronized void update(int done, int total, int violations) {
        if (first) {
            // Runs done before this process started (a resumed sweep) do not count toward its rate.
            alreadyDone = Math.max(alreadyDone, done - 1);
            first = false;
        }
        long now = System.nanoTime();
        long interval = terminal ? 500_000_000L : 10_000_000_000L;
        if (done < total && now - lastPrintNanos < interval) {
            return;
        }
        lastPrintNanos = now;
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        double rate = (done - alreadyDone) / seconds;
        String eta = rate > 0 ? duration((total - done) / rate) : "?";
        String line = String.format(Locale.ROOT, "sweep: %d/%d runs (%.1f%%), %.2f runs/s, elapsed %s, ETA %s, %d violation%s",
                done, total, 100.0 * done / Math.max(1, total), rate, duration(seconds), eta, violations,
                violations == 1 ? "" : "s");
        if (terminal) {
            err.print("\r" + line + "   ");
            if (done >= total) {
                err.println();
            }
        } else {
            err.println(line);
        }
        lineOpen = terminal && done < total;
        err.flush();
    }

    /** Ends a redrawn line so what follows starts on its own. */
    public synchronized void finish() {
        if (lineOpen) {
            err.println();
            lineOpen = false;
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return (s / 3600) + "h" + String.format(Locale.ROOT, "%02dm", (s % 3600) / 60);
        }
        return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02ds", s % 60) : s + "s";
    }
}
