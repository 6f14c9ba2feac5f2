package io.paxsim.testbed.report;

import io.paxsim.sim.trace.TraceKind;
import io.paxsim.sim.trace.TraceRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The capped window keeps the latest records in it and pairs each arrival with its send. */
class TraceWindowTest {
    private static TraceRecord rec(long i, long t, TraceKind k, int node, int peer, String detail) {
        return new TraceRecord(i, t, k, node, peer, detail);
    }

    @Test
    void keepsTheLatestRecordsInsideTheWindowAndCountsTheRest() {
        TraceWindow w = new TraceWindow(100, 200, 3);
        assertFalse(w.wants(99));
        assertTrue(w.wants(150));
        for (long t = 50; t <= 250; t += 10) {
            w.accept(rec(t, t, TraceKind.TIMER, 0, -1, "Tick[]"));
        }
        assertEquals(11, w.seen(), "100, 110 ... 200");
        assertEquals(List.of(180L, 190L, 200L), w.records().stream().map(TraceRecord::timeNanos).toList());
    }

    @Test
    void arrivalsDropsAndDuplicatesFindTheirSend() {
        List<TraceRecord> recs = List.of(
                rec(1, 10, TraceKind.SEND, 0, 1, "Ping[1]"),      // 0
                rec(2, 11, TraceKind.SEND, 0, 1, "Ping[1]"),      // 1: same content again
                rec(3, 12, TraceKind.DUPLICATE, 1, 0, "Ping[1]"), // 2: a third copy of the latest send
                rec(4, 20, TraceKind.DELIVER, 1, 0, "Ping[1]"),   // 3 <- 0
                rec(5, 21, TraceKind.DROP, 1, 0, "Ping[1]"),      // 4 <- 1
                rec(6, 22, TraceKind.HOLD, 1, 0, "Ping[1]"),      // 5 <- 1 (the duplicate, still in flight)
                rec(7, 23, TraceKind.DELIVER, 1, 0, "Ping[1]"),   // 6 <- 1
                rec(8, 24, TraceKind.DELIVER, 0, 1, "Pong[1]"));  // 7: never sent in the window
        assertArrayEquals(new int[]{-1, -1, -1, 0, 1, 1, 1, -1}, TraceWindow.matchSends(recs));
    }
}
