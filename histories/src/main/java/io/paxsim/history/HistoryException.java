package io.paxsim.history;

/** A history that cannot be read or does not hold together; names the offending op or line. */
public final class HistoryException extends RuntimeException {
    private final long line;

    public HistoryException(String message, long line) {
        super(message, null, false, false);
        this.line = line;
    }

    public HistoryException(String message) {
        this(message, -1);
    }

    /** The 1-based source line the problem was found at, or -1 when not read from a file. */
    public long line() {
        return line;
    }
}
