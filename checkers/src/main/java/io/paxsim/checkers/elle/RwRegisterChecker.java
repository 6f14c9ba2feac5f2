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
 * Elle's rw-register analysis where versions can be inferred: writes are unique per key, so a
 * read names its writer (wr). Version order is only what the history proves: the initial nil
 * precedes every version, and a transaction that read v1 of a key and then wrote v2 shows v1 < v2.
 * Each proven pair gives ww (writer → writer) and rw (reader of v1 → writer of v2) edges. Also
 * reports G1a, G1b, internal and lost-update (two transactions read the same version and both wrote).
 */
public final class RwRegisterChecker implements Checker {
    private final ConsistencyModel model;

    public RwRegisterChecker(ConsistencyModel model) {
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

    /** Everything known about one key: writers of each version, and proven version successions. */
    private static final class KeyState {
        final Map<Value, Txn> writers = new HashMap<>();
        final Map<Value, Txn> failedWriters = new HashMap<>();
        final Map<Value, List<Txn>> readers = new HashMap<>();
        final Map<Value, List<Value>> successors = new LinkedHashMap<>();
        final Map<Value, List<Txn>> overwrittenBy = new HashMap<>();
    }

    @Override
    public Verdict check(History history, Budget budget) {
        List<Txn> txns = new ArrayList<>();
        for (Call call : history.calls()) {
            txns.add(Txn.of(txns.size(), call));
        }
        AnomalyReport report = new AnomalyReport();
        Map<Value, KeyState> keys = new LinkedHashMap<>();
        List<Map<Value, Value>> finalWrites = new ArrayList<>();
        for (Txn t : txns) {
            finalWrites.add(writes(t, keys));
        }
        for (Txn t : txns) {
            if (t.ok()) {
                reads(t, keys, finalWrites, report);
            }
        }
        DependencyGraph graph = new DependencyGraph(txns.size());
        keys.forEach((key, state) -> link(key, state, graph, report));
        if (model.realtime()) {
            AnomalyReport.addRealtimeEdges(graph, txns);
        }
        return report.finish(name(), model, graph, txns, budget);
    }

    private static Map<Value, Value> writes(Txn t, Map<Value, KeyState> keys) {
        Map<Value, Value> last = new HashMap<>();
        for (MicroOp op : t.ops()) {
            if (op.isWrite()) {
                KeyState state = keys.computeIfAbsent(op.key(), k -> new KeyState());
                (t.failed() ? state.failedWriters : state.writers).put(op.value(), t);
                last.put(op.key(), op.value());
            }
        }
        return last;
    }

    /** Checks reads inside one transaction and records external reads and read-then-write successions. */
    private static void reads(Txn t, Map<Value, KeyState> keys, List<Map<Value, Value>> finalWrites, AnomalyReport report) {
        Map<Value, Value> known = new HashMap<>();
        Map<Value, Value> externalRead = new HashMap<>();
        java.util.Set<Value> overwrote = new java.util.HashSet<>();
        for (MicroOp op : t.ops()) {
            KeyState state = keys.computeIfAbsent(op.key(), k -> new KeyState());
            if (op.isWrite()) {
                Value before = externalRead.get(op.key());
                if (before != null && overwrote.add(op.key())) {
                    Value version = finalWrites.get(t.id()).get(op.key());
                    state.successors.computeIfAbsent(before, v -> new ArrayList<>()).add(version);
                    state.overwrittenBy.computeIfAbsent(before, v -> new ArrayList<>()).add(t);
                }
                known.put(op.key(), op.value());
                continue;
            }
            if (!op.isRead()) {
                continue;
            }
            Value expected = known.get(op.key());
            if (expected != null) {
                if (!expected.equals(op.value())) {
                    report.add("internal", op.key().toString(), t + " read " + op.value() + " of key " + op.key()
                            + " after itself writing or reading " + expected, List.of(t));
                }
                continue;
            }
            known.put(op.key(), op.value());
            externalRead.put(op.key(), op.value());
            state.readers.computeIfAbsent(op.value(), v -> new ArrayList<>()).add(t);
            Txn writer = state.writers.get(op.value());
            if (writer != null && writer != t && !op.value().equals(finalWrites.get(writer.id()).get(op.key()))) {
                report.add("G1b", op.key().toString(), t + " read " + op.value() + ", an intermediate write of "
                        + writer, List.of(t, writer));
            }
            Txn aborted = state.failedWriters.get(op.value());
            if (aborted != null) {
                report.add("G1a", op.key().toString(), t + " read " + op.value() + ", written by failed " + aborted,
                        List.of(t, aborted));
            }
        }
    }

    private static void link(Value key, KeyState state, DependencyGraph graph, AnomalyReport report) {
        // A reader of the initial nil precedes every version; linking it to the versions without a
        // proven non-nil predecessor suffices, the ww edges carry the order on to the rest.
        java.util.Set<Value> hasPredecessor = new java.util.HashSet<>();
        state.successors.forEach((v, next) -> {
            if (!v.isNil()) {
                hasPredecessor.addAll(next);
            }
        });
        List<Value> firstVersions = state.writers.keySet().stream().filter(v -> !hasPredecessor.contains(v)).toList();
        state.readers.forEach((version, readers) -> {
            Txn writer = state.writers.get(version);
            for (Txn r : readers) {
                if (writer != null) {
                    graph.add(writer.id(), r.id(), EdgeKind.WR);
                }
            }
            List<Value> later = version.isNil() ? firstVersions : state.successors.get(version);
            if (later != null) {
                for (Value v : later) {
                    Txn w = state.writers.get(v);
                    for (Txn r : readers) {
                        if (w != null) {
                            graph.add(r.id(), w.id(), EdgeKind.RW);
                        }
                    }
                    if (w != null && writer != null) {
                        graph.add(writer.id(), w.id(), EdgeKind.WW);
                    }
                }
            }
        });
        state.overwrittenBy.forEach((version, txns) -> {
            List<Txn> committed = txns.stream().filter(Txn::ok).toList();
            if (committed.size() > 1) {
                report.add("lost-update", key.toString(), committed.size() + " transactions read version " + version
                        + " of key " + key + " and each overwrote it: " + committed, committed);
            }
        });
    }
}
