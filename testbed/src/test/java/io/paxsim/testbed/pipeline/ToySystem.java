package io.paxsim.testbed.pipeline;

import java.util.List;

/** The toy server as a pipeline, for tests outside this package (the CLI's). */
public final class ToySystem {
    private ToySystem() {
    }

    public static Pipeline pipeline() {
        return new Pipeline(s -> Cluster.simple(id -> new ToyReplica(false)), s -> FaultPlan.NONE);
    }
}
