package io.paxsim.sim;

import io.paxsim.sim.ScriptedNode.Tick;
import io.paxsim.sim.clock.NodeClock;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClockModelTest {
    private static final long MILLIS = 1_000_000L;

    @Property(tries = 300)
    void trueTimeWhenLocalReadsIsExact(@ForAll @LongRange(min = -499_999, max = 999_999) long driftPpm,
                                       @ForAll @LongRange(min = 0, max = 3_600_000_000_000L) long anchorNanos,
                                       @ForAll @LongRange(min = 1, max = 86_400_000_000_000L) long aheadNanos,
                                       @ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long offsetNanos) {
        NodeClock clock = new NodeClock(offsetNanos);
        clock.setDriftPpm(anchorNanos, driftPpm);
        long target = clock.localNanos(anchorNanos) + aheadNanos;
        long fire = clock.trueNanosWhenLocalReads(target, anchorNanos);
        assertTrue(clock.localNanos(fire) >= target, "local clock not there yet at the computed time");
        assertTrue(fire == anchorNanos || clock.localNanos(fire - 1) < target, "computed time is not the earliest");
    }

    @Test
    void driftScalesLocalTimeAndJumpsStepIt() {
        NodeClock clock = new NodeClock(5 * MILLIS);
        assertEquals(5 * MILLIS + 100, clock.localNanos(100));
        clock.setDriftPpm(1000, 100_000);
        assertEquals(5 * MILLIS + 1000 + 11_000, clock.localNanos(11_000));
        clock.jump(11_000, -2 * MILLIS);
        assertEquals(3 * MILLIS + 12_000, clock.localNanos(11_000));
        clock.setOffset(20_000, 0);
        assertEquals(0, clock.offsetNanos(20_000));
        assertEquals(100_000, clock.driftPpm());
        assertThrows(IllegalArgumentException.class, () -> clock.setDriftPpm(0, -500_000));
    }

    private static Simulation withTimer(ScriptedNode.Log log, long delayNanos) {
        Simulation sim = ScriptedNode.build(1, 1, log, b -> { });
        sim.start();
        sim.withContext(0, ctx -> ctx.setTimer(delayNanos, new Tick("t")));
        return sim;
    }

    private static long timerFiredAt(ScriptedNode.Log log) {
        return log.byNode[0].stream().filter(s -> s.what().startsWith("timer")).findFirst().orElseThrow().trueNanos();
    }

    @Test
    void fastClockFiresTimersEarlierInTrueTime() {
        ScriptedNode.Log log = new ScriptedNode.Log(1);
        Simulation sim = ScriptedNode.build(1, 1, log, b -> { });
        sim.start();
        sim.setClockDriftPpm(0, 250_000);
        sim.withContext(0, ctx -> ctx.setTimer(10 * MILLIS, new Tick("t")));
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertEquals(8 * MILLIS, timerFiredAt(log));
    }

    @Test
    void driftChangeReaimsAPendingTimer() {
        ScriptedNode.Log log = new ScriptedNode.Log(1);
        Simulation sim = withTimer(log, 10 * MILLIS);
        sim.runUntil(2 * MILLIS);
        sim.setClockDriftPpm(0, -200_000); // 8 ms local left at 0.8x speed: 10 ms true
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertEquals(12 * MILLIS, timerFiredAt(log));
        assertEquals(1, sim.stats().timersFired());
    }

    @Test
    void forwardJumpFiresAnOverdueTimerAtOnce() {
        ScriptedNode.Log log = new ScriptedNode.Log(1);
        Simulation sim = withTimer(log, 10 * MILLIS);
        sim.runUntil(MILLIS);
        sim.clockJump(0, 60 * MILLIS);
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertEquals(MILLIS, timerFiredAt(log));
    }

    @Test
    void backwardJumpDelaysATimer() {
        ScriptedNode.Log log = new ScriptedNode.Log(1);
        Simulation sim = withTimer(log, 10 * MILLIS);
        sim.runUntil(MILLIS);
        sim.clockJump(0, -5 * MILLIS);
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertEquals(15 * MILLIS, timerFiredAt(log));
        ScriptedNode.Seen fired = log.byNode[0].get(1);
        assertTrue(fired.localNanos() >= 10 * MILLIS, "fires when the local clock reads the deadline");
    }

    @Test
    void offsetAloneDoesNotChangeTimerDurations() {
        ScriptedNode.Log log = new ScriptedNode.Log(1);
        Simulation sim = ScriptedNode.build(1, 1, log, b -> b.clockOffsetsNanos(7_000 * MILLIS));
        sim.start();
        sim.withContext(0, ctx -> ctx.setTimer(3 * MILLIS, new Tick("t")));
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertEquals(3 * MILLIS, timerFiredAt(log));
        assertEquals(List.of("start", "timer Tick[name=t]"), log.whats(0));
    }

    @Test
    void cancelledTimersDoNotFire() {
        ScriptedNode.Log log = new ScriptedNode.Log(1);
        Simulation sim = ScriptedNode.build(1, 1, log, b -> { });
        sim.start();
        sim.withContext(0, ctx -> {
            TimerId id = ctx.setTimer(MILLIS, new Tick("cancelled"));
            ctx.setTimer(2 * MILLIS, new Tick("kept"));
            ctx.cancelTimer(id);
        });
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertEquals(List.of("start", "timer Tick[name=kept]"), log.whats(0));
    }
}
