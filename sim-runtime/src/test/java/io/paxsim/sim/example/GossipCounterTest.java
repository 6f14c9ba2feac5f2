package io.paxsim.sim.example;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GossipCounterTest {
    /** Default seed count is small for a fast build; -Dpaxsim.seeds=N (N > 0) runs N seeds. */
    static int seedCount() {
        int requested = Integer.getInteger("paxsim.seeds", 0);
        return requested > 0 ? requested : 50;
    }

    @Test
    void oneSeedKeepsItsInvariantsConvergesAndReplaysExactly() {
        GossipScenario.Outcome first = GossipScenario.run(1);
        GossipScenario.Outcome second = GossipScenario.run(1);
        assertEquals(java.util.List.of(), first.violations());
        assertTrue(first.converged(), "liveness: every node holds the full count after the heal");
        assertEquals(first.toString(), second.toString(), "a rerun of the same seed must match in every detail");
    }

    @Test
    void manySeedsRunTwiceGiveIdenticalFingerprints() {
        GossipScenario.Goals total = new GossipScenario.Goals();
        for (long seed = 0; seed < seedCount(); seed++) {
            GossipScenario.Outcome first = GossipScenario.run(seed);
            GossipScenario.Outcome second = GossipScenario.run(seed);
            assertEquals(first.traceHash(), second.traceHash(), "trace hash differs on rerun of seed " + seed);
            assertEquals(first.stateFingerprint(), second.stateFingerprint(), "state differs on rerun of seed " + seed);
            assertEquals(first.drawFingerprint(), second.drawFingerprint(), "random draws differ on rerun of seed " + seed);
            assertEquals(java.util.List.of(), first.violations(), "seed " + seed);
            assertTrue(first.converged(), "seed " + seed + " did not converge after the heal");
            total.add(first.goals());
        }
        String reached = total.toString();
        assertTrue(total.recoveredNonZero > 0, "no node ever recovered state from disk: " + reached);
        assertTrue(total.recoveredFromSecondCopy > 0, "the second copy never mattered: " + reached);
        assertTrue(total.fsyncRetries > 0, "no fsync ever failed: " + reached);
        assertTrue(total.diskFull > 0, "no write ever hit a full disk: " + reached);
        assertTrue(total.dropped > 0 && total.held > 0 && total.clockChanges > 0, reached);
    }

    @Test
    void differentSeedsExploreDifferentRuns() {
        assertTrue(GossipScenario.run(1).traceHash() != GossipScenario.run(2).traceHash());
    }

    @Test
    void theInvariantsCatchAPlantedRecoveryBug() {
        int caught = 0;
        for (long seed = 0; seed < 40 && caught == 0; seed++) {
            try {
                caught += GossipScenario.run(seed, true).violations().isEmpty() ? 0 : 1;
            } catch (io.paxsim.sim.SimulationException e) {
                caught++; // a node's own assertion saw a peer ahead of it
            }
        }
        assertTrue(caught > 0, "recovery that ignores the second copy went unnoticed");
    }
}
