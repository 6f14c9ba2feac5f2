package io.paxsim.testbed.paxos;

import io.paxsim.testbed.load.LoadModel;
import io.paxsim.testbed.pipeline.RunOptions;
import io.paxsim.testbed.pipeline.RunResult;
import io.paxsim.testbed.pipeline.Scenario;
import io.paxsim.testbed.pipeline.StandardPipeline;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.paxsim.testbed.output.RunFiles;
import io.paxsim.testbed.pipeline.FaultPlan;
import io.paxsim.testbed.pipeline.FaultPlans;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The read-path monitors respect what the protocol assumes: with every clock drifting within the
 * lease margin, leaders cut off or stalled near their lease's end, clocks nudged and stretched past
 * the margin, and applies running late, the correct log serves no read and holds no lease the
 * monitors object to (a monitor firing here would be a false alarm).
 */
class ReadPathMonitorTest {
    @ParameterizedTest(name = "{0} under {1}")
    @CsvSource({
            "lease+snapshot=20, 'isolate-leader@6,clock-drift-large@4,stall-short@4,slow-apply@4'",
            "majority+lease=full+reads=lease, 'partition-majority-minority@6,clock-nudge@4,slow-apply@4,pause@3'",
            "read-index+snapshot=5, 'isolate-leader@6,slow-apply@6,stall-short@4'",
    })
    void correctReadPathsRaiseNoAlarm(String variant, String faults) {
        for (long seed = 1; seed <= 4; seed++) {
            Scenario s = Scenario.defaults(seed).withNodes(seed % 2 == 0 ? 3 : 5).withVariant(variant)
                    .withWorkload("register").withFaultProfile(faults).withSafetyNanos(500_000_000L)
                    .withLoad(new LoadModel.ClosedLoop(5, 0)).withEnvironment("lan-drift");
            RunResult r = StandardPipeline.create().run(s, RunOptions.quiet());
            assertTrue(r.passed(), () -> "seed " + s.seed() + ": " + r.failure().message());
        }
    }

    /**
     * Found by `paxsim mutants` as a false alarm on the correct log: a leader paused with a read-index
     * read queued; the client retried elsewhere, got its answer from the new leader and moved on; the
     * old copy of its request, held during the pause, reached the old leader at resume, which then
     * answered the read it had confirmed before the pause. Judged by that late copy's arrival, the
     * read looked as if it had been served after a newer ballot chose a value.
     */
    @Test
    void lateCopyOfAnAnsweredReadIsNotJudgedByItsArrival() {
        Path dir = Path.of(getClass().getResource("/regressions/late-read-copy/run.json").getPath()).getParent();
        Scenario s = RunFiles.readScenario(dir);
        FaultPlan shrunk = FaultPlans.fromJson(RunFiles.readJson(dir.resolve(RunFiles.FAULTS)));
        RunResult r = StandardPipeline.create().run(s, RunOptions.quiet().withFaultPlan(shrunk));
        assertTrue(r.passed(), () -> r.failure().message());
    }
}
