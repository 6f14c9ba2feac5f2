package io.paxsim.checkers.elle;

import io.paxsim.checkers.Finding;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.History;
import io.paxsim.history.MicroOp;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.paxsim.checkers.elle.TxnHistories.r;
import static io.paxsim.checkers.elle.TxnHistories.w;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class RwRegisterAnomaliesTest {
    private static List<String> kinds(Verdict v) {
        Verdict.Illegal illegal = assertInstanceOf(Verdict.Illegal.class, v, v::describe);
        return illegal.findings().stream().map(Finding::kind).distinct().toList();
    }

    private static History concurrent(MicroOp[]... txns) {
        TxnHistories h = new TxnHistories();
        for (int p = 0; p < txns.length; p++) {
            h.invoke(p, txns[p]);
        }
        for (int p = 0; p < txns.length; p++) {
            h.ok(p, txns[p]);
        }
        return h.history();
    }

    private static MicroOp[] t(MicroOp... ops) {
        return ops;
    }

    private static Verdict serializable(History h) {
        return new RwRegisterChecker(ConsistencyModel.SERIALIZABLE).check(h);
    }

    @Test
    void validHistoryIsOk() {
        History h = concurrent(t(r("x", null), w("x", 1)), t(r("x", 1L), w("x", 2)), t(r("x", 2L)));
        assertInstanceOf(Verdict.Ok.class, new RwRegisterChecker(ConsistencyModel.STRICT_SERIALIZABLE).check(h));
    }

    @Test
    void g1cFromWriteReadEdges() {
        History h = concurrent(t(w("x", 1), r("y", 1L)), t(w("y", 1), r("x", 1L)));
        assertEquals(List.of("G1c"), kinds(serializable(h)));
    }

    @Test
    void gSingleItemFromInitialRead() {
        History h = concurrent(t(w("x", 1), w("y", 1)), t(r("x", 1L), r("y", null)));
        assertEquals(List.of("G-single-item"), kinds(serializable(h)));
    }

    @Test
    void lostUpdate() {
        History h = concurrent(t(r("x", null), w("x", 1)), t(r("x", null), w("x", 2)));
        assertEquals(List.of("G2-item", "lost-update"), kinds(serializable(h)));
    }

    @Test
    void internalAndAbortedRead() {
        History internal = concurrent(t(w("x", 1), r("x", 2L)));
        assertEquals(List.of("empty-transaction-graph", "internal"), kinds(serializable(internal)));
        History aborted = new TxnHistories().invoke(0, w("x", 1)).fail(0, w("x", 1)).txn(1, r("x", 1L)).history();
        assertEquals(List.of("G1a", "empty-transaction-graph"), kinds(serializable(aborted)));
    }

    @Test
    void intermediateRead() {
        History h = concurrent(t(w("x", 1), w("x", 2)), t(r("x", 1L)));
        assertEquals(List.of("G1b", "empty-transaction-graph"), kinds(serializable(h)));
    }
}
