package io.paxsim.checkers.elle;

import io.paxsim.history.Call;
import io.paxsim.history.History;
import io.paxsim.history.MicroOp;
import io.paxsim.history.OpType;
import io.paxsim.history.Value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An rw-register history as primitive columns, for {@link RwRegisterChecker}: per transaction its
 * outcome, positions and process; per micro-op whether it writes, its key id and its value id.
 * Keys and values are interned to dense ids (nil is a value like any other, {@link #nil()});
 * integer values, the common case, go through a primitive map. Each transaction is decoded from
 * the history once, one at a time; nothing of it is kept as objects.
 */
final class RwRegisterTable implements TxnTable {
    static final Set<String> MICRO_OPS = Set.of("r", "w");

    private static final byte OK = 0;
    private static final byte FAIL = 1;
    private static final byte INFO = 2;
    private static final byte PENDING = 3;

    private final History history;
    private final String workload;
    private final int size;
    private final byte[] outcome;
    private final int[] invokePosition;
    private final int[] completionPosition;
    private final long[] process;
    private final int[] opStart;
    private boolean[] opWrite = new boolean[64];
    private int[] opKey = new int[64];
    private int[] opValue = new int[64];

    private final Map<Value, Integer> keyIds = new HashMap<>();
    private final List<Value> keys = new ArrayList<>();
    private final LongIntMap intValueIds = new LongIntMap();
    private final Map<Value, Integer> otherValueIds = new HashMap<>();
    private final List<Value> values = new ArrayList<>();
    private final int nil;

    private RwRegisterTable(History history, String workload) {
        this.history = history;
        this.workload = workload;
        this.size = history.calls().size();
        outcome = new byte[size];
        invokePosition = new int[size];
        completionPosition = new int[size];
        process = new long[size];
        opStart = new int[size + 1];
        nil = valueId(Value.NIL);
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
            for (MicroOp op : ops) {
                if (!MICRO_OPS.contains(op.f())) {
                    Txn.checkKinds(history, history.calls().get(id), ops, workload, MICRO_OPS); // throws
                }
            }
            invokePosition[id] = invoke;
            completionPosition[id] = done;
            process[id] = history.clientProcess(invoke);
            outcome[id] = type == null ? PENDING : switch (type) {
                case OK -> OK;
                case FAIL -> FAIL;
                default -> INFO;
            };
            opStart[id] = m;
            if (m + ops.size() > opKey.length) {
                int capacity = Math.max(m + ops.size(), opKey.length + (opKey.length >> 1));
                opWrite = Arrays.copyOf(opWrite, capacity);
                opKey = Arrays.copyOf(opKey, capacity);
                opValue = Arrays.copyOf(opValue, capacity);
            }
            for (MicroOp op : ops) {
                opWrite[m] = op.isWrite();
                opKey[m] = keyId(op.key());
                opValue[m] = valueId(op.value());
                m++;
            }
        }
        opStart[size] = m;
    }

    private int keyId(Value key) {
        Integer id = keyIds.get(key);
        if (id != null) {
            return id;
        }
        int fresh = keys.size();
        keys.add(key);
        keyIds.put(key, fresh);
        return fresh;
    }

    /** Equal values (by {@link Value#equals}) get equal ids. */
    private int valueId(Value value) {
        if (value instanceof Value.Int i && i.value() >= 0) {
            int id = intValueIds.get(i.value(), -1);
            if (id < 0) {
                id = values.size();
                values.add(value);
                intValueIds.put(i.value(), id);
            }
            return id;
        }
        Integer id = otherValueIds.get(value);
        if (id == null) {
            id = values.size();
            values.add(value);
            otherValueIds.put(value, id);
        }
        return id;
    }

    // ---- transactions --------------------------------------------------------------------

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean ok(int id) {
        return outcome[id] == OK;
    }

    boolean failed(int id) {
        return outcome[id] == FAIL;
    }

    @Override
    public boolean pending(int id) {
        return outcome[id] == PENDING;
    }

    @Override
    public int invokePosition(int id) {
        return invokePosition[id];
    }

    @Override
    public int completionPosition(int id) {
        return completionPosition[id];
    }

    @Override
    public long process(int id) {
        return process[id];
    }

    @Override
    public long index(int id) {
        return history.calls().get(id).index();
    }

    @Override
    public String describe(int id) {
        Call call = history.calls().get(id);
        return Txn.describe(id, call.index(), call.process(), call.outcome(), Txn.microOps(call, history, workload));
    }

    History history() {
        return history;
    }

    /** The call, for a bad-input error. */
    Call call(int id) {
        return history.calls().get(id);
    }

    // ---- micro-ops -----------------------------------------------------------------------

    int opStart(int id) {
        return opStart[id];
    }

    int opEnd(int id) {
        return opStart[id + 1];
    }

    int opCount(int id) {
        return opStart[id + 1] - opStart[id];
    }

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
        return keys.get(key);
    }

    Value valueOf(int value) {
        return values.get(value);
    }
}
