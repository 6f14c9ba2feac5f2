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

    /** Why a search stopped undecided. */
    enum Limit { STEPS, MEMORY, WALL_CLOCK }

    record OutOfBudget(Limit limit, String reason) implements Outcome {
    }

    private static final int HEAD = 0;

    private final Model<S, I, O> model;
    private final List<Call> calls;
    private final boolean[] indeterminate;
    /**
     * Calls that never change the state where they can take effect (a read with its result, a
     * cas whose compare failed). When such a call can take effect at a prefix it may as well take
     * effect right there: any linearization of the rest that places it later also works with it
     * here (the calls still pending all return after it was invoked, or the walk would have met
     * their return first, and it leaves the state as it found it). So if the prefix plus the call
     * fails, the prefix fails: backtracking pops past it instead of trying the other calls first.
     * Lowe's and Horn and Kroening's read-only reduction; it prunes most of a read-heavy search.
     */
    private final boolean[] readOnly;
    /**
     * For an indeterminate call, the nearest earlier indeterminate call with the same input, or
     * -1. While that twin is pending, this call is not tried: the twin was invoked earlier and
     * neither has a return, so any linearization using this one here works with the twin here
     * instead (and this one where the twin went). Jepsen histories have many timed-out writes of
     * the same few values; this keeps the search from trying each of them in turn.
     */
    private final int[] earlierTwin;
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
    /** Each call's {@link Call#invokePosition()} and {@link Call#completionPosition()}. */
    private final int[] invokePosition;
    private final int[] completionPosition;

    /** Indeterminate calls left out before the search (inert, or their effect unobservable). */
    private int leftOut;
    private long stepsTaken;
    private long statesStored;
    private long memoBytes;
    private int bestStuckPosition = -1;
    /**
     * The calls of the deepest stuck attempt's prefix: {@code bestPrefixLength} of them. Only the
     * part of the stack popped since the last copy is copied again ({@code prefixValidDepth}), so
     * a search that keeps getting stuck further on copies each call about once, not the whole
     * prefix each time (quadratic in a partition's length otherwise).
     */
    private int[] bestPrefix = new int[0];
    private int bestPrefixLength;
    /** {@code bestPrefix[0..prefixValidDepth)} equals the current stack's calls. */
    private int prefixValidDepth;
    private Object bestState;
    private int bestStuckCall = -1;
    private final Set<Object> possibleStates = new LinkedHashSet<>();
    private boolean morePossibleStates;

    @SuppressWarnings("unchecked")
    WglSearch(Model<S, I, O> model, List<Call> partitionCalls) {
        this.model = model;
        List<I> in = new ArrayList<>(partitionCalls.size());
        List<O> out = new ArrayList<>(partitionCalls.size());
        int[] keptIds = new int[partitionCalls.size()];
        int keptCount = 0;
        boolean[] indeterminateOf = new boolean[partitionCalls.size()];
        int[] invokePositionOf = new int[partitionCalls.size()];
        int[] completionPositionOf = new int[partitionCalls.size()];
        int definite = 0;
        List<I> allIn = new ArrayList<>(partitionCalls.size());
        List<O> allOut = new ArrayList<>(partitionCalls.size());
        boolean[] allIndeterminate = new boolean[partitionCalls.size()];
        for (int i = 0; i < partitionCalls.size(); i++) {
            Call call = partitionCalls.get(i);
            allIn.add(model.input(call));
            allOut.add(model.output(call));
            allIndeterminate[i] = call.isIndeterminate();
            invokePositionOf[i] = call.invokePosition();
            completionPositionOf[i] = call.completionPosition();
        }
        boolean[] unobserved = model.unobservedIndeterminate(allIn, allOut, allIndeterminate);
        for (int i = 0; i < partitionCalls.size(); i++) {
            I input = allIn.get(i);
            O output = allOut.get(i);
            if (allIndeterminate[i] && (model.isInert(input, output) || (unobserved != null && unobserved[i]))) {
                leftOut++;
                continue;
            }
            indeterminateOf[keptCount] = allIndeterminate[i];
            invokePositionOf[keptCount] = invokePositionOf[i]; // keptCount <= i: an in-place compaction
            completionPositionOf[keptCount] = completionPositionOf[i];
            keptIds[keptCount++] = i;
            in.add(input);
            out.add(output);
            definite += allIndeterminate[i] ? 0 : 1;
        }
        // The calls themselves are built again when needed (ordering below, an explanation): a
        // partition's list may be a view of compact history columns.
        this.calls = subset(partitionCalls, keptIds, keptCount);
        int n = keptCount;
        invokePosition = Arrays.copyOf(invokePositionOf, n);
        completionPosition = Arrays.copyOf(completionPositionOf, n);
        inputs = (I[]) in.toArray();
        outputs = (O[]) out.toArray();
        indeterminate = new boolean[n];
        readOnly = new boolean[n];
        earlierTwin = new int[n];
        java.util.Map<Object, Integer> lastWithInput = new java.util.HashMap<>();
        for (int c = 0; c < n; c++) {
            indeterminate[c] = indeterminateOf[c];
            readOnly[c] = outputs[c] != null && model.isReadOnly(inputs[c], outputs[c]);
            earlierTwin[c] = -1;
            if (indeterminate[c] && outputs[c] == null) {
                Integer twin = lastWithInput.put(inputs[c], c);
                earlierTwin[c] = twin == null ? -1 : twin;
            }
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

    private static List<Call> subset(List<Call> calls, int[] ids, int size) {
        if (size == calls.size()) {
            return calls;
        }
        return new java.util.AbstractList<>() {
            @Override
            public Call get(int index) {
                return calls.get(ids[java.util.Objects.checkIndex(index, size)]);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** Indeterminate calls the search left out (inert, or no other call could see their effect). */
    int leftOutCount() {
        return leftOut;
    }

    /** Calls the search considered (indeterminate inert calls left out). */
    int callCount() {
        return calls.size();
    }

    /** Orders all call and return entries by history position; indeterminate returns go last. */
    private void link(int n) {
        long[] keyed = new long[2 * n];
        for (int c = 0; c < n; c++) {
            int returnPosition = indeterminate[c] ? Integer.MAX_VALUE : completionPosition[c];
            keyed[2 * c] = ((long) invokePosition[c] << 32) | (2L * c);
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

    /** Search states the last {@link #run} memoised. */
    long statesStored() {
        return statesStored;
    }

    /** Bytes the last {@link #run}'s memo held at its end (its peak: it only grows). */
    long memoBytes() {
        return memoBytes;
    }

    /** Steps the last {@link #run} took. */
    long stepsTaken() {
        return stepsTaken;
    }

    /**
     * Searches from scratch for at most {@code stepQuota} steps, with a fresh memo bounded by the
     * budget's bytes. Leaves the call list as it found it, so a search cut short can run again.
     *
     * <p>At each prefix the calls that may take effect next (those before the first pending
     * return) are tried definite ones first, then indeterminate ones ({@code indeterminatePass}):
     * every alternative is still tried, so the verdict is the same, but a timed-out write nobody
     * observed is only linearized when something needs it, not tried early and backtracked over.
     */
    Outcome run(Budget budget, long stepQuota) {
        bestStuckPosition = -1;
        prefixValidDepth = 0;
        possibleStates.clear();
        morePossibleStates = false;
        int n = calls.size();
        long[] bits = new long[(n + 63) >>> 6];
        long[] payload = new long[Math.max(1, (n + 63) >>> 6)];
        long bitsHash = 0;
        SearchMemo memo = new SearchMemo(payload.length, budget.maxSearchBytes());
        int[] stackEntry = new int[n];
        Object[] stackState = new Object[n];
        int[] stackMaxCall = new int[n + 1];
        stackMaxCall[0] = -1;
        int depth = 0;
        int linearizedDefinite = 0;
        S state = model.init();
        int entry = next[HEAD];
        boolean indeterminatePass = false;
        long steps = stepQuota;
        try {
            while (linearizedDefinite < definiteCalls) {
                if (--steps < 0) {
                    return outOfBudget(Limit.STEPS, memo.size() + " search states", stackEntry, depth);
                }
                if ((steps & 0xFFF) == 0 && budget.timeExhausted()) {
                    return outOfBudget(Limit.WALL_CLOCK, Budget.wallClockTimeoutText() + " after " + memo.size()
                            + " search states", stackEntry, depth);
                }
                assert entry != tail : "walked past every entry with definite calls left";
                int c = callOfEntry[entry];
                if (!isReturn[entry]) {
                    int twin = earlierTwin[c];
                    if (indeterminate[c] != indeterminatePass || twin >= 0 && (bits[twin >>> 6] & (1L << twin)) == 0) {
                        entry = next[entry];
                        continue;
                    }
                    S after = model.step(state, inputs[c], outputs[c]);
                    if (after != null) {
                        bits[c >>> 6] |= 1L << c;
                        bitsHash ^= StateHash.mix(c);
                        int stateId = memo.stateId(after, model.stateBytes(after));
                        int added = stateId < 0 ? SearchMemo.FULL
                                : addToMemo(memo, bits, payload, bitsHash, stateId, depth + 1,
                                        Math.max(stackMaxCall[depth], c), c);
                        if (added == SearchMemo.FULL) {
                            return outOfBudget(Limit.MEMORY, "search memory budget of " + memo.maxBytes() / (1 << 20)
                                    + " MB exhausted after " + memo.size() + " search states (raise it with --max-search-mb)",
                                    stackEntry, depth);
                        }
                        if (added == SearchMemo.ADDED) {
                            stackEntry[depth] = entry;
                            stackState[depth] = state;
                            stackMaxCall[depth + 1] = Math.max(stackMaxCall[depth], c);
                            depth++;
                            linearizedDefinite += indeterminate[c] ? 0 : 1;
                            state = after;
                            lift(entry);
                            entry = next[HEAD];
                            indeterminatePass = false;
                            continue;
                        }
                        bits[c >>> 6] &= ~(1L << c);
                        bitsHash ^= StateHash.mix(c);
                        if (!readOnly[c]) {
                            entry = next[entry];
                            continue;
                        }
                        // Read-only c at this prefix was explored and failed, so the prefix fails (see readOnly).
                    } else {
                        entry = next[entry];
                        continue;
                    }
                } else if (!indeterminatePass) {
                    indeterminatePass = true;
                    entry = next[HEAD];
                    continue;
                } else {
                    noteStuck(entry, stackEntry, stackState, depth, state);
                }
                int undone;
                int uc;
                do {
                    if (depth == 0) {
                        return notLinearizable();
                    }
                    undone = stackEntry[--depth];
                    prefixValidDepth = Math.min(prefixValidDepth, depth);
                    @SuppressWarnings("unchecked")
                    S restored = (S) stackState[depth];
                    state = restored;
                    stackState[depth] = null;
                    uc = callOfEntry[undone];
                    linearizedDefinite -= indeterminate[uc] ? 0 : 1;
                    bits[uc >>> 6] &= ~(1L << uc);
                    bitsHash ^= StateHash.mix(uc);
                    unlift(undone);
                } while (readOnly[uc]);
                entry = next[undone];
                indeterminatePass = indeterminate[uc];
            }
            return new Linearizable();
        } finally {
            stepsTaken = stepQuota - Math.max(0, steps);
            statesStored = memo.size();
            memoBytes = memo.bytes();
        }
    }

    /** Undoes the lifts of the linearized calls (newest first), so the list is whole again. */
    private OutOfBudget outOfBudget(Limit limit, String reason, int[] stackEntry, int depth) {
        for (int d = depth - 1; d >= 0; d--) {
            unlift(stackEntry[d]);
        }
        return new OutOfBudget(limit, reason);
    }

    /**
     * Adds (linearized set, state) to the memo in a canonical compact form. With {@code h} one past
     * the highest linearized call, every call below {@code h} is linearized except
     * {@code h - linearized} of them, which are concurrent with later ones or indeterminate; so
     * the set is either that short list of call numbers (usually a few, whatever the history's
     * length) or, when shorter, the bitset's words from the lowest unlinearized call to {@code h}.
     * Which form is used depends only on the set, so equal sets always encode equally.
     * {@code c} is the call just linearized (its entries are still in the list).
     */
    private int addToMemo(SearchMemo memo, long[] bits, long[] payload, long bitsHash, int stateId, int linearized,
                          int maxCall, int c) {
        int h = maxCall + 1;
        int missing = h - linearized;
        int listLongs = (missing + 1) >>> 1;
        int lowest = missing == 0 ? h : lowestUnlinearizedExcept(c);
        int windowLongs = missing == 0 ? 0 : ((h - 1) >>> 6) - (lowest >>> 6) + 1;
        long extent;
        int length;
        long form;
        // The list walks the call list, the window copies words: take the list only when much smaller.
        if (listLongs * 4 <= windowLongs || missing == 0) {
            fillMissingList(payload, missing, h, c);
            extent = (long) h << 32;
            length = listLongs;
            form = 0;
        } else {
            int fromWord = lowest >>> 6;
            System.arraycopy(bits, fromWord, payload, 0, windowLongs);
            extent = ((long) h << 32) | fromWord;
            length = windowLongs;
            form = 1L << 31;
        }
        long header = ((long) stateId << 32) | form | length;
        long hash = StateHash.mix(bitsHash ^ StateHash.mix(stateId));
        return memo.add(hash, header, extent, payload);
    }

    /** The lowest unlinearized call once {@code c} (still in the list) counts as linearized. */
    private int lowestUnlinearizedExcept(int c) {
        int e = next[HEAD];
        while (callOfEntry[e] == c || isReturn[e]) {
            e = next[e];
        }
        return callOfEntry[e];
    }

    /** The unlinearized calls below {@code h}, ascending, two per long; {@code c} (still in the list) is linearized. */
    private void fillMissingList(long[] payload, int missing, int h, int c) {
        int found = 0;
        for (int e = next[HEAD]; found < missing; e = next[e]) {
            int call = callOfEntry[e];
            if (isReturn[e] || call == c || call >= h) {
                continue;
            }
            if ((found & 1) == 0) {
                payload[found >>> 1] = (long) call << 32;
            } else {
                payload[found >>> 1] |= call;
            }
            found++;
        }
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
        if (bestPrefix.length < depth) {
            bestPrefix = Arrays.copyOf(bestPrefix, Math.max(depth, Math.min(calls.size(), 2 * bestPrefix.length + 16)));
        }
        for (int i = prefixValidDepth; i < depth; i++) {
            bestPrefix[i] = callOfEntry[stackEntry[i]];
        }
        bestPrefixLength = depth;
        prefixValidDepth = depth;
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
        int invokedAt = invokePosition[bestStuckCall];
        int first = depth;
        while (first > 0 && completionPosition[callOfEntry[stackEntry[first - 1]]] > invokedAt) {
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
        List<Call> prefix = new ArrayList<>(bestPrefixLength);
        boolean[] inPrefix = new boolean[calls.size()];
        for (int c : Arrays.copyOf(bestPrefix, bestPrefixLength)) {
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
