package io.paxsim.checkers.linear;

import io.paxsim.checkers.Budget;
import io.paxsim.history.Call;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Wing–Gong–Lowe linearizability search over one partition, with Lowe's memoisation on
 * (linearized-set bitset, model state). Calls and returns form a doubly linked list in history
 * order; linearizing a call lifts its call and return entries out; meeting a return entry whose
 * call is not linearized means backtracking. Indeterminate calls have their return at the end of
 * time, so they may take effect at any point after invocation, or never (the search succeeds once
 * every definite call is linearized).
 */
final class WglSearch<S, I, O> {
    /** How a search ended. */
    sealed interface Outcome {
    }

    record Linearizable() implements Outcome {
    }

    /**
     * No linearization: the deepest attempt linearized {@code prefix} and then could not explain
     * {@code stuck}. {@code possibleStates} are the model states {@code stuck} could have taken
     * effect in on the longest linearizable prefixes (every point after its real-time predecessors),
     * at most {@link #POSSIBLE_STATES_KEPT}; {@code morePossibleStates} says some were left out.
     */
    record NotLinearizable(List<Call> prefix, Object stateAfterPrefix, Call stuck, List<Call> pending,
                           List<Object> possibleStates, boolean morePossibleStates) implements Outcome {
    }

    static final int POSSIBLE_STATES_KEPT = 16;

    record OutOfBudget(String reason) implements Outcome {
    }

    private static final int HEAD = 0;

    private final Model<S, I, O> model;
    private final List<Call> calls;
    private final I[] inputs;
    private final O[] outputs;
    private final int tail;
    private final int[] next;
    private final int[] prev;
    private final int[] callOfEntry;
    private final int[] returnOfCall;
    private final boolean[] isReturn;
    private final int[] positionOfEntry;
    private final int definiteCalls;

    private int bestStuckPosition = -1;
    private int[] bestPrefix;
    private Object bestState;
    private int bestStuckCall = -1;
    private final Set<Object> possibleStates = new LinkedHashSet<>();
    private boolean morePossibleStates;

    @SuppressWarnings("unchecked")
    WglSearch(Model<S, I, O> model, List<Call> calls) {
        this.model = model;
        this.calls = calls;
        int n = calls.size();
        inputs = (I[]) new Object[n];
        outputs = (O[]) new Object[n];
        int definite = 0;
        for (int c = 0; c < n; c++) {
            inputs[c] = model.input(calls.get(c));
            outputs[c] = model.output(calls.get(c));
            definite += calls.get(c).isIndeterminate() ? 0 : 1;
        }
        definiteCalls = definite;
        tail = 2 * n + 1;
        next = new int[tail + 1];
        prev = new int[tail + 1];
        callOfEntry = new int[tail + 1];
        returnOfCall = new int[n];
        isReturn = new boolean[tail + 1];
        positionOfEntry = new int[tail + 1];
        link(n);
    }

    /** Orders all call and return entries by history position; indeterminate returns go last. */
    private void link(int n) {
        long[] keyed = new long[2 * n];
        for (int c = 0; c < n; c++) {
            Call call = calls.get(c);
            int returnPosition = call.isIndeterminate() ? Integer.MAX_VALUE : call.completionPosition();
            keyed[2 * c] = ((long) call.invokePosition() << 32) | (2L * c);
            keyed[2 * c + 1] = ((long) returnPosition << 32) | (2L * c + 1);
        }
        Arrays.sort(keyed);
        int previous = HEAD;
        for (int i = 0; i < keyed.length; i++) {
            int entry = i + 1;
            int code = (int) keyed[i];
            int c = code >>> 1;
            callOfEntry[entry] = c;
            isReturn[entry] = (code & 1) == 1;
            positionOfEntry[entry] = (int) (keyed[i] >>> 32);
            if (isReturn[entry]) {
                returnOfCall[c] = entry;
            }
            next[previous] = entry;
            prev[entry] = previous;
            previous = entry;
        }
        next[previous] = tail;
        prev[tail] = previous;
    }

    Outcome run(Budget budget, long[] statesLeft) {
        int n = calls.size();
        long[] bits = new long[(n + 63) >>> 6];
        long bitsHash = 0;
        StateCache cache = new StateCache();
        int[] stackEntry = new int[n];
        Object[] stackState = new Object[n];
        int depth = 0;
        int linearizedDefinite = 0;
        S state = model.init();
        int entry = next[HEAD];
        long steps = 0;
        while (linearizedDefinite < definiteCalls) {
            if ((++steps & 0x3FF) == 0 && budget.timeExhausted()) {
                return new OutOfBudget("time budget exhausted after " + cache.size() + " search states");
            }
            assert entry != tail : "walked past every entry with definite calls left";
            int c = callOfEntry[entry];
            if (!isReturn[entry]) {
                S after = model.step(state, inputs[c], outputs[c]);
                if (after != null) {
                    bits[c >>> 6] |= 1L << c;
                    bitsHash ^= StateCache.mix(c);
                    if (cache.add(bitsHash, bits, after)) {
                        if (cache.size() > statesLeft[0]) {
                            return new OutOfBudget("memory budget exhausted: " + cache.size() + " search states");
                        }
                        stackEntry[depth] = entry;
                        stackState[depth++] = state;
                        linearizedDefinite += calls.get(c).isIndeterminate() ? 0 : 1;
                        state = after;
                        lift(entry);
                        entry = next[HEAD];
                        continue;
                    }
                    bits[c >>> 6] &= ~(1L << c);
                    bitsHash ^= StateCache.mix(c);
                }
                entry = next[entry];
                continue;
            }
            noteStuck(entry, stackEntry, stackState, depth, state);
            if (depth == 0) {
                statesLeft[0] -= cache.size();
                return notLinearizable();
            }
            int undone = stackEntry[--depth];
            @SuppressWarnings("unchecked")
            S restored = (S) stackState[depth];
            state = restored;
            stackState[depth] = null;
            int uc = callOfEntry[undone];
            linearizedDefinite -= calls.get(uc).isIndeterminate() ? 0 : 1;
            bits[uc >>> 6] &= ~(1L << uc);
            bitsHash ^= StateCache.mix(uc);
            unlift(undone);
            entry = next[undone];
        }
        statesLeft[0] -= cache.size();
        return new Linearizable();
    }

    private void lift(int callEntry) {
        int ret = returnOfCall[callOfEntry[callEntry]];
        next[prev[callEntry]] = next[callEntry];
        prev[next[callEntry]] = prev[callEntry];
        next[prev[ret]] = next[ret];
        prev[next[ret]] = prev[ret];
    }

    private void unlift(int callEntry) {
        int ret = returnOfCall[callOfEntry[callEntry]];
        next[prev[ret]] = ret;
        prev[next[ret]] = ret;
        next[prev[callEntry]] = callEntry;
        prev[next[callEntry]] = callEntry;
    }

    private void noteStuck(int returnEntry, int[] stackEntry, Object[] stackState, int depth, S state) {
        int position = positionOfEntry[returnEntry];
        if (position < bestStuckPosition) {
            return;
        }
        if (position == bestStuckPosition) {
            notePossibleState(state);
            return;
        }
        bestStuckPosition = position;
        bestStuckCall = callOfEntry[returnEntry];
        bestPrefix = new int[depth];
        for (int i = 0; i < depth; i++) {
            bestPrefix[i] = callOfEntry[stackEntry[i]];
        }
        bestState = state;
        possibleStates.clear();
        morePossibleStates = false;
        notePossibleStates(stackEntry, stackState, depth, state);
    }

    /**
     * The stuck call could have taken effect at any point of this path after the last linearized
     * call that completed before it was invoked: the states at those points are what it could have
     * observed. Later paths stuck at the same place add their final state (walking each of them
     * too would cost a window per backtrack).
     */
    private void notePossibleStates(int[] stackEntry, Object[] stackState, int depth, S state) {
        int invokedAt = calls.get(bestStuckCall).invokePosition();
        int first = depth;
        while (first > 0 && calls.get(callOfEntry[stackEntry[first - 1]]).completionPosition() > invokedAt) {
            first--;
        }
        for (int i = first; i < depth; i++) {
            notePossibleState(stackState[i]);
        }
        notePossibleState(state);
    }

    private void notePossibleState(Object state) {
        if (morePossibleStates) {
            return;
        }
        if (possibleStates.size() < POSSIBLE_STATES_KEPT) {
            possibleStates.add(state);
        } else {
            morePossibleStates = !possibleStates.contains(state);
        }
    }

    private NotLinearizable notLinearizable() {
        List<Call> prefix = new ArrayList<>(bestPrefix.length);
        boolean[] inPrefix = new boolean[calls.size()];
        for (int c : bestPrefix) {
            prefix.add(calls.get(c));
            inPrefix[c] = true;
        }
        Call stuck = calls.get(bestStuckCall);
        List<Call> pending = new ArrayList<>();
        for (int c = 0; c < calls.size(); c++) {
            Call call = calls.get(c);
            if (!inPrefix[c] && c != bestStuckCall && call.invokePosition() < stuck.completionPosition()) {
                pending.add(call);
            }
        }
        return new NotLinearizable(prefix, bestState, stuck, pending, List.copyOf(possibleStates), morePossibleStates);
    }
}
