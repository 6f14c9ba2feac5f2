package io.paxsim.checkers.elle;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.Checker;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.History;
import io.paxsim.history.MicroOp;
import io.paxsim.history.OpType;
import io.paxsim.history.Value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Elle's list-append analysis ({@code elle.list-append}, 0.2.7), step for step. Transactions
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
 *
 * <p>Memory is flat in the history's length: the transactions are read into primitive columns
 * ({@link ListAppendTable}: a read that is a prefix of its key's longest read is stored as its
 * length), and every index below is an array by (key, element) pair id (given while the table is
 * filled), or a primitive map where a pair is not enough (lost updates' versions). Only
 * per-transaction checks (internal, future-read) see decoded micro-ops, one transaction at a time.
 */
public final class ListAppendChecker implements Checker {
    private static final int INIT = ListAppendTable.NONE;
    /** The internal check's marker for "the version before this transaction's first append" in an expected list. */
    private static final Object BEFORE = new Object();

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

    @Override
    public Verdict check(History history, Budget budget) {
        AnomalyReport report = new AnomalyReport();
        IntermediateAppends intermediates = new IntermediateAppends();
        ListAppendTable txns = ListAppendTable.of(history, name(), (table, id, outcome, from, to) -> {
            if (to - from > 1) {
                intermediates.note(table, id, from, to);
            }
            if (outcome == OpType.OK && to - from > 1 && internalOrFutureRead(table, from, to)) {
                List<MicroOp> ops = table.decodedMicroOps(id);
                // The call is built only when a finding is kept and shown.
                Supplier<String> t = () -> Txn.describe(id, history.calls().get(id).index(),
                        history.calls().get(id).process(), outcome, ops);
                Supplier<List<Long>> at = () -> List.of(history.calls().get(id).index());
                internal(t, at, ops, report);
                futureRead(t, at, ops, report);
            }
        });
        abortedReads(txns, report);
        intermediateReads(txns, intermediates.byPair(txns), report);
        Orders orders = orders(txns, report);
        duplicates(txns, orders, report);
        dirtyUpdates(txns, report);
        lostUpdates(txns, report);
        DependencyGraph graph = graph(txns, orders);
        if (budget.timeExhausted()) {
            return new Verdict.Unknown(name(), "wall-clock timeout (machine-dependent) building the dependency graph");
        }
        return report.finish(name(), model, graph, txns, budget);
    }

    /** G1a: an ok read shows an element a failed transaction appended. */
    private static void abortedReads(ListAppendTable txns, AnomalyReport report) {
        int[] failed = null;
        for (int t = 0; t < txns.size(); t++) {
            if (txns.failed(t)) {
                for (int m = txns.opStart(t); m < txns.opEnd(t); m++) {
                    if (txns.isAppend(m)) {
                        failed = failed != null ? failed : byPair(txns);
                        failed[txns.pair(m)] = t;
                    }
                }
            }
        }
        if (failed == null) {
            return;
        }
        for (int t = 0; t < txns.size(); t++) {
            if (!txns.ok(t)) {
                continue;
            }
            for (int m = txns.opStart(t); m < txns.opEnd(t); m++) {
                if (txns.isAppend(m)) {
                    continue;
                }
                for (int i = 0; i < txns.readLength(m); i++) {
                    int e = txns.readElement(m, i);
                    int writer = failed[txns.readPair(m, i)];
                    if (writer >= 0) {
                        int reader = t;
                        int read = m;
                        Value key = txns.keyValue(txns.key(m));
                        report.add("G1a", key.toString(), () -> txns.describe(reader) + " read " + txns.readList(read)
                                + " of key " + key + ", with " + txns.elementValue(e) + " appended by failed "
                                + txns.describe(writer), txns, reader, writer);
                    }
                }
            }
        }
    }

    /**
     * The intermediate appends of every transaction (an append followed by another of its
     * transaction to the same key), noted by {@link #note} as the table is filled (each call's
     * micro-ops are then at hand, and have their pair ids), in call order: by pair id, the last
     * transaction that appended the pair and then appended to its key again.
     */
    private static final class IntermediateAppends {
        private int[] byPair;

        /** Call {@code t}'s micro-ops, {@code from} to {@code to} of the table, just filled. */
        void note(ListAppendTable txns, int t, int from, int to) {
            for (int m = from + 1; m < to; m++) {
                if (txns.isAppend(m)) {
                    int before = lastAppendBefore(txns, t, m);
                    if (before != INIT) {
                        byPair = sized(byPair, txns.pairCount());
                        byPair[txns.pair(before)] = t;
                    }
                }
            }
        }

        /** By pair id (every pair of the table), the transaction of an intermediate append, else -1; null when none has one. */
        int[] byPair(ListAppendTable txns) {
            return byPair == null ? null : sized(byPair, txns.pairCount());
        }

        private static int[] sized(int[] a, int pairs) {
            if (a != null && a.length >= pairs) {
                return a;
            }
            int old = a == null ? 0 : a.length;
            int[] grown = a == null ? new int[Math.max(64, pairs)] : Arrays.copyOf(a, Math.max(pairs, 2 * old));
            Arrays.fill(grown, old, grown.length, -1);
            return grown;
        }
    }

    /**
     * G1b: an ok read ends at an element another transaction appended before appending again to
     * that key; {@code intermediate} as {@link IntermediateAppends#byPair} gives it.
     */
    private static void intermediateReads(ListAppendTable txns, int[] intermediate, AnomalyReport report) {
        if (intermediate == null) {
            return;
        }
        for (int t = 0; t < txns.size(); t++) {
            if (!txns.ok(t)) {
                continue;
            }
            for (int m = txns.opStart(t); m < txns.opEnd(t); m++) {
                int endPair = txns.isAppend(m) ? INIT : txns.lastReadPair(m);
                int writer = endPair == INIT ? -1 : intermediate[endPair];
                if (writer >= 0 && writer != t) {
                    int reader = t;
                    int read = m;
                    Value key = txns.keyValue(txns.key(m));
                    report.add("G1b", key.toString(), () -> txns.describe(reader) + " read " + txns.readList(read)
                            + " of key " + key + ", ending at " + txns.elementValue(txns.lastRead(read))
                            + ", an intermediate append of " + txns.describe(writer), txns, reader, writer);
                }
            }
        }
    }

    /** Transaction t's last append to m's key before micro-op m (the micro-op), or INIT. */
    private static int lastAppendBefore(ListAppendTable txns, int t, int m) {
        for (int p = m - 1; p >= txns.opStart(t); p--) {
            if (txns.isAppend(p) && txns.key(p) == txns.key(m)) {
                return p;
            }
        }
        return INIT;
    }

    /** An array by pair id, every entry -1 (no transaction). */
    private static int[] byPair(ListAppendTable txns) {
        int[] a = new int[txns.pairCount()];
        Arrays.fill(a, -1);
        return a;
    }

    /**
     * Whether {@link #internal} or {@link #futureRead} would find something in the transaction
     * whose micro-ops are {@code from} to {@code to}, from the columns (element ids are equal
     * exactly when the values are): only such a transaction is decoded for them to report it.
     */
    private static boolean internalOrFutureRead(ListAppendTable txns, int from, int to) {
        for (int m = from + 1; m < to; m++) {
            if (txns.isAppend(m) ? readBeforeItsAppend(txns, from, m) : readDisagreesWithTxn(txns, from, m)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #futureRead}: an earlier read of append m's key shows m's element. */
    private static boolean readBeforeItsAppend(ListAppendTable txns, int from, int m) {
        for (int p = from; p < m; p++) {
            if (!txns.isAppend(p) && txns.key(p) == txns.key(m)) {
                for (int i = 0; i < txns.readLength(p); i++) {
                    if (txns.readElement(p, i) == txns.element(m)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * {@link #internal}: read m disagrees with what the transaction's own earlier micro-ops of its
     * key say: the latest earlier read of the key plus the appends since (a nil read followed by
     * appends expects exactly those appends), or, with appends but no earlier read, a list ending
     * with those appends.
     */
    private static boolean readDisagreesWithTxn(ListAppendTable txns, int from, int m) {
        int key = txns.key(m);
        int lastRead = -1;
        int appendsSince = 0;
        for (int p = from; p < m; p++) {
            if (txns.key(p) != key) {
                continue;
            }
            if (txns.isAppend(p)) {
                appendsSince++;
            } else {
                lastRead = p;
                appendsSince = 0;
            }
        }
        int n = txns.readLength(m);
        if (lastRead < 0) {
            // Appends only (or nothing of this key before m): the read must end with them.
            return appendsSince > 0 && (n < appendsSince || !endsWithAppends(txns, from, m, n - appendsSince));
        }
        int before = txns.readLength(lastRead);
        if (before == ListAppendTable.NIL_READ && appendsSince == 0) {
            return n != ListAppendTable.NIL_READ;
        }
        int expected = Math.max(0, before) + appendsSince;
        if (n != expected) {
            return true;
        }
        for (int i = 0; i < Math.max(0, before); i++) {
            if (txns.readElement(m, i) != txns.readElement(lastRead, i)) {
                return true;
            }
        }
        return !endsWithAppends(txns, Math.max(from, lastRead), m, Math.max(0, before));
    }

    /** Whether read m's elements from {@code at} on are the appends to its key between {@code from} and m, in order. */
    private static boolean endsWithAppends(ListAppendTable txns, int from, int m, int at) {
        int i = at;
        for (int p = from; p < m; p++) {
            if (txns.isAppend(p) && txns.key(p) == txns.key(m)) {
                if (txns.readElement(m, i++) != txns.element(p)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Internal consistency: a read must agree with the transaction's own earlier read of the key
     * plus its appends since, or — with no earlier read — end with its appends so far.
     */
    private static void internal(Supplier<String> t, Supplier<List<Long>> at, List<MicroOp> ops, AnomalyReport report) {
        Map<Value, List<Object>> expected = new HashMap<>();
        for (MicroOp op : ops) {
            List<Object> state = expected.get(op.key());
            if (op.isAppend()) {
                List<Object> next = new ArrayList<>();
                if (state == null && !expected.containsKey(op.key())) {
                    next.add(BEFORE);
                } else if (state != null) {
                    next.addAll(state);
                }
                next.add(op.value());
                expected.put(op.key(), next);
                continue;
            }
            List<Value> read = elements(op);
            if (expected.containsKey(op.key()) && !consistent(state, read)) {
                report.add("internal", op.key().toString(), () -> t.get() + " read " + (read == null ? "nil" : read)
                        + " of key " + op.key() + " but expected " + describe(state), at);
                return;
            }
            expected.put(op.key(), read == null ? null : new ArrayList<>(read));
        }
    }

    private static List<Value> elements(MicroOp read) {
        return read.value() instanceof Value.Vec v ? v.items() : null;
    }

    private static boolean consistent(List<Object> expected, List<Value> read) {
        if (expected == null || read == null) {
            return expected == null && read == null;
        }
        if (!expected.isEmpty() && expected.get(0) == BEFORE) {
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
        if (!state.isEmpty() && state.get(0) == BEFORE) {
            return "a list ending with " + state.subList(1, state.size());
        }
        return state.toString();
    }

    /** Future read: a transaction reads an element it only appends later. */
    private static void futureRead(Supplier<String> t, Supplier<List<Long>> at, List<MicroOp> ops, AnomalyReport report) {
        Map<Value, List<List<Value>>> reads = null;
        for (MicroOp op : ops) {
            if (op.isAppend()) {
                List<List<Value>> earlier = reads == null ? null : reads.get(op.key());
                if (earlier != null && earlier.stream().anyMatch(r -> r.contains(op.value()))) {
                    report.add("future-read", op.key().toString(), () -> t.get() + " read " + op.value() + " of key "
                            + op.key() + " before appending it itself", at);
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
     * Each key's version order: its longest read's distinct elements, or (a key no read shows but
     * appended to exactly once) that element; and each element's position in it.
     */
    private record Orders(int[][] orders, int[][] orderPairs, int[] indices, boolean[] duplicateFree) {
        int[] of(int key) {
            return orders[key];
        }

        /** The element's position in its key's order, by its pair id; -1 when not in it. */
        int index(int pair) {
            return indices[pair];
        }
    }

    /**
     * Each key's version order from the reads of possibly-committed transactions, reporting reads
     * that are not prefixes of the longest (Elle sorts the distinct reads by length and compares
     * neighbours: the same reads fail).
     */
    private static Orders orders(ListAppendTable txns, AnomalyReport report) {
        int keys = txns.keyCount();
        boolean[] reported = new boolean[keys];
        int[] appends = new int[keys];
        int[] single = new int[keys];
        int[] singlePair = new int[keys];
        for (int t = 0; t < txns.size(); t++) {
            if (!txns.possible(t)) {
                continue;
            }
            for (int m = txns.opStart(t); m < txns.opEnd(t); m++) {
                int key = txns.key(m);
                if (txns.isAppend(m)) {
                    appends[key]++;
                    single[key] = txns.element(m);
                    singlePair[key] = txns.pair(m);
                } else if (txns.readLength(m) > 0 && !txns.isPrefixRead(m) && !reported[key]) {
                    reported[key] = true;
                    int reader = t;
                    int read = m;
                    Value k = txns.keyValue(key);
                    report.add("incompatible-order", k.toString(), () -> "key " + k + " was read as " + txns.readList(read)
                            + " and as " + txns.elementValues(txns.longest(key)) + ": neither is a prefix of the other",
                            txns, reader);
                }
            }
        }
        int[][] orders = new int[keys][];
        int[][] orderPairs = new int[keys][];
        int[] indices = byPair(txns);
        boolean[] duplicateFree = new boolean[keys];
        for (int key = 0; key < keys; key++) {
            int[] longest = txns.longest(key);
            int[] pairs = txns.longestPairs(key);
            if (longest == null && appends[key] == 1) {
                longest = new int[]{single[key]};
                pairs = new int[]{singlePair[key]};
            }
            if (longest != null) {
                int[] kept = distinct(pairs, indices);
                orders[key] = kept == null ? longest : pick(longest, kept);
                orderPairs[key] = kept == null ? pairs : pick(pairs, kept);
                duplicateFree[key] = kept == null;
            }
        }
        return new Orders(orders, orderPairs, indices, duplicateFree);
    }

    /**
     * Records in {@code indices}, by pair id, each pair's position among the distinct pairs of
     * {@code pairs} (first appearances, in order); returns the places of those first appearances
     * when some pair repeats, else null (the arrays are the table's: they are not changed).
     */
    private static int[] distinct(int[] pairs, int[] indices) {
        int[] kept = null;
        int n = 0;
        for (int i = 0; i < pairs.length; i++) {
            if (indices[pairs[i]] < 0) {
                indices[pairs[i]] = n;
                if (kept != null) {
                    kept[n] = i;
                }
                n++;
            } else if (kept == null) {
                kept = new int[pairs.length];
                for (int j = 0; j < i; j++) {
                    kept[j] = j;
                }
            }
        }
        return kept == null ? null : Arrays.copyOf(kept, n);
    }

    private static int[] pick(int[] values, int[] places) {
        int[] picked = new int[places.length];
        for (int i = 0; i < places.length; i++) {
            picked[i] = values[places[i]];
        }
        return picked;
    }

    /** The elements in order of first appearance, each one's position recorded in {@code indices}. */
    private static int[] distinct(int key, int[] elements, LongIntMap indices) {
        int[] order = new int[elements.length];
        int n = 0;
        for (int e : elements) {
            if (indices.putIfAbsent(LongIntMap.pair(key, e), n) < 0) {
                order[n++] = e;
            }
        }
        return n == order.length ? order : Arrays.copyOf(order, n);
    }

    /**
     * Duplicate elements in any read of a possibly-committed transaction. A read that is a prefix of
     * its key's order (which has none once repeats are dropped from the longest read without
     * shortening it) has none either, so only the other reads are checked.
     */
    private static void duplicates(ListAppendTable txns, Orders orders, AnomalyReport report) {
        int[] seen = null;
        for (int t = 0; t < txns.size(); t++) {
            if (!txns.possible(t)) {
                continue;
            }
            for (int m = txns.opStart(t); m < txns.opEnd(t); m++) {
                if (txns.isAppend(m) || txns.readLength(m) < 2
                        || orders.duplicateFree()[txns.key(m)] && txns.isPrefixRead(m)) {
                    continue;
                }
                seen = seen != null ? seen : byPair(txns);
                if (hasDuplicate(txns, m, seen)) {
                    int reader = t;
                    int read = m;
                    Value key = txns.keyValue(txns.key(m));
                    report.add("duplicate-elements", key.toString(), () -> txns.describe(reader) + " read "
                            + txns.readList(read) + " of key " + key + ", which holds an element more than once", txns, reader);
                }
            }
        }
    }

    /** {@code seen} holds, by pair id, the last read that showed the pair: one array serves every read without clearing. */
    private static boolean hasDuplicate(ListAppendTable txns, int m, int[] seen) {
        int n = txns.readLength(m);
        for (int i = 0; i < n; i++) {
            int pair = txns.readPair(m, i);
            if (seen[pair] == m) {
                return true;
            }
            seen[pair] = m;
        }
        return false;
    }

    /**
     * Dirty update: in a key's order (its longest read by any completed transaction), a committed
     * append follows one by a failed transaction, with only failed or crashed appends between.
     */
    private static void dirtyUpdates(ListAppendTable txns, AnomalyReport report) {
        if (!anyFailedAppend(txns)) {
            return;
        }
        int[] writers = byPair(txns);
        for (int t = 0; t < txns.size(); t++) {
            if (txns.pending(t)) {
                continue;
            }
            for (int m = txns.opStart(t); m < txns.opEnd(t); m++) {
                if (txns.isAppend(m)) {
                    writers[txns.pair(m)] = t;
                }
            }
        }
        // Keys in the order Elle's (and the object checker's) hash map of longest reads visits them.
        Map<Value, Integer> keys = new HashMap<>();
        for (int key : txns.completedKeyOrder()) {
            keys.put(txns.keyValue(key), key);
        }
        keys.forEach((keyValue, key) -> dirtyUpdates(txns, key, writers, report));
    }

    private static boolean anyFailedAppend(ListAppendTable txns) {
        for (int t = 0; t < txns.size(); t++) {
            if (txns.failed(t)) {
                for (int m = txns.opStart(t); m < txns.opEnd(t); m++) {
                    if (txns.isAppend(m)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void dirtyUpdates(ListAppendTable txns, int key, int[] writers, AnomalyReport report) {
        int before = -1;
        List<Integer> span = new ArrayList<>();
        for (int v : distinct(key, txns.longestCompleted(key), new LongIntMap())) {
            int pair = txns.pairOf(key, v);
            int t2 = pair < 0 ? -1 : writers[pair];
            if (t2 < 0) {
                continue;
            }
            span.add(v);
            boolean afterFailed = before >= 0 && txns.failed(before);
            if (txns.info(t2) || txns.failed(t2) && afterFailed) {
                continue;
            }
            if (txns.ok(t2) && afterFailed) {
                int failed = before;
                int[] elements = span.stream().mapToInt(Integer::intValue).toArray();
                Value k = txns.keyValue(key);
                report.add("dirty-update", k.toString(), () -> "key " + k + ": " + txns.describe(t2) + " appended "
                        + txns.elementValue(v) + " after failed " + txns.describe(failed) + " (elements "
                        + txns.elementValues(elements) + ")", txns, failed, t2);
            }
            before = t2;
            span = new ArrayList<>(List.of(v));
        }
    }

    /**
     * Elle's lost update ({@code elle.txn/lost-update-cases}): two or more committed transactions
     * read the same version of a key and then each appended to it. Reported per key and version in
     * the order each was first met, as Elle's (insertion-ordered) maps give them.
     */
    private static void lostUpdates(ListAppendTable txns, AnomalyReport report) {
        // Whether a (key, version) was read by an earlier first write: a prefix or nil read's version
        // by its slot in an array (see versionSlots), an irregular read's in a map.
        int[] slots = null;
        boolean[] seen = null;
        LongIntMap irregularSeen = new LongIntMap();
        Map<List<Integer>, Integer> irregularVersions = new HashMap<>();
        int[] entries = new int[3 * 64];
        int count = 0;
        boolean lost = false;
        for (int t = 0; t < txns.size(); t++) {
            if (!txns.ok(t) || txns.opCount(t) < 2) {
                continue;
            }
            for (int m = txns.opStart(t); m < txns.opEnd(t); m++) {
                int read = txns.isAppend(m) ? firstReadOfFirstWrite(txns, t, m) : -1;
                if (read < 0) {
                    continue;
                }
                int version = txns.readVersion(read, irregularVersions);
                if (version >= ListAppendTable.NIL_READ) {
                    slots = slots != null ? slots : versionSlots(txns);
                    seen = seen != null ? seen : new boolean[slots[txns.keyCount()]];
                    int slot = slots[txns.key(m)] + version + 1;
                    lost |= seen[slot];
                    seen[slot] = true;
                } else {
                    long group = ((long) txns.key(m) << 32) | (version & 0xFFFF_FFFFL);
                    lost |= irregularSeen.putIfAbsent(group, 1) >= 0;
                }
                entries = grow(entries, 3 * count + 3);
                entries[3 * count] = txns.key(m);
                entries[3 * count + 1] = read;
                entries[3 * count + 2] = t;
                count++;
            }
        }
        if (lost) {
            reportLostUpdates(txns, entries, count, irregularVersions, report);
        }
    }

    /**
     * Per key, where its versions' slots start in one array (the last entry: the slot count): a
     * key's prefix and nil reads' versions ({@link ListAppendTable#readVersion}: nil, or a length
     * up to its longest read's) take {@code length + 2} slots, version v at {@code start + v + 1}.
     */
    private static int[] versionSlots(ListAppendTable txns) {
        int keys = txns.keyCount();
        int[] start = new int[keys + 1];
        for (int key = 0; key < keys; key++) {
            int[] longest = txns.longest(key);
            start[key + 1] = start[key] + (longest == null ? 0 : longest.length) + 2;
        }
        return start;
    }

    /**
     * For an append that is the transaction's first to its key after its first read of that key,
     * that read (the version it "read", as Elle takes it); else -1.
     */
    private static int firstReadOfFirstWrite(ListAppendTable txns, int t, int m) {
        int read = -1;
        for (int p = txns.opStart(t); p < m; p++) {
            if (txns.key(p) != txns.key(m)) {
                continue;
            }
            if (read < 0 && !txns.isAppend(p)) {
                read = p;
            } else if (read >= 0 && txns.isAppend(p)) {
                return -1;
            }
        }
        return read;
    }

    private static void reportLostUpdates(ListAppendTable txns, int[] entries, int count,
                                          Map<List<Integer>, Integer> irregularVersions, AnomalyReport report) {
        Map<Integer, Map<Integer, List<Integer>>> byKeyAndRead = new LinkedHashMap<>();
        Map<Long, Integer> readOfVersion = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int read = entries[3 * i + 1];
            int version = txns.readVersion(read, irregularVersions);
            readOfVersion.putIfAbsent(((long) entries[3 * i] << 32) | (version & 0xFFFF_FFFFL), read);
            byKeyAndRead.computeIfAbsent(entries[3 * i], k -> new LinkedHashMap<>())
                    .computeIfAbsent(version, v -> new ArrayList<>()).add(entries[3 * i + 2]);
        }
        byKeyAndRead.forEach((key, reads) -> reads.forEach((version, writers) -> {
            if (writers.size() > 1) {
                Value k = txns.keyValue(key);
                Value read = txns.readValue(readOfVersion.get(((long) key << 32) | (version & 0xFFFF_FFFFL)));
                int[] ids = writers.stream().mapToInt(Integer::intValue).toArray();
                report.add("lost-update", k.toString(), () -> writers.size() + " transactions read version " + read
                        + " of key " + k + " and each then wrote it: " + writers.stream().map(txns::describe).toList(),
                        txns, ids);
            }
        }));
    }

    private static int[] grow(int[] a, int needed) {
        return needed <= a.length ? a : Arrays.copyOf(a, Math.max(needed, 2 * a.length));
    }

    /** ww, wr and rw edges between possibly-committed transactions, as Elle infers them (in the object checker's order). */
    private static DependencyGraph graph(ListAppendTable txns, Orders orders) {
        int[] writers = byPair(txns);
        Readers readers = new Readers(txns);
        for (int t = 0; t < txns.size(); t++) {
            if (!txns.possible(t)) {
                continue;
            }
            for (int m = txns.opStart(t); m < txns.opEnd(t); m++) {
                if (txns.isAppend(m)) {
                    writers[txns.pair(m)] = t;
                }
            }
        }
        DependencyGraph graph = new DependencyGraph(txns.size());
        for (int t = 0; t < txns.size(); t++) {
            if (!txns.possible(t)) {
                continue;
            }
            for (int m = txns.opStart(t); m < txns.opEnd(t); m++) {
                int key = txns.key(m);
                if (!txns.isAppend(m)) {
                    int end = txns.lastReadPair(m);
                    int writer = end == INIT ? -1 : writers[end];
                    if (writer >= 0 && writer != t) {
                        graph.add(writer, t, EdgeKind.WR);
                    }
                    continue;
                }
                int previous = previouslyAppended(orders, key, txns.pair(m));
                int writer = previous == INIT ? -1 : writers[previous];
                if (writer >= 0 && writer != t) {
                    graph.add(writer, t, EdgeKind.WW);
                }
                int group = readers.group(key, previous);
                for (int i = group < 0 ? 0 : readers.start(group); group >= 0 && i < readers.end(group); i++) {
                    if (readers.reader(i) != t) {
                        graph.add(readers.reader(i), t, EdgeKind.RW);
                    }
                }
            }
        }
        return graph;
    }

    /**
     * The pair id of the element appended just before the append of {@code pair} to {@code key}, or
     * INIT; an append no read shows came after the last element any read shows.
     */
    private static int previouslyAppended(Orders orders, int key, int pair) {
        int[] order = orders.orderPairs()[key];
        if (order == null || order.length == 0) {
            return INIT;
        }
        int index = orders.index(pair);
        if (index < 0) {
            return order[order.length - 1];
        }
        return index > 0 ? order[index - 1] : INIT;
    }

    /**
     * The possibly-committed readers of each (key, version) — a version is the last element read,
     * or INIT for an empty read — in transaction order, as one array sliced by version: a version
     * is numbered by its pair id, INIT of key k by pair count + k. A crashed transaction's nil read
     * read nothing and is left out.
     */
    private static final class Readers {
        private final int pairs;
        private final int[] start;
        private final int[] readers;

        Readers(ListAppendTable txns) {
            pairs = txns.pairCount();
            int versions = pairs + txns.keyCount();
            start = new int[versions + 1];
            for (int t = 0; t < txns.size(); t++) {
                for (int m = txns.opStart(t); m < txns.opEnd(t); m++) {
                    if (reads(txns, t, m)) {
                        start[version(txns, m) + 1]++;
                    }
                }
            }
            for (int v = 0; v < versions; v++) {
                start[v + 1] += start[v];
            }
            int[] fill = Arrays.copyOf(start, versions);
            readers = new int[start[versions]];
            for (int t = 0; t < txns.size(); t++) {
                for (int m = txns.opStart(t); m < txns.opEnd(t); m++) {
                    if (reads(txns, t, m)) {
                        readers[fill[version(txns, m)]++] = t;
                    }
                }
            }
        }

        private static boolean reads(ListAppendTable txns, int t, int m) {
            return txns.possible(t) && !txns.isAppend(m) && !(txns.info(t) && txns.readLength(m) == ListAppendTable.NIL_READ);
        }

        private int version(ListAppendTable txns, int m) {
            return version(txns.key(m), txns.lastReadPair(m));
        }

        private int version(int key, int pair) {
            return pair == INIT ? pairs + key : pair;
        }

        /** The group of readers of {@code pair} (an element's pair id, or INIT) of {@code key}; -1 when none read it. */
        int group(int key, int pair) {
            int v = version(key, pair);
            return start[v] < start[v + 1] ? v : -1;
        }

        int start(int group) {
            return start[group];
        }

        int end(int group) {
            return start[group + 1];
        }

        int reader(int i) {
            return readers[i];
        }
    }
}
