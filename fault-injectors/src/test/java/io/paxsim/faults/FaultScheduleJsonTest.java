package io.paxsim.faults;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultScheduleJsonTest {
    private static final long SAFETY_NANOS = 3_000_000_000L;

    @ParameterizedTest
    @ValueSource(strings = {"none", "partitions", "crashes", "clocks", "disk", "chaos", "swarm"})
    void roundTripGivesAnEqualScheduleThatReplaysToTheSameTraceHash(String profile) {
        FaultSchedule generated = DeterminismTest.schedule(profile, 77);
        String json = FaultScheduleJson.write(generated);
        FaultSchedule parsed = FaultScheduleJson.parse(json);
        assertEquals(generated, parsed);
        assertEquals(json, FaultScheduleJson.write(parsed));
        long original = Harness.run(77, generated, SAFETY_NANOS, 300_000_000L).traceHash();
        long replayed = Harness.run(77, parsed, SAFETY_NANOS, 300_000_000L).traceHash();
        assertEquals(original, replayed);
    }

    @Test
    void everyFaultKindRoundTrips() {
        List<Fault> faults = List.of(new Fault.PartitionHalves(), new Fault.PartitionMajorityMinority(),
                new Fault.Isolate(), new Fault.PartitionRing(), new Fault.PartitionBridge(), new Fault.CutOneWay(true),
                new Fault.ClogSwizzle(), new Fault.LossBurst(0.1234), new Fault.OutboundLoss(0.6789), new Fault.DuplicateBurst(0.3),
                new Fault.DelayBurst(5_000_000), new Fault.CrashRestart(), new Fault.CrashDuringFsync(1),
                new Fault.Pause(), new Fault.ClockSkew(-7), new Fault.ClockDrift(-300), new Fault.ClockJump(9),
                new Fault.CrashTornWrites(), new Fault.CrashLostWrites(), new Fault.BitRot(2),
                new Fault.LatentReadErrors(1), new Fault.MisdirectedWrites(0.05), new Fault.MisdirectNextWrite(), new Fault.FsyncFailures(0.1 + 0.2),
                new Fault.DiskFull(4096), new Fault.Buggify(0.25, 0.01),
                new Fault.OneWayDelay(3_000_000, true), new Fault.StaleRedelivery(0.125, 300_000_000),
                new Fault.FsyncStall(20_000_000), new Fault.SlowApply(2_000_000), new Fault.CutFromLeader(), new Fault.SameOffsetRot(3),
                new Fault.NewestRot(2));
        assertEquals(FaultKinds.all().size(), faults.size());
        List<ScheduleEntry> entries = faults.stream()
                .map(f -> new ScheduleEntry(5, f, new Target.Nodes(new int[] {3, 1}), 10, -1)).toList();
        FaultSchedule schedule = new FaultSchedule("custom", "all kinds \"quoted\"", entries);
        assertEquals(schedule, FaultScheduleJson.parse(FaultScheduleJson.write(schedule)));
    }

    @Test
    void targetsRoundTripThroughText() {
        for (Target t : List.of(new Target.All(), new Target.Leader(), new Target.RandomNode(),
                new Target.RandomMinority(), new Target.RandomCount(3), new Target.RandomFollowers(2),
                new Target.FollowerGroup(-5, 1, 2),
                new Target.Nodes(new int[] {4, 0}))) {
            assertEquals(t, Target.parse(t.format()));
        }
    }

    @Test
    void badInputGivesOneLineErrors() {
        String good = FaultScheduleJson.write(new FaultSchedule("custom", "", List.of(
                new ScheduleEntry(5, new Fault.LossBurst(0.5), new Target.All(), 10, 1))));
        assertError("not valid JSON", "{");
        assertError("format", good.replace("paxsim-faults/1", "paxsim-faults/9"));
        assertError("unknown fault 'loss-bust'", good.replace("loss-burst", "loss-bust"));
        assertError("lossProbability must be in [0, 1]", good.replace("0.5", "1.5"));
        assertError("unknown target 'everyone'", good.replace("\"all\"", "\"everyone\""));
        assertError("integer \"startNanos\"", good.replace("\"startNanos\" : 5", "\"startNanos\" : \"soon\""));
        assertError("lossProbability", good.replace("\"lossProbability\" : 0.5", "\"lossProbability\" : null"));
        assertError("lossProbability", good.replace("\"lossProbability\" : 0.5", "\"lossProbabilty\" : 0.5"));
        assertError("unknown field", good.replace("\"seed\"", "\"sed\""));
    }

    @Test
    void entriesOutOfOrderAreRejected() {
        String json = FaultScheduleJson.write(new FaultSchedule("custom", "", List.of(
                new ScheduleEntry(5, new Fault.Pause(), new Target.All(), 10, 1),
                new ScheduleEntry(7, new Fault.Pause(), new Target.All(), 10, 1))));
        assertError("ordered by start time", json.replace("\"startNanos\" : 7", "\"startNanos\" : 1"));
    }

    private static void assertError(String expected, String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultScheduleJson.parse(json));
        assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "multi-line message: " + e.getMessage());
    }

    @Test
    void treeFormRoundTripsToo() {
        FaultSchedule generated = DeterminismTest.schedule("chaos", 5);
        assertEquals(generated, FaultScheduleJson.fromTree(FaultScheduleJson.toTree(generated)));
    }
}
