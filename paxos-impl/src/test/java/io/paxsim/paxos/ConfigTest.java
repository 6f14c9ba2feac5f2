package io.paxsim.paxos;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigTest {
    @Test
    void flexibleQuorumsMustIntersectUnlessForced() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PaxosConfig.defaults(5).withQuorums(2, 3));
        assertTrue(e.getMessage().contains("q1 + q2 must exceed n"), e.getMessage());
        PaxosConfig forced = PaxosConfig.defaults(5).withAllowNonIntersectingQuorums(true).withQuorums(2, 3);
        assertEquals(2, forced.phase1Quorum());
        assertEquals(4, PaxosConfig.defaults(5).withQuorums(4, 2).phase1Quorum());
    }

    @Test
    void badValuesAreRejectedWithTheirName() {
        assertThrows(IllegalArgumentException.class, () -> PaxosConfig.defaults(0));
        assertThrows(IllegalArgumentException.class, () -> PaxosConfig.defaults(3).withBatchSize(0));
        assertThrows(IllegalArgumentException.class, () -> PaxosConfig.defaults(3).withPipelineWindow(-1));
        assertThrows(IllegalArgumentException.class, () -> PaxosConfig.defaults(3).withTimeouts(1_000_000, 1_500_000));
        assertThrows(IllegalArgumentException.class, () -> PaxosConfig.defaults(3).withLease(1_000, 2_000));
        assertThrows(IllegalArgumentException.class, () -> PaxosConfig.defaults(3).withQuorums(4, 2));
    }

    @Test
    void everyVariantBuildsForThreeFiveAndSevenNodes() {
        for (String name : Variants.names()) {
            for (int n : new int[] {3, 5, 7}) {
                assertEquals(n, Variants.config(name, n).clusterSize(), name);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Variants.config("nope", 3));
        assertTrue(e.getMessage().contains("majority"), e.getMessage());
    }

    @Test
    void mutantsAreSelectedByStableName() {
        PaxosConfig c = PaxosConfig.defaults(3).withMutants("local-read", "ballot-reuse");
        assertTrue(c.has(Mutant.LOCAL_READ) && c.has(Mutant.BALLOT_REUSE));
        assertEquals(Mutant.values().length, Mutant.names().size());
        assertThrows(IllegalArgumentException.class, () -> PaxosConfig.defaults(3).withMutants("nope"));
        assertTrue(PaxosConfig.defaults(3).mutants().isEmpty());
    }
}
