package io.paxsim.testbed.pipeline;

import java.util.List;

/** The toy server as a pipeline, for tests outside this package (the CLI's). */
public final class ToySystem {
    private ToySystem() {
    }

    /** A toy that silently drops every tenth write: a lost-write bug for the checkers to find. */
    public static Pipeline losingWrites() {
        return new Pipeline(s -> Cluster.simple(id -> new ToyReplica(true)), s -> ScheduledFaults.none());
    }

    /** The correct toy cluster alone, for tests that build their own pipeline around it. */
    public static Cluster cluster() {
        return Cluster.simple(id -> new ToyReplica(false));
    }

    public static Pipeline pipeline() {
        return new Pipeline(s -> Cluster.simple(id -> new ToyReplica(false)), s -> ScheduledFaults.none());
    }
}
