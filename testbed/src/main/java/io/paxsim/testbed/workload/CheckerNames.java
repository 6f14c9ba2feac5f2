package io.paxsim.testbed.workload;

/** The names under which workloads ask for checkers; the pipeline maps each to an implementation. */
public final class CheckerNames {
    /** Per-key linearizability of read/write/cas registers (Wing-Gong-Lowe, partitioned by key). */
    public static final String LINEARIZABLE_REGISTER = "linearizable-register";
    /** Elle-style list-append anomaly search at strict serializability. */
    public static final String LIST_APPEND = "elle-list-append";
    /** Cumulative-checksum verifier over log streams read after healing. */
    public static final String LOG_CHECKSUM = "log-checksum";
    /** Every acknowledged write present in the final reads (set-full semantics). */
    public static final String DURABILITY = "durability";
    /** The protocol's online invariant monitors (they stop the run at the first violation). */
    public static final String INVARIANTS = "invariants";

    private CheckerNames() {
    }
}
