package io.paxsim.checkers.linear;

import io.paxsim.checkers.CheckerOptions;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.Call;
import io.paxsim.history.History;
import io.paxsim.history.HistoryReader;
import io.paxsim.history.OpType;
import io.paxsim.history.Value;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Jepsen text logs (Porcupine's etcd data format), with etcd's "a failed cas compared unequal". */
class JepsenLogTest {
    private static History read(String name) throws Exception {
        return HistoryReader.read(Path.of(JepsenLogTest.class.getResource("/jepsen-log/" + name).toURI()));
    }

    @Test
    void readsOpLinesAndSkipsTheRest() throws Exception {
        History h = read("good.log");
        assertEquals(15, h.size());
        assertEquals(7, h.calls().size());
        Call failedCas = h.calls().get(2);
        assertEquals(OpType.OK, failedCas.outcome());
        assertEquals(new Value.Bool(false), failedCas.completion().value());
        assertEquals(OpType.INFO, h.calls().get(4).outcome());
    }

    @Test
    void consistentLogIsLinearizable() throws Exception {
        Verdict v = Models.checker("cas-register", CheckerOptions.defaults()).check(read("good.log"));
        assertInstanceOf(Verdict.Ok.class, v, v::describe);
    }

    @Test
    void casThatFailedAlthoughTheValueMatchedIsIllegal() throws Exception {
        Verdict v = Models.checker("cas-register", CheckerOptions.defaults()).check(read("compare-failed-wrongly.log"));
        assertInstanceOf(Verdict.Illegal.class, v, v::describe);
        org.junit.jupiter.api.Assertions.assertTrue(v.describe().matches("(?s).*:cas \\[\\d+ \\d+\\] → :fail.*"), v::describe);
        org.junit.jupiter.api.Assertions.assertFalse(v.describe().contains(":cas false"), v::describe);
    }
}
