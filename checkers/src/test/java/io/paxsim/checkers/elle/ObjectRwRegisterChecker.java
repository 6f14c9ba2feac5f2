package io.paxsim.checkers.elle;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.Checker;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.History;
import io.paxsim.history.MicroOp;
import io.paxsim.history.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The object rw-register checker {@link RwRegisterChecker} replaced (a transaction object per call),
 * kept as the test oracle the columnar one must agree with ({@code RwRegisterAgreementProperties}).
 *
 * <p>Elle's rw-register analysis ({@code elle.rw-register}, 0.2.7, default options). Writes are
 * unique per key, so an external read (a transaction's first access to a key, when it is a read)
 * names its writer: wr from the committed transaction whose final write to the key was that value.
 * The only version order Elle assumes by default is that the initial nil precedes every written
 * value, which gives rw from every committed transaction that read nil to every committed writer
 * of the key. Besides cycles: G1a (a read of a failed write), G1b (a read of a value its writer
 * overwrote in the same transaction), internal, lost-update.
 */
final class ObjectRwRegisterChecker implements Checker {
    private static final Set<String> MICRO_OPS = Set.of("r", "w");

    private final ConsistencyModel model;

    ObjectRwRegisterChecker(ConsistencyModel model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "rw-register";
    }

    @Override
    public String description() {
        return "Elle-style read/write register transactions ([:w k v] [:r k v]), checked for " + model.wireName();
    }

    @Override
    public Verdict check(History history, Budget budget) {
        List<Txn> txns = Txn.all(history, name(), MICRO_OPS);
        AnomalyReport report = new AnomalyReport();
        abortedReads(txns, report);
        intermediateReads(txns, report);
        txns.stream().filter(Txn::ok).forEach(t -> internal(t, report));
        LostUpdates.find(txns, MicroOp::isWrite, report);
        DependencyGraph graph = graph(history, txns);
        return report.finish(name(), model, graph, txns, budget);
    }

    /** G1a: an ok read of a value a failed transaction wrote. */
    private static void abortedReads(List<Txn> txns, AnomalyReport report) {
        Map<Value, Map<Value, Txn>> failed = new HashMap<>();
        txns.stream().filter(Txn::failed).forEach(t -> t.ops().stream().filter(MicroOp::isWrite)
                .forEach(op -> failed.computeIfAbsent(op.key(), k -> new HashMap<>()).put(op.value(), t)));
        for (Txn t : txns) {
            if (!t.ok()) {
                continue;
            }
            for (MicroOp op : t.ops()) {
                Txn writer = op.isRead() ? failed.getOrDefault(op.key(), Map.of()).get(op.value()) : null;
                if (writer != null) {
                    report.add("G1a", op.key().toString(), t + " read " + op.key() + " = " + op.value()
                            + ", written by failed " + writer, List.of(t, writer));
                }
            }
        }
    }

    /** G1b: an ok read of a value its writer overwrote later in the same transaction. */
    private static void intermediateReads(List<Txn> txns, AnomalyReport report) {
        Map<Value, Map<Value, Txn>> intermediate = new HashMap<>();
        for (Txn t : txns) {
            Map<Value, Value> lastWrite = new HashMap<>();
            for (MicroOp op : t.ops()) {
                if (op.isWrite()) {
                    Value before = lastWrite.put(op.key(), op.value());
                    if (before != null) {
                        intermediate.computeIfAbsent(op.key(), k -> new HashMap<>()).put(before, t);
                    }
                }
            }
        }
        for (Txn t : txns) {
            if (!t.ok()) {
                continue;
            }
            for (MicroOp op : t.ops()) {
                Txn writer = op.isRead() ? intermediate.getOrDefault(op.key(), Map.of()).get(op.value()) : null;
                if (writer != null && writer != t) {
                    report.add("G1b", op.key().toString(), t + " read " + op.key() + " = " + op.value()
                            + ", an intermediate write of " + writer, List.of(t, writer));
                }
            }
        }
    }

    /** Internal consistency: a read agrees with the transaction's own last write or read of the key. */
    private static void internal(Txn t, AnomalyReport report) {
        Map<Value, Value> known = new HashMap<>();
        for (MicroOp op : t.ops()) {
            Value expected = known.get(op.key());
            if (op.isRead() && expected != null && !expected.equals(op.value())) {
                report.add("internal", op.key().toString(), t + " read " + op.key() + " = " + op.value()
                        + " after itself writing or reading " + expected, List.of(t));
                return;
            }
            known.put(op.key(), op.value());
        }
    }

    /** wr from external writes to external reads; rw from readers of the initial nil to every writer of the key. */
    private DependencyGraph graph(History history, List<Txn> txns) {
        Map<Value, Map<Value, List<Txn>>> extWriters = new LinkedHashMap<>();
        Map<Value, Map<Value, List<Txn>>> extReaders = new LinkedHashMap<>();
        for (Txn t : txns) {
            if (!t.ok()) {
                continue;
            }
            Map<Value, Value> reads = new LinkedHashMap<>();
            Map<Value, Value> writes = new LinkedHashMap<>();
            java.util.Set<Value> touched = new java.util.HashSet<>();
            for (MicroOp op : t.ops()) {
                if (op.isRead() && touched.add(op.key())) {
                    reads.put(op.key(), op.value());
                } else if (op.isWrite()) {
                    touched.add(op.key());
                    writes.put(op.key(), op.value());
                }
            }
            reads.forEach((k, v) -> extReaders.computeIfAbsent(k, x -> new LinkedHashMap<>())
                    .computeIfAbsent(v, x -> new ArrayList<>()).add(t));
            writes.forEach((k, v) -> extWriters.computeIfAbsent(k, x -> new LinkedHashMap<>())
                    .computeIfAbsent(v, x -> new ArrayList<>()).add(t));
        }
        DependencyGraph graph = new DependencyGraph(txns.size());
        extReaders.forEach((key, byValue) -> byValue.forEach((value, readers) -> {
            List<Txn> writers = extWriters.getOrDefault(key, Map.of()).getOrDefault(value, List.of());
            if (writers.size() > 1) {
                throw Txn.badInput(history, writers.get(1).call(), name(), "key " + key + " had value " + value
                        + " written by more than one transaction (rw-register needs unique writes)");
            }
            for (Txn w : writers) {
                readers.forEach(r -> graph.add(w.id(), r.id(), EdgeKind.WR));
            }
        }));
        extReaders.forEach((key, byValue) -> {
            List<Txn> nilReaders = byValue.getOrDefault(Value.NIL, List.of());
            extWriters.getOrDefault(key, Map.of()).forEach((value, writers) -> {
                if (!value.isNil()) {
                    writers.forEach(w -> nilReaders.forEach(r -> graph.add(r.id(), w.id(), EdgeKind.RW)));
                }
            });
        });
        return graph;
    }
}
