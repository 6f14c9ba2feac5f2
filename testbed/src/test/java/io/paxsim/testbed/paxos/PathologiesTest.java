package io.paxsim.testbed.paxos;

import io.paxsim.testbed.pipeline.Pathologies;
import io.paxsim.testbed.pipeline.RunOptions;
import io.paxsim.testbed.pipeline.RunResult;
import io.paxsim.testbed.pipeline.Scenario;
import io.paxsim.testbed.pipeline.StandardPipeline;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Named pathological scenarios reshape the run as they say, and the correct protocol survives leader flapping. */
class PathologiesTest {
    @Test
    void leaderFlappingChangesLeadersOftenAndStaysCorrect() {
        Scenario s = Pathologies.apply("leader-flapping", Scenario.defaults(5).withSafetyNanos(1_500_000_000L));
        RunResult r = StandardPipeline.create().run(s, RunOptions.quiet());
        assertNull(r.failure(), () -> String.valueOf(r.failure()));
        assertTrue(r.faults().size() >= 5, "flapping schedules many leader faults: " + r.faults().describe());
        assertTrue(((Number) r.metrics().get("leaderChanges")).longValue() >= 5, "sometimes: leaders actually changed");
    }

    @Test
    void eachPathologyReshapesTheScenario() {
        Scenario base = Scenario.defaults(1);
        assertEquals("hot-key", Pathologies.apply("hot-key", base).workload());
        assertEquals("slow-follower", Pathologies.apply("slow-follower", base).environment());
        assertEquals(3_000, Pathologies.apply("large-entries", base).opLimit());
        assertEquals("leader-change-bursts", Pathologies.apply("leader-change-bursts", base).faultProfile());
        assertTrue(Pathologies.apply("leader-change-bursts", base).load().describe().startsWith("open:bursts"));
    }
}
