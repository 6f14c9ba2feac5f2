package io.paxsim.checkers.linear;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.CheckerOptions;
import io.paxsim.checkers.NilReads;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.History;
import io.paxsim.history.HistoryRecorder;
import io.paxsim.history.Value;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelsTest {
    private static Verdict check(String model, History h) {
        return Models.checker(model, CheckerOptions.defaults()).check(h);
    }

    @Test
    void logReadsMustShowEveryEarlierAppendInOrder() {
        HistoryRecorder rec = new HistoryRecorder();
        rec.invoke(1, 0, "append", Value.of(1));
        rec.invoke(2, 1, "append", Value.of(2));
        rec.ok(3, 0, Value.of(1));
        rec.ok(4, 1, Value.of(2));
        rec.invoke(5, 2, "read", Value.NIL);
        rec.ok(6, 2, Value.ints(2, 1));
        assertInstanceOf(Verdict.Ok.class, check("log", rec.history()));
        rec.invoke(7, 2, "read", Value.NIL);
        rec.ok(8, 2, Value.ints(1, 2));
        Verdict v = check("log", rec.history());
        assertInstanceOf(Verdict.Illegal.class, v, v::describe);
    }

    @Test
    void registerWithoutCasRejectsCasOps() {
        HistoryRecorder rec = new HistoryRecorder();
        rec.invoke(1, 0, "cas", Value.cas(1, 2));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(io.paxsim.checkers.ModelMismatch.class,
                () -> check("register", rec.history())).getMessage().contains("cannot interpret"));
    }

    @Test
    void staleReadOfRegisterIsIllegalAndNamesTheRead() {
        HistoryRecorder rec = new HistoryRecorder();
        rec.invoke(1, 0, "write", Value.of(1));
        rec.ok(2, 0, Value.of(1));
        rec.invoke(3, 1, "read", Value.NIL);
        rec.ok(4, 1, Value.NIL);
        Verdict.Illegal v = assertInstanceOf(Verdict.Illegal.class, check("register", rec.history()));
        assertTrue(v.findings().get(0).message().contains(":read nil"), v.findings().get(0).message());
        Verdict knossos = Models.checker("register", new CheckerOptions(null, NilReads.UNCONSTRAINED)).check(rec.history());
        assertInstanceOf(Verdict.Ok.class, knossos);
    }

    @Test
    void indeterminateAcquireMayNeverHappen() {
        HistoryRecorder rec = new HistoryRecorder();
        rec.invoke(1, 0, "acquire", Value.NIL);
        rec.ok(2, 0, Value.NIL);
        rec.invoke(3, 1, "acquire", Value.NIL);
        rec.info(4, 1, Value.NIL);
        rec.invoke(5, 0, "release", Value.NIL);
        rec.ok(6, 0, Value.NIL);
        assertInstanceOf(Verdict.Ok.class, check("mutex", rec.history()));
        rec.invoke(7, 2, "release", Value.NIL);
        rec.ok(8, 2, Value.NIL);
        assertInstanceOf(Verdict.Ok.class, check("mutex", rec.history()), "the info acquire explains the release");
        rec.invoke(9, 3, "release", Value.NIL);
        rec.ok(10, 3, Value.NIL);
        assertInstanceOf(Verdict.Illegal.class, check("mutex", rec.history()));
    }

    @Test
    void kvAcceptsUntypedTuplesAndPartitionsByKey() {
        HistoryRecorder rec = new HistoryRecorder();
        rec.invoke(1, 0, "write", Value.vec(Value.kw("a"), Value.of(1)));
        rec.ok(2, 0, Value.vec(Value.kw("a"), Value.of(1)));
        rec.invoke(3, 0, "cas", Value.vec(Value.kw("b"), Value.ints(0, 5)));
        rec.ok(4, 0, Value.vec(Value.kw("b"), Value.ints(0, 5)));
        rec.invoke(5, 0, "read", Value.vec(Value.kw("b"), Value.NIL));
        rec.ok(6, 0, Value.vec(Value.kw("b"), Value.of(5)));
        Verdict v = Models.checker("kv", new CheckerOptions(Value.of(0), NilReads.VALUE)).check(rec.history());
        assertInstanceOf(Verdict.Ok.class, v, v::describe);
        assertTrue(v.summary().contains("2 partitions"), v.summary());
    }

    @Test
    void exhaustedBudgetIsUnknownNeverOk() {
        HistoryRecorder rec = new HistoryRecorder();
        // 14 writes that never return, each read by a concurrent read (so none can be left out
        // unobserved), then a read of a value nobody wrote: every order has to be tried.
        for (int p = 0; p < 14; p++) {
            rec.invoke(p, p, "write", Value.of(p + 1));
        }
        for (int p = 0; p < 14; p++) {
            rec.invoke(20 + p, 100 + p, "read", Value.NIL);
        }
        for (int p = 0; p < 14; p++) {
            rec.ok(40 + p, 100 + p, Value.of(p + 1));
        }
        rec.invoke(60, 99, "read", Value.NIL);
        rec.ok(61, 99, Value.of(1_000));
        Verdict v = Models.checker("register", CheckerOptions.defaults())
                .check(rec.history(), Budget.unlimited().withMaxSearchSteps(1_000));
        assertInstanceOf(Verdict.Unknown.class, v, v::describe);
        assertEquals("register", v.checker());
    }
}
