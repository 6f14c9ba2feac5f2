package io.paxsim.testbed.pipeline;

import io.paxsim.faults.Fault;
import io.paxsim.faults.FaultContext;
import io.paxsim.faults.FaultSchedule;
import io.paxsim.faults.Nemeses;
import io.paxsim.faults.ScheduleEntry;
import io.paxsim.faults.Target;
import io.paxsim.sim.Context;
import io.paxsim.sim.Timer;
import io.paxsim.sim.random.RandomStream;
import io.paxsim.testbed.load.LoadModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
        Failure ballot = Failure.monitor("invariant one-value-per-ballot violated at t=1ns (seed 3): two values");
        Failure chosen = Failure.monitor("invariant learned-is-chosen violated at t=2ns (seed 3): not chosen");
        Failure linearizable = Failure.checker("linearizable", "no order");
        assertEquals("monitor one-value-per-ballot", ballot.culprit());
        assertEquals("checker linearizable", linearizable.culprit());
        assertEquals("linearizable: no order", linearizable.message());
        assertFalse(ballot.sameAs(chosen));
        assertFalse(ballot.sameAs(linearizable));
        assertTrue(ballot.sameAs(Failure.monitor("invariant one-value-per-ballot violated at t=9ns (seed 4): other")));
        // A harness bug is never the same failure as the protocol's own assertion, though both are crashes.
        assertFalse(Failure.harness("harness at t=1ns: NPE").sameAs(Failure.assertion("node 1: assertion")));
        assertTrue(Failure.harness("harness at t=1ns: NPE").harnessError());
        // Which monitor stopped a run is read from the culprit, not the message, whose detail may name another.
        Failure quoted = Failure.monitor("invariant votes-kept violated at t=3ns (seed 5): invariant read-freshness would also see it");
        assertEquals("votes-kept", quoted.monitorInvariant());
        assertNull(linearizable.monitorInvariant());
        assertNull(Failure.checker("invariants", "invariant votes-kept violated").monitorInvariant());
    }

    /** The pathology a candidate falls into when replica 2 was never restarted before {@link #TRAP_MS}. */
    private enum Trap { EVENT_STORM, HANG_IN_HANDLER }

    private static final long TRAP_MS = 300;
    private static final java.util.concurrent.atomic.AtomicBoolean RELEASE = new java.util.concurrent.atomic.AtomicBoolean();

    private record TrapTimer() implements Timer {
    }

    /**
     * Replica 0 cannot recover (the failure), and replica 2, unless restarted before {@link #TRAP_MS},
     * then falls into {@code trap}: a timer every nanosecond (a livelock no simulated-time bound ends
     * soon: ~1.7e9 events before the safety phase is over) or a handler that does not return.
     */
    private static ClusterFactory trapped(Trap trap) {
        return s -> Cluster.simple(id -> new ToyReplica(false) {
            @Override
            public void onStart(Context ctx) {
                if (ctx.self() == 2) {
                    ctx.setTimer(TRAP_MS * MS, new TrapTimer());
                }
            }

            @Override
            public void onRecover(Context ctx) {
                if (ctx.self() == 0) {
                    throw new AssertionError("replica 0 cannot recover");
                }
            }

            @Override
            public void onTimer(Context ctx, Timer timer) {
                if (trap == Trap.EVENT_STORM) {
                    ctx.setTimer(1, timer);
                    return;
                }
                // Deaf to interrupts, as a monitor's runaway loop is; the test lets it go when it is over.
                while (!RELEASE.get()) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException ignored) {
                        // stuck regardless
                    }
                }
            }
        });
    }

    /** Replica 2 restarted early (which keeps it out of the trap), noise, and the crash of replica 0 that fails the run. */
    private static FaultPlan trapPlan() {
        return new ScheduledFaults(FaultSchedule.sorted("custom", "", List.of(
                entry(100, new Fault.CrashRestart(), nodes(2), 20, 1),
                entry(400, new Fault.Pause(), nodes(1), 20, 2),
                entry(800, new Fault.CrashRestart(), nodes(0), 30, 3))));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCandidateInAnEventStormIsRejectedAtItsEventCap() {
        Pipeline pipeline = new Pipeline(trapped(Trap.EVENT_STORM), s -> ScheduledFaults.none());
        List<String> lines = new ArrayList<>();
        Shrinker.Shrunk shrunk = new Shrinker(pipeline, 100, Duration.ofMinutes(1), lines::add).shrink(toyScenario(), trapPlan());
        assertTrue(shrunk.overCap() > 0, "deleting replica 2's restart storms: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("went past its cap") && l.contains("events")), lines.toString());
        assertFalse(shrunk.budgetSpent(), "rejected, and the shrinking went on to a fixpoint: " + lines);
        // Smaller still: replica 0's restart moved before the trap and the run cut short of it.
        List<ScheduleEntry> left = ((ScheduledFaults) shrunk.minimal().faults()).schedule().entries();
        assertEquals("nodes:0", left.get(left.size() - 1).targets().format(), shrunk.minimal().faults().describe().toString());
        assertEquals(Failure.Kind.CRASH, shrunk.minimal().failure().kind());
        assertTrue(shrunk.replays());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCandidateStuckInsideOneEventIsLeftBehindAtItsWallCap() {
        Pipeline pipeline = new Pipeline(trapped(Trap.HANG_IN_HANDLER), s -> ScheduledFaults.none());
        List<String> lines = new ArrayList<>();
        RELEASE.set(false);
        try {
            long start = System.nanoTime();
            Shrinker.Shrunk shrunk = new Shrinker(pipeline, 100, Duration.ofMinutes(2), Duration.ofSeconds(1), lines::add)
                    .shrink(toyScenario(), trapPlan());
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 40, "bounded by the candidate's wall cap, not the shrinker's two minutes: " + seconds + " s");
            assertEquals(1, shrunk.overCap(), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.contains("was left behind")), lines.toString());
            assertEquals(Failure.Kind.CRASH, shrunk.minimal().failure().kind(), "the best run so far is kept");
            assertTrue(shrunk.minimal().faults().kinds().contains("crash-restart"));
            assertFalse(shrunk.replays(), "no replay check beside a candidate still running");
        } finally {
            RELEASE.set(true);
        }
    }
}
