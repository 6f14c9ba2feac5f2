package io.paxsim.testbed.pipeline;

/**
 * Why a run failed, typed as TigerBeetle's VOPR types them.
 *
 * <p>{@link #culprit} names what caught it, in one vocabulary the hunt ("caught by") and the
 * shrinker ("fails the same way") both use: {@code monitor <invariant>}, {@code checker <name>},
 * {@code liveness}, {@code assertion} (a protocol handler threw) or {@link #HARNESS_ERROR} (the
 * testbed itself threw: a bug in the harness, never a catch). It is decided once, where the
 * failure is made (the factory methods), not read back out of the message.
 *
 * @param kind    what sort of failure
 * @param message one line for the summary
 * @param culprit the checker, invariant monitor or bound that failed
 */
public record Failure(Kind kind, String message, String culprit) {
    public static final String HARNESS_ERROR = "harness-error";
    public static final String ASSERTION = "assertion";
    public static final String LIVENESS_BOUND = "liveness";
    /** How the invariant monitor words a stop reason: {@code invariant <name> violated at ...}. */
    private static final String MONITOR_STOP = "invariant ";
    private static final String MONITOR_CULPRIT = "monitor ";

    public enum Kind {
        /** A handler threw: a protocol assertion or a harness bug; the run could not go on. */
        CRASH,
        /** After healing, pending operations or final reads did not finish within the bound. */
        LIVENESS,
        /** A checker found the history illegal, or an invariant monitor stopped the run. */
        CORRECTNESS
    }

    public Failure {
        assert culprit != null && !culprit.isEmpty() : "a failure names its culprit: " + message;
        assert kind != Kind.LIVENESS || culprit.equals(LIVENESS_BOUND) : culprit;
    }

    /** A protocol handler threw (an assertion in the code under test). */
    public static Failure assertion(String message) {
        return new Failure(Kind.CRASH, message, ASSERTION);
    }

    /** The testbed threw: not a finding about the protocol. */
    public static Failure harness(String message) {
        return new Failure(Kind.CRASH, message, HARNESS_ERROR);
    }

    public static Failure liveness(String message) {
        return new Failure(Kind.LIVENESS, message, LIVENESS_BOUND);
    }

    /** A checker found the history illegal. */
    public static Failure checker(String checker, String summary) {
        return new Failure(Kind.CORRECTNESS, checker + ": " + summary, "checker " + checker);
    }

    /** An online monitor stopped the run with {@code stopReason} ({@code invariant <name> violated at ...}). */
    public static Failure monitor(String stopReason) {
        String invariant = stopReason;
        if (stopReason.startsWith(MONITOR_STOP)) {
            int end = stopReason.indexOf(' ', MONITOR_STOP.length());
            invariant = stopReason.substring(MONITOR_STOP.length(), end < 0 ? stopReason.length() : end);
        }
        return new Failure(Kind.CORRECTNESS, "invariant violated: " + stopReason, MONITOR_CULPRIT + invariant);
    }

    /** This finding, its message noting the harness error that also happened in the run (if any). */
    Failure after(Failure harnessError) {
        if (harnessError == null) {
            return this;
        }
        assert harnessError.harnessError() : harnessError;
        return new Failure(kind, message + " (the run also hit a harness error: " + harnessError.message() + ")", culprit);
    }

    /** The invariant whose monitor stopped the run, or null when a checker, a bound, an assertion or the harness failed it. */
    public String monitorInvariant() {
        return culprit.startsWith(MONITOR_CULPRIT) ? culprit.substring(MONITOR_CULPRIT.length()) : null;
    }

    /** Whether the harness, not the protocol, failed: reported, never counted as a catch. */
    public boolean harnessError() {
        return culprit.equals(HARNESS_ERROR);
    }

    /** Same kind, found by the same checker or monitor: the shrinker keeps only such candidates. */
    public boolean sameAs(Failure other) {
        return other != null && kind == other.kind && culprit.equals(other.culprit);
    }
}
