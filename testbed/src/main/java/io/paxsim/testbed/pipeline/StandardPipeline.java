package io.paxsim.testbed.pipeline;

/**
 * The pipeline users run: the Paxos replica from paxos-impl and fault schedules from
 * fault-injectors, each looked up by its stable name.
 */
public final class StandardPipeline {
    private StandardPipeline() {
    }

    public static Pipeline create() {
        return new Pipeline(PaxosClusters::create, ScheduledFaults::plan);
    }
}
