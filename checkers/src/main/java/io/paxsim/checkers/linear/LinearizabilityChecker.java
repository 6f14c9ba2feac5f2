package io.paxsim.checkers.linear;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.Checker;
import io.paxsim.checkers.Finding;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.Call;
import io.paxsim.history.History;
import io.paxsim.history.OpType;
import io.paxsim.history.Value;
import io.paxsim.history.ValueTyping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Linearizability of a history against a {@link Model}: failed calls are dropped (they did not
 * happen), the rest are split by {@link Model#partition} (P-compositionality: a history is
 * linearizable iff each key's sub-history is) and each part is searched with {@link WglSearch}.
 */
public final class LinearizabilityChecker<S, I, O> implements Checker {
    private static final int CALLS_SHOWN = 12;

    private final Model<S, I, O> model;
    private final String description;

    public LinearizabilityChecker(Model<S, I, O> model, String description) {
        this.model = model;
        this.description = description;
    }

    /** The same checker with another description. */
    public LinearizabilityChecker<S, I, O> describedAs(String newDescription) {
        return new LinearizabilityChecker<>(model, newDescription);
    }

    public Model<S, I, O> model() {
        return model;
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public ValueTyping valueTyping() {
        return model.name().equals("kv") ? ValueTyping.KEYED : ValueTyping.JEPSEN;
    }

    /**
     * Partitions are searched in rounds with growing step quotas (4^k times {@link #FIRST_ROUND_STEPS}),
     * each unfinished one from scratch: an easy partition that is not linearizable is found
     * before a hard one exhausts the budget (what Porcupine gets by searching partitions in
     * parallel), and the verdict still depends on counts only. Repeated work is at most a third
     * of the last round's.
     */
    @Override
    public Verdict check(History history, Budget budget) {
        Map<Value, List<Call>> partitions = partition(history.calls());
        List<Value> keys = new ArrayList<>(partitions.keySet());
        List<WglSearch<S, I, O>> searches = new ArrayList<>(keys.size());
        int callCount = 0;
        for (Value key : keys) {
            searches.add(new WglSearch<>(model, partitions.get(key)));
            callCount += partitions.get(key).size();
        }
        long stepsLeft = budget.maxSearchSteps();
        long states = 0;
        long peakMemoBytes = 0;
        String unknown = null;
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            pending.add(i);
        }
        long quota = FIRST_ROUND_STEPS;
        boolean stopped = false;
        while (!pending.isEmpty() && !stopped) {
            List<Integer> unfinished = new ArrayList<>();
            for (int i : pending) {
                WglSearch.Outcome outcome = searches.get(i).run(budget, Math.min(quota, stepsLeft));
                stepsLeft -= searches.get(i).stepsTaken();
                states += searches.get(i).statesStored();
                peakMemoBytes = Math.max(peakMemoBytes, searches.get(i).memoBytes());
                if (outcome instanceof WglSearch.NotLinearizable bad) {
                    Finding finding = explain(keys.get(i), bad);
                    return new Verdict.Illegal(name(), "not linearizable" + keyText(keys.get(i)) + ": "
                            + describe(bad.stuck()) + " cannot be explained", List.of(finding));
                }
                if (outcome instanceof WglSearch.OutOfBudget out) {
                    String reason = reason(out, stepsLeft, budget);
                    if (reason == null) {
                        unfinished.add(i);
                    } else if (unknown == null || out.limit() == WglSearch.Limit.WALL_CLOCK) {
                        unknown = reason + keyText(keys.get(i));
                    }
                    if (out.limit() == WglSearch.Limit.WALL_CLOCK || stepsLeft == 0) {
                        stopped = true;
                        break;
                    }
                }
            }
            pending = unfinished;
            quota = quota > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : quota * 4;
        }
        if (unknown != null) {
            return new Verdict.Unknown(name(), unknown);
        }
        return new Verdict.Ok(name(), "linearizable: " + callCount + " calls in " + partitions.size()
                + (partitions.size() == 1 ? " partition" : " partitions") + searchText(budget.maxSearchSteps() - stepsLeft,
                states, peakMemoBytes));
    }

    /** "(search: 1,234 steps, 567 states, peak memo 0.1 MB)": deterministic, so fit for a verdict. */
    private static String searchText(long steps, long states, long peakMemoBytes) {
        return String.format(java.util.Locale.ROOT, " (search: %,d steps, %,d states, peak memo %.1f MB)", steps, states,
                peakMemoBytes / 1048576.0);
    }

    /** Steps a partition gets in the first round. */
    static final long FIRST_ROUND_STEPS = 1L << 16;

    /** Why the search is undecided, or null when only this round's quota ran out (it runs again). */
    private static String reason(WglSearch.OutOfBudget out, long stepsLeft, Budget budget) {
        if (out.limit() != WglSearch.Limit.STEPS) {
            return out.reason();
        }
        if (stepsLeft > 0) {
            return null;
        }
        return "search step budget of " + budget.maxSearchSteps() + " steps exhausted (" + out.reason()
                + " in the last search; raise it with --max-steps)";
    }

    /**
     * Each key's calls, as views that build a call from the history's columns when asked for: the
     * searches then hold int ids, not every call of the history at once.
     */
    private Map<Value, List<Call>> partition(List<Call> calls) {
        Map<Value, int[]> ids = new LinkedHashMap<>();
        Map<Value, Integer> counts = new java.util.HashMap<>();
        for (int id = 0; id < calls.size(); id++) {
            Call call = calls.get(id);
            if (call.outcome() == OpType.FAIL) {
                continue;
            }
            Value key = model.partition(call);
            key = key == null ? Value.NIL : key;
            int count = counts.getOrDefault(key, 0);
            int[] of = ids.computeIfAbsent(key, k -> new int[8]);
            if (count == of.length) {
                of = java.util.Arrays.copyOf(of, count * 2);
                ids.put(key, of);
            }
            of[count] = id;
            counts.put(key, count + 1);
        }
        Map<Value, List<Call>> parts = new LinkedHashMap<>();
        ids.forEach((key, of) -> parts.put(key, new CallSubset(calls, of, counts.get(key))));
        return parts;
    }

    /** Some calls of a history by id, each built when asked for. */
    private static final class CallSubset extends java.util.AbstractList<Call> implements java.util.RandomAccess {
        private final List<Call> calls;
        private final int[] ids;
        private final int size;

        CallSubset(List<Call> calls, int[] ids, int size) {
            this.calls = calls;
            this.ids = ids;
            this.size = size;
        }

        @Override
        public Call get(int index) {
            return calls.get(ids[java.util.Objects.checkIndex(index, size)]);
        }

        @Override
        public int size() {
            return size;
        }
    }

    /**
     * A call for humans: as {@link Call#toString()}, except that a cas that completed with
     * {@code false} (the compare failed, as Jepsen's etcd logs record a {@code :fail :cas}) shows
     * its arguments and {@code :fail}, not its result.
     */
    static String describe(Call call) {
        if (call.f().equals("cas") && call.outcome() == OpType.OK && isFalse(call.completion().value())) {
            return "#" + call.index() + " p" + call.process() + " :cas " + call.invoke().value() + " → :fail";
        }
        return call.toString();
    }

    private static boolean isFalse(Value v) {
        Value inner = v instanceof Value.Keyed k ? k.value() : v;
        return inner instanceof Value.Bool b && !b.value();
    }

    private static String keyText(Value key) {
        return key.isNil() ? "" : " (key " + key + ")";
    }

    /** "0 or 4", "0, 2 or 4", "0, 1, 2 … (more)". */
    private String statesText(List<S> states, boolean more) {
        List<String> names = new ArrayList<>(states.size());
        states.forEach(st -> names.add(model.describeState(st)));
        if (more) {
            return String.join(", ", names) + " … (and others)";
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private Finding explain(Value key, WglSearch.NotLinearizable bad) {
        Call stuck = bad.stuck();
        StringBuilder sb = new StringBuilder();
        sb.append("no order of the calls before ").append(describe(stuck)).append(" (completed at op #")
                .append(stuck.completionIndex()).append(") explains its result.");
        sb.append("\nlongest linearizable prefix: ").append(bad.prefix().size()).append(" calls");
        List<Call> prefix = bad.prefix();
        int from = Math.max(0, prefix.size() - CALLS_SHOWN);
        sb.append(from > 0 ? ", ending …" : ":");
        for (Call c : prefix.subList(from, prefix.size())) {
            sb.append("\n  ").append(describe(c));
        }
        @SuppressWarnings("unchecked")
        S state = (S) bad.stateAfterPrefix();
        sb.append("\nmodel state after the prefix: ").append(model.describeState(state));
        String expected = "";
        if (!bad.possibleStates().isEmpty()) {
            @SuppressWarnings("unchecked")
            List<S> possible = (List<S>) (List<?>) bad.possibleStates();
            expected = model.describeStuck(stuck, possible, statesText(possible, bad.morePossibleStates()));
            sb.append("\n").append(expected);
        }
        sb.append("\nconcurrent calls not linearized there: ").append(bad.pending().size());
        for (Call c : bad.pending().subList(0, Math.min(CALLS_SHOWN, bad.pending().size()))) {
            sb.append("\n  ").append(describe(c));
        }
        List<Long> ops = new ArrayList<>();
        ops.add(stuck.index());
        bad.pending().forEach(c -> ops.add(c.index()));
        List<Long> prefixTail = new ArrayList<>();
        prefix.subList(from, prefix.size()).forEach(c -> prefixTail.add(c.index()));
        var explanation = new Finding.Explanation.Unlinearizable(stuck.index(), prefix.size(), prefixTail,
                ops.subList(1, ops.size()), expected);
        return new Finding("nonlinearizable", key.isNil() ? "" : key.toString(), sb.toString(), ops, explanation);
    }
}
