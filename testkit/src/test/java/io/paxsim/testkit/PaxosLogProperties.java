package io.paxsim.testkit;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The Paxos log under generated runs: any seed, 3 or 5 replicas, any variant, register or
 * list-append, up to six faults of every safe kind. Every checker and online monitor must pass,
 * and the suite must reach every Paxos "sometimes" goal. Deeper: {@code -Dpaxsim.tries=10000}.
 */
class PaxosLogProperties {
    static final SimHarness PAXOS = SimHarness.paxos();

    @SimProperty(tries = 20)
    void logIsLinearizable(@ForAll("runs") SimRun run) {
        PAXOS.check(run);
    }

    @Provide
    Arbitrary<SimRun> runs() {
        return SimArbitraries.runs();
    }

    @AfterContainer
    static void everyGoalReached() {
        System.out.println(PAXOS.coverage().table());
        PAXOS.coverage().assertReached();
    }
}
