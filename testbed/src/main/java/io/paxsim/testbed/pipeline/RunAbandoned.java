package io.paxsim.testbed.pipeline;

/**
 * A run cut short by its caller's cap ({@link RunOptions#maxEvents}, {@link RunOptions#abandon}):
 * it has no result, neither a pass nor a failure. The shrinker rejects such a candidate.
 */
public final class RunAbandoned extends RuntimeException {
    public RunAbandoned(String message) {
        super(message, null, false, false);
    }
}
