package io.paxsim.testbed.pipeline;

import io.paxsim.faults.FaultAtlas;
import io.paxsim.testbed.client.ClientTimeouts;
import io.paxsim.testbed.load.LoadModel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Run 1623 of `mutants --only none --max-runs 2000` (hunt seed 1), replayed end to end: flexible on 5
 * nodes (q1=4, q2=2), disk profile with the atlas's storage-fault replicas 1 and 4 rotted
 * (same-offset-rot) and restarted. After healing, 1 and 4 answered every PreVote granted=false
 * (PaxosReplica.onPreVote: no promise while amnesiac or holding damaged slots), 0, 2 and 3 granted:
 * 3 < q1 = 4, no leader, "5 final reads timed out after healing". The same schedule on majority passes.
 * With {@link StorageFaultBound} only one replica carries storage faults and the run passes.
 */
class FlexibleStorageFaultLivenessTest {
    @Test
    void run1623OfTheFalseAlarmRowPasses() {
        Scenario s = new Scenario(7618289672028089970L, 5, "flexible+snapshot=2+election=2ms+reads=read-index",
                Scenario.NO_MUTANT, "register", "disk,slow-apply@1.0,isolate-leader@1.7", 0, 1_049_857_494L,
                5_000_000_000L, new LoadModel.ClosedLoop(7, 0), ClientTimeouts.defaults(), "lan-drift");
        assertEquals(1, FaultAtlas.storageFaultedReplicas(ScheduledFaults.plan(s).schedule()).length);
        RunResult r = StandardPipeline.create().run(s, RunOptions.quiet());
        assertTrue(r.passed(), () -> r.failure().message());
    }
}
