package io.paxsim.testbed.pipeline;

import io.paxsim.faults.FaultAtlas;
import io.paxsim.faults.FaultContext;
import io.paxsim.faults.FaultProfiles;
import io.paxsim.faults.FaultSchedule;
import io.paxsim.paxos.Variants;
import io.paxsim.sim.random.RandomStream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Storage faults touch no more replicas than the variant's quorums survive. */
class StorageFaultBoundTest {
    @Test
    void toleranceFollowsTheQuorums() {
        assertEquals(2, StorageFaultBound.tolerance(Variants.config("majority", 5)));
        assertEquals(1, StorageFaultBound.tolerance(Variants.config("majority", 3)));
        assertEquals(1, StorageFaultBound.tolerance(Variants.config("flexible", 5)), "q1 = 4, q2 = 2 on 5 replicas");
    }

    /**
     * Run 1623 of the 2,000-run false-alarm row: a flexible 5-replica cluster whose two atlas replicas
     * were both rotted and restarted had no phase-1 quorum left ("5 final reads timed out after
     * healing"). Over 40 seeds of the disk profile, the raw draw touches two replicas in some, and the
     * planned schedule never more than one; majority clusters keep their schedules as drawn.
     */
    @Test
    void flexibleClustersCarryStorageFaultsOnOneReplicaOnly() {
        int rawTwo = 0;
        for (long seed = 1; seed <= 40; seed++) {
            Scenario flexible = Scenario.defaults(seed).withNodes(5).withVariant("flexible").withFaultProfile("disk");
            rawTwo += FaultAtlas.storageFaultedReplicas(raw(flexible)).length >= 2 ? 1 : 0;
            FaultSchedule planned = ScheduledFaults.plan(flexible).schedule();
            assertTrue(FaultAtlas.storageFaultedReplicas(planned).length <= 1, "seed " + seed + ": " + planned);
            if (FaultAtlas.storageFaultedReplicas(raw(flexible)).length >= 2) {
                // faults.json's comment names the replicas storage faults still touch, not the atlas as drawn.
                int[] kept = FaultAtlas.storageFaultedReplicas(planned);
                assertTrue(planned.comment().contains(FaultAtlas.commentNaming(kept) + " (the variant's quorums survive"),
                        "seed " + seed + ": " + planned.comment());
                assertFalse(planned.comment().contains(FaultAtlas.commentNaming(FaultAtlas.storageFaultedReplicas(raw(flexible)))),
                        "seed " + seed + ": " + planned.comment());
            }
            Scenario majority = flexible.withVariant("majority");
            assertEquals(raw(majority).entries(), ScheduledFaults.plan(majority).schedule().entries());
        }
        assertTrue(rawTwo > 0, "no raw draw touched two replicas: this test would prove nothing");
    }

    private static FaultSchedule raw(Scenario s) {
        FaultContext context = FaultContext.of(s.nodes(), ScheduledFaults.horizonNanos(s));
        return FaultProfiles.parse(s.faultProfile()).schedule(RandomStream.derive(s.seed(), "faults"), context);
    }
}
