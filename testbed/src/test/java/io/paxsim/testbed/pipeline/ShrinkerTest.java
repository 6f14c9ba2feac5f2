package io.paxsim.testbed.pipeline;

import io.paxsim.faults.Fault;
import io.paxsim.faults.FaultContext;
import io.paxsim.faults.FaultSchedule;
import io.paxsim.faults.Nemeses;
import io.paxsim.faults.ScheduleEntry;
import io.paxsim.faults.Target;
import io.paxsim.sim.Context;
import io.paxsim.sim.random.RandomStream;
import io.paxsim.testbed.load.LoadModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shrinker keeps only what makes a run fail. */
class ShrinkerTest {
    /** Only replica 0 minds being restarted: the bug needs exactly the faults that hit node 0. */
    static final ClusterFactory FRAGILE_LEADER = s -> Cluster.simple(id -> new ToyReplica(false) {
        @Override
        public void onRecover(Context ctx) {
            if (ctx.self() == 0) {
                throw new AssertionError("replica 0 cannot recover");
            }
        }
    });

    @Test
    void deltaDebuggingKeepsOnlyTheCrashThatMatters() {
        List<long[]> entries = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            entries.add(new long[] {(i + 1) * 100_000_000L, i == 7 ? 0 : 1 + i % 2});
        }
        Pipeline pipeline = new Pipeline(FRAGILE_LEADER, s -> ScheduledFaults.none());
        Scenario scenario = Scenario.defaults(21).withNodes(3).withSafetyNanos(2_000_000_000L)
                .withLoad(new io.paxsim.testbed.load.LoadModel.ClosedLoop(2, 1_000_000L));
        Shrinker.Shrunk shrunk = new Shrinker(pipeline, 200, line -> { }).shrink(scenario, new CrashPlan(entries));
        assertEquals(Failure.Kind.CRASH, shrunk.minimal().failure().kind());
        assertEquals(1, shrunk.minimal().faults().size(), () -> shrunk.minimal().failure() + " " + shrunk.minimal().faults().describe());
        assertEquals("crash n0 @800000000ns", shrunk.minimal().faults().describe().get(0));
        assertTrue(shrunk.minimal().scenario().safetyNanos() < scenario.safetyNanos(), "the run was cut short after the fault");
        RunResult again = pipeline.run(shrunk.minimal().scenario(), RunOptions.quiet().withFaultPlan(shrunk.minimal().faults()));
        assertEquals(shrunk.minimal().traceHash(), again.traceHash(), "the minimal run replays exactly");
    }

    @Test
    void aPassingRunIsNotShrunk() {
        Pipeline pipeline = new Pipeline(PipelineToyTest.TOY, s -> ScheduledFaults.none());
        Scenario scenario = Scenario.defaults(1).withNodes(3).withOpLimit(50);
        assertThrows(IllegalArgumentException.class,
                () -> new Shrinker(pipeline, 10, line -> { }).shrink(scenario, ScheduledFaults.none()));
    }

    private static final long MS = 1_000_000L;

    private static Scenario toyScenario() {
        return Scenario.defaults(21).withNodes(3).withSafetyNanos(2_000_000_000L).withLoad(new LoadModel.ClosedLoop(2, MS));
    }

    private static ScheduleEntry entry(long startMs, Fault fault, Target target, long durationMs, long seed) {
        return new ScheduleEntry(startMs * MS, fault, target, durationMs * MS, seed);
    }

    private static Target nodes(int... ids) {
        return new Target.Nodes(ids);
    }

    /** Eleven faults that cannot make replica 0 recover, and the one crash that does. */
    private static List<ScheduleEntry> noiseAround(ScheduleEntry cause) {
        List<ScheduleEntry> entries = new ArrayList<>(List.of(
                entry(100, new Fault.Pause(), nodes(1), 20, 1),
                entry(150, new Fault.ClockSkew(3 * MS), nodes(2), 200, 2),
                entry(200, new Fault.DelayBurst(5 * MS), new Target.All(), 100, 3),
                entry(300, new Fault.CrashRestart(), nodes(1), 30, 4),
                entry(400, new Fault.Isolate(), nodes(2), 50, 5),
                entry(500, new Fault.LossBurst(0.3), nodes(1, 2), 40, 6),
                entry(600, new Fault.Pause(), nodes(2), 10, 7),
                entry(700, new Fault.DuplicateBurst(0.2), new Target.All(), 100, 8),
                entry(900, new Fault.CrashRestart(), nodes(2), 30, 9),
                entry(1000, new Fault.ClockJump(50 * MS), nodes(1), 50, 10),
                entry(1100, new Fault.PartitionHalves(), new Target.All(), 100, 11)));
        entries.add(cause);
        return entries;
    }

    private static Shrinker.Shrunk shrink(List<ScheduleEntry> entries) {
        Pipeline pipeline = new Pipeline(FRAGILE_LEADER, s -> ScheduledFaults.none());
        FaultPlan plan = new ScheduledFaults(FaultSchedule.sorted("custom", "", entries));
        Shrinker.Shrunk shrunk = new Shrinker(pipeline, 300, line -> { }).shrink(toyScenario(), plan);
        assertEquals(Failure.Kind.CRASH, shrunk.minimal().failure().kind());
        assertTrue(shrunk.replays(), "the minimal run replays to the same trace hash");
        RunResult again = pipeline.run(shrunk.minimal().scenario(), RunOptions.quiet().withFaultPlan(
                ScheduledFaults.parse(shrunk.minimal().faults().toJson())));
        assertEquals(shrunk.minimal().traceHash(), again.traceHash(), "the minimal run replays from its saved faults.json");
        return shrunk;
    }

    @Test
    void aPlantedCauseAmongManyIrrelevantFaultsShrinksToItAloneEarlierAndShorter() {
        Shrinker.Shrunk shrunk = shrink(noiseAround(entry(800, new Fault.CrashRestart(), nodes(0), 30, 12)));
        List<ScheduleEntry> left = ((ScheduledFaults) shrunk.minimal().faults()).schedule().entries();
        assertEquals(1, left.size(), () -> shrunk.minimal().faults().describe().toString());
        ScheduleEntry cause = left.get(0);
        assertEquals("crash-restart", cause.fault().name());
        assertEquals("nodes:0", cause.targets().format());
        assertTrue(cause.startNanos() < 800 * MS, "moved earlier: " + cause.describe());
        assertTrue(cause.durationNanos() < 30 * MS, "window shortened: " + cause.describe());
        assertTrue(shrunk.minimal().simulatedNanos() < shrunk.original().simulatedNanos(), "a shorter run");
        assertEquals(1, shrunk.minimalNodeHits());
        assertTrue(shrunk.steps().stream().anyMatch(st -> st.pass().equals("move earlier")), shrunk.steps().toString());
    }

    @Test
    void anEntryOverEveryReplicaIsSplitIntoThePartThatMatters() {
        Shrinker.Shrunk shrunk = shrink(noiseAround(entry(800, new Fault.CrashRestart(), new Target.All(), 30, 12)));
        assertEquals(List.of("crash-restart"), shrunk.minimal().faults().kinds());
        assertEquals("nodes:0", ((ScheduledFaults) shrunk.minimal().faults()).schedule().entries().get(0).targets().format());
        assertEquals(1, shrunk.minimalNodeHits(), "one replica hit, not three");
        assertTrue(shrunk.originalNodeHits() > shrunk.minimalNodeHits());
        assertTrue(shrunk.steps().stream().anyMatch(st -> st.pass().equals("split")), shrunk.steps().toString());
    }

    @Test
    void aMultiFaultNemesisEpisodeIsSplitIntoTheComponentThatMatters() {
        // power-loss-slow-disks: fsync stalls on the leader and others, then every replica crashes losing
        // unsynced writes (followers, then the leader), the old leader rebooting first.
        FaultContext context = FaultContext.of(3, 2_000_000_000L);
        List<ScheduleEntry> episode = Nemeses.named("power-loss-slow-disks").generate(RandomStream.derive(5, "faults"), context, 5.0);
        assertTrue(episode.size() >= 4, "at least one whole episode: " + episode.size());
        List<ScheduleEntry> first = new ArrayList<>(episode.subList(0, 4));
        Shrinker.Shrunk shrunk = shrink(first);
        assertEquals(List.of("crash-lost-writes"), shrunk.minimal().faults().kinds(),
                () -> shrunk.minimal().faults().describe().toString());
        assertEquals(1, shrunk.minimalNodeHits(), "only replica 0's crash matters");
    }

    @Test
    void onlyTheSameCheckerOrMonitorCountsAsTheSameFailure() {
        Failure ballot = new Failure(Failure.Kind.CORRECTNESS, "invariant violated: invariant one-value-per-ballot violated at t=1");
        Failure chosen = new Failure(Failure.Kind.CORRECTNESS, "invariant violated: invariant chosen-stays-chosen violated at t=2");
        assertEquals("monitor one-value-per-ballot", Shrinker.culprit(ballot));
        assertEquals("checker linearizable", Shrinker.culprit(new Failure(Failure.Kind.CORRECTNESS, "linearizable: no order")));
        assertFalse(Shrinker.culprit(ballot).equals(Shrinker.culprit(chosen)));
        assertEquals(Shrinker.culprit(ballot), Shrinker.culprit(
                new Failure(Failure.Kind.CORRECTNESS, "invariant violated: invariant one-value-per-ballot violated at t=9")));
    }
}
