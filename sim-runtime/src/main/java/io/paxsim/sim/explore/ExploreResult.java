package io.paxsim.sim.explore;

import java.util.List;

/**
 * What a search found.
 *
 * @param transitions      actions executed (each explored edge of the state graph once)
 * @param uniqueStates     distinct fingerprints reached
 * @param depthReached     steps (actions) from the initial state to the deepest state reached, expanded or not
 *                         (a depth bound D that cut the search shows as D)
 * @param terminalStates   states with nothing enabled (where terminal properties were checked)
 * @param exhaustive       every state within the model's bounds was expanded: no depth, state or budget cut
 * @param cutReason        why the search stopped short ("" when exhaustive or a violation stopped it)
 * @param boundedStates    states not expanded because they lie past a model bound (e.g. max ballots)
 * @param sleptActions     enabled actions the sleep sets skipped (partial-order reduction)
 * @param reexpansions     visited states expanded again because a new path woke actions their sleep set held
 * @param sometimesGoals   the model's "sometimes" goals, and whether each was reached
 * @param unknownTerminal  terminal checks that ran out of budget (the verdict is then unknown, never OK)
 * @param counterexample   the first violation found (the shortest under bfs), or null
 * @param eventually       the "eventually" property's tally (null when it was not checked)
 * @param prunedActions    enabled actions left out because a persistent set held others (partial-order reduction)
 */
public record ExploreResult(
        long transitions,
        long uniqueStates,
        int depthReached,
        long terminalStates,
        boolean exhaustive,
        String cutReason,
        long boundedStates,
        long sleptActions,
        long reexpansions,
        List<Goal> sometimesGoals,
        long unknownTerminal,
        Counterexample counterexample,
        Eventually eventually,
        long prunedActions) {

    /** The same result with {@code c} as its counterexample (a shrunk one, say). */
    public ExploreResult withCounterexample(Counterexample c) {
        return new ExploreResult(transitions, uniqueStates, depthReached, terminalStates, exhaustive, cutReason,
                boundedStates, sleptActions, reexpansions, sometimesGoals, unknownTerminal, c, eventually, prunedActions);
    }

    /**
     * "Eventually {@code goal} once faults stop", checked at each terminal state where the goal
     * was not yet reached: how many were checked, how many had a fault-free continuation reaching
     * it, how many could not be decided within the continuation's budget (UNKNOWN, never OK).
     */
    public record Eventually(String goal, long checked, long holds, long unknown) {
    }

    public record Goal(String name, boolean reached) {
    }

    /**
     * A violating path: the property, what went wrong, and the actions from the initial state;
     * {@code deviations}: how many the path takes from a delay-bounded search's default schedule
     * (its steps say which), or -1 for a strategy that has no default schedule.
     */
    public record Counterexample(String property, String message, List<Action> actions, List<String> steps,
                                 int deviations) {
        public Counterexample {
            actions = List.copyOf(actions);
            steps = List.copyOf(steps);
        }

        public Counterexample(String property, String message, List<Action> actions, List<String> steps) {
            this(property, message, actions, steps, -1);
        }
    }
}
