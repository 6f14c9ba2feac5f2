package io.paxsim.testbed.pipeline;

import io.paxsim.sim.Context;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shrinker keeps only what makes a run fail. */
class ShrinkerTest {
    /** Only replica 0 minds being restarted: the bug needs exactly the faults that hit node 0. */
    static final ClusterFactory FRAGILE_LEADER = s -> Cluster.simple(id -> new ToyReplica(false) {
        @Override
        public void onRecover(Context ctx) {
            if (ctx.self() == 0) {
                throw new AssertionError("replica 0 cannot recover");
            }
        }
    });

    @Test
    void deltaDebuggingKeepsOnlyTheCrashThatMatters() {
        List<long[]> entries = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            entries.add(new long[] {(i + 1) * 100_000_000L, i == 7 ? 0 : 1 + i % 2});
        }
        Pipeline pipeline = new Pipeline(FRAGILE_LEADER, s -> ScheduledFaults.none());
        Scenario scenario = Scenario.defaults(21).withNodes(3).withSafetyNanos(2_000_000_000L)
                .withLoad(new io.paxsim.testbed.load.LoadModel.ClosedLoop(2, 1_000_000L));
        Shrinker.Shrunk shrunk = new Shrinker(pipeline, 200, line -> { }).shrink(scenario, new CrashPlan(entries));
        assertEquals(Failure.Kind.CRASH, shrunk.minimal().failure().kind());
        assertEquals(1, shrunk.minimal().faults().size(), () -> shrunk.minimal().failure() + " " + shrunk.minimal().faults().describe());
        assertEquals("crash n0 @800000000ns", shrunk.minimal().faults().describe().get(0));
        assertTrue(shrunk.minimal().scenario().safetyNanos() < scenario.safetyNanos(), "the run was cut short after the fault");
        RunResult again = pipeline.run(shrunk.minimal().scenario(), RunOptions.quiet().withFaultPlan(shrunk.minimal().faults()));
        assertEquals(shrunk.minimal().traceHash(), again.traceHash(), "the minimal run replays exactly");
    }

    @Test
    void aPassingRunIsNotShrunk() {
        Pipeline pipeline = new Pipeline(PipelineToyTest.TOY, s -> ScheduledFaults.none());
        Scenario scenario = Scenario.defaults(1).withNodes(3).withOpLimit(50);
        assertThrows(IllegalArgumentException.class,
                () -> new Shrinker(pipeline, 10, line -> { }).shrink(scenario, ScheduledFaults.none()));
    }
}
