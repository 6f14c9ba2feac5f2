package io.paxsim.checkers.elle;

import io.paxsim.checkers.synthetic.SyntheticHistories;
import io.paxsim.history.History;
import org.junit.jupiter.api.Test;

import static io.paxsim.checkers.elle.TxnHistories.append;
import static io.paxsim.checkers.elle.TxnHistories.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ListAppendTableTest {
    private static ListAppendTable table(History h) {
        return ListAppendTable.of(h, "list-append", (table, id, outcome, from, to) -> { });
    }

    /** What keeps the table O(1) per read: in a valid history every read is a prefix of its key's longest. */
    @Test
    void readsOfAnAtomicStoreAreStoredAsLengthsAlone() {
        ListAppendTable t = table(SyntheticHistories.listAppend(7, 2_000, 5, 4, 20));
        assertEquals(0, t.irregularElements());
        int reads = 0;
        for (int m = 0; m < t.opEnd(t.size() - 1); m++) {
            if (!t.isAppend(m) && t.readLength(m) > 0) {
                reads++;
                assertEquals(t.longest(t.key(m))[t.readLength(m) - 1], t.lastRead(m));
            }
        }
        assertEquals(true, reads > 500, "reads with elements: " + reads);
    }

    @Test
    void aReadThatIsNoPrefixKeepsItsElements() {
        History h = new TxnHistories()
                .txn(0, append("x", 1), append("x", 2))
                .txn(0, read("x", 1, 2))
                .txn(1, read("x", 2, 1))
                .txn(1, read("y"))
                .history();
        ListAppendTable t = table(h);
        // Of two longest reads the later one is the key's order (ties go to the last, as before), so [1 2] keeps its elements.
        assertEquals(true, t.isPrefixRead(t.opStart(2)));
        assertEquals(false, t.isPrefixRead(t.opStart(1)));
        assertEquals(2, t.readLength(t.opStart(1)));
        assertEquals(3, t.irregularElements());
        assertEquals("[2, 1]", t.readList(t.opStart(2)).toString());
        assertEquals("[1, 2]", t.readList(t.opStart(1)).toString());
        assertEquals(0, t.readLength(t.opStart(3)));
        assertNull(t.longest(t.key(t.opStart(3))));
    }
}
