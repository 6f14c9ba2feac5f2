package io.paxsim.checkers.bridge;

import io.paxsim.checkers.Verdict;
import io.paxsim.history.History;
import io.paxsim.history.HistoryRecorder;
import io.paxsim.history.MicroOp;
import io.paxsim.history.Value;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests the bridge's data conversion against a stand-in elle.list-append in test resources. */
class ElleCheckerTest {
    private static History history(long... secondRead) {
        HistoryRecorder rec = new HistoryRecorder();
        rec.invoke(1, 0, "txn", Value.txn(MicroOp.append("x", 1), MicroOp.readList("x", (long[]) null)));
        rec.ok(2, 0, Value.txn(MicroOp.append("x", 1), MicroOp.readList("x", 1)));
        rec.invoke(3, 1, "txn", Value.txn(MicroOp.readList("x", (long[]) null)));
        rec.ok(4, 1, Value.txn(MicroOp.readList("x", secondRead)));
        return rec.history();
    }

    @Test
    void validHistoryCrossesTheBridgeAsJepsenOps() {
        ElleChecker elle = new ElleChecker("list-append", "strict-serializable");
        assertTrue(elle.available());
        Verdict v = elle.check(history(1));
        assertInstanceOf(Verdict.Ok.class, v, v::describe);
        assertEquals("elle-list-append", v.checker());
    }

    @Test
    void elleAnomaliesBecomeFindings() {
        Verdict v = new ElleChecker("list-append", "strict-serializable").check(history(1, 1));
        Verdict.Illegal illegal = assertInstanceOf(Verdict.Illegal.class, v, v::describe);
        assertEquals("duplicate-elements", illegal.findings().get(0).kind());
        assertTrue(illegal.findings().get(0).message().contains(":key :x"), illegal.findings().get(0).message());
    }

    @Test
    void undecidedResultIsUnknown() {
        Verdict v = new ElleChecker("list-append", "serializable").check(history(1));
        assertInstanceOf(Verdict.Unknown.class, v, v::describe);
    }

    @Test
    void missingElleIsUnknownNeverOk() {
        ElleChecker missing = new ElleChecker("rw-register", "elle.not-on-classpath", "serializable");
        assertFalse(missing.available());
        Verdict v = missing.check(history(1));
        assertInstanceOf(Verdict.Unknown.class, v);
        assertTrue(v.summary().contains("PAXSIM_CLASSPATH"));
    }
}
