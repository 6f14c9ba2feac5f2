package io.paxsim.checkers.elle;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.Checker;
import io.paxsim.checkers.ModelMismatch;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.History;

/** A checker's whole answer as one comparable string, for tests that make two checkers agree. */
final class CheckerOutcome {
    private CheckerOutcome() {
    }

    /** The verdict with everything it says, or the bad-input error. */
    static String outcome(Checker checker, History history) {
        try {
            Verdict v = checker.check(history, Budget.unlimited());
            return v.getClass().getSimpleName() + "(" + v + ")";
        } catch (ModelMismatch e) {
            return "ModelMismatch(" + e.getMessage() + ")";
        }
    }
}
