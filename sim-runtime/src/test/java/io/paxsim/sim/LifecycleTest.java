package io.paxsim.sim;

import io.paxsim.sim.ScriptedNode.Ping;
import io.paxsim.sim.ScriptedNode.Tick;
import io.paxsim.sim.net.LatencyModel;
import io.paxsim.sim.net.LinkConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifecycleTest {
    private static final long MILLIS = 1_000_000L;

    private static Simulation started(ScriptedNode.Log log) {
        Simulation sim = ScriptedNode.build(3, 2, log,
                b -> b.defaultLink(LinkConfig.lan().withLatency(new LatencyModel.Constant(MILLIS))));
        sim.start();
        return sim;
    }

    @Test
    void pauseHoldsMessagesTimersAndDiskCompletionsUntilResume() {
        ScriptedNode.Log log = new ScriptedNode.Log(2);
        Simulation sim = started(log);
        sim.withContext(1, ctx -> {
            ctx.setTimer(2 * MILLIS, new Tick("t"));
            ctx.disk().append("f", new byte[] {1});
            ctx.disk().fsync("f");
        });
        sim.withContext(0, ctx -> ctx.send(1, new Ping(1)));
        assertTrue(sim.pause(1));
        assertEquals(NodeStatus.PAUSED, sim.status(1));
        sim.runUntil(50 * MILLIS);
        assertEquals(List.of("start"), log.whats(1));
        assertTrue(sim.resume(1));
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertEquals(4, log.whats(1).size(), log.whats(1).toString());
        assertTrue(log.byNode[1].stream().skip(1).allMatch(s -> s.trueNanos() == 50 * MILLIS));
    }

    @Test
    void crashDropsVolatileStateAndTimersAndRestartRecovers() {
        ScriptedNode.Log log = new ScriptedNode.Log(2);
        Simulation sim = started(log);
        sim.withContext(1, ctx -> ctx.setTimer(2 * MILLIS, new Tick("lost")));
        Node before = sim.node(1);
        assertTrue(sim.crash(1));
        assertFalse(sim.crash(1), "already crashed");
        assertNull(sim.node(1));
        sim.runUntil(10 * MILLIS);
        assertTrue(sim.restart(1));
        assertTrue(sim.node(1) != before, "a fresh instance after restart");
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertEquals(List.of("start", "recover"), log.whats(1));
    }

    @Test
    void anFsyncInFlightAtACrashNeverCompletesAndItsWritesFaceTheCrash() {
        ScriptedNode.Log log = new ScriptedNode.Log(2);
        Simulation sim = ScriptedNode.build(3, 2, log, b -> b.disk(
                new io.paxsim.sim.disk.DiskConfig(MILLIS, MILLIS, 1 << 20, 1.0, 0, 0, 0)));
        sim.start();
        sim.withContext(1, ctx -> {
            ctx.disk().append("f", new byte[] {7});
            ctx.disk().fsync("f");
        });
        sim.runUntil(MILLIS / 2);
        sim.crash(1);
        sim.restart(1);
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertEquals(List.of("start", "recover"), log.whats(1), "no completion reaches the new incarnation");
        assertEquals(0, sim.disk(1).durableSize("f"), "the unsynced write was lost in the crash");
    }

    @Test
    void aContextFromBeforeACrashCannotActAfterIt() {
        ScriptedNode.Log log = new ScriptedNode.Log(2);
        Simulation sim = started(log);
        Context stale = ScriptedNode.context(sim, 1);
        sim.crash(1);
        sim.restart(1);
        assertThrows(IllegalStateException.class, () -> stale.send(0, new Ping(0)));
        assertThrows(IllegalStateException.class, () -> stale.disk().append("f", new byte[1]));
    }

    @Test
    void aThrowingHandlerBecomesASimulationExceptionNamingNodeAndTime() {
        Simulation sim = Simulation.builder(1).node(id -> new Node() {
            @Override
            public void onStart(Context ctx) {
                ctx.setTimer(5, new Tick("boom"));
            }

            @Override
            public void onRecover(Context ctx) {
            }

            @Override
            public void onMessage(Context ctx, int from, Message message) {
            }

            @Override
            public void onTimer(Context ctx, Timer timer) {
                throw new AssertionError("invariant broken");
            }
        }).build();
        sim.start();
        SimulationException e = assertThrows(SimulationException.class, () -> sim.runUntilQuiescent(100));
        assertEquals(0, e.node());
        assertEquals(5, e.timeNanos());
    }

    @Test
    void scheduledActionsRunAtTheirTimeAndStopEndsTheRun() {
        ScriptedNode.Log log = new ScriptedNode.Log(2);
        Simulation sim = started(log);
        sim.schedule(7 * MILLIS, s -> s.stop("seen enough"));
        sim.schedule(9 * MILLIS, s -> s.crash(0));
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertEquals(7 * MILLIS, sim.nowNanos());
        assertEquals("seen enough", sim.stopReason());
        assertEquals(NodeStatus.UP, sim.status(0));
        assertThrows(IllegalArgumentException.class, () -> sim.schedule(MILLIS, s -> { }));
    }
}
