package io.paxsim.checkers;

import io.paxsim.history.History;
import io.paxsim.history.ValueTyping;

/** History in, verdict out. Knows nothing of how the history was produced. */
public interface Checker {
    /** The stable name used in the CLI, reports and JSON. */
    String name();

    /** One line for {@code --help}. */
    String description();

    /** Decides the history within the budget; out of budget is {@link Verdict.Unknown}. */
    Verdict check(History history, Budget budget);

    default Verdict check(History history) {
        return check(history, Budget.unlimited());
    }

    /** How a reader should type this checker's values ({@link ValueTyping#KEYED} for key-value). */
    default ValueTyping valueTyping() {
        return ValueTyping.JEPSEN;
    }
}
