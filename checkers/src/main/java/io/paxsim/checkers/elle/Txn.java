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
 */
record Txn(int id, Call call, List<MicroOp> ops) {
    /**
     * Every call of the history as a transaction whose micro-ops are all of the given kinds;
     * anything else is bad input naming the line and op (a model/history mismatch).
     */
    static List<Txn> all(History history, String workload, Set<String> microOpKinds) {
        List<Txn> txns = new ArrayList<>(history.calls().size());
        for (Call call : history.calls()) {
            Txn t = of(txns.size(), call, history, workload);
            for (MicroOp op : t.ops()) {
                if (!microOpKinds.contains(op.f())) {
                    throw badInput(history, call, workload, "micro-op " + op + " is not one of " + kinds(microOpKinds)
                            + " (a history of another workload?)");
                }
            }
            txns.add(t);
        }
        return txns;
    }

    private static Txn of(int id, Call call, History history, String workload) {
        Value v = call.completion() != null && call.completion().value() instanceof Value.Txn
                ? call.completion().value() : call.invoke().value();
        if (!(v instanceof Value.Txn txn)) {
            throw badInput(history, call, workload, "not a transaction: " + workload + " needs :txn ops whose value is"
                    + " a vector of [f k v] micro-ops");
        }
        return new Txn(id, call, txn.ops());
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
        return call.outcome() == OpType.OK;
    }

    boolean failed() {
        return call.outcome() == OpType.FAIL;
    }

    /** Crashed: completed :info. */
    boolean info() {
        return call.completion() != null && call.outcome() == OpType.INFO;
    }

    /** Never completed: no completion in the history. */
    boolean pending() {
        return call.completion() == null;
    }

    /** Completed ok or info: what Elle calls a possible transaction. */
    boolean possible() {
        return ok() || info();
    }

    @Override
    public String toString() {
        return "T" + id + " (op #" + call.index() + ", p" + call.process() + ", " + call.outcome().wireName() + " "
                + EdnHistoryWriter.format(new Value.Txn(ops)) + ")";
    }
}
