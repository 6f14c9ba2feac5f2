package io.paxsim.sim;

import io.paxsim.sim.ScriptedNode.Ping;
import io.paxsim.sim.disk.DiskConfig;
import io.paxsim.sim.net.LinkConfig;
import io.paxsim.sim.trace.TraceJson;
import io.paxsim.sim.trace.TraceKind;
import io.paxsim.sim.trace.TraceRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulationBasicsTest {
    @Test
    void fsyncCompletesLaterWithinTheConfiguredLatency() {
        ScriptedNode.Log log = new ScriptedNode.Log(1);
        Simulation sim = ScriptedNode.build(1, 1, log, b -> b.disk(DiskConfig.defaults().withFsyncLatencyNanos(1000, 2000)));
        sim.start();
        sim.withContext(0, ctx -> {
            ctx.disk().append("f", new byte[] {1});
            ctx.disk().fsync("f");
        });
        sim.runUntilQuiescent(Long.MAX_VALUE);
        ScriptedNode.Seen done = log.byNode[0].get(1);
        assertEquals("disk true", done.what());
        assertTrue(done.trueNanos() >= 1000 && done.trueNanos() <= 2000);
        assertEquals(1, sim.disk(0).durableSize("f"));
    }

    @Test
    void anObserverHearsOnlyTheKindsItNamesAndADefaultOneHearsEvery() {
        List<TraceKind> all = new ArrayList<>();
        List<TraceKind> writesOnly = new ArrayList<>();
        SimObserver everything = new SimObserver() {
            @Override
            public void onEvent(Simulation sim, TraceKind kind, int node, int peer, Object payload) {
                all.add(kind);
            }
        };
        SimObserver writes = new SimObserver() {
            @Override
            public void onEvent(Simulation sim, TraceKind kind, int node, int peer, Object payload) {
                writesOnly.add(kind);
            }

            @Override
            public java.util.Set<TraceKind> eventKinds() {
                return java.util.EnumSet.of(TraceKind.DISK_WRITE);
            }
        };
        Simulation sim = ScriptedNode.build(1, 1, new ScriptedNode.Log(1), b -> b.observer(everything).observer(writes));
        sim.start();
        sim.withContext(0, ctx -> {
            ctx.disk().append("f", new byte[] {1});
            ctx.disk().append("f", new byte[] {2});
            ctx.disk().fsync("f");
        });
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertEquals(List.of(TraceKind.START, TraceKind.DISK_WRITE, TraceKind.DISK_WRITE, TraceKind.FSYNC, TraceKind.FSYNC_DONE), all);
        assertEquals(List.of(TraceKind.DISK_WRITE, TraceKind.DISK_WRITE), writesOnly);
    }

    @Test
    void fsyncFailureIsReportedAsNotOk() {
        ScriptedNode.Log log = new ScriptedNode.Log(1);
        Simulation sim = ScriptedNode.build(1, 1, log, b -> b.disk(DiskConfig.defaults().withFsyncFailProbability(1.0)));
        sim.start();
        sim.withContext(0, ctx -> {
            ctx.disk().append("f", new byte[] {1});
            ctx.disk().fsync("f");
        });
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertEquals(List.of("start", "disk false"), log.whats(0));
    }

    @Test
    void fsyncErrorKeepsWritesPendingUnlessLinuxSemanticsAreOn() {
        for (boolean linux : new boolean[] {false, true}) {
            Simulation sim = ScriptedNode.build(1, 1, new ScriptedNode.Log(1), b -> b
                    .disk(DiskConfig.defaults().withFsyncFailProbability(1.0)).fsyncErrorLosesWrites(linux));
            sim.start();
            sim.withContext(0, ctx -> {
                ctx.disk().append("f", new byte[] {1});
                ctx.disk().fsync("f");
            });
            sim.runUntilQuiescent(Long.MAX_VALUE);
            assertEquals(linux ? 0 : 1, sim.disk(0).unsyncedOps(), "linux semantics " + linux);
        }
    }

    @Test
    void sameSeedSameTraceAndFingerprintDifferentSeedDifferentTrace() {
        long[] first = run(5);
        long[] second = run(5);
        assertEquals(first[0], second[0]);
        assertEquals(first[1], second[1]);
        assertNotEquals(first[0], run(6)[0]);
    }

    private static long[] run(long seed) {
        ScriptedNode.Log log = new ScriptedNode.Log(3);
        Simulation sim = ScriptedNode.build(seed, 3, log, b -> { });
        sim.start();
        for (int i = 0; i < 3; i++) {
            int self = i;
            sim.withContext(i, ctx -> {
                ctx.broadcast(new Ping(self));
                ctx.disk().append("f", new byte[] {(byte) self});
                ctx.setTimer(ctx.random().nextLong(1000, 5000), new ScriptedNode.Tick("t"));
            });
        }
        sim.runUntilQuiescent(Long.MAX_VALUE);
        return new long[] {sim.traceHash(), sim.stateFingerprint()};
    }

    @Test
    void traceSinkGetsEveryRecordAndJsonLinesEscape() {
        List<TraceRecord> records = new ArrayList<>();
        ScriptedNode.Log log = new ScriptedNode.Log(2);
        Simulation sim = ScriptedNode.build(1, 2, log, b -> b.traceSink(records::add));
        sim.start();
        sim.withContext(0, ctx -> ctx.send(1, new Ping(3)));
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertEquals(sim.traceCount(), records.size());
        assertEquals(List.of(TraceKind.START, TraceKind.START, TraceKind.SEND, TraceKind.DELIVER),
                records.stream().map(TraceRecord::kind).toList());
        String line = TraceJson.line(new TraceRecord(4, 10, TraceKind.FAULT, 1, -1, "a \"b\"\n\\c\u0001"));
        assertEquals("{\"index\":4,\"timeNanos\":10,\"kind\":\"FAULT\",\"node\":1,\"peer\":-1,"
                + "\"detail\":\"a \\\"b\\\"\\n\\\\c\\u0001\"}", line);
    }

    @Test
    void diskOperationsAreTracedWithTheirContent() {
        assertNotEquals(hashAfterWriting(new byte[] {1}), hashAfterWriting(new byte[] {2}));
        assertEquals(hashAfterWriting(new byte[] {1}), hashAfterWriting(new byte[] {1}));
        List<TraceRecord> records = new ArrayList<>();
        Simulation sim = ScriptedNode.build(1, 1, new ScriptedNode.Log(1), b -> b.traceSink(records::add));
        sim.start();
        sim.withContext(0, ctx -> {
            ctx.disk().append("f", new byte[] {1, 2});
            ctx.disk().truncate("f", 1);
            ctx.disk().delete("f");
        });
        assertEquals(List.of(TraceKind.START, TraceKind.DISK_WRITE, TraceKind.DISK_TRUNCATE, TraceKind.DISK_DELETE),
                records.stream().map(TraceRecord::kind).toList());
        assertMessage("null or empty file name", () -> sim.withContext(0, ctx -> ctx.disk().append(null, new byte[1])));
        assertMessage("wrote null data", () -> sim.withContext(0, ctx -> ctx.disk().write("f", 0, null)));
    }

    private static long hashAfterWriting(byte[] data) {
        Simulation sim = ScriptedNode.build(1, 1, new ScriptedNode.Log(1), b -> { });
        sim.start();
        sim.withContext(0, ctx -> ctx.disk().write("f", 0, data));
        return sim.traceHash();
    }

    @Test
    void builderRejectsBadConfigurationWithClearMessages() {
        assertMessage("at least one node", () -> Simulation.builder(1).build());
        assertMessage("listed twice", () -> Simulation.builder(1).peers(1, 1));
        assertMessage("peer 4 is not a node", () -> Simulation.builder(1).nodes(2, id -> null).peers(0, 4).build());
        assertMessage("default link config must not be null", () -> Simulation.builder(1).defaultLink(null));
        assertMessage("3 clock offsets given for 2 nodes",
                () -> Simulation.builder(1).nodes(2, id -> null).clockOffsetsNanos(1, 2, 3).build());
        assertMessage("loss probability must be in [0, 1]: 2.0", () -> LinkConfig.lan().withLossProbability(2));
        assertMessage("bandwidth must be >= 0", () -> LinkConfig.lan().withBandwidthBytesPerSecond(-1));
        assertMessage("disk capacity must be positive", () -> DiskConfig.defaults().withCapacityBytes(0));
        assertMessage("latency max 1 < min 2", () -> new io.paxsim.sim.net.LatencyModel.Uniform(2, 1));
        assertMessage("within 0..3600000000000 ns", () -> new io.paxsim.sim.net.LatencyModel.Constant(Long.MAX_VALUE));
        assertMessage("sigma must be within 0..10", () -> new io.paxsim.sim.net.LatencyModel.LogNormal(0, 5, Double.NaN));
        Simulation sim = Simulation.builder(1).nodes(2, id -> null).build();
        assertMessage("no node 5", () -> sim.crash(5));
        assertMessage("link config must not be null", () -> sim.network().setLink(0, 1, null));
        assertMessage("scheduled action must not be null", () -> sim.schedule(5, null));
        assertMessage("call start() first", () -> sim.step());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable action) {
        RuntimeException e = assertThrows(RuntimeException.class, action);
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
