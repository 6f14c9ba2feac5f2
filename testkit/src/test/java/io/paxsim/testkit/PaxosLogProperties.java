package io.paxsim.testkit;

import io.paxsim.faults.Fault;
import io.paxsim.faults.ScheduleEntry;
import io.paxsim.faults.Target;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.util.List;

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

    /**
     * A replica down for most of the run, then back: it must catch up, by entries or by snapshot
     * (the leader compacts every 1,000 slots), while the others keep serving. Runs of 1.2-2 s: eight
     * closed-loop clients fill about 1,000 slots a simulated second now that they share each slot
     * (0.6-1 s passed 1,000 slots only while they took turns in two half-full ones).
     */
    @SimProperty(tries = 6)
    void aReplicaDownForLongCatchesUp(@ForAll("longCrashRuns") SimRun run) {
        PAXOS.check(run);
    }

    @Provide
    Arbitrary<SimRun> runs() {
        return SimArbitraries.runs();
    }

    @Provide
    Arbitrary<SimRun> longCrashRuns() {
        return Combinators.combine(SimArbitraries.seeds(), SimArbitraries.clusterSizes(3, 5),
                        SimArbitraries.variants("majority", "lease", "read-index"), SimArbitraries.safetyNanos(1200, 2000),
                        Arbitraries.of(new Target.Leader(), new Target.RandomNode()), Arbitraries.longs().between(0, Long.MAX_VALUE / 2))
                .as((seed, n, variant, safety, target, entrySeed) -> new SimRun(seed, n, variant, "register", 8, safety,
                        List.of(new ScheduleEntry(safety / 10, new Fault.CrashRestart(), target, safety * 8 / 10, entrySeed))));
    }

    @AfterContainer
    static void everyGoalReached() {
        System.out.println(PAXOS.coverage().table());
        PAXOS.coverage().assertReached();
    }
}
