package io.paxsim.testbed.cli;

import io.paxsim.testbed.pipeline.RunProgress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One self-overwriting line on stderr while a long run simulates:
 * {@code run: 12.5 s of 60 s simulated, 48,211 ops, 9,640 ops/s, ETA 38 s}. Redrawn at most twice
 * a wall-clock second (the CLI may read the wall clock; the run never sees it), and only when asked
 * for or when paxsim talks to a terminal, so logs and tests stay clean.
 */
final class ProgressLine implements RunProgress {
    private static final long REDRAW_NANOS = 500_000_000L;
    private final PrintStream err;
    private final long startNanos = System.nanoTime();
    private long lastDrawNanos;
    private int lastWidth;

    ProgressLine(PrintStream err) {
        this.err = err;
    }

    /** A progress line when {@code --progress} asks for one, or when stdin and stdout are a terminal (stderr usually is too). */
    static ProgressLine forRun(boolean asked) {
        return asked || System.console() != null ? new ProgressLine(System.err) : null;
    }

    @Override
    public void update(long simulatedNanos, long safetyNanos, long opsInvoked, long opLimit) {
        long now = System.nanoTime();
        if (now - lastDrawNanos < REDRAW_NANOS) {
            return;
        }
        lastDrawNanos = now;
        draw(render(simulatedNanos, safetyNanos, opsInvoked, opLimit, now - startNanos));
    }

    static String render(long simulatedNanos, long safetyNanos, long opsInvoked, long opLimit, long wallNanos) {
        double wallSeconds = Math.max(wallNanos, 1) / 1e9;
        double done = opLimit > 0 ? (double) opsInvoked / opLimit : (double) simulatedNanos / safetyNanos;
        done = Math.min(1, Math.max(0, done));
        String eta = done <= 0 ? "?" : Durations.human((long) (wallNanos * (1 - done) / done));
        String total = opLimit > 0 ? String.format(Locale.ROOT, "%,d of %,d ops", opsInvoked, opLimit)
                : String.format(Locale.ROOT, "%,d ops", opsInvoked);
        return String.format(Locale.ROOT, "run: %s of %s simulated, %s, %,.0f ops/s, ETA %s",
                Durations.human(simulatedNanos), Durations.human(safetyNanos), total, opsInvoked / wallSeconds, eta);
    }

    private void draw(String line) {
        err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
        err.flush();
        lastWidth = line.length();
    }

    /** Wipes the line (the summary follows on stdout). */
    void finish() {
        if (lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            err.flush();
            lastWidth = 0;
        }
    }
}
