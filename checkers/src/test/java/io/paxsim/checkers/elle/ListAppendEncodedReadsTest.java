package io.paxsim.checkers.elle;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.Finding;
import io.paxsim.checkers.ModelMismatch;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.History;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.paxsim.checkers.elle.TxnHistories.append;
import static io.paxsim.checkers.elle.TxnHistories.read;
import static io.paxsim.checkers.elle.CheckerOutcome.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The table's shortcuts (lc session): a transaction's micro-ops are read from the history once,
 * a read is judged a prefix of its key's longest read by comparing encoded bytes (its length then
 * taken from the longest read's encoding), an irregular read's elements are decoded by opening
 * its transaction again, a call that never completed is checked for unique appends from the
 * columns, and lost update's versions are slots of an array. Each test plants what a broken
 * shortcut would hide or misread, with elements whose varints take one to nine bytes, and holds
 * the verdict to the object checker's, finding for finding.
 */
class ListAppendEncodedReadsTest {
    /** Elements whose zig-zag varints take 1, 2, 3, 6 and 10 bytes; 300 and 301 differ in their first byte only. */
    private static final long[] WIDE = {1, 300, 70_000, -5, 1L << 40, Long.MIN_VALUE};

    private static ListAppendTable table(History h) {
        return ListAppendTable.of(h, "list-append", (table, id, outcome, from, to) -> { });
    }


    /** The columnar checker says exactly what the object checker says (verdict, summary, every finding); returns the verdict. */
    private static Verdict agreed(History h) {
        ConsistencyModel model = ConsistencyModel.STRICT_SERIALIZABLE;
        String said = outcome(new ListAppendChecker(model), h);
        assertEquals(outcome(new ObjectListAppendChecker(model), h), said);
        assertTrue(!said.startsWith("ModelMismatch"), said);
        return new ListAppendChecker(model).check(h, Budget.unlimited());
    }

    private static List<String> kinds(Verdict v) {
        Verdict.Illegal illegal = assertInstanceOf(Verdict.Illegal.class, v, v::describe);
        return illegal.findings().stream().map(Finding::kind).distinct().sorted().toList();
    }

    /** x gets WIDE appended in order, one transaction each; then {@code reads} in one transaction each. */
    private static History wideHistory(io.paxsim.history.MicroOp... reads) {
        TxnHistories h = new TxnHistories();
        for (long e : WIDE) {
            h.txn(0, append("x", e));
        }
        for (io.paxsim.history.MicroOp r : reads) {
            h.txn(1, r);
        }
        return h.history();
    }

    /**
     * Prefix reads of multi-byte elements have the lengths and last elements their values say
     * (fails if a prefix read's length is its byte count, or its last element is taken at a byte
     * offset): each is stored as a length, and its last element is the one the graph's wr edge
     * starts from.
     */
    @Test
    void prefixReadsOfWideElementsKeepTheirLengthsAndLastElements() {
        // Each read right after the appends it shows, so the history is strict-serializable.
        TxnHistories b = new TxnHistories().txn(1, read("x"));
        int[] lengths = {0, 2, 4, WIDE.length};
        int[] readIds = new int[lengths.length];
        int calls = 1;
        for (int r = 1; r < lengths.length; r++) {
            for (int e = lengths[r - 1]; e < lengths[r]; e++) {
                b.txn(0, append("x", WIDE[e]));
                calls++;
            }
            b.txn(1, read("x", java.util.Arrays.copyOf(WIDE, lengths[r])));
            readIds[r] = calls++;
        }
        History h = b.history();
        ListAppendTable t = table(h);
        assertEquals(0, t.irregularElements());
        for (int r = 0; r < lengths.length; r++) {
            int m = t.opStart(readIds[r]);
            assertTrue(t.isPrefixRead(m));
            assertEquals(lengths[r], t.readLength(m), "read " + r);
            if (lengths[r] > 0) {
                assertEquals(io.paxsim.history.Value.of(WIDE[lengths[r] - 1]), t.elementValue(t.lastRead(m)), "read " + r);
            }
        }
        assertInstanceOf(Verdict.Ok.class, agreed(h));
    }

    /**
     * Reads that are not prefixes, differing from the longest read only inside one multi-byte
     * element (301 against 300: same length in bytes, same last byte), in the first element, or
     * in the last byte of a long varint: each is incompatible-order (fails if the byte comparison
     * looks at lengths alone, or at a read's first or last bytes alone).
     */
    @Test
    void readsDifferingInsideAWideElementAreIncompatible() {
        long[] lastDiffers = WIDE.clone();
        lastDiffers[WIDE.length - 1] = Long.MIN_VALUE + 1;
        for (io.paxsim.history.MicroOp bad : List.of(read("x", 1, 301), read("x", 2, 300), read("x", 1, 300, 70_001),
                read("x", lastDiffers))) {
            // Of two longest reads of equal length the later is the key's order: the bad read comes first.
            History h = wideHistory(bad, read("x", WIDE), read("x", 1));
            ListAppendTable t = table(h);
            int m = t.opStart(WIDE.length);
            assertEquals(false, t.isPrefixRead(m), bad.toString());
            assertEquals(bad.value().toString(), t.readValue(m).toString());
            assertTrue(kinds(agreed(h)).contains("incompatible-order"), bad.toString());
        }
    }

    /**
     * An irregular read after other reads in its transaction keeps its own elements (the
     * transaction is opened again to decode them: fails if the elements are taken from another
     * micro-op or transaction), and its duplicate element is found.
     */
    @Test
    void anIrregularReadLaterInItsTransactionKeepsItsOwnElements() {
        TxnHistories h = new TxnHistories();
        for (long e : WIDE) {
            h.txn(0, append("x", e), append("y", e));
        }
        h.txn(1, read("y", 1, 300), read("x", WIDE), read("y", 1, 300, 300));
        h.txn(2, read("y", WIDE));
        History history = h.history();
        ListAppendTable t = table(history);
        int m = t.opStart(WIDE.length) + 2;
        assertEquals("[1, 300, 300]", t.readList(m).toString());
        assertTrue(kinds(agreed(history)).containsAll(List.of("duplicate-elements", "incompatible-order")));
    }

    /** A G1b read of a wide element (the intermediate append's pair found from the read's last pair alone). */
    @Test
    void anIntermediateReadOfAWideElementIsG1b() {
        TxnHistories h = new TxnHistories();
        h.txn(0, append("x", 70_000), append("x", 1L << 40));
        h.txn(1, read("x", 70_000));
        h.txn(2, read("x", 70_000, 1L << 40));
        assertTrue(kinds(agreed(h.history())).contains("G1b"));
    }

    /**
     * Calls that never completed are checked for unique appends from their columns (their
     * invocation is their source): two of them appending one wide element to one key, or one of
     * them and a completed call, are bad input (fails if that check is skipped for them).
     */
    @Test
    void pendingCallsAppendingOneElementTwiceAreBadInput() {
        TxnHistories twoPending = new TxnHistories().invoke(0, append("x", 1L << 40), read("y"))
                .invoke(1, read("x"), append("x", 1L << 40));
        TxnHistories pendingAndDone = new TxnHistories().txn(0, append("x", 70_000))
                .invoke(1, append("y", 3), append("x", 70_000));
        for (History h : List.of(twoPending.history(), pendingAndDone.history())) {
            ModelMismatch e = assertThrows(ModelMismatch.class,
                    () -> new ListAppendChecker(ConsistencyModel.STRICT_SERIALIZABLE).check(h, Budget.unlimited()));
            assertTrue(e.getMessage().contains("more than once"), e.getMessage());
            assertEquals(outcome(new ObjectListAppendChecker(ConsistencyModel.STRICT_SERIALIZABLE), h), "ModelMismatch(" + e.getMessage() + ")");
        }
    }

    /**
     * Lost update by version slot: the slots only decide whether any (key, version) was read by
     * two first writes (the findings then come from grouping by the versions themselves), so a
     * slot shared by two versions costs time, not a finding, while a second reader missed hides
     * one: two transactions reading the same prefix version and each appending are found (fails
     * if a slot is never marked: checked), and reads of other versions (nil against empty, [1]
     * against [1 300], the same length of another key) are not reported together.
     */
    @Test
    void lostUpdatesAreGroupedByKeyAndVersion() {
        TxnHistories lost = new TxnHistories();
        lost.txn(0, append("x", 1), append("y", 1));
        lost.txn(0, append("x", 300));
        lost.invoke(1, read("x", 1), append("x", 70_000));
        lost.invoke(2, read("x", 1), append("x", 1L << 40));
        lost.ok(1, read("x", 1), append("x", 70_000));
        lost.ok(2, read("x", 1), append("x", 1L << 40));
        Verdict v = agreed(lost.history());
        assertTrue(kinds(v).contains("lost-update"), v::describe);

        TxnHistories apart = new TxnHistories();
        apart.txn(0, append("x", 1), append("x", 300), append("y", 1), append("y", 300));
        apart.txn(1, read("x", 1), append("x", 5));
        apart.txn(2, read("x", 1, 300), append("x", 6));
        apart.txn(3, read("y", 1), append("y", 7));
        apart.txn(4, read("z", (long[]) null), append("z", 8));
        apart.txn(5, read("w"), append("w", 9));
        Verdict separate = agreed(apart.history());
        assertTrue(!(separate instanceof Verdict.Illegal) || !kinds(separate).contains("lost-update"), separate::describe);
    }
}
