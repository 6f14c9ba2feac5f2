package io.paxsim.testbed.pipeline;

/**
 * Why a run failed, typed as TigerBeetle's VOPR types them.
 *
 * @param kind    what sort of failure
 * @param message one line for the summary
 */
public record Failure(Kind kind, String message) {
    public enum Kind {
        /** A handler threw: a protocol assertion or a harness bug; the run could not go on. */
        CRASH,
        /** After healing, pending operations or final reads did not finish within the bound. */
        LIVENESS,
        /** A checker found the history illegal, or an invariant monitor stopped the run. */
        CORRECTNESS
    }
}
