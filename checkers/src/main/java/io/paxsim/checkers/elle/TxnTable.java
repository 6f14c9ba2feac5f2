package io.paxsim.checkers.elle;

import java.util.List;

/**
 * The transactions of a history by dense id (call order), as the anomaly report and the extra
 * orders (real time, process) read them: outcome, positions, process, and a description built only
 * when a finding shows it. {@link ListAppendTable} keeps these in primitive columns; a list of
 * {@link Txn} objects is adapted by {@link #of(List)}.
 */
interface TxnTable {
    int size();

    boolean ok(int id);

    /** Never completed (no completion in the history). */
    boolean pending(int id);

    int invokePosition(int id);

    /** {@link Integer#MAX_VALUE} when the transaction never completed. */
    int completionPosition(int id);

    long process(int id);

    /** The invocation's {@code :index} (or position), as {@code Call.index()}. */
    long index(int id);

    /** As {@link Txn#toString()}: "T7 (op #12, p3, ok [[:append :x 1]])". */
    String describe(int id);

    static TxnTable of(List<Txn> txns) {
        return new TxnTable() {
            @Override
            public int size() {
                return txns.size();
            }

            @Override
            public boolean ok(int id) {
                return txns.get(id).ok();
            }

            @Override
            public boolean pending(int id) {
                return txns.get(id).pending();
            }

            @Override
            public int invokePosition(int id) {
                return txns.get(id).invokePosition();
            }

            @Override
            public int completionPosition(int id) {
                return txns.get(id).completionPosition();
            }

            @Override
            public long process(int id) {
                return txns.get(id).process();
            }

            @Override
            public long index(int id) {
                return txns.get(id).index();
            }

            @Override
            public String describe(int id) {
                return txns.get(id).toString();
            }
        };
    }
}
