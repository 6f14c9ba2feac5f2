package io.paxsim.testbed.workload;

/** The names under which workloads ask for checkers: the checkers registry's names, plus the monitors. */
public final class CheckerNames {
    /** Per-key linearizability of read/write/cas registers (the checkers' {@code kv} model, WGL per key). */
    public static final String LINEARIZABLE_REGISTER = "kv";
    /** Elle-style list-append anomaly search, strict serializable (the checkers' own, not the Elle bridge). */
    public static final String LIST_APPEND = "list-append";
    /** Cumulative-checksum verifier over whole-log scans, the final one after healing. */
    public static final String LOG_CHECKSUM = "checksum";
    /** The protocol's online invariant monitors (they stop the run at the first violation). */
    public static final String INVARIANTS = "invariants";

    private CheckerNames() {
    }
}
