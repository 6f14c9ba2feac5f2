package io.paxsim.checkers.elle;

import io.paxsim.history.Call;
import io.paxsim.history.History;
import io.paxsim.history.MicroOp;
import io.paxsim.history.OpType;

import java.util.List;
import java.util.Set;

/**
 * The per-transaction columns {@link ListAppendTable} and {@link RwRegisterTable} share: outcome,
 * invocation and completion positions, process, in primitive arrays by call id; the transaction
 * itself is described from the history only when a finding shows it. Each subclass adds its
 * micro-op columns and fills these through {@link #recordCall}.
 */
abstract class ColumnarTxnTable implements TxnTable {
    private static final byte OK = 0;
    private static final byte FAIL = 1;
    private static final byte INFO = 2;
    private static final byte PENDING = 3;

    final History history;
    final String workload;
    final int size;
    private final byte[] outcome;
    private final int[] invokePosition;
    private final int[] completionPosition;
    private final long[] process;
    /** Call id's micro-ops are opStart[id] .. opStart[id + 1] of the subclass's micro-op columns. */
    private final int[] opStart;

    ColumnarTxnTable(History history, String workload) {
        this.history = history;
        this.workload = workload;
        this.size = history.calls().size();
        outcome = new byte[size];
        invokePosition = new int[size];
        completionPosition = new int[size];
        process = new long[size];
        opStart = new int[size + 1];
    }

    /**
     * Call {@code id}'s columns; {@code type} is its completion's, null when it never completed; its
     * micro-ops start at {@code firstMicroOp}.
     */
    final void recordCall(int id, int invoke, int done, OpType type, int firstMicroOp) {
        opStart[id] = firstMicroOp;
        invokePosition[id] = invoke;
        completionPosition[id] = done;
        process[id] = history.clientProcess(invoke);
        outcome[id] = type == null ? PENDING : switch (type) {
            case OK -> OK;
            case FAIL -> FAIL;
            default -> INFO;
        };
    }

    /** After the last call: the micro-op count. */
    final void endMicroOps(int microOps) {
        opStart[size] = microOps;
    }

    /** Throws bad input when a micro-op of call {@code id} is not of {@code kinds}. */
    final void checkKinds(int id, List<MicroOp> ops, Set<String> kinds) {
        for (MicroOp op : ops) {
            if (!kinds.contains(op.f())) {
                Txn.checkKinds(history, history.calls().get(id), ops, workload, kinds); // throws
            }
        }
    }

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

    /** Crashed: completed :info. */
    boolean info(int id) {
        return outcome[id] == INFO;
    }

    @Override
    public boolean pending(int id) {
        return outcome[id] == PENDING;
    }

    /** Completed ok or info: what Elle calls a possible transaction. */
    boolean possible(int id) {
        return outcome[id] == OK || outcome[id] == INFO;
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

    int opStart(int id) {
        return opStart[id];
    }

    int opEnd(int id) {
        return opStart[id + 1];
    }

    int opCount(int id) {
        return opStart[id + 1] - opStart[id];
    }

    History history() {
        return history;
    }

    /** The call, for a bad-input error. */
    Call call(int id) {
        return history.calls().get(id);
    }
}
