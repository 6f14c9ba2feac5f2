package io.paxsim.checkers.linear;

import io.paxsim.history.Call;
import io.paxsim.history.Value;

import java.util.List;

/**
 * A sequential specification, Porcupine-style: a pure {@link #step} from a state, an input and an
 * output to the next state. States must have value equality and a stable hash (they are memoised).
 *
 * @param <S> model state
 * @param <I> an operation's input (what was asked)
 * @param <O> an operation's output (what came back)
 */
public interface Model<S, I, O> {
    /** Stable name ({@code register}, {@code cas-register} ...). */
    String name();

    S init();

    /** The input of a call, from its invocation. Throws {@link io.paxsim.history.HistoryException} for an op this model does not know. */
    I input(Call call);

    /** The output of an ok call, or null when the result is unconstrained (indeterminate, or a nil read under Knossos' convention). */
    O output(Call call);

    /**
     * The state after applying the operation, or null when the operation cannot return
     * {@code output} in {@code state}. A null {@code output} means any result is acceptable.
     */
    S step(S state, I input, O output);

    /** The partition (key) a call belongs to, for P-compositional checking; null means one partition. */
    default Value partition(Call call) {
        return null;
    }

    /**
     * An estimate of the bytes a state holds beyond its header, for the search's memory budget.
     * It must depend only on the state (never on the JVM), so budgets stay deterministic.
     */
    default long stateBytes(S state) {
        return 32;
    }

    /**
     * True when a call with this input and output can be left out of the search: it changes no
     * state and its output is unconstrained (an indeterminate read), so every history with it is
     * linearizable iff the history without it is.
     */
    default boolean isInert(I input, O output) {
        return false;
    }

    /**
     * True when a call with this input and (non-null) output leaves every state it can take effect
     * in unchanged ({@code step(s, input, output)} is s or null for every s): a read with its
     * result, a cas that failed its compare. The search then need not try it later than the
     * first point it fits (see {@link WglSearch}). False is always safe.
     */
    default boolean isReadOnly(I input, O output) {
        return false;
    }

    /**
     * Which indeterminate calls of a partition can be left out because no other call could ever
     * see their effect (an unacknowledged write of a value nothing reads): marks them in the
     * returned array (indexed like {@code inputs}), or returns null for none. Leaving a call out
     * must keep the partition linearizable iff it was; an indeterminate call may always not
     * happen, so the model has to show that whenever a linearization uses the call, another one
     * without it exists.
     */
    default boolean[] unobservedIndeterminate(List<I> inputs, List<O> outputs, boolean[] indeterminate) {
        return null;
    }

    default String describeState(S state) {
        return String.valueOf(state);
    }

    /**
     * Why {@code stuck} could not take effect, given the states it could have seen (see
     * {@link LinearizabilityChecker}): one clause such as "could have read 0 or 4, read 3".
     * {@code statesText} already lists {@code possibleStates} in words.
     */
    default String describeStuck(Call stuck, List<S> possibleStates, String statesText) {
        return "model states it could have taken effect in: " + statesText;
    }
}
