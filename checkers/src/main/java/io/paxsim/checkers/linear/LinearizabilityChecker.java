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

    @Override
    public Verdict check(History history, Budget budget) {
        Map<Value, List<Call>> partitions = partition(history.calls());
        long[] statesLeft = {budget.maxSearchStates()};
        String unknown = null;
        int callCount = 0;
        for (Map.Entry<Value, List<Call>> part : partitions.entrySet()) {
            callCount += part.getValue().size();
            WglSearch.Outcome outcome = new WglSearch<>(model, part.getValue()).run(budget, statesLeft);
            if (outcome instanceof WglSearch.NotLinearizable bad) {
                Finding finding = explain(part.getKey(), bad);
                return new Verdict.Illegal(name(), "not linearizable" + keyText(part.getKey()) + ": "
                        + bad.stuck() + " cannot be explained", List.of(finding));
            }
            if (outcome instanceof WglSearch.OutOfBudget out) {
                unknown = out.reason() + keyText(part.getKey());
                break;
            }
        }
        if (unknown != null) {
            return new Verdict.Unknown(name(), unknown);
        }
        return new Verdict.Ok(name(), "linearizable: " + callCount + " calls in " + partitions.size()
                + (partitions.size() == 1 ? " partition" : " partitions"));
    }

    private Map<Value, List<Call>> partition(List<Call> calls) {
        Map<Value, List<Call>> parts = new LinkedHashMap<>();
        for (Call call : calls) {
            if (call.outcome() == OpType.FAIL) {
                continue;
            }
            Value key = model.partition(call);
            parts.computeIfAbsent(key == null ? Value.NIL : key, k -> new ArrayList<>()).add(call);
        }
        return parts;
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
        sb.append("no order of the calls before ").append(stuck).append(" (completed at op #")
                .append(stuck.completionIndex()).append(") explains its result.");
        sb.append("\nlongest linearizable prefix: ").append(bad.prefix().size()).append(" calls");
        List<Call> prefix = bad.prefix();
        int from = Math.max(0, prefix.size() - CALLS_SHOWN);
        sb.append(from > 0 ? ", ending …" : ":");
        for (Call c : prefix.subList(from, prefix.size())) {
            sb.append("\n  ").append(c);
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
            sb.append("\n  ").append(c);
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
