package io.paxsim.checkers.elle;

import io.paxsim.checkers.ModelMismatch;
import io.paxsim.history.Call;
import io.paxsim.history.EdnHistoryWriter;
import io.paxsim.history.History;
import io.paxsim.history.MicroOp;
import io.paxsim.history.OpType;
import io.paxsim.history.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A transaction as the graph sees it: a dense id, the call, and its micro-ops — the completion's
 * when there is one (so an ok read carries what it read), else the invocation's. A call that
 * never completed is {@link #pending}: Elle's analysis sees only completions, so it takes part in
 * no dependency.
 *
 * <p>A transaction keeps its call's positions and outcome, not the call: the history's ops are
 * compact columns, and {@link #call()} builds the call from them only when a report needs it.
 * Equal ids are equal transactions (ids are dense per history).
 */
final class Txn {
    private final int id;
    private final History history;
    private final long process;
    private final OpType outcome;
    private final boolean completed;
    private final int invokePosition;
    private final int completionPosition;
    private final long index;
    private final List<MicroOp> ops;

    private Txn(int id, History history, Call call, List<MicroOp> ops) {
        this.id = id;
        this.history = history;
        this.process = call.process();
        this.outcome = call.outcome();
        this.completed = call.completion() != null;
        this.invokePosition = call.invokePosition();
        this.completionPosition = call.completionPosition();
        this.index = call.index();
        this.ops = ops;
    }

    int id() {
        return id;
    }

    /** The call (built from the history's columns on each call: use {@link #index()}, {@link #process()} etc. where they do). */
    Call call() {
        return history.calls().get(id);
    }

    List<MicroOp> ops() {
        return ops;
    }

    long process() {
        return process;
    }

    /** The invocation's {@code :index} (or position), as {@link Call#index()}. */
    long index() {
        return index;
    }

    int invokePosition() {
        return invokePosition;
    }

    /** As {@link Call#completionPosition()}: {@link Integer#MAX_VALUE} when it never completed. */
    int completionPosition() {
        return completionPosition;
    }

    OpType outcome() {
        return outcome;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Txn other && other.id == id && other.history == history;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(id);
    }
    /**
     * Every call of the history as a transaction whose micro-ops are all of the given kinds;
     * anything else is bad input naming the line and op (a model/history mismatch).
     */
    static List<Txn> all(History history, String workload, Set<String> microOpKinds) {
        List<Txn> txns = new ArrayList<>(history.calls().size());
        for (Call call : history.calls()) {
            Txn t = of(txns.size(), call, history, workload);
            checkKinds(history, call, t.ops(), workload, microOpKinds);
            txns.add(t);
        }
        return txns;
    }

    private static Txn of(int id, Call call, History history, String workload) {
        return new Txn(id, history, call, microOps(call, history, workload));
    }

    /**
     * The micro-ops the analysis sees for a call: its completion's when that is a transaction (so
     * an ok read carries what it read), else its invocation's; anything else is bad input.
     */
    static List<MicroOp> microOps(Call call, History history, String workload) {
        Value v = call.completion() != null && call.completion().value() instanceof Value.Txn
                ? call.completion().value() : call.invoke().value();
        if (!(v instanceof Value.Txn txn)) {
            throw badInput(history, call, workload, "not a transaction: " + workload + " needs :txn ops whose value is"
                    + " a vector of [f k v] micro-ops");
        }
        return txn.ops();
    }

    /** Throws bad input unless every micro-op is of one of the given kinds. */
    static void checkKinds(History history, Call call, List<MicroOp> ops, String workload, Set<String> microOpKinds) {
        for (MicroOp op : ops) {
            if (!microOpKinds.contains(op.f())) {
                throw badInput(history, call, workload, "micro-op " + op + " is not one of " + kinds(microOpKinds)
                        + " (a history of another workload?)");
            }
        }
    }

    /** Bad input: the op (its ok completion, whose reads were read; else its invocation) this workload cannot read. */
    static ModelMismatch badInput(History history, Call call, String workload, String why) {
        return call.outcome() == OpType.OK
                ? ModelMismatch.at(workload, call.completion(), call.completionPosition(), why)
                : ModelMismatch.of(workload, call, why);
    }

    private static String kinds(Set<String> microOpKinds) {
        return microOpKinds.stream().sorted().map(k -> ":" + k).toList().toString();
    }

    boolean ok() {
        return outcome == OpType.OK;
    }

    boolean failed() {
        return outcome == OpType.FAIL;
    }

    /** Crashed: completed :info. */
    boolean info() {
        return completed && outcome == OpType.INFO;
    }

    /** Never completed: no completion in the history. */
    boolean pending() {
        return !completed;
    }

    /** Completed ok or info: what Elle calls a possible transaction. */
    boolean possible() {
        return ok() || info();
    }

    @Override
    public String toString() {
        return describe(id, index, process, outcome, ops);
    }

    /** "T7 (op #12, p3, ok [[:append :x 1]])": the transaction with this id, call index, process, outcome and micro-ops. */
    static String describe(int id, long index, long process, OpType outcome, List<MicroOp> ops) {
        return "T" + id + " (op #" + index + ", p" + process + ", " + outcome.wireName() + " "
                + EdnHistoryWriter.format(new Value.Txn(ops)) + ")";
    }
}
