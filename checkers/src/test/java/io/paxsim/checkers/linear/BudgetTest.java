package io.paxsim.checkers.linear;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.CheckerOptions;
import io.paxsim.checkers.Verdict;
import io.paxsim.checkers.synthetic.SyntheticHistories;
import io.paxsim.history.History;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Budgets are counts: the same history gets the same verdict, and the memo stays within its bytes. */
class BudgetTest {
    private static final Pattern MEMO = Pattern.compile("peak memo ([0-9.]+) MB");

    @Test
    void tenThousandCallRegisterWithThirtyTwoTimeoutsFitsInAFewMegabytes() {
        History h = SyntheticHistories.register(1, 10_000, 10, 32);
        Verdict v = Models.checker("cas-register", CheckerOptions.defaults()).check(h, Budget.defaults());
        assertEquals("ok", v.status(), v::describe);
        Matcher m = MEMO.matcher(v.summary());
        assertTrue(m.find(), v.summary());
        assertTrue(Double.parseDouble(m.group(1)) < 16, v.summary());
    }

    @Test
    void memoryBudgetIsInBytesAndOutOfItIsUnknownTheSameEachTime() {
        History h = SyntheticHistories.register(2, 20_000, 1, 0);
        Budget small = Budget.defaults().withMaxSearchBytes(256 * 1024);
        Verdict first = Models.checker("cas-register", CheckerOptions.defaults()).check(h, small);
        Verdict second = Models.checker("cas-register", CheckerOptions.defaults()).check(h, small);
        assertEquals("unknown", first.status(), first::describe);
        assertTrue(first.summary().contains("search memory budget"), first.summary());
        assertEquals(first, second);
        Verdict enough = Models.checker("cas-register", CheckerOptions.defaults()).check(h, Budget.defaults());
        assertEquals("ok", enough.status(), enough::describe);
    }

    @Test
    void stepBudgetIsACountAndTheVerdictRepeats() {
        History h = SyntheticHistories.register(3, 3_000, 8, 10);
        Budget few = Budget.defaults().withMaxSearchSteps(500);
        Verdict first = Models.checker("cas-register", CheckerOptions.defaults()).check(h, few);
        assertEquals("unknown", first.status(), first::describe);
        assertTrue(first.summary().contains("step budget of 500 steps"), first.summary());
        assertEquals(first, Models.checker("cas-register", CheckerOptions.defaults()).check(h, few));
    }
}
