package io.paxsim.testbed.sweep;

import io.paxsim.testbed.output.StatusLine;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The sweep's progress on stderr through {@link StatusLine}: runs done, rate and ETA, redrawn on a
 * terminal, a plain line every ten seconds elsewhere (CI logs, kubectl logs), and the last line always.
 */
public final class SweepProgress implements SweepRunner.Progress {
    private final StatusLine line;
    private final long startNanos = System.nanoTime();
    private int alreadyDone;
    private boolean first = true;

    public SweepProgress(PrintStream err, boolean terminal, int alreadyDone) {
        this.line = new StatusLine(err, terminal);
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
        if (done < total && !line.due(now)) {
            return;
        }
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        double rate = (done - alreadyDone) / seconds;
        String eta = rate > 0 ? duration((total - done) / rate) : "?";
        String text = String.format(Locale.ROOT, "sweep: %d/%d runs (%.1f%%), %.2f runs/s, elapsed %s, ETA %s, %d violation%s",
                done, total, 100.0 * done / Math.max(1, total), rate, duration(seconds), eta, violations,
                violations == 1 ? "" : "s");
        if (done >= total) {
            line.last(text);
        } else {
            line.show(text, now);
        }
    }

    /** Ends a redrawn line so what follows starts on its own. */
    public synchronized void finish() {
        line.end();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return (s / 3600) + "h" + String.format(Locale.ROOT, "%02dm", (s % 3600) / 60);
        }
        return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02ds", s % 60) : s + "s";
    }
}
