package io.paxsim.testkit;

import io.paxsim.faults.Fault;
import io.paxsim.faults.ScheduleEntry;
import io.paxsim.faults.Target;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    /**
     * Every goal pinned to one fixed run, so the coverage check below never depends on what the
     * random samples above happened to draw (it once missed snapshot-installed about one CI run in
     * 18): the leader isolated for 300 ms (a leader change, a healed partition), then a follower
     * down for 1.8 of 2.5 simulated seconds, which misses a leader compaction (every 1,000 slots)
     * and so can only catch up by snapshot; the lease variant serves reads outside the log.
     */
    @Example
    void oneFixedRunReachesEveryGoal() {
        Map<String, Long> before = reachedByGoal();
        PAXOS.check(new SimRun(7, 3, "lease", "register", 8, 2_500_000_000L, List.of(
                new ScheduleEntry(100_000_000L, new Fault.Isolate(), new Target.Leader(), 300_000_000L, 3),
                new ScheduleEntry(500_000_000L, new Fault.CrashRestart(), new Target.RandomFollowers(1), 1_800_000_000L, 11))));
        Map<String, Long> after = reachedByGoal();
        List<String> missed = before.keySet().stream().filter(g -> after.get(g) == before.get(g).longValue()).toList();
        assertEquals(List.of(), missed, "goals the fixed run did not reach");
    }

    private static Map<String, Long> reachedByGoal() {
        Map<String, Long> reached = new TreeMap<>();
        for (Sometimes goal : Sometimes.paxosGoals()) {
            reached.put(goal.name(), PAXOS.coverage().reached(goal.name()));
        }
        return reached;
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
