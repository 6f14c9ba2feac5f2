package io.paxsim.testbed.output;

import io.paxsim.testbed.metrics.PeakLiveHeap;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progress on stderr: redrawn in place only on a terminal; plain, spaced lines in a file or pipe. */
class StatusLineTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void onATerminalTheLineIsRedrawnInPlaceAndWiped() {
        StringWriter text = new StringWriter();
        StatusLine line = new StatusLine(new PrintWriter(text), true);
        long now = System.nanoTime();
        line.show("explore: 10 states", now);
        line.show("explore: 11 states", now + 1);
        line.show("explore: 2,000 states", now + SECOND);
        line.clear();
        assertEquals("\rexplore: 10 states\rexplore: 2,000 states\r" + " ".repeat(21) + "\r", text.toString());
    }

    @Test
    void elsewhereNoCarriageReturnAndAPlainLineEveryTenSecondsAtMost() {
        StringWriter text = new StringWriter();
        StatusLine line = new StatusLine(new PrintWriter(text), false);
        long now = System.nanoTime();
        line.show("explore: 10 states", now);
        assertEquals("", text.toString(), "a command shorter than ten seconds prints no progress");
        line.show("explore: 500 states", now + 11 * SECOND);
        line.show("explore: 501 states", now + 12 * SECOND);
        line.show("explore: 900 states", now + 22 * SECOND);
        line.clear();
        line.last("sweep: 80/80 runs");
        String nl = System.lineSeparator();
        assertEquals("explore: 500 states" + nl + "explore: 900 states" + nl + "sweep: 80/80 runs" + nl, text.toString());
        assertFalse(text.toString().contains("\r"));
    }

    @Test
    void theLauncherSaysWhetherStderrIsATerminal() {
        String before = System.getProperty(StatusLine.TERMINAL_PROPERTY);
        try {
            System.setProperty(StatusLine.TERMINAL_PROPERTY, "true");
            assertTrue(StatusLine.stderrIsTerminal());
            System.setProperty(StatusLine.TERMINAL_PROPERTY, "false");
            assertFalse(StatusLine.stderrIsTerminal());
        } finally {
            if (before == null) {
                System.clearProperty(StatusLine.TERMINAL_PROPERTY);
            } else {
                System.setProperty(StatusLine.TERMINAL_PROPERTY, before);
            }
        }
    }

    @Test
    void theHeapFigureSaysWhatItCounts() {
        assertEquals("peak live heap 120 MB (in use after GC, highest of 7 GCs)",
                new PeakLiveHeap.Reading(120_000_000L, 7, 900_000_000L).describe());
        assertEquals("heap 18 MB in use, no GC ran (live and garbage)", new PeakLiveHeap.Reading(0, 0, 18_000_000L).describe());
    }

    @Test
    void aCollectionIsSeenAndItsLiveHeapIsNoMoreThanTheHeap() throws InterruptedException {
        try (PeakLiveHeap heap = PeakLiveHeap.start()) {
            System.gc();
            for (int i = 0; i < 50 && heap.collections() == 0; i++) {
                Thread.sleep(20); // notifications arrive on the JMX thread
            }
            PeakLiveHeap.Reading r = heap.read();
            assertTrue(r.collections() > 0, "System.gc() was notified");
            assertTrue(r.peakLiveBytes() > 0 && r.peakLiveBytes() <= Runtime.getRuntime().totalMemory(), r.toString());
        }
    }
}
