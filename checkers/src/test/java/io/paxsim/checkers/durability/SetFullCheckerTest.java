package io.paxsim.checkers.durability;

import io.paxsim.checkers.Verdict;
import io.paxsim.history.History;
import io.paxsim.history.HistoryRecorder;
import io.paxsim.history.Value;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class SetFullCheckerTest {
    private static Verdict check(History h) {
        return new SetFullChecker().check(h);
    }

    private static HistoryRecorder addsOneAndTwo() {
        HistoryRecorder rec = new HistoryRecorder();
        rec.invoke(1, 0, "add", Value.of(1));
        rec.ok(2, 0, Value.of(1));
        rec.invoke(3, 0, "add", Value.of(2));
        rec.ok(4, 0, Value.of(2));
        return rec;
    }

    @Test
    void acknowledgedAddsInFinalReadAreStable() {
        HistoryRecorder rec = addsOneAndTwo();
        rec.invoke(5, 1, "read", Value.NIL);
        rec.ok(6, 1, new Value.SetOf(java.util.List.of(Value.of(1), Value.of(2))));
        Verdict v = check(rec.history());
        assertInstanceOf(Verdict.Ok.class, v);
        assertEquals("2 stable, 0 acknowledged never-read, of 2 adds", v.summary());
    }

    @Test
    void acknowledgedAddMissingFromLaterReadIsLost() {
        HistoryRecorder rec = addsOneAndTwo();
        rec.invoke(5, 1, "read", Value.NIL);
        rec.ok(6, 1, Value.ints(2));
        Verdict.Illegal v = assertInstanceOf(Verdict.Illegal.class, check(rec.history()));
        assertEquals("lost", v.findings().get(0).kind());
    }

    @Test
    void elementNeverAddedIsUnexpected() {
        HistoryRecorder rec = addsOneAndTwo();
        rec.invoke(5, 1, "read", Value.NIL);
        rec.ok(6, 1, Value.ints(1, 2, 3));
        Verdict.Illegal v = assertInstanceOf(Verdict.Illegal.class, check(rec.history()));
        assertEquals("unexpected", v.findings().get(0).kind());
    }

    @Test
    void withoutAnyLaterReadTheVerdictIsUnknown() {
        HistoryRecorder rec = new HistoryRecorder();
        rec.invoke(1, 1, "read", Value.NIL);
        rec.invoke(2, 0, "add", Value.of(1));
        rec.ok(3, 0, Value.of(1));
        rec.ok(4, 1, Value.ints());
        assertInstanceOf(Verdict.Unknown.class, check(rec.history()));
    }
}
