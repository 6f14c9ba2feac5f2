package io.paxsim.history;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
