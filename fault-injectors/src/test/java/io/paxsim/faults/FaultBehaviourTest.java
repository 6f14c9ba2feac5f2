package io.paxsim.faults;

import io.paxsim.sim.NodeStatus;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.trace.TraceKind;
import io.paxsim.sim.trace.TraceRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What individual faults do to the world, step by step, with hand-written schedules. */
class FaultBehaviourTest {
    private static final long MS = 1_000_000L;

    private static ScheduleEntry entry(long startMs, Fault fault, Target targets, long durationMs) {
        return new ScheduleEntry(startMs * MS, fault, targets, durationMs * MS, 42);
    }

    private static Simulation started(FaultSchedule schedule, FaultInjector[] injectorOut) {
        FaultInjector injector = new FaultInjector(schedule);
        Simulation sim = Simulation.builder(5).nodes(Harness.REPLICAS, id -> new HeartbeatNode()).observer(injector).build();
        sim.start();
        injector.install(sim, Harness.lowestLiveLeader(sim));
        injectorOut[0] = injector;
        return sim;
    }

    /**
     * What "the targets' links" means for the one-way faults, pinned: cut-one-way cuts links to the
     * other replicas only; one-way-delay, like the other link knobs (loss, duplicate, delay bursts),
     * slows every link of the target in that direction, its clients' included (Fault.OneWayDelay's
     * doc said replicas only; the behaviour every recorded run replays is kept, the doc fixed).
     */
    @Test
    void oneWayDelaySlowsClientLinksTooWhileCutOneWayCutsReplicaLinksOnly() {
        int client = Harness.REPLICAS; // a sixth node outside the cluster view: a client
        FaultSchedule schedule = new FaultSchedule("custom", "", List.of(
                entry(100, new Fault.OneWayDelay(10 * MS, false), new Target.Nodes(new int[] {0}), 400),
                entry(100, new Fault.CutOneWay(false), new Target.Nodes(new int[] {1}), 400)));
        FaultInjector injector = new FaultInjector(schedule);
        Simulation sim = Simulation.builder(5).nodes(Harness.REPLICAS + 1, id -> new HeartbeatNode()).observer(injector).build();
        sim.start();
        injector.install(sim, Harness.lowestLiveLeader(sim));
        long floor = sim.network().link(0, 2).latency().floorNanos();
        sim.runUntil(200 * MS);
        assertEquals(floor + 10 * MS, sim.network().link(0, 2).latency().floorNanos(), "outbound to a replica");
        assertEquals(floor + 10 * MS, sim.network().link(0, client).latency().floorNanos(), "outbound to a client");
        assertEquals(floor, sim.network().link(2, 0).latency().floorNanos(), "inbound untouched");
        assertTrue(sim.network().isCut(1, 2), "cut-one-way cuts the replica link");
        assertFalse(sim.network().isCut(1, client), "but not the client's");
        sim.runUntil(600 * MS);
        assertEquals(floor, sim.network().link(0, client).latency().floorNanos(), "restored");
    }

    /**
     * outbound-loss drops what the target sends to other replicas only: its inbound links, its own
     * loopback and its client links keep their baseline (crash-mid-broadcast relies on the dying
     * leader's clients still feeding it commands).
     */
    @Test
    void outboundLossDropsOnlyWhatTheTargetSendsToReplicas() {
        int client = Harness.REPLICAS;
        FaultSchedule schedule = new FaultSchedule("custom", "", List.of(
                entry(100, new Fault.OutboundLoss(0.75), new Target.Nodes(new int[] {0}), 400)));
        FaultInjector injector = new FaultInjector(schedule);
        Simulation sim = Simulation.builder(5).nodes(Harness.REPLICAS + 1, id -> new HeartbeatNode()).observer(injector).build();
        sim.start();
        injector.install(sim, Harness.lowestLiveLeader(sim));
        double baseline = sim.network().link(0, 2).lossProbability();
        sim.runUntil(200 * MS);
        assertEquals(0.75, sim.network().link(0, 2).lossProbability(), "outbound to a replica");
        assertEquals(baseline, sim.network().link(2, 0).lossProbability(), "inbound untouched");
        assertEquals(baseline, sim.network().link(0, client).lossProbability(), "client link untouched");
        assertEquals(baseline, sim.network().link(client, 0).lossProbability(), "client requests untouched");
        assertEquals(baseline, sim.network().link(0, 0).lossProbability(), "loopback untouched");
        sim.runUntil(600 * MS);
        assertEquals(baseline, sim.network().link(0, 2).lossProbability(), "restored");
    }

    @Test
    void overlappingPartitionsComposeAndEndingOneKeepsTheOther() {
        FaultSchedule schedule = new FaultSchedule("custom", "", List.of(
                entry(100, new Fault.Isolate(), new Target.Nodes(new int[] {0}), 400),
                entry(200, new Fault.Isolate(), new Target.Nodes(new int[] {1}), 600)));
        FaultInjector[] injector = new FaultInjector[1];
        Simulation sim = started(schedule, injector);
        sim.runUntil(300 * MS);
        assertTrue(sim.network().isCut(0, 2) && sim.network().isCut(1, 2) && sim.network().isCut(2, 1));
        sim.runUntil(600 * MS);
        assertFalse(sim.network().isCut(0, 2), "first isolation should have ended");
        assertTrue(sim.network().isCut(1, 2), "ending the first isolation must not heal the second");
        sim.runUntil(900 * MS);
        assertFalse(sim.network().anyCut());
    }

    @Test
    void overlappingCrashesRestartOnlyWhenTheLastEnds() {
        FaultSchedule schedule = new FaultSchedule("custom", "", List.of(
                entry(100, new Fault.CrashRestart(), new Target.Nodes(new int[] {2}), 300),
                entry(200, new Fault.CrashRestart(), new Target.Nodes(new int[] {2, 3}), 400)));
        FaultInjector[] injector = new FaultInjector[1];
        Simulation sim = started(schedule, injector);
        sim.runUntil(450 * MS);
        assertEquals(NodeStatus.CRASHED, sim.status(2), "still held down by the second crash");
        sim.runUntil(650 * MS);
        assertEquals(NodeStatus.UP, sim.status(2));
        assertEquals(NodeStatus.UP, sim.status(3));
    }

    @Test
    void healCancelsPendingFaultsAndRestoresEverything() {
        FaultSchedule schedule = new FaultSchedule("custom", "", List.of(
                entry(100, new Fault.CrashRestart(), new Target.Nodes(new int[] {0}), 5_000),
                entry(100, new Fault.ClogSwizzle(), new Target.Nodes(new int[] {1}), 5_000),
                entry(100, new Fault.PartitionHalves(), new Target.All(), 5_000),
                entry(100, new Fault.LossBurst(0.5), new Target.All(), 5_000),
                entry(100, new Fault.Pause(), new Target.Nodes(new int[] {4}), 5_000),
                entry(100, new Fault.ClockDrift(900), new Target.Nodes(new int[] {3}), 5_000),
                entry(100, new Fault.FsyncFailures(0.5), new Target.Nodes(new int[] {2}), 5_000),
                entry(100, new Fault.DiskFull(0), new Target.Nodes(new int[] {3}), 5_000),
                entry(100, new Fault.Buggify(0.5, 0.5), new Target.All(), 5_000),
                entry(3_000, new Fault.CrashRestart(), new Target.All(), 100)));
        FaultInjector[] injector = new FaultInjector[1];
        Simulation sim = started(schedule, injector);
        sim.runUntil(1_000 * MS);
        assertTrue(sim.network().anyCut() && sim.faultPoints().enabled() && sim.status(0) == NodeStatus.CRASHED);
        injector[0].heal();
        assertTrue(Heal.healed(sim, Harness.lowestLiveLeader(sim), injector[0].baseline()));
        sim.runUntil(6_000 * MS);
        assertTrue(Heal.healed(sim, Harness.lowestLiveLeader(sim), injector[0].baseline()),
                "a fault scheduled before heal acted after it");
        for (int i = 0; i < Harness.REPLICAS; i++) {
            assertEquals(NodeStatus.UP, sim.status(i));
        }
    }

    @Test
    void crashDuringFsyncCrashesRightAfterAnFsyncBeforeItCompletes() {
        FaultSchedule schedule = new FaultSchedule("custom", "", List.of(
                entry(100, new Fault.CrashDuringFsync(200 * MS), new Target.Nodes(new int[] {1}), 500)));
        Harness.Outcome run = Harness.run(9, schedule, 1_000 * MS, 200 * MS);
        List<TraceRecord> trace = run.trace();
        int crash = -1;
        for (int i = 0; i < trace.size(); i++) {
            if (trace.get(i).kind() == TraceKind.CRASH && trace.get(i).node() == 1) {
                crash = i;
                break;
            }
        }
        assertTrue(crash > 0, "node 1 never crashed");
        long crashTime = trace.get(crash).timeNanos();
        TraceRecord lastDiskEvent = null;
        for (int i = crash - 1; i >= 0 && lastDiskEvent == null; i--) {
            TraceRecord r = trace.get(i);
            if (r.node() == 1 && (r.kind() == TraceKind.FSYNC || r.kind() == TraceKind.FSYNC_DONE)) {
                lastDiskEvent = r;
            }
        }
        assertEquals(TraceKind.FSYNC, lastDiskEvent.kind(), "the crash must come after an fsync was issued, before it completed");
        assertEquals(crashTime, lastDiskEvent.timeNanos());
        assertTrue(trace.stream().anyMatch(r -> r.kind() == TraceKind.RESTART && r.node() == 1
                && r.timeNanos() == crashTime + 200 * MS));
    }

    @Test
    void crashDuringFsyncWithoutObserverStillCrashesAndSaysWhy() {
        FaultSchedule schedule = new FaultSchedule("custom", "", List.of(
                entry(100, new Fault.CrashDuringFsync(200 * MS), new Target.Nodes(new int[] {1}), 500)));
        Harness.Outcome run = Harness.run(9, schedule, 1_000 * MS, 200 * MS, false);
        assertTrue(run.trace().stream().anyMatch(r -> r.kind() == TraceKind.CRASH && r.node() == 1
                && r.timeNanos() == 100 * MS));
        assertTrue(run.trace().stream().anyMatch(r -> r.detail().contains("not a registered observer")));
    }

    @Test
    void bitRotAndLatentErrorsHitOnlySyncedDataOfTheTarget() {
        FaultSchedule schedule = new FaultSchedule("custom", "", List.of(
                entry(500, new Fault.BitRot(3), new Target.Nodes(new int[] {2}), 0),
                entry(600, new Fault.LatentReadErrors(2), new Target.Nodes(new int[] {2}), 0)));
        Harness.Outcome run = Harness.run(9, schedule, 1_000 * MS, 100 * MS);
        long rots = run.trace().stream().filter(r -> r.kind() == TraceKind.FAULT && r.detail().startsWith("rot ")).count();
        long latent = run.trace().stream().filter(r -> r.kind() == TraceKind.FAULT && r.detail().startsWith("latent sector error")).count();
        assertEquals(3, rots);
        assertEquals(2, latent);
        assertTrue(run.trace().stream().filter(r -> r.detail().startsWith("rot ")).allMatch(r -> r.node() == 2));
    }

    @Test
    void clockFaultsStepAndRestoreTheClock() {
        FaultSchedule schedule = new FaultSchedule("custom", "", List.of(
                entry(100, new Fault.ClockSkew(300 * MS), new Target.Nodes(new int[] {1}), 200),
                entry(100, new Fault.ClockJump(-50 * MS), new Target.Nodes(new int[] {2}), 200)));
        FaultInjector[] injector = new FaultInjector[1];
        Simulation sim = started(schedule, injector);
        sim.runUntil(200 * MS);
        assertEquals(300 * MS, sim.clock(1).offsetNanos(sim.nowNanos()));
        assertEquals(-50 * MS, sim.clock(2).offsetNanos(sim.nowNanos()));
        sim.runUntil(400 * MS);
        assertEquals(0, sim.clock(1).offsetNanos(sim.nowNanos()));
        assertEquals(0, sim.clock(2).offsetNanos(sim.nowNanos()));
    }

    @Test
    void diskFullRefusesWritesBeyondTheHeadroomAndHealRestoresCapacity() {
        FaultSchedule schedule = new FaultSchedule("custom", "", List.of(
                entry(100, new Fault.DiskFull(16), new Target.Nodes(new int[] {3}), 10_000)));
        FaultInjector[] injector = new FaultInjector[1];
        Simulation sim = started(schedule, injector);
        sim.runUntil(1_000 * MS);
        long sizeWhileFull = sim.disk(3).size(HeartbeatNode.LOG);
        sim.runUntil(1_500 * MS);
        assertEquals(sizeWhileFull, sim.disk(3).size(HeartbeatNode.LOG), "the log grew on a full disk");
        assertTrue(sim.disk(0).size(HeartbeatNode.LOG) > sizeWhileFull);
        injector[0].heal();
        sim.runUntil(2_000 * MS);
        assertTrue(sim.disk(3).size(HeartbeatNode.LOG) > sizeWhileFull, "heal must give the capacity back");
    }

    @Test
    void installRejectsTargetsBeyondTheCluster() {
        FaultSchedule schedule = new FaultSchedule("custom", "", List.of(
                entry(100, new Fault.Pause(), new Target.Nodes(new int[] {5}), 100)));
        Simulation sim = Simulation.builder(5).nodes(Harness.REPLICAS, id -> new HeartbeatNode()).build();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> schedule.install(sim, Harness.lowestLiveLeader(sim)));
        assertTrue(e.getMessage().contains("nodes:5"), e.getMessage());
    }

    @Test
    void injectorReportsActiveAndStartedEntries() {
        FaultSchedule schedule = new FaultSchedule("custom", "", List.of(
                entry(100, new Fault.Pause(), new Target.Leader(), 300),
                entry(200, new Fault.LossBurst(0.25), new Target.RandomNode(), 50)));
        FaultInjector[] injector = new FaultInjector[1];
        Simulation sim = started(schedule, injector);
        sim.runUntil(150 * MS);
        assertEquals(List.of("#0 @100.000ms for 300.000ms pause -> leader = [0]"), injector[0].describeActive());
        sim.runUntil(500 * MS);
        assertEquals(List.of(), injector[0].describeActive());
        assertEquals(2, injector[0].startedEntries());
    }

    @Test
    void swizzleClogsNodeByNodeAndReleasesInReverseOrder() {
        FaultSchedule schedule = new FaultSchedule("custom", "", List.of(
                entry(100, new Fault.ClogSwizzle(), new Target.Nodes(new int[] {1, 2}), 400)));
        FaultInjector[] injector = new FaultInjector[1];
        Simulation sim = started(schedule, injector);
        sim.runUntil(120 * MS);
        int first = sim.network().isClogged(1, 0) ? 1 : 2;
        int second = 3 - first;
        assertTrue(sim.network().isClogged(0, first) && !sim.network().isClogged(second, 0), "one node at a time");
        sim.runUntil(200 * MS);
        assertTrue(sim.network().isClogged(second, 0) && sim.network().isClogged(first, 0));
        sim.runUntil(420 * MS);
        assertTrue(sim.network().isClogged(first, 0) && !sim.network().isClogged(second, 0), "last clogged goes first");
        assertTrue(sim.network().isClogged(first, second), "a link between two clogged nodes stays held until both go");
        sim.runUntil(470 * MS);
        assertTrue(sim.network().cloggedLinks().isEmpty());
    }

    @Test
    void overlappingSkewsFallBackToTheOlderOneThenTheBaseline() {
        FaultSchedule schedule = new FaultSchedule("custom", "", List.of(
                entry(100, new Fault.ClockSkew(300 * MS), new Target.Nodes(new int[] {1}), 400),
                entry(200, new Fault.ClockSkew(-100 * MS), new Target.Nodes(new int[] {1}), 100)));
        FaultInjector[] injector = new FaultInjector[1];
        Simulation sim = started(schedule, injector);
        sim.runUntil(250 * MS);
        assertEquals(-100 * MS, sim.clock(1).offsetNanos(sim.nowNanos()));
        sim.runUntil(350 * MS);
        assertEquals(300 * MS, sim.clock(1).offsetNanos(sim.nowNanos()));
        sim.runUntil(550 * MS);
        assertEquals(0, sim.clock(1).offsetNanos(sim.nowNanos()));
    }

    @Test
    void aNodeRestartedWhilePausedComesBackFrozenUntilThePauseEnds() {
        FaultSchedule schedule = new FaultSchedule("custom", "", List.of(
                entry(100, new Fault.Pause(), new Target.Nodes(new int[] {2}), 400),
                entry(150, new Fault.CrashRestart(), new Target.Nodes(new int[] {2}), 100)));
        FaultInjector[] injector = new FaultInjector[1];
        Simulation sim = started(schedule, injector);
        sim.runUntil(200 * MS);
        assertEquals(NodeStatus.CRASHED, sim.status(2));
        sim.runUntil(300 * MS);
        assertEquals(NodeStatus.PAUSED, sim.status(2));
        sim.runUntil(600 * MS);
        assertEquals(NodeStatus.UP, sim.status(2));
    }

    @Test
    void keepSelectsEntriesByIndexForTheShrinker() {
        FaultSchedule schedule = DeterminismTest.schedule("chaos", 8);
        assertTrue(schedule.size() >= 3);
        java.util.BitSet bits = new java.util.BitSet();
        bits.set(0);
        bits.set(2);
        FaultSchedule kept = schedule.keep(bits);
        assertEquals(List.of(schedule.entries().get(0), schedule.entries().get(2)), kept.entries());
        assertEquals(schedule.size(), schedule.describeLines().size());
        assertTrue(schedule.describeLines().get(1).startsWith("#1 @"));
    }

    @Test
    void listenersHearStartsAndEndsWithResolvedNodes() {
        FaultSchedule schedule = new FaultSchedule("custom", "", List.of(
                entry(100, new Fault.CrashRestart(), new Target.Leader(), 200),
                entry(150, new Fault.Pause(), new Target.Nodes(new int[] {3}), 100)));
        FaultInjector injector = new FaultInjector(schedule);
        List<String> heard = new java.util.ArrayList<>();
        injector.listener((t, i, phase, e, nodes) ->
                heard.add(t / MS + " #" + i + " " + phase + " " + e.fault().name() + " " + java.util.Arrays.toString(nodes)));
        Simulation sim = Simulation.builder(5).nodes(Harness.REPLICAS, id -> new HeartbeatNode()).observer(injector).build();
        sim.start();
        injector.install(sim, Harness.lowestLiveLeader(sim));
        sim.runUntil(1_000 * MS);
        assertEquals(List.of("100 #0 START crash-restart [0]", "150 #1 START pause [3]", "250 #1 END pause [3]",
                "300 #0 END crash-restart [0]"), heard);
        assertEquals(java.util.Map.of("crash-restart", 1, "pause", 1), injector.startedByFault());
    }

    @Test
    void misdirectNextWriteArmsOneFileOfTheTarget() {
        FaultSchedule schedule = new FaultSchedule("custom", "", List.of(
                entry(300, new Fault.MisdirectNextWrite(), new Target.Nodes(new int[] {4}), 0)));
        Harness.Outcome run = Harness.run(9, schedule, 1_000 * MS, 100 * MS);
        List<TraceRecord> armed = run.trace().stream()
                .filter(r -> r.kind() == TraceKind.FAULT && r.detail().startsWith("misdirect next durable write")).toList();
        assertEquals(1, armed.size());
        assertEquals(4, armed.get(0).node());
    }
}
