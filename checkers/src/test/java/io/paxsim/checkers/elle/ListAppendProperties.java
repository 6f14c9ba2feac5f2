package io.paxsim.checkers.elle;

import io.paxsim.checkers.Verdict;
import io.paxsim.checkers.synthetic.SyntheticHistories;
import io.paxsim.history.History;
import io.paxsim.history.MicroOp;
import io.paxsim.history.Op;
import io.paxsim.history.OpType;
import io.paxsim.history.Value;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class ListAppendProperties {
    /** Repeating a read's last element makes it either hold a duplicate or disagree with the longest read. */
    @Property(tries = 100, seed = "20261203")
    void aReadWithARepeatedElementIsIllegal(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int txns) {
        History bad = withRepeatedElement(SyntheticHistories.listAppend(seed, txns, 4, 3, 8));
        Assume.that(bad != null);
        Verdict v = new ListAppendChecker(ConsistencyModel.SERIALIZABLE).check(bad);
        assertInstanceOf(Verdict.Illegal.class, v, v::describe);
    }

    private static History withRepeatedElement(History h) {
        List<Op> ops = new ArrayList<>(h.ops());
        for (int i = ops.size() - 1; i >= 0; i--) {
            Op op = ops.get(i);
            if (op.type() != OpType.OK) {
                continue;
            }
            List<MicroOp> mops = new ArrayList<>(((Value.Txn) op.value()).ops());
            for (int m = 0; m < mops.size(); m++) {
                if (mops.get(m).isRead() && mops.get(m).value() instanceof Value.Vec list && !list.items().isEmpty()) {
                    List<Value> items = new ArrayList<>(list.items());
                    items.add(items.get(items.size() - 1));
                    mops.set(m, MicroOp.read(mops.get(m).key(), new Value.Vec(items)));
                    ops.set(i, op.withValue(new Value.Txn(mops)));
                    return History.of(ops);
                }
            }
        }
        return null;
    }
}
