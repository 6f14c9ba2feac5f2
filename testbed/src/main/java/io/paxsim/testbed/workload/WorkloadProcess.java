package io.paxsim.testbed.workload;

import io.paxsim.paxos.api.Command;
import io.paxsim.paxos.api.Result;
import io.paxsim.sim.random.RandomStream;

/** One client process's view of a workload: what to do next, and what was learned from a reply. */
public interface WorkloadProcess {
    Command next(RandomStream random);

    /** The next operation; a workload whose operations span several commands overrides this. */
    default Operation nextOperation(RandomStream random) {
        return Operation.of(next(random));
    }

    /** The command certainly took effect with this result (not called for indeterminate outcomes). */
    default void completed(Command command, Result result) {
    }
}
