package io.paxsim.checkers.elle;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.Checker;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.Call;
import io.paxsim.history.History;
import io.paxsim.history.MicroOp;
import io.paxsim.history.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Elle's list-append analysis. Transactions append unique elements to lists and read whole lists;
 * the longest read of a key gives its version order, from which ww (consecutive appends), wr (a
 * read's last element's writer → reader) and rw (reader → writer of the next element) edges
 * follow; real-time edges are added for strict serializability. Besides cycles it reports G1a
 * (aborted read), G1b (intermediate read), internal, duplicate-elements, incompatible-order, and
 * — not an Elle name — {@code lost-append}: an acknowledged append that no read ever contains
 * although a read of its key began after it completed.
 */
public final class ListAppendChecker implements Checker {
    private final ConsistencyModel model;

    public ListAppendChecker(ConsistencyModel model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "list-append";
    }

    @Override
    public String description() {
        return "Elle-style list-append transactions ([:append k v] [:r k [..]]), checked for " + model.wireName();
    }

    public ConsistencyModel consistencyModel() {
        return model;
    }

    /** A completed read of one key inside a transaction. */
    private record Read(Txn txn, Value key, List<Value> elements) {
    }

    /** Everything known about one key. */
    private static final class KeyState {
        final Map<Value, Txn> writers = new HashMap<>();
        final Map<Value, Txn> failedWriters = new HashMap<>();
        final List<Read> reads = new ArrayList<>();
        List<Value> longest = List.of();
        Map<Value, Integer> positions;
    }

    @Override
    public Verdict check(History history, Budget budget) {
        List<Txn> txns = new ArrayList<>();
        for (Call call : history.calls()) {
            txns.add(Txn.of(txns.size(), call));
        }
        AnomalyReport report = new AnomalyReport();
        Map<Value, KeyState> keys = new LinkedHashMap<>();
        List<Map<Value, Value>> lastAppends = new ArrayList<>(java.util.Collections.nCopies(txns.size(), null));
        for (Txn t : txns) {
            collect(t, keys, lastAppends, report);
        }
        DependencyGraph graph = new DependencyGraph(txns.size());
        for (Map.Entry<Value, KeyState> e : keys.entrySet()) {
            orderAndLink(e.getKey(), e.getValue(), graph, lastAppends, report);
        }
        if (model.realtime()) {
            AnomalyReport.addRealtimeEdges(graph, txns);
            keys.forEach((key, state) -> lostAppends(key, state, report));
        }
        if (budget.timeExhausted()) {
            return new Verdict.Unknown(name(), "time budget exhausted building the dependency graph");
        }
        return report.finish(name(), model, graph, txns, budget);
    }

    /** What a transaction has done to one key so far: its last read, and its appends since. */
    private static final class OwnView {
        List<Value> previousRead;
        final List<Value> appendsSince = new ArrayList<>();
    }

    private void collect(Txn t, Map<Value, KeyState> keys, List<Map<Value, Value>> lastAppends,
                         AnomalyReport report) {
        Map<Value, OwnView> own = new HashMap<>();
        for (MicroOp op : t.ops()) {
            KeyState state = keys.computeIfAbsent(op.key(), k -> new KeyState());
            OwnView view = own.computeIfAbsent(op.key(), k -> new OwnView());
            if (op.isAppend()) {
                (t.failed() ? state.failedWriters : state.writers).put(op.value(), t);
                if (lastAppends.get(t.id()) == null) {
                    lastAppends.set(t.id(), new HashMap<>());
                }
                lastAppends.get(t.id()).put(op.key(), op.value());
                view.appendsSince.add(op.value());
            } else if (op.isRead() && t.ok() && op.value() instanceof Value.Vec list) {
                checkInternal(t, op.key(), list.items(), view, report);
                view.previousRead = list.items();
                view.appendsSince.clear();
                state.reads.add(new Read(t, op.key(), list.items()));
            }
        }
    }

    /**
     * Within a transaction a read must show the transaction's own earlier appends: exactly the
     * previous read plus them, or, with no previous read, ending with them.
     */
    private void checkInternal(Txn t, Value key, List<Value> read, OwnView view, AnomalyReport report) {
        List<Value> mine = view.appendsSince;
        boolean consistent;
        String expected;
        if (view.previousRead != null) {
            List<Value> exact = new ArrayList<>(view.previousRead);
            exact.addAll(mine);
            consistent = read.equals(exact);
            expected = exact.toString();
        } else {
            consistent = read.size() >= mine.size() && read.subList(read.size() - mine.size(), read.size()).equals(mine);
            expected = "a list ending with " + mine;
        }
        if (!consistent) {
            report.add("internal", key.toString(), t + " read " + read + " of key " + key + " but expected "
                    + expected, List.of(t));
        }
    }

    private void orderAndLink(Value key, KeyState state, DependencyGraph graph,
                              List<Map<Value, Value>> lastAppends, AnomalyReport report) {
        Read longestRead = null;
        for (Read r : state.reads) {
            if (r.elements().size() > state.longest.size()) {
                state.longest = r.elements();
                longestRead = r;
            }
        }
        List<Value> order = state.longest;
        state.positions = new HashMap<>(order.size() * 2);
        for (int i = 0; i < order.size(); i++) {
            Integer earlier = state.positions.putIfAbsent(order.get(i), i);
            if (earlier != null) {
                report.add("duplicate-elements", key.toString(), longestRead.txn() + " read " + order.get(i)
                        + " twice in " + order, List.of(longestRead.txn()));
            }
            Txn aborted = state.failedWriters.get(order.get(i));
            if (aborted != null && longestRead != null) {
                report.add("G1a", key.toString(), longestRead.txn() + " read " + order.get(i)
                        + ", appended by failed " + aborted, List.of(longestRead.txn(), aborted));
            }
        }
        for (int i = 0; i + 1 < order.size(); i++) {
            Txn a = state.writers.get(order.get(i));
            Txn b = state.writers.get(order.get(i + 1));
            if (a != null && b != null) {
                graph.add(a.id(), b.id(), EdgeKind.WW);
            }
        }
        for (Read r : state.reads) {
            linkRead(key, state, r, longestRead, graph, lastAppends, report);
        }
    }

    private void linkRead(Value key, KeyState state, Read r, Read longestRead, DependencyGraph graph,
                          List<Map<Value, Value>> lastAppends, AnomalyReport report) {
        List<Value> order = state.longest;
        List<Value> read = r.elements();
        if (read != order && !order.subList(0, read.size()).equals(read)) {
            report.add("incompatible-order", key.toString(), r.txn() + " read " + read + " but " + longestRead.txn()
                    + " read " + order + ": neither is a prefix of the other", List.of(r.txn(), longestRead.txn()));
            return;
        }
        int last = read.size() - 1;
        while (last >= 0 && state.writers.get(read.get(last)) == r.txn()) {
            last--;
        }
        if (last >= 0) {
            Txn writer = state.writers.get(read.get(last));
            if (writer != null) {
                graph.add(writer.id(), r.txn().id(), EdgeKind.WR);
                Value finalAppend = lastAppends.get(writer.id()).get(key);
                if (!read.get(last).equals(finalAppend) && last == read.size() - 1) {
                    report.add("G1b", key.toString(), r.txn() + " read " + read + " ending in " + read.get(last)
                            + ", an intermediate append of " + writer + " (its final append is " + finalAppend + ")",
                            List.of(r.txn(), writer));
                }
            }
        }
        // The next version is the next element appended by another transaction than the one whose
        // (possibly intermediate) append this read ended at; an intermediate read is G1b, not also G-single.
        Txn seenWriter = read.isEmpty() ? null : state.writers.get(read.get(read.size() - 1));
        int nextIndex = read.size();
        while (nextIndex < order.size() && seenWriter != null && state.writers.get(order.get(nextIndex)) == seenWriter) {
            nextIndex++;
        }
        if (nextIndex < order.size()) {
            Txn next = state.writers.get(order.get(nextIndex));
            if (next != null) {
                graph.add(r.txn().id(), next.id(), EdgeKind.RW);
            }
        }
    }

    /** Acknowledged appends never seen although a read of their key started after they completed. */
    private void lostAppends(Value key, KeyState state, AnomalyReport report) {
        if (state.reads.isEmpty()) {
            return;
        }
        int lastReadStart = -1;
        Read lastRead = null;
        for (Read r : state.reads) {
            if (r.txn().call().invokePosition() > lastReadStart) {
                lastReadStart = r.txn().call().invokePosition();
                lastRead = r;
            }
        }
        for (Map.Entry<Value, Txn> w : state.writers.entrySet()) {
            Txn writer = w.getValue();
            if (writer.ok() && !state.positions.containsKey(w.getKey())
                    && writer.call().completionPosition() < lastReadStart) {
                report.add("lost-append", key.toString(), "append of " + w.getKey() + " by " + writer
                        + " was acknowledged, but no read contains it, not even " + lastRead.txn()
                        + " which began after it completed", List.of(writer, lastRead.txn()));
            }
        }
    }
}
