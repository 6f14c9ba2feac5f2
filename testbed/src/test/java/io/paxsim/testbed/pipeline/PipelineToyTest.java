package io.paxsim.testbed.pipeline;

import io.paxsim.history.Call;
import io.paxsim.history.OpType;
import io.paxsim.testbed.load.LoadModel;
import io.paxsim.testbed.load.RateProfile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness end to end against a toy server: clients, history, phases, determinism. */
class PipelineToyTest {
    static final ClusterFactory TOY = s -> Cluster.simple(id -> new ToyReplica(false));

    static Pipeline toyPipeline() {
        return new Pipeline(TOY, s -> ScheduledFaults.none());
    }

    @Test
    void closedLoopRunInvokesExactlyTheOpLimitAndCompletesThem() {
        Scenario s = Scenario.defaults(7).withNodes(3).withOpLimit(500);
        RunResult r = toyPipeline().run(s, RunOptions.quiet());
        assertNull(r.failure(), () -> "unexpected failure " + r.failure());
        long workloadCalls = r.history().calls().size() - 5; // minus the 5 final register reads
        assertEquals(500, workloadCalls);
        for (Call c : r.history().calls()) {
            assertTrue(c.outcome() == OpType.OK || c.outcome() == OpType.FAIL, () -> "not completed: " + c);
        }
        assertEquals(505L, r.metrics().get("opsInvoked"));
    }

    @Test
    void sameSeedSameTraceHashDifferentSeedDifferentHash() {
        Scenario s = Scenario.defaults(11).withNodes(3).withOpLimit(300).withWorkload("list-append");
        long a = toyPipeline().run(s, RunOptions.quiet()).traceHash();
        long b = toyPipeline().run(s, RunOptions.quiet()).traceHash();
        long c = toyPipeline().run(s.withSeed(12), RunOptions.quiet()).traceHash();
        assertEquals(a, b);
        assertTrue(a != c, "different seeds should give different traces");
    }

    @Test
    void openLoopWithVaryingRateStopsAtTheDuration() {
        Scenario s = Scenario.defaults(3).withNodes(3).withSafetyNanos(2_000_000_000L)
                .withLoad(new LoadModel.OpenLoop(4, new RateProfile.Sinusoid(500, 400, 1_000_000_000L), 100))
                .withWorkload("ycsb-a");
        RunResult r = toyPipeline().run(s, RunOptions.quiet());
        assertNull(r.failure());
        long invoked = (Long) r.metrics().get("opsInvoked");
        // 500 ops/s for 2 s, a Poisson count: far from 0 and far from unbounded.
        assertTrue(invoked > 700 && invoked < 1400, "invoked " + invoked);
        assertTrue(r.healAtNanos() >= 2_000_000_000L);
    }

    @Test
    void everyWorkloadRunsCleanAgainstTheToy() {
        for (String w : io.paxsim.testbed.workload.Workloads.descriptions().keySet()) {
            Scenario s = Scenario.defaults(5).withNodes(3).withOpLimit(200).withWorkload(w);
            RunResult r = toyPipeline().run(s, RunOptions.quiet());
            assertNull(r.failure(), () -> w + ": " + r.failure());
            assertTrue(r.history().calls().size() >= 200, w);
        }
    }
}
