package io.paxsim.testbed.output;

import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * The one way the CLI shows progress on stderr while a long command works. On a terminal it redraws
 * one line in place ({@code \r}) at most twice a second; elsewhere (a file, a pipe, CI or kubectl
 * logs) it never writes {@code \r} and prints a plain line every ten seconds at most, the first ten
 * seconds in (a short command prints none). Wall-clock
 * reads stay here, in the CLI: the simulation never sees them.
 */
public final class StatusLine {
    /** Set by the {@code paxsim} launcher from {@code [[ -t 2 ]]}: whether stderr is a terminal. */
    public static final String TERMINAL_PROPERTY = "paxsim.stderr.terminal";
    static final long TERMINAL_REDRAW_NANOS = 500_000_000L;
    static final long PLAIN_LINE_NANOS = 10_000_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final long intervalNanos;
    private long lastNanos = System.nanoTime();
    private boolean drawnOnce;
    private int openWidth;

    public StatusLine(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
        this.intervalNanos = terminal ? TERMINAL_REDRAW_NANOS : PLAIN_LINE_NANOS;
    }

    public StatusLine(PrintStream err, boolean terminal) {
        this(new PrintWriter(err, false), terminal);
    }

    /**
     * Whether stderr is a terminal: the launcher's {@value #TERMINAL_PROPERTY} when set, else (plain
     * {@code java -jar}) whether stdin and stdout are, the closest Java 17 can tell.
     */
    public static boolean stderrIsTerminal() {
        String told = System.getProperty(TERMINAL_PROPERTY);
        return told != null ? Boolean.parseBoolean(told) : System.console() != null;
    }

    public boolean terminal() {
        return terminal;
    }

    /** Whether {@link #show} would print now: callers skip formatting a line that would not be shown. */
    public boolean due(long nowNanos) {
        return (terminal && !drawnOnce) || nowNanos - lastNanos >= intervalNanos;
    }

    /** Shows {@code line} if its interval has passed since the last one (see the class comment). */
    public void show(String line, long nowNanos) {
        if (due(nowNanos)) {
            lastNanos = nowNanos;
            drawnOnce = true;
            print(line);
        }
    }

    /** Shows {@code line} now, whatever the interval, and ends it: what follows starts on its own line. */
    public void last(String line) {
        print(line);
        end();
    }

    /** Ends a redrawn line where it stands, keeping it on screen: what follows starts on its own line. */
    public void end() {
        if (openWidth > 0) {
            err.println();
            err.flush();
            openWidth = 0;
        }
    }

    /** Wipes a redrawn line (the summary follows on stdout); in plain mode there is nothing to wipe. */
    public void clear() {
        if (openWidth > 0) {
            err.print("\r" + " ".repeat(openWidth) + "\r");
            err.flush();
            openWidth = 0;
        }
    }

    private void print(String line) {
        if (terminal) {
            err.print("\r" + line + " ".repeat(Math.max(0, openWidth - line.length())));
            openWidth = line.length();
        } else {
            err.println(line);
        }
        err.flush();
    }
}
