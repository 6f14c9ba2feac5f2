package io.paxsim.paxos;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Same seed, same run: the trace hash must match, under faults too; another seed must differ. */
class DeterminismTest {
    private static long traceHash(FaultScenario.FaultClass fc, long seed) {
        FaultScenario s = new FaultScenario(fc, seed, PaxosConfig.defaults(5).withSnapshotIntervalSlots(20), 3, 30);
        s.run();
        return s.cluster().sim.traceHash();
    }

    @Test
    void sameSeedSameTraceHash() {
        for (FaultScenario.FaultClass fc : FaultScenario.FaultClass.values()) {
            assertEquals(traceHash(fc, 11), traceHash(fc, 11), fc.name());
        }
        assertNotEquals(traceHash(FaultScenario.FaultClass.CRASH, 11), traceHash(FaultScenario.FaultClass.CRASH, 12));
    }
}
