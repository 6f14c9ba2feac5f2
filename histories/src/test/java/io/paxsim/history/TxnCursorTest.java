package io.paxsim.history;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TxnCursorTest {
    /** Elements on both sides of the one-byte varint range (-64..63) and at the extremes read back as recorded. */
    @Test
    void readsEveryElementOfAReadAsRecorded() {
        long[] elements = {0, 1, -1, 63, -64, 64, -65, 127, 128, 8191, -8192, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE, 5, -3};
        HistoryRecorder rec = new HistoryRecorder();
        rec.invoke(1, 0, "txn", Value.txn(MicroOp.append("x", 64), MicroOp.readList("y", (long[]) null)));
        rec.ok(2, 0, Value.txn(MicroOp.append("x", 64), MicroOp.readList("y", elements)));
        History h = rec.history();
        TxnCursor cursor = new TxnCursor(h);
        assertTrue(cursor.open(1));
        assertEquals(2, cursor.size());
        assertEquals(64, cursor.intValue(0));
        assertEquals(TxnCursor.INTS, cursor.valueKind(1));
        assertEquals(elements.length, cursor.length(1));
        for (int j = 0; j < elements.length; j++) {
            assertEquals(elements[j], cursor.element(1, j), "element " + j);
        }
    }

    /**
     * Opening without the elements steps over vectors of multi-byte varints to the micro-ops after
     * them: every kind, key, value and length reads as a full open reads it (fails if a skip stops
     * one byte early or late).
     */
    @Test
    void anOpenSkippingElementsReadsTheSameShapeAndLengths() {
        long[] first = {0, 63, -64, 64, -65, 8191, -8192, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE};
        long[] second = {5, 128, -3};
        HistoryRecorder rec = new HistoryRecorder();
        rec.invoke(1, 0, "txn", Value.txn(MicroOp.readList("y", (long[]) null), MicroOp.append("x", 64)));
        rec.ok(2, 0, Value.txn(MicroOp.readList("y", first), MicroOp.append("x", 1L << 40),
                MicroOp.readList("z", second), MicroOp.append("y", -200), MicroOp.readList("x", new long[0])));
        TxnCursor full = new TxnCursor(rec.history());
        TxnCursor skipping = new TxnCursor(rec.history());
        for (int position = 0; position < 2; position++) {
            assertTrue(full.open(position));
            assertTrue(skipping.openSkippingElements(position));
            assertEquals(full.size(), skipping.size());
            for (int i = 0; i < full.size(); i++) {
                assertEquals(full.function(i), skipping.function(i));
                assertEquals(full.keyKind(i), skipping.keyKind(i));
                assertEquals(full.key(i), skipping.key(i));
                assertEquals(full.valueKind(i), skipping.valueKind(i));
                if (full.valueKind(i) == TxnCursor.INT) {
                    assertEquals(full.intValue(i), skipping.intValue(i), "micro-op " + i);
                } else if (full.valueKind(i) == TxnCursor.INTS) {
                    assertEquals(full.length(i), skipping.length(i), "micro-op " + i);
                }
            }
        }
        assertEquals(-200, skipping.intValue(3));
        assertEquals(0, skipping.length(4));
        // Elements after a skipping open would be an earlier transaction's: refused, not returned.
        assertThrows(IllegalStateException.class, () -> skipping.element(0, 0));
    }
}
