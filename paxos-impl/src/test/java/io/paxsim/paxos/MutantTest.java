package io.paxsim.paxos;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Planted bugs must be caught by the online monitors under the fault class that exposes them,
 * within a small seed budget; the message names the invariant expected. (local-read is caught by
 * the stale-read check in {@link StaleReadTest}; the others are left to the testbed's checkers.)
 */
class MutantTest {
    @ParameterizedTest(name = "{0} under {1} caught by {2}")
    @CsvSource({
            "promise-not-durable, CRASH, promise-monotonic",
            "accept-not-durable, CRASH, votes-durable",
            "ignore-prior-accepts, CRASH, single-value-per-slot",
            "accept-below-promise, NETWORK, promise-monotonic",
            "no-dedup, NETWORK, exactly-once-apply",
            "early-ack, PARTITION, reply-after-apply",
            "bad-flexible-quorum, PARTITION, single-value-per-slot",
            "truncate-on-corruption, DISK, ''",
    })
    void monitorsCatchMutant(String mutant, FaultScenario.FaultClass faultClass, String invariant) {
        for (long seed = 1; seed <= 40; seed++) {
            int n = seed % 2 == 0 ? 3 : 5;
            PaxosConfig config = PaxosConfig.defaults(n).withSnapshotIntervalSlots(20).withMutants(mutant);
            FaultScenario.Outcome o = new FaultScenario(faultClass, seed, config, 3, 30).run();
            if (!o.safe()) {
                assertTrue(o.detail().contains("invariant " + invariant), "caught, but by another invariant: " + o.detail());
                return;
            }
        }
        throw new AssertionError(mutant + " escaped the monitors in 40 seeds of " + faultClass);
    }
}
