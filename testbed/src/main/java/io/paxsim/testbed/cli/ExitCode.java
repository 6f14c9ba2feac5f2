package io.paxsim.testbed.cli;

/** The CLI's exit codes, the same for every command. */
public final class ExitCode {
    public static final int PASS = 0;
    public static final int VIOLATION = 1;
    public static final int USAGE = 2;
    public static final int UNKNOWN = 3;

    private ExitCode() {
    }
}
