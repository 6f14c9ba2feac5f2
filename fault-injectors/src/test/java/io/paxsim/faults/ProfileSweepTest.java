package io.paxsim.faults;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every profile over several seeds on the heartbeat cluster: no fault throws, heal leaves the
 * world whole, every replica hears every other afterwards. More seeds: -Dpaxsim.seeds=N.
 */
class ProfileSweepTest {
    private static final long SAFETY_NANOS = 5_000_000_000L;
    private static final long LIVENESS_NANOS = 1_000_000_000L;

    @ParameterizedTest
    @ValueSource(strings = {"none", "partitions", "crashes", "clocks", "disk", "chaos", "swarm"})
    void everySeedAppliesAndHeals(String profile) {
        int seeds = Math.max(6, Integer.getInteger("paxsim.seeds", 0));
        int entries = 0;
        for (long seed = 100; seed < 100 + seeds; seed++) {
            FaultSchedule schedule = DeterminismTest.schedule(profile, seed);
            entries += schedule.size();
            Harness.Outcome run = Harness.run(seed, schedule, SAFETY_NANOS, LIVENESS_NANOS);
            String where = profile + " seed " + seed + "\n" + schedule.describe();
            assertTrue(run.healedWorld(), "heal left the world broken: " + where);
            assertTrue(run.allHeardAfterHeal(), "a replica stayed unreachable after heal: " + where);
        }
        assertTrue(profile.equals("none") ? entries == 0 : entries >= seeds, profile + " produced only " + entries + " entries");
    }
}
