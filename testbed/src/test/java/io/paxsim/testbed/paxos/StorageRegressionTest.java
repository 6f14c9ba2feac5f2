package io.paxsim.testbed.paxos;

import io.paxsim.testbed.output.RunFiles;
import io.paxsim.testbed.pipeline.FaultPlan;
import io.paxsim.testbed.pipeline.FaultPlans;
import io.paxsim.testbed.pipeline.RunOptions;
import io.paxsim.testbed.pipeline.RunResult;
import io.paxsim.testbed.pipeline.Scenario;
import io.paxsim.testbed.pipeline.StandardPipeline;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs of the correct log that once failed because of its storage layer, replayed from their recorded files. */
class StorageRegressionTest {
    /**
     * Found by `paxsim mutants --only none` (run 338 of 2000, profile disk): under an fsync stall
     * one group commit covered ~16 KB of votes; misdirected writes then damaged the record of slot
     * 786 in both mirrors after that fsync had completed, and a crash lost every later (unsynced)
     * record. No later record survived to vouch that the damaged one was synced, so recovery cut it
     * as a torn tail and acceptor 4 forgot a vote it had sent (votes-durable).
     */
    @Test
    void syncedVoteDamagedInBothMirrorsIsNotCutAsATornTail() {
        RunResult r = replay("synced-vote-misdirected");
        assertTrue(r.passed(), () -> r.failure().message());
    }

    private RunResult replay(String name) {
        Path dir = Path.of(getClass().getResource("/regressions/" + name + "/run.json").getPath()).getParent();
        Scenario s = RunFiles.readScenario(dir);
        FaultPlan faults = FaultPlans.fromJson(RunFiles.readJson(dir.resolve(RunFiles.FAULTS)));
        return StandardPipeline.create().run(s, RunOptions.quiet().withFaultPlan(faults));
    }
}
