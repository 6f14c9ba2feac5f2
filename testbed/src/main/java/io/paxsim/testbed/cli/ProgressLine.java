package io.paxsim.testbed.cli;

import io.paxsim.testbed.output.StatusLine;
import io.paxsim.testbed.pipeline.RunProgress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A long run's progress on stderr through {@link StatusLine}:
 * {@code run: 12.5 s of 60 s simulated, 48,211 ops, 9,640 ops/s, ETA 38 s} (the CLI may read the
 * wall clock; the run never sees it). Only when asked for or when stderr is a terminal, so logs
 * and tests stay clean.
 */
final class ProgressLine implements RunProgress {
    private final StatusLine line;
    private final long startNanos = System.nanoTime();

    ProgressLine(PrintStream err, boolean terminal) {
        this.line = new StatusLine(err, terminal);
    }

    /** A progress line when {@code --progress} asks for one (plain lines if stderr is no terminal), or when stderr is a terminal. */
    static ProgressLine forRun(boolean asked) {
        boolean terminal = StatusLine.stderrIsTerminal();
        return asked || terminal ? new ProgressLine(System.err, terminal) : null;
    }

    @Override
    public void update(long simulatedNanos, long safetyNanos, long opsInvoked, long opLimit) {
        long now = System.nanoTime();
        if (line.due(now)) {
            line.show(render(simulatedNanos, safetyNanos, opsInvoked, opLimit, now - startNanos), now);
        }
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

    /** Wipes a redrawn line (the summary follows on stdout). */
    void finish() {
        line.clear();
    }
}
