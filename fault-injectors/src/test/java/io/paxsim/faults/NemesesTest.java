package io.paxsim.faults;

import io.paxsim.sim.random.RandomStream;
import io.paxsim.sim.trace.TraceKind;
import io.paxsim.sim.trace.TraceRecord;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NemesesTest {
    private static final long SAFETY_NANOS = 3_000_000_000L;
    private static final long LIVENESS_NANOS = 1_000_000_000L;

    /** Every nemesis, at a high rate on 5 heartbeat nodes: applies, resolves targets, heals whole. */
    @TestFactory
    Stream<DynamicTest> everyNemesisAppliesResolvesAndHeals() {
        return Nemeses.all().stream().map(nemesis -> DynamicTest.dynamicTest(nemesis.name(), () -> {
            FaultSchedule schedule = scheduleOf(nemesis, 0xFA17L);
            assertFalse(schedule.entries().isEmpty(), nemesis.name() + " generated nothing");
            Harness.Outcome run = Harness.run(7, schedule, SAFETY_NANOS, LIVENESS_NANOS);
            assertTrue(run.healedWorld(), "heal left the world broken after " + nemesis.name());
            assertTrue(run.allHeardAfterHeal(), "some replica stayed unreachable after heal: " + nemesis.name());
            assertEveryStartedEntryResolvedTargets(schedule, run.trace());
        }));
    }

    @Test
    void nemesisRegistryNamesAndDescribesEveryNemesis() {
        Set<String> names = new HashSet<>();
        for (Nemesis n : Nemeses.all()) {
            assertTrue(names.add(n.name()), "duplicate nemesis " + n.name());
            assertFalse(n.description().isBlank(), n.name() + " has no description");
            assertTrue(n.name().matches("[a-z]+(-[a-z]+)*"), "unstable-looking name " + n.name());
        }
        assertTrue(names.containsAll(List.of("partition-halves", "partition-majority-minority", "isolate-leader",
                "isolate-node", "partition-ring", "partition-bridge", "cut-one-way", "clog-swizzle", "loss-burst",
                "duplicate-burst", "delay-burst", "crash-random", "crash-leader", "crash-several",
                "crash-during-fsync", "pause", "clock-skew", "clock-drift", "clock-jump", "crash-torn-writes",
                "crash-lost-writes", "bit-rot", "latent-read-errors", "misdirected-writes", "misdirect-next-write", "fsync-eio",
                "disk-full", "buggify")), names.toString());
    }

    @Test
    void faultRegistryCoversEverySealedFaultRecord() {
        Set<Class<?>> registered = new HashSet<>();
        for (FaultKinds.Kind kind : FaultKinds.all()) {
            registered.add(kind.type());
            assertFalse(kind.description().isBlank());
        }
        for (Class<?> type : Fault.class.getPermittedSubclasses()) {
            assertTrue(registered.contains(type), type.getSimpleName() + " is not in FaultKinds");
        }
        assertEquals(Fault.class.getPermittedSubclasses().length, FaultKinds.all().size());
    }

    @Test
    void isolateLeaderHitsTheCurrentLeader() {
        FaultSchedule schedule = scheduleOf(Nemeses.named("isolate-leader"), 3);
        Harness.Outcome run = Harness.run(11, schedule, SAFETY_NANOS, LIVENESS_NANOS);
        TraceRecord first = run.trace().stream()
                .filter(r -> r.kind() == TraceKind.FAULT && r.detail().startsWith("start #0 isolate -> leader"))
                .findFirst().orElseThrow();
        // Before any other fault the harness's leader (lowest live replica) is node 0.
        assertEquals(0, first.node(), first.detail());
    }

    /** A partial partition: the targets lose the leader (node 0 here) both ways and keep every other link. */
    @Test
    void cutFromLeaderCutsOnlyTheLinksToTheLeader() {
        long from = 100_000_000L;
        long to = 400_000_000L;
        FaultSchedule schedule = new FaultSchedule("test", "cut-from-leader", List.of(new ScheduleEntry(from,
                new Fault.CutFromLeader(), new Target.Nodes(new int[] {2, 3}), to - from, 1)));
        Harness.Outcome run = Harness.run(5, schedule, SAFETY_NANOS, LIVENESS_NANOS);
        long[][] delivered = new long[Harness.REPLICAS][Harness.REPLICAS];
        for (TraceRecord r : run.trace()) {
            if (r.kind() == TraceKind.DELIVER && r.timeNanos() > from + 50_000_000L && r.timeNanos() < to) {
                delivered[r.peer()][r.node()]++;
            }
        }
        for (int cut : new int[] {2, 3}) {
            assertEquals(0, delivered[0][cut], "leader -> " + cut);
            assertEquals(0, delivered[cut][0], cut + " -> leader");
            assertTrue(delivered[1][cut] > 0 && delivered[cut][4] > 0, "replica " + cut + " lost links the fault spares");
        }
        assertTrue(delivered[2][3] > 0 && delivered[0][1] > 0 && delivered[0][4] > 0, "links the fault spares were cut");
        assertTrue(run.allHeardAfterHeal());
    }

    @Test
    void randomFollowersNeverPicksTheLeader() {
        for (long seed = 0; seed < 200; seed++) {
            RandomStream r = RandomStream.derive(seed, "followers");
            int leader = (int) (seed % 5);
            int count = 1 + (int) (seed % 4);
            int[] picked = new Target.RandomFollowers(count).resolveIndices(5, leader, r);
            assertEquals(count, picked.length);
            for (int i = 0; i < picked.length; i++) {
                assertTrue(picked[i] != leader && picked[i] >= 0 && picked[i] < 5, java.util.Arrays.toString(picked));
                assertTrue(i == 0 || picked[i] > picked[i - 1], "not distinct and sorted: " + java.util.Arrays.toString(picked));
            }
        }
        assertEquals(4, new Target.RandomFollowers(9).resolveIndices(5, 2, RandomStream.derive(1, "x")).length);
    }

    /** Groups sharing an order seed are disjoint followers, whichever replica leads. */
    @Test
    void followerGroupsOfOneOrderAreDisjointFollowers() {
        for (long seed = 0; seed < 100; seed++) {
            int leader = (int) (seed % 5);
            int[] early = new Target.FollowerGroup(seed, 0, 2).resolveIndices(5, leader, RandomStream.derive(seed, "a"));
            int[] late = new Target.FollowerGroup(seed, 2, 1).resolveIndices(5, leader, RandomStream.derive(seed, "b"));
            assertEquals(2, early.length);
            assertEquals(1, late.length);
            for (int e : early) {
                assertTrue(e != leader && e != late[0], seed + ": " + java.util.Arrays.toString(early) + " / " + late[0]);
            }
            assertTrue(late[0] != leader);
        }
    }

    static FaultSchedule scheduleOf(Nemesis nemesis, long seed) {
        FaultContext context = Harness.context(SAFETY_NANOS)
                .withStorageFaultReplicas(FaultAtlas.chooseStorageFaultReplicas(RandomStream.derive(seed, "atlas"), 5));
        List<ScheduleEntry> entries = nemesis.generate(RandomStream.derive(seed, nemesis.name()), context, 3.0);
        FaultSchedule schedule = FaultSchedule.sorted("test", nemesis.name(), entries);
        FaultAtlas.require(schedule, Harness.REPLICAS);
        return schedule;
    }

    private static void assertEveryStartedEntryResolvedTargets(FaultSchedule schedule, List<TraceRecord> trace) {
        for (int i = 0; i < schedule.size(); i++) {
            String prefix = "start #" + i + " ";
            List<TraceRecord> starts = trace.stream()
                    .filter(r -> r.kind() == TraceKind.FAULT && r.detail().startsWith(prefix)).toList();
            if (schedule.entries().get(i).startNanos() >= SAFETY_NANOS) {
                assertTrue(starts.isEmpty(), "entry #" + i + " started after heal");
                continue;
            }
            assertFalse(starts.isEmpty(), "entry #" + i + " never traced its start: " + schedule.entries().get(i).describe());
            for (TraceRecord r : starts) {
                assertTrue(r.node() >= 0 && r.node() < Harness.REPLICAS, "unresolved target in " + r.detail());
                assertTrue(r.detail().contains(" = ["), r.detail());
            }
        }
    }

    /** The module README's tables must name every registered profile, nemesis and fault kind. */
    @Test
    void readmeListsEveryRegisteredName() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        for (FaultProfile p : FaultProfiles.all()) {
            assertTrue(readme.contains("| `" + p.name() + "` | " + p.description() + " |"), "README lacks profile " + p.name());
        }
        for (Nemesis n : Nemeses.all()) {
            assertTrue(readme.contains("| `" + n.name() + "` | " + n.description() + " |"), "README lacks nemesis " + n.name());
        }
        for (FaultKinds.Kind k : FaultKinds.all()) {
            assertTrue(readme.contains("| `" + k.name() + "` | " + k.description() + " |"), "README lacks fault " + k.name());
        }
    }
}
