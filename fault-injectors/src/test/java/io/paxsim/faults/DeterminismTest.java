package io.paxsim.faults;

import io.paxsim.sim.random.RandomStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeterminismTest {
    private static final long SAFETY_NANOS = 4_000_000_000L;

    static FaultSchedule schedule(String profile, long seed) {
        return FaultProfiles.named(profile).schedule(RandomStream.derive(seed, "faults"), Harness.context(SAFETY_NANOS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"partitions", "crashes", "clocks", "disk", "chaos", "swarm"})
    void sameSeedGivesSameScheduleAndSameTraceHash(String profile) {
        FaultSchedule first = schedule(profile, 1234);
        FaultSchedule second = schedule(profile, 1234);
        assertEquals(first, second);
        assertEquals(first.describe(), second.describe());
        assertTrue(first.size() > 0, profile + " generated nothing in 4 s");
        long hash1 = Harness.run(1234, first, SAFETY_NANOS, 500_000_000L).traceHash();
        long hash2 = Harness.run(1234, second, SAFETY_NANOS, 500_000_000L).traceHash();
        assertEquals(hash1, hash2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"partitions", "crashes", "clocks", "disk", "chaos", "swarm"})
    void differentSeedsGiveDifferentSchedules(String profile) {
        Set<FaultSchedule> distinct = new HashSet<>();
        for (long seed = 1; seed <= 5; seed++) {
            distinct.add(schedule(profile, seed));
        }
        assertEquals(5, distinct.size());
    }

    @Test
    void differentSchedulesGiveDifferentTraceHashes() {
        long a = Harness.run(1, schedule("chaos", 1), SAFETY_NANOS, 0).traceHash();
        long b = Harness.run(1, schedule("chaos", 2), SAFETY_NANOS, 0).traceHash();
        assertNotEquals(a, b);
    }

    @Test
    void noneProfileIsEmptyAndLeavesTheRunUntouchedButForTheHeal() {
        assertEquals(0, schedule("none", 3).size());
    }

    @Test
    void swarmPicksDifferentCombinationsAcrossSeeds() {
        Set<String> combinations = new HashSet<>();
        Set<String> nemesesSeen = new HashSet<>();
        for (long seed = 1; seed <= 12; seed++) {
            FaultSchedule s = schedule("swarm", seed);
            assertTrue(s.comment().startsWith("swarm: "), s.comment());
            String chosen = s.comment().substring("swarm: ".length(), s.comment().indexOf(';'));
            combinations.add(chosen.replaceAll(" at [0-9.]+/s", ""));
            for (String part : chosen.split(", ")) {
                nemesesSeen.add(part.substring(0, part.indexOf(" at ")));
            }
        }
        assertTrue(combinations.size() >= 10, "swarm repeated itself: " + combinations);
        assertTrue(nemesesSeen.size() >= 20, "swarm never chose some nemeses: " + nemesesSeen);
    }

    @Test
    void addingANemesisDoesNotShiftTheOthersDraws() {
        long baseSeed = 99;
        FaultContext context = Harness.context(SAFETY_NANOS);
        FaultProfiles.NemesisRate crash = new FaultProfiles.NemesisRate(Nemeses.named("crash-random"), 1.0);
        FaultProfiles.NemesisRate skew = new FaultProfiles.NemesisRate(Nemeses.named("clock-skew"), 1.0);
        FaultSchedule alone = FaultProfiles.generate("t", "", baseSeed, context, List.of(crash));
        FaultSchedule both = FaultProfiles.generate("t", "", baseSeed, context, List.of(skew, crash));
        List<ScheduleEntry> crashesInBoth = both.entries().stream()
                .filter(e -> e.fault() instanceof Fault.CrashRestart).toList();
        assertEquals(alone.entries(), crashesInBoth);
    }

    /** A list naming a profile: the profile's schedule (same base seed, same draws) plus the listed nemesis's faults. */
    @Test
    void aProfileInAListKeepsItsScheduleAndAddsTheNemesis() {
        FaultContext context = Harness.context(SAFETY_NANOS);
        FaultSchedule alone = FaultProfiles.parse("corners").schedule(io.paxsim.sim.random.RandomStream.derive(4, "faults"), context);
        FaultSchedule plus = FaultProfiles.parse("corners,isolate-node@5").schedule(io.paxsim.sim.random.RandomStream.derive(4, "faults"), context);
        List<ScheduleEntry> isolations = plus.entries().stream()
                .filter(e -> e.fault() instanceof Fault.Isolate && e.targets() instanceof Target.RandomNode).toList();
        assertTrue(!isolations.isEmpty(), "the listed nemesis added nothing");
        List<ScheduleEntry> rest = plus.entries().stream().filter(e -> !isolations.contains(e)).toList();
        assertEquals(alone.entries(), rest);
    }

    @Test
    void customProfilesNameNemesesAndRates() {
        FaultProfile custom = FaultProfiles.parse("isolate-leader, crash-random@2");
        FaultSchedule s = custom.schedule(io.paxsim.sim.random.RandomStream.derive(4, "faults"), Harness.context(SAFETY_NANOS));
        assertTrue(s.size() > 0);
        assertTrue(s.entries().stream().allMatch(e -> e.fault() instanceof Fault.Isolate || e.fault() instanceof Fault.CrashRestart));
        assertEquals("isolate-leader, crash-random@2", s.profile());
        assertEquals(FaultProfiles.named("chaos"), FaultProfiles.parse(" chaos "));
        for (String bad : List.of("", "chaoss", "crash-random@fast", "crash-random@-1", "isolate-leader,,pause", "corners@2")) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> FaultProfiles.parse(bad));
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
