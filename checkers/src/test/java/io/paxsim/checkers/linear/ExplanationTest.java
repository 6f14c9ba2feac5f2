package io.paxsim.checkers.linear;

import io.paxsim.checkers.CheckerOptions;
import io.paxsim.checkers.NilReads;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.HistoryRecorder;
import io.paxsim.history.Value;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An illegal register verdict says what the failing call could have seen, not only that it failed. */
class ExplanationTest {
    private static String explain(String model, CheckerOptions options, HistoryRecorder rec) {
        Verdict v = Models.checker(model, options).check(rec.history());
        return assertInstanceOf(Verdict.Illegal.class, v, v::describe).findings().get(0).message();
    }

    @Test
    void readConcurrentWithAWriteCouldHaveSeenEitherValue() {
        HistoryRecorder rec = new HistoryRecorder();
        rec.invoke(1, 0, "write", Value.of(0));
        rec.ok(2, 0, Value.of(0));
        rec.invoke(3, 1, "read", Value.NIL);
        rec.invoke(4, 2, "write", Value.of(4));
        rec.ok(5, 1, Value.of(3));
        rec.ok(6, 2, Value.of(4));
        String message = explain("cas-register", new CheckerOptions(Value.of(0), NilReads.UNCONSTRAINED), rec);
        assertTrue(message.contains("could have read 0 or 4, read 3"), message);
    }

    @Test
    void readSpanningSeveralWritesCouldHaveSeenEveryIntermediateValue() {
        HistoryRecorder rec = new HistoryRecorder();
        rec.invoke(1, 0, "read", Value.NIL);
        long t = 2;
        for (long v = 1; v <= 3; v++) {
            rec.invoke(t++, 1, "write", Value.of(v));
            rec.ok(t++, 1, Value.of(v));
        }
        rec.ok(t, 0, Value.of(5));
        String message = explain("register", CheckerOptions.defaults(), rec);
        assertTrue(message.contains("could have read nil, 1, 2 or 3, read 5"), message);
    }

    @Test
    void failedCasNamesWhatTheRegisterHeld() {
        HistoryRecorder rec = new HistoryRecorder();
        rec.invoke(1, 0, "write", Value.of(1));
        rec.ok(2, 0, Value.of(1));
        rec.invoke(3, 0, "cas", Value.cas(1, 2));
        rec.ok(4, 0, new Value.Bool(false));
        String message = explain("cas-register", CheckerOptions.defaults(), rec);
        assertTrue(message.contains("cas expecting 1 failed, but the register could hold 1"), message);
    }

    @Test
    void keyedReadNamesTheKeyAndTheValuesOfThatKeyOnly() {
        HistoryRecorder rec = new HistoryRecorder();
        rec.invoke(1, 0, "write", Value.keyed(Value.kw("x1"), Value.of(7)));
        rec.ok(2, 0, Value.keyed(Value.kw("x1"), Value.of(7)));
        rec.invoke(3, 1, "write", Value.keyed(Value.kw("x2"), Value.of(9)));
        rec.ok(4, 1, Value.keyed(Value.kw("x2"), Value.of(9)));
        rec.invoke(5, 0, "read", Value.keyed(Value.kw("x1"), Value.NIL));
        rec.ok(6, 0, Value.keyed(Value.kw("x1"), Value.of(9)));
        Verdict.Illegal v = assertInstanceOf(Verdict.Illegal.class,
                Models.checker("kv", CheckerOptions.defaults()).check(rec.history()));
        assertTrue(v.findings().get(0).key().equals(":x1"), v.describe());
        assertTrue(v.findings().get(0).message().contains("could have read 7, read 9"), v.describe());
    }
}
