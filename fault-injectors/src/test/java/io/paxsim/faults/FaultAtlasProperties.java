package io.paxsim.faults;

import io.paxsim.sim.random.RandomStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultAtlasProperties {
    /** No generated schedule, for any seed, profile or cluster size, breaks the atlas. */
    @Property(tries = 300)
    void generatedSchedulesRespectTheAtlas(@ForAll long seed, @ForAll("profiles") String profile,
                                           @ForAll("clusterSizes") int replicas) {
        FaultContext context = FaultContext.of(replicas, 20_000_000_000L).withRateMultiplier(4);
        FaultSchedule schedule = FaultProfiles.named(profile).schedule(RandomStream.derive(seed, "faults"), context);
        assertTrue(FaultAtlas.violations(schedule, replicas).isEmpty(), FaultAtlas.violations(schedule, replicas).toString());
        assertTrue(FaultAtlas.storageFaultedReplicas(schedule).length <= FaultAtlas.budget(replicas));
        for (ScheduleEntry e : schedule.entries()) {
            assertTrue(e.startNanos() >= context.quietStartNanos() && e.startNanos() < context.durationNanos());
        }
    }

    /** A deeper sweep when asked for: mvn test -Dpaxsim.seeds=N. */
    @Test
    void deepSweepWhenRequested() {
        int seeds = Integer.getInteger("paxsim.seeds", 0);
        for (long seed = 0; seed < seeds; seed++) {
            for (String profile : List.of("disk", "chaos", "swarm")) {
                FaultSchedule s = FaultProfiles.named(profile).schedule(RandomStream.derive(seed, "faults"),
                        FaultContext.of(5, 30_000_000_000L));
                FaultAtlas.require(s, 5);
            }
        }
    }

    @Test
    void diskProfileActuallyUsesItsWholeBudgetOverSeeds() {
        boolean sawTwo = false;
        for (long seed = 0; seed < 20 && !sawTwo; seed++) {
            FaultSchedule s = FaultProfiles.named("disk").schedule(RandomStream.derive(seed, "faults"),
                    FaultContext.of(5, 20_000_000_000L));
            sawTwo = FaultAtlas.storageFaultedReplicas(s).length == 2;
        }
        assertTrue(sawTwo, "storage faults never reached f=2 replicas of 5: the atlas test would prove nothing");
    }

    @Test
    void atlasCatchesTooManyReplicasAndSymbolicTargets() {
        FaultSchedule tooWide = new FaultSchedule("custom", "", List.of(
                new ScheduleEntry(1, new Fault.BitRot(1), new Target.Nodes(new int[] {0}), 0, 1),
                new ScheduleEntry(2, new Fault.LatentReadErrors(1), new Target.Nodes(new int[] {1}), 0, 1),
                new ScheduleEntry(3, new Fault.CrashTornWrites(), new Target.Nodes(new int[] {2}), 0, 1)));
        assertFalse(FaultAtlas.violations(tooWide, 5).isEmpty());
        assertTrue(FaultAtlas.violations(tooWide, 7).isEmpty());
        FaultSchedule symbolic = new FaultSchedule("custom", "", List.of(
                new ScheduleEntry(1, new Fault.MisdirectedWrites(0.1), new Target.Leader(), 5, 1)));
        assertFalse(FaultAtlas.violations(symbolic, 5).isEmpty());
        FaultSchedule uncounted = new FaultSchedule("custom", "", List.of(
                new ScheduleEntry(1, new Fault.FsyncFailures(0.5), new Target.All(), 5, 1),
                new ScheduleEntry(1, new Fault.CrashLostWrites(), new Target.All(), 5, 1),
                new ScheduleEntry(1, new Fault.DiskFull(0), new Target.All(), 5, 1)));
        assertTrue(FaultAtlas.violations(uncounted, 5).isEmpty());
    }

    @Provide
    Arbitrary<String> profiles() {
        return Arbitraries.of("disk", "chaos", "swarm");
    }

    @Provide
    Arbitrary<Integer> clusterSizes() {
        return Arbitraries.of(1, 3, 5, 7);
    }
}
