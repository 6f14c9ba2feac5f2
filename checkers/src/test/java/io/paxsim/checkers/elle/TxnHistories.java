package io.paxsim.checkers.elle;

import io.paxsim.history.History;
import io.paxsim.history.HistoryRecorder;
import io.paxsim.history.MicroOp;
import io.paxsim.history.Value;

import java.util.ArrayList;
import java.util.List;

/** A tiny builder for hand-written transactional histories. */
final class TxnHistories {
    private final HistoryRecorder rec = new HistoryRecorder();
    private long time;

    static MicroOp append(String key, long element) {
        return MicroOp.append(key, element);
    }

    static MicroOp read(String key, long... elements) {
        return MicroOp.readList(key, elements);
    }

    static MicroOp w(String key, long value) {
        return MicroOp.write(Value.kw(key), Value.of(value));
    }

    static MicroOp r(String key, Long value) {
        return MicroOp.read(Value.kw(key), value == null ? Value.NIL : Value.of(value));
    }

    /** Invokes a transaction; reads in the invocation carry nil. */
    TxnHistories invoke(long process, MicroOp... completed) {
        List<MicroOp> asked = new ArrayList<>();
        for (MicroOp op : completed) {
            asked.add(op.isRead() ? new MicroOp(op.f(), op.key(), Value.NIL) : op);
        }
        rec.invoke(++time, process, "txn", new Value.Txn(asked));
        return this;
    }

    TxnHistories ok(long process, MicroOp... completed) {
        rec.ok(++time, process, Value.txn(completed));
        return this;
    }

    TxnHistories fail(long process, MicroOp... asked) {
        rec.fail(++time, process, Value.txn(asked));
        return this;
    }

    TxnHistories info(long process, MicroOp... asked) {
        rec.info(++time, process, Value.txn(asked));
        return this;
    }

    /** Invoke and complete ok at once (sequential in real time). */
    TxnHistories txn(long process, MicroOp... completed) {
        return invoke(process, completed).ok(process, completed);
    }

    History history() {
        return rec.history();
    }
}
