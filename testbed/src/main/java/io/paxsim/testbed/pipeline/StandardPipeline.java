package io.paxsim.testbed.pipeline;

/**
 * The pipeline users run: the Paxos replica from paxos-impl and fault schedules from
 * fault-injectors, each looked up by its stable name.
 */
public final class StandardPipeline {
    private StandardPipeline() {
    }

    public static Pipeline create() {
        return new Pipeline(StandardPipeline::cluster, StandardPipeline::faults);
    }

    static Cluster cluster(Scenario s) {
        throw new IllegalArgumentException("the Paxos replica is not available in this build");
    }

    static FaultPlan faults(Scenario s) {
        if (s.faultProfile().equals("none")) {
            return FaultPlan.NONE;
        }
        throw new IllegalArgumentException("unknown fault profile '" + s.faultProfile() + "' (known: none)");
    }
}
