package io.paxsim.checkers.elle;

import io.paxsim.checkers.Finding;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.History;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.paxsim.checkers.elle.TxnHistories.append;
import static io.paxsim.checkers.elle.TxnHistories.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One minimal history per anomaly class, each detected and named as Elle names it. */
class ListAppendAnomaliesTest {
    private static Verdict check(History h, ConsistencyModel model) {
        return new ListAppendChecker(model).check(h);
    }

    private static List<String> kinds(Verdict v) {
        Verdict.Illegal illegal = assertInstanceOf(Verdict.Illegal.class, v, v::describe);
        return illegal.findings().stream().map(Finding::kind).distinct().toList();
    }

    private static void assertOnly(String anomaly, Verdict v) {
        assertEquals(List.of(anomaly), kinds(v), v::describe);
    }

    /** Runs the transactions concurrently: all invoked, then all completed, so no real-time order. */
    private static History concurrent(io.paxsim.history.MicroOp[]... txns) {
        TxnHistories h = new TxnHistories();
        for (int p = 0; p < txns.length; p++) {
            h.invoke(p, txns[p]);
        }
        for (int p = 0; p < txns.length; p++) {
            h.ok(p, txns[p]);
        }
        return h.history();
    }

    private static io.paxsim.history.MicroOp[] t(io.paxsim.history.MicroOp... ops) {
        return ops;
    }

    @Test
    void validConcurrentHistoryIsOk() {
        History h = concurrent(t(append("x", 1), read("x", 1)), t(append("x", 2), read("x", 1, 2)), t(read("x")));
        assertInstanceOf(Verdict.Ok.class, check(h, ConsistencyModel.STRICT_SERIALIZABLE));
    }

    @Test
    void g0WriteCycle() {
        History h = concurrent(t(append("x", 1), append("y", 1)), t(append("x", 2), append("y", 2)),
                t(read("x", 1, 2), read("y", 2, 1)));
        assertOnly("G0", check(h, ConsistencyModel.SERIALIZABLE));
    }

    @Test
    void g1cCircularInformationFlow() {
        History h = concurrent(t(append("x", 1), read("y", 1)), t(append("y", 1), read("x", 1)));
        Verdict v = check(h, ConsistencyModel.SERIALIZABLE);
        assertOnly("G1c", v);
        assertTrue(((Verdict.Illegal) v).findings().get(0).message().contains("-wr->"));
    }

    @Test
    void gSingleItemReadSkew() {
        History h = concurrent(t(append("x", 1), append("y", 1)), t(read("x", 1), read("y")), t(read("y", 1)));
        assertOnly("G-single-item", check(h, ConsistencyModel.SNAPSHOT_ISOLATION));
    }

    @Test
    void g2ItemWriteSkewIsAllowedBySnapshotIsolationOnly() {
        History h = concurrent(t(read("x"), append("y", 1)), t(read("y"), append("x", 1)), t(read("x", 1), read("y", 1)));
        assertOnly("G2-item", check(h, ConsistencyModel.SERIALIZABLE));
        Verdict si = check(h, ConsistencyModel.SNAPSHOT_ISOLATION);
        assertInstanceOf(Verdict.Ok.class, si);
        assertTrue(si.summary().contains("G2-item"), si.summary());
    }

    @Test
    void gNonadjacentItem() {
        History h = concurrent(
                t(read("a"), read("d", 1)),
                t(append("a", 1), append("b", 1)),
                t(read("b", 1), read("c")),
                t(append("c", 1), append("d", 1)),
                t(read("a", 1), read("c", 1)));
        assertOnly("G-nonadjacent-item", check(h, ConsistencyModel.SNAPSHOT_ISOLATION));
    }

    @Test
    void g1aAbortedRead() {
        History h = new TxnHistories().invoke(0, append("x", 1)).fail(0, append("x", 1))
                .txn(1, read("x", 1)).history();
        assertEquals(List.of("G1a", "empty-transaction-graph"), kinds(check(h, ConsistencyModel.SERIALIZABLE)));
    }

    @Test
    void g1bIntermediateRead() {
        History h = concurrent(t(append("x", 1), append("x", 2)), t(read("x", 1)), t(read("x", 1, 2)));
        assertEquals(List.of("G-single-item", "G1b"), kinds(check(h, ConsistencyModel.SERIALIZABLE)));
    }

    @Test
    void internalInconsistency() {
        History h = new TxnHistories().txn(0, append("x", 1), read("x")).history();
        assertEquals(List.of("empty-transaction-graph", "internal"), kinds(check(h, ConsistencyModel.SERIALIZABLE)));
    }

    @Test
    void duplicateElements() {
        History h = new TxnHistories().txn(0, append("x", 1)).txn(1, read("x", 1, 1)).history();
        assertOnly("duplicate-elements", check(h, ConsistencyModel.SERIALIZABLE));
    }

    @Test
    void incompatibleOrder() {
        History h = concurrent(t(append("x", 1)), t(append("x", 2)), t(read("x", 1, 2)), t(read("x", 2, 1)));
        assertOnly("incompatible-order", check(h, ConsistencyModel.SERIALIZABLE));
    }

    @Test
    void staleReadIsGSingleItemRealtimeButSerializable() {
        History h = new TxnHistories().txn(0, append("x", 1)).txn(1, read("x")).txn(2, read("x", 1)).history();
        assertOnly("G-single-item-realtime", check(h, ConsistencyModel.STRICT_SERIALIZABLE));
        assertInstanceOf(Verdict.Ok.class, check(h, ConsistencyModel.SERIALIZABLE));
    }

    @Test
    void g0RealtimeWritesOrderedAgainstRealTime() {
        History h = new TxnHistories().txn(0, append("x", 1)).txn(1, append("x", 2)).txn(2, read("x", 2, 1)).history();
        assertOnly("G0-realtime", check(h, ConsistencyModel.STRICT_SERIALIZABLE));
    }

    @Test
    void indeterminateAppendMayBeSeen() {
        History h = new TxnHistories().invoke(0, append("x", 1)).info(0, append("x", 1))
                .txn(1, read("x", 1)).history();
        assertInstanceOf(Verdict.Ok.class, check(h, ConsistencyModel.STRICT_SERIALIZABLE));
    }
}
