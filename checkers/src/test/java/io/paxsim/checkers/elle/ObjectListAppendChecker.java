package io.paxsim.checkers.elle;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.Checker;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.History;
import io.paxsim.history.MicroOp;
import io.paxsim.history.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The list-append checker as it was before it went columnar (ListAppendChecker up to e624080): every
 * transaction decoded into objects, nested maps of values. Kept as the reference the columnar
 * {@link ListAppendChecker} must agree with, finding for finding ({@code ListAppendAgreementProperties}).
 *
 * <p>Elle's list-append analysis ({@code elle.list-append}, 0.2.7), step for step. Transactions
 * append unique elements to lists and read whole lists. A key's version order is its longest read
 * (every read must be a prefix of it, else {@code incompatible-order}); a key with exactly one
 * append and no non-empty read still has the order [that element]. From the order: ww (writer of the element
 * before an append → the appender), wr (writer of a read's last element → the reader) and rw
 * (readers of the element before an append → the appender). An append no read shows still
 * follows the last element any read shows, so a read of [] or of an older list followed by such
 * an append gives rw — two concurrent transactions T1 {@code [[:append x 1] [:append y 1]]} and
 * T2 {@code [[:r x [1]] [:r y []]]} are G-single-item. Besides cycles: G1a (a read shows an
 * element of a failed append), G1b (a read ends at an element that was not its writer's last
 * append to the key), dirty-update (a committed append right after a failed one in the order),
 * internal, future-read, duplicate-elements (in any read), incompatible-order, lost-update.
 */
final class ObjectListAppendChecker implements Checker {
    private static final Set<String> MICRO_OPS = Set.of("r", "append");
    /** The version before the first append. */
    private static final Object INIT = new Object();

    private final ConsistencyModel model;

    ObjectListAppendChecker(ConsistencyModel model) {
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

    /** One key's version order: its elements, and each one's position. */
    private record Order(List<Value> values, Map<Value, Integer> indices) {
        static Order of(List<Value> longest) {
            List<Value> distinct = new ArrayList<>(new LinkedHashSet<>(longest));
            Map<Value, Integer> indices = new HashMap<>();
            for (int i = 0; i < distinct.size(); i++) {
                indices.put(distinct.get(i), i);
            }
            return new Order(distinct, indices);
        }
    }

    @Override
    public Verdict check(History history, Budget budget) {
        List<Txn> txns = Txn.all(history, name(), MICRO_OPS);
        checkShapes(history, txns);
        AnomalyReport report = new AnomalyReport();
        abortedReads(txns, report);
        intermediateReads(txns, report);
        for (Txn t : txns) {
            if (t.ok() && t.ops().size() > 1) {
                internal(t, report);
                futureRead(t, report);
            }
        }
        Orders orders = orders(txns, report);
        duplicates(txns, orders, report);
        dirtyUpdates(txns, report);
        LostUpdates.find(txns, MicroOp::isAppend, report);
        DependencyGraph graph = graph(txns, orders.orders());
        if (budget.timeExhausted()) {
            return new Verdict.Unknown(name(), "wall-clock timeout (machine-dependent) building the dependency graph");
        }
        return report.finish(name(), model, graph, txns, budget);
    }

    /** Reads are lists (or nil), and no element is appended twice to one key: else the history is bad input. */
    private void checkShapes(History history, List<Txn> txns) {
        Map<Value, Set<Value>> appended = new HashMap<>();
        for (Txn t : txns) {
            for (MicroOp op : t.ops()) {
                if (op.isRead() && !(op.value() instanceof Value.Vec) && !op.value().isNil()) {
                    throw Txn.badInput(history, t.call(), name(), "read " + op + " is not a list");
                }
            }
            for (MicroOp op : ((Value.Txn) history.ops().get(t.invokePosition()).value()).ops()) {
                if (op.isAppend() && !appended.computeIfAbsent(op.key(), k -> new HashSet<>()).add(op.value())) {
                    throw Txn.badInput(history, t.call(), name(), "value " + op.value() + " appended to key " + op.key()
                            + " more than once (list-append needs unique appends)");
                }
            }
        }
    }

    private static List<Value> elements(MicroOp read) {
        return read.value() instanceof Value.Vec v ? v.items() : null;
    }

    private static Value last(List<Value> list) {
        return list == null || list.isEmpty() ? null : list.get(list.size() - 1);
    }

    /** G1a: an ok read shows an element a failed transaction appended. */
    private void abortedReads(List<Txn> txns, AnomalyReport report) {
        Map<Value, Map<Value, Txn>> failed = new HashMap<>();
        for (Txn t : txns) {
            if (t.failed()) {
                t.ops().stream().filter(MicroOp::isAppend)
                        .forEach(op -> failed.computeIfAbsent(op.key(), k -> new HashMap<>()).put(op.value(), t));
            }
        }
        for (Txn t : txns) {
            if (!t.ok() || failed.isEmpty()) {
                continue;
            }
            for (MicroOp op : t.ops()) {
                List<Value> read = op.isRead() ? elements(op) : null;
                Map<Value, Txn> failedOfKey = failed.get(op.key());
                if (read == null || failedOfKey == null) {
                    continue;
                }
                for (Value e : read) {
                    Txn writer = failedOfKey.get(e);
                    if (writer != null) {
                        report.add("G1a", op.key().toString(), t + " read " + read + " of key " + op.key() + ", with "
                                + e + " appended by failed " + writer, List.of(t, writer));
                    }
                }
            }
        }
    }

    /** G1b: an ok read ends at an element another transaction appended before appending again to that key. */
    private void intermediateReads(List<Txn> txns, AnomalyReport report) {
        Map<Value, Map<Value, Txn>> intermediate = new HashMap<>();
        for (Txn t : txns) {
            if (t.ops().size() < 2) {
                continue;
            }
            Map<Value, Value> lastAppend = new HashMap<>();
            for (MicroOp op : t.ops()) {
                if (op.isAppend()) {
                    Value before = lastAppend.put(op.key(), op.value());
                    if (before != null) {
                        intermediate.computeIfAbsent(op.key(), k -> new HashMap<>()).put(before, t);
                    }
                }
            }
        }
        for (Txn t : txns) {
            if (!t.ok() || intermediate.isEmpty()) {
                continue;
            }
            for (MicroOp op : t.ops()) {
                Value end = op.isRead() ? last(elements(op)) : null;
                Txn writer = end == null ? null : intermediate.getOrDefault(op.key(), Map.of()).get(end);
                if (writer != null && writer != t) {
                    report.add("G1b", op.key().toString(), t + " read " + elements(op) + " of key " + op.key()
                            + ", ending at " + end + ", an intermediate append of " + writer, List.of(t, writer));
                }
            }
        }
    }

    /**
     * Internal consistency: a read must agree with the transaction's own earlier read of the key
     * plus its appends since, or — with no earlier read — end with its appends so far.
     */
    private void internal(Txn t, AnomalyReport report) {
        Map<Value, List<Object>> expected = new HashMap<>();
        for (MicroOp op : t.ops()) {
            List<Object> state = expected.get(op.key());
            if (op.isAppend()) {
                List<Object> next = new ArrayList<>();
                if (state == null && !expected.containsKey(op.key())) {
                    next.add(INIT);
                } else if (state != null) {
                    next.addAll(state);
                }
                next.add(op.value());
                expected.put(op.key(), next);
                continue;
            }
            List<Value> read = elements(op);
            if (expected.containsKey(op.key()) && !consistent(state, read)) {
                report.add("internal", op.key().toString(), t + " read " + (read == null ? "nil" : read) + " of key "
                        + op.key() + " but expected " + describe(state), List.of(t));
                return;
            }
            expected.put(op.key(), read == null ? null : new ArrayList<>(read));
        }
    }

    private static boolean consistent(List<Object> expected, List<Value> read) {
        if (expected == null || read == null) {
            return expected == null && read == null;
        }
        if (!expected.isEmpty() && expected.get(0) == INIT) {
            List<Object> suffix = expected.subList(1, expected.size());
            int i = read.size() - suffix.size();
            return i >= 0 && read.subList(i, read.size()).equals(suffix);
        }
        return expected.equals(read);
    }

    private static String describe(List<Object> state) {
        if (state == null) {
            return "nil";
        }
        if (!state.isEmpty() && state.get(0) == INIT) {
            return "a list ending with " + state.subList(1, state.size());
        }
        return state.toString();
    }

    /** Future read: a transaction reads an element it only appends later. */
    private void futureRead(Txn t, AnomalyReport report) {
        Map<Value, List<List<Value>>> reads = null;
        for (MicroOp op : t.ops()) {
            if (op.isAppend()) {
                List<List<Value>> earlier = reads == null ? null : reads.get(op.key());
                if (earlier != null && earlier.stream().anyMatch(r -> r.contains(op.value()))) {
                    report.add("future-read", op.key().toString(), t + " read " + op.value() + " of key " + op.key()
                            + " before appending it itself", List.of(t));
                    return;
                }
            } else if (elements(op) != null && !elements(op).isEmpty()) {
                if (reads == null) {
                    reads = new HashMap<>();
                }
                reads.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(elements(op));
            }
        }
    }

    /**
     * Duplicate elements in any read of a possibly-committed transaction. A read that is a prefix of
     * its key's order (which has none once {@link Order#of} dropped repeats from the longest read
     * without shortening it) has none either, so only the other reads are hashed.
     */
    private void duplicates(List<Txn> txns, Orders orders, AnomalyReport report) {
        for (Txn t : txns) {
            if (!t.possible()) {
                continue;
            }
            for (MicroOp op : t.ops()) {
                List<Value> read = op.isRead() ? elements(op) : null;
                if (read == null || read.size() < 2) {
                    continue;
                }
                boolean clean = orders.duplicateFree().contains(op.key()) && isPrefix(read, orders.longest().get(op.key()));
                if (!clean && new HashSet<>(read).size() != read.size()) {
                    report.add("duplicate-elements", op.key().toString(), t + " read " + read + " of key " + op.key()
                            + ", which holds an element more than once", List.of(t));
                }
            }
        }
    }

    private static boolean isPrefix(List<Value> a, List<Value> b) {
        return a.size() <= b.size() && b.subList(0, a.size()).equals(a);
    }

    /** Each key's version order, and the longest read it came from (null for a key known only by its single append). */
    private record Orders(Map<Value, Order> orders, Map<Value, List<Value>> longest, Set<Value> duplicateFree) {
    }

    /**
     * Each key's version order from the reads of possibly-committed transactions (a key no read shows
     * but appended to exactly once has the order [that element]), reporting reads that are not
     * prefixes of the longest (Elle sorts the distinct reads by length and compares neighbours: the
     * same reads fail).
     */
    private Orders orders(List<Txn> txns, AnomalyReport report) {
        Map<Value, List<Value>> longest = new LinkedHashMap<>();
        Map<Value, Object> singleAppend = new LinkedHashMap<>();
        Object tooMany = new Object();
        for (Txn t : txns) {
            if (!t.possible()) {
                continue;
            }
            for (MicroOp op : t.ops()) {
                List<Value> read = op.isRead() ? elements(op) : null;
                if (op.isAppend()) {
                    singleAppend.merge(op.key(), op.value(), (a, b) -> tooMany);
                } else if (read != null && !read.isEmpty() && read.size() >= longest.getOrDefault(op.key(), List.of()).size()) {
                    longest.put(op.key(), read);
                }
            }
        }
        Set<Value> reported = new HashSet<>();
        for (Txn t : txns) {
            if (!t.possible()) {
                continue;
            }
            for (MicroOp op : t.ops()) {
                List<Value> read = op.isRead() ? elements(op) : null;
                if (read != null && !read.isEmpty() && !isPrefix(read, longest.get(op.key())) && reported.add(op.key())) {
                    report.add("incompatible-order", op.key().toString(), "key " + op.key() + " was read as " + read
                            + " and as " + longest.get(op.key()) + ": neither is a prefix of the other", List.of(t));
                }
            }
        }
        Map<Value, Order> orders = new HashMap<>();
        Set<Value> duplicateFree = new HashSet<>();
        longest.forEach((key, read) -> {
            Order order = Order.of(read);
            orders.put(key, order);
            if (order.values().size() == read.size()) {
                duplicateFree.add(key);
            }
        });
        singleAppend.forEach((k, v) -> {
            if (v != tooMany && !longest.containsKey(k)) {
                orders.put(k, Order.of(List.of((Value) v)));
            }
        });
        return new Orders(orders, longest, duplicateFree);
    }

    /**
     * Dirty update: in a key's order (its longest read by any completed transaction), a committed
     * append follows one by a failed transaction, with only failed or crashed appends between.
     */
    private void dirtyUpdates(List<Txn> txns, AnomalyReport report) {
        if (txns.stream().noneMatch(t -> t.failed() && t.ops().stream().anyMatch(MicroOp::isAppend))) {
            return;
        }
        Map<Value, List<Value>> longest = new HashMap<>();
        Map<Value, Map<Value, Txn>> writers = new HashMap<>();
        for (Txn t : txns) {
            if (t.pending()) {
                continue;
            }
            for (MicroOp op : t.ops()) {
                if (op.isAppend()) {
                    writers.computeIfAbsent(op.key(), k -> new HashMap<>()).put(op.value(), t);
                } else if (elements(op) != null && !elements(op).isEmpty()
                        && elements(op).size() >= longest.getOrDefault(op.key(), List.of()).size()) {
                    longest.put(op.key(), elements(op));
                }
            }
        }
        longest.forEach((key, order) -> {
            Txn before = null;
            List<Value> span = new ArrayList<>();
            for (Value v : Order.of(order).values()) {
                Txn t2 = writers.getOrDefault(key, Map.of()).get(v);
                if (t2 == null) {
                    continue;
                }
                span.add(v);
                boolean afterFailed = before != null && before.failed();
                if (t2.info() || t2.failed() && afterFailed) {
                    continue;
                }
                if (t2.ok() && afterFailed) {
                    report.add("dirty-update", key.toString(), "key " + key + ": " + t2 + " appended "
                            + v + " after failed " + before + " (elements " + span + ")", List.of(before, t2));
                }
                before = t2;
                span = new ArrayList<>(List.of(v));
            }
        });
    }

    /** ww, wr and rw edges between possibly-committed transactions, as Elle infers them. */
    private DependencyGraph graph(List<Txn> txns, Map<Value, Order> orders) {
        Map<Value, Map<Value, Txn>> writers = new HashMap<>();
        Map<Value, Map<Object, List<Txn>>> readers = new HashMap<>();
        for (Txn t : txns) {
            if (!t.possible()) {
                continue;
            }
            for (MicroOp op : t.ops()) {
                if (op.isAppend()) {
                    writers.computeIfAbsent(op.key(), k -> new HashMap<>()).put(op.value(), t);
                } else if (!(t.info() && op.value().isNil())) {
                    Object version = last(elements(op));
                    readers.computeIfAbsent(op.key(), k -> new HashMap<>())
                            .computeIfAbsent(version == null ? INIT : version, v -> new ArrayList<>()).add(t);
                }
            }
        }
        DependencyGraph graph = new DependencyGraph(txns.size());
        for (Txn t : txns) {
            if (!t.possible()) {
                continue;
            }
            for (MicroOp op : t.ops()) {
                Map<Value, Txn> keyWriters = writers.getOrDefault(op.key(), Map.of());
                if (op.isRead()) {
                    Value end = last(elements(op));
                    Txn writer = end == null ? null : keyWriters.get(end);
                    if (writer != null && writer != t) {
                        graph.add(writer.id(), t.id(), EdgeKind.WR);
                    }
                    continue;
                }
                Object previous = previouslyAppended(orders.get(op.key()), op.value());
                Txn writer = previous == INIT ? null : keyWriters.get((Value) previous);
                if (writer != null && writer != t) {
                    graph.add(writer.id(), t.id(), EdgeKind.WW);
                }
                for (Txn reader : readers.getOrDefault(op.key(), Map.of()).getOrDefault(previous, List.of())) {
                    if (reader != t) {
                        graph.add(reader.id(), t.id(), EdgeKind.RW);
                    }
                }
            }
        }
        return graph;
    }

    /**
     * The element appended just before this one, or INIT; an append no read shows came after the
     * last element any read shows.
     */
    private static Object previouslyAppended(Order order, Value element) {
        if (order == null || order.values().isEmpty()) {
            return INIT;
        }
        Integer index = order.indices().get(element);
        if (index == null) {
            return order.values().get(order.values().size() - 1);
        }
        return index > 0 ? order.values().get(index - 1) : INIT;
    }
}
