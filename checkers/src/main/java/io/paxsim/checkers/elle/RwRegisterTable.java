package io.paxsim.checkers.elle;

import io.paxsim.history.History;
import io.paxsim.history.MicroOp;
import io.paxsim.history.OpType;
import io.paxsim.history.Value;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * An rw-register history as primitive columns, for {@link RwRegisterChecker}: per transaction its
 * outcome, positions and process; per micro-op whether it writes, its key id and its value id.
 * Keys and values are interned to dense ids (nil is a value like any other, {@link #nil()});
 * integer values, the common case, go through a primitive map. Each transaction is decoded from
 * the history once, one at a time; nothing of it is kept as objects.
 */
final class RwRegisterTable extends ColumnarTxnTable {
    static final Set<String> MICRO_OPS = Set.of("r", "w");

    private boolean[] opWrite = new boolean[64];
    private int[] opKey = new int[64];
    private int[] opValue = new int[64];

    private final ValueIds keys = new ValueIds();
    private final ValueIds values = new ValueIds();
    private final int nil;

    private RwRegisterTable(History history, String workload) {
        super(history, workload);
        nil = values.id(Value.NIL);
    }

    /**
     * Reads the history's calls as rw-register transactions; throws bad input (a {@link
     * io.paxsim.checkers.ModelMismatch}) for a call that is not a transaction or a micro-op other
     * than {@code :r} and {@code :w}, as {@link Txn#all} does.
     */
    static RwRegisterTable of(History history, String workload) {
        RwRegisterTable table = new RwRegisterTable(history, workload);
        table.fill();
        return table;
    }

    private void fill() {
        int m = 0;
        for (int id = 0; id < size; id++) {
            int invoke = history.invokePosition(id);
            int done = history.completionPosition(id);
            OpType type = done == Integer.MAX_VALUE ? null : history.type(done);
            Value completion = type == null ? null : history.value(done);
            Value v = completion instanceof Value.Txn ? completion : history.value(invoke);
            if (!(v instanceof Value.Txn txn)) {
                Txn.microOps(history.calls().get(id), history, workload); // throws the bad-input error
                throw new AssertionError("not a transaction, yet accepted: call " + id);
            }
            List<MicroOp> ops = txn.ops();
            checkKinds(id, ops, MICRO_OPS);
            recordCall(id, invoke, done, type, m);
            if (m + ops.size() > opKey.length) {
                int capacity = Math.max(m + ops.size(), opKey.length + (opKey.length >> 1));
                opWrite = Arrays.copyOf(opWrite, capacity);
                opKey = Arrays.copyOf(opKey, capacity);
                opValue = Arrays.copyOf(opValue, capacity);
            }
            for (MicroOp op : ops) {
                opWrite[m] = op.isWrite();
                opKey[m] = keys.id(op.key());
                opValue[m] = values.id(op.value());
                m++;
            }
        }
        endMicroOps(m);
    }

    // ---- micro-ops -----------------------------------------------------------------------

    boolean isWrite(int m) {
        return opWrite[m];
    }

    /** Reads are the micro-ops that are not writes (only {@code :r} and {@code :w} are accepted). */
    boolean isRead(int m) {
        return !opWrite[m];
    }

    int key(int m) {
        return opKey[m];
    }

    int value(int m) {
        return opValue[m];
    }

    // ---- keys and values -----------------------------------------------------------------

    int keyCount() {
        return keys.size();
    }

    int valueCount() {
        return values.size();
    }

    /** The id of nil. */
    int nil() {
        return nil;
    }

    Value keyValue(int key) {
        return keys.value(key);
    }

    Value valueOf(int value) {
        return values.value(value);
    }
}
