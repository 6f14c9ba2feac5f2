package io.paxsim.checkers.elle;

import io.paxsim.history.Call;
import io.paxsim.history.EdnHistoryWriter;
import io.paxsim.history.MicroOp;
import io.paxsim.history.OpType;
import io.paxsim.history.Value;

import java.util.List;

/**
 * A transaction as the graph sees it: a dense id, the call, and its micro-ops (the completion's
 * for an ok call, so reads carry what they read; the invocation's otherwise).
 */
record Txn(int id, Call call, List<MicroOp> ops) {
    static Txn of(int id, Call call) {
        Value v = call.outcome() == OpType.OK ? call.completion().value() : call.invoke().value();
        if (!(v instanceof Value.Txn txn)) {
            throw new io.paxsim.history.HistoryException("transactional checkers need :txn ops with [f k v] micro-ops, got "
                    + io.paxsim.history.HistoryException.excerpt(call.invoke()));
        }
        return new Txn(id, call, txn.ops());
    }

    boolean ok() {
        return call.outcome() == OpType.OK;
    }

    boolean failed() {
        return call.outcome() == OpType.FAIL;
    }

    @Override
    public String toString() {
        return "T" + id + " (op #" + call.index() + ", p" + call.process() + ", " + call.outcome().wireName() + " "
                + EdnHistoryWriter.format(new Value.Txn(ops)) + ")";
    }
}
