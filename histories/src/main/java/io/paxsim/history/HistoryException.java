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

    /** Longest excerpt of an op or form an error message quotes: a message never pastes a whole file. */
    public static final int EXCERPT_CHARS = 120;

    /** {@code thing} as text, cut to {@link #EXCERPT_CHARS} with an ellipsis (a pretty-printed JSON file can be one "op"). */
    public static String excerpt(Object thing) {
        String text = String.valueOf(thing).replaceAll("\\s+", " ");
        return text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS - 1) + "…";
    }

    /** The 1-based source line the problem was found at, or -1 when not read from a file. */
    public long line() {
        return line;
    }
}
