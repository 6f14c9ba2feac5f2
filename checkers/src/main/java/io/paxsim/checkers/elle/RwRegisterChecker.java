package io.paxsim.checkers.elle;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.Checker;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.History;
import io.paxsim.history.Value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Elle's rw-register analysis ({@code elle.rw-register}, 0.2.7, default options). Writes are
 * unique per key, so an external read (a transaction's first access to a key, when it is a read)
 * names its writer: wr from the committed transaction whose final write to the key was that value.
 * The only version order Elle assumes by default is that the initial nil precedes every written
 * value, which gives rw from every committed transaction that read nil to every committed writer
 * of the key. Besides cycles: G1a (a read of a failed write), G1b (a read of a value its writer
 * overwrote in the same transaction), internal, lost-update.
 *
 * <p>Memory is flat in the history's length: the transactions are read once into primitive
 * columns ({@link RwRegisterTable}) and every index below is keyed by (key id, value id) pairs in
 * primitive maps, as {@link ListAppendChecker} does. Findings, their order and their messages are
 * those of the object checker it replaced ({@code RwRegisterAgreementProperties}).
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

    @Override
    public Verdict check(History history, Budget budget) {
        RwRegisterTable txns = RwRegisterTable.of(history, name());
        AnomalyReport report = new AnomalyReport();
        abortedReads(txns, report);
        intermediateReads(txns, report);
        for (int t = 0; t < txns.size(); t++) {
            if (txns.ok(t)) {
                internal(txns, t, report);
            }
        }
        lostUpdates(txns, report);
        DependencyGraph graph = graph(txns);
        return report.finish(name(), model, graph, txns, budget);
    }

    /** G1a: an ok read of a value a failed transaction wrote (the last such writer, in call order). */
    private static void abortedReads(RwRegisterTable txns, AnomalyReport report) {
        LongIntMap failed = new LongIntMap();
        for (int t = 0; t < txns.size(); t++) {
            if (txns.failed(t)) {
                for (int m = txns.opStart(t); m < txns.opEnd(t); m++) {
                    if (txns.isWrite(m)) {
                        failed.put(LongIntMap.pair(txns.key(m), txns.value(m)), t);
                    }
                }
            }
        }
        if (failed.isEmpty()) {
            return;
        }
        for (int t = 0; t < txns.size(); t++) {
            if (!txns.ok(t)) {
                continue;
            }
            for (int m = txns.opStart(t); m < txns.opEnd(t); m++) {
                int writer = txns.isRead(m) ? failed.get(LongIntMap.pair(txns.key(m), txns.value(m)), -1) : -1;
                if (writer >= 0) {
                    int reader = t;
                    Value key = txns.keyValue(txns.key(m));
                    Value value = txns.valueOf(txns.value(m));
                    report.add("G1a", key.toString(), () -> txns.describe(reader) + " read " + key + " = " + value
                            + ", written by failed " + txns.describe(writer), txns, reader, writer);
                }
            }
        }
    }

    /** G1b: an ok read of a value its writer overwrote later in the same transaction. */
    private static void intermediateReads(RwRegisterTable txns, AnomalyReport report) {
        LongIntMap intermediate = new LongIntMap();
        for (int t = 0; t < txns.size(); t++) {
            for (int m = txns.opStart(t); m < txns.opEnd(t); m++) {
                if (txns.isWrite(m)) {
                    int before = lastWriteBefore(txns, t, m);
                    if (before >= 0) {
                        intermediate.put(LongIntMap.pair(txns.key(m), before), t);
                    }
                }
            }
        }
        if (intermediate.isEmpty()) {
            return;
        }
        for (int t = 0; t < txns.size(); t++) {
            if (!txns.ok(t)) {
                continue;
            }
            for (int m = txns.opStart(t); m < txns.opEnd(t); m++) {
                int writer = txns.isRead(m) ? intermediate.get(LongIntMap.pair(txns.key(m), txns.value(m)), -1) : -1;
                if (writer >= 0 && writer != t) {
                    int reader = t;
                    Value key = txns.keyValue(txns.key(m));
                    Value value = txns.valueOf(txns.value(m));
                    report.add("G1b", key.toString(), () -> txns.describe(reader) + " read " + key + " = " + value
                            + ", an intermediate write of " + txns.describe(writer), txns, reader, writer);
                }
            }
        }
    }

    /** The value transaction t wrote to m's key last before micro-op m, or -1. */
    private static int lastWriteBefore(RwRegisterTable txns, int t, int m) {
        for (int p = m - 1; p >= txns.opStart(t); p--) {
            if (txns.isWrite(p) && txns.key(p) == txns.key(m)) {
                return txns.value(p);
            }
        }
        return -1;
    }

    /** Internal consistency: a read agrees with the transaction's own last write or read of the key. */
    private static void internal(RwRegisterTable txns, int t, AnomalyReport report) {
        for (int m = txns.opStart(t); m < txns.opEnd(t); m++) {
            if (!txns.isRead(m)) {
                continue;
            }
            int expected = lastAccessBefore(txns, t, m);
            if (expected >= 0 && expected != txns.value(m)) {
                Value key = txns.keyValue(txns.key(m));
                Value value = txns.valueOf(txns.value(m));
                Value known = txns.valueOf(expected);
                report.add("internal", key.toString(), () -> txns.describe(t) + " read " + key + " = " + value
                        + " after itself writing or reading " + known, txns, t);
                return;
            }
        }
    }

    /** The value transaction t last wrote or read for m's key before micro-op m, or -1. */
    private static int lastAccessBefore(RwRegisterTable txns, int t, int m) {
        for (int p = m - 1; p >= txns.opStart(t); p--) {
            if (txns.key(p) == txns.key(m)) {
                return txns.value(p);
            }
        }
        return -1;
    }

    /**
     * Elle's lost update ({@code elle.txn/lost-update-cases}): two or more committed transactions
     * read the same version of a key and then each wrote that key. A transaction's version of a key
     * is fixed by its first read of it; its first write after that puts it in the (key, version)
     * group. Groups are reported in the order their keys, then versions, first formed a group.
     */
    private static void lostUpdates(RwRegisterTable txns, AnomalyReport report) {
        LongIntMap groupOf = new LongIntMap();
        int[] groupKey = new int[16];
        int[] groupVersion = new int[16];
        int[] groupSize = new int[16];
        int groups = 0;
        int[] keyRank = new int[txns.keyCount()];
        Arrays.fill(keyRank, -1);
        int ranked = 0;
        long[] members = new long[16];
        int memberCount = 0;
        for (int t = 0; t < txns.size(); t++) {
            if (!txns.ok(t) || txns.opCount(t) < 2) {
                continue;
            }
            for (int m = txns.opStart(t); m < txns.opEnd(t); m++) {
                if (!txns.isWrite(m) || writtenBefore(txns, t, m)) {
                    continue;
                }
                int read = firstReadBefore(txns, t, m);
                if (read < 0) {
                    continue;
                }
                int key = txns.key(m);
                long pair = LongIntMap.pair(key, read);
                int g = groupOf.get(pair, -1);
                if (g < 0) {
                    g = groups++;
                    if (g == groupKey.length) {
                        groupKey = Arrays.copyOf(groupKey, g * 2);
                        groupVersion = Arrays.copyOf(groupVersion, g * 2);
                        groupSize = Arrays.copyOf(groupSize, g * 2);
                    }
                    groupKey[g] = key;
                    groupVersion[g] = read;
                    groupOf.put(pair, g);
                    if (keyRank[key] < 0) {
                        keyRank[key] = ranked++;
                    }
                }
                groupSize[g]++;
                if (memberCount == members.length) {
                    members = Arrays.copyOf(members, memberCount * 2);
                }
                members[memberCount++] = ((long) g << 32) | t;
            }
        }
        long[] order = new long[groups];
        int lost = 0;
        for (int g = 0; g < groups; g++) {
            if (groupSize[g] > 1) {
                order[lost++] = ((long) keyRank[groupKey[g]] << 32) | g;
            }
        }
        if (lost == 0) {
            return;
        }
        Arrays.sort(order, 0, lost);
        long[] byGroup = Arrays.copyOf(members, memberCount);
        Arrays.sort(byGroup); // by group, then transaction id (call order, as the object checker listed them)
        for (int i = 0; i < lost; i++) {
            int g = (int) order[i];
            int[] writers = membersOf(byGroup, g);
            Value key = txns.keyValue(groupKey[g]);
            Value version = txns.valueOf(groupVersion[g]);
            report.add("lost-update", key.toString(), () -> {
                List<String> described = new ArrayList<>();
                for (int w : writers) {
                    described.add(txns.describe(w));
                }
                return writers.length + " transactions read version " + version + " of key " + key
                        + " and each then wrote it: " + described;
            }, txns, writers);
        }
    }

    private static int[] membersOf(long[] byGroup, int g) {
        int from = Arrays.binarySearch(byGroup, (long) g << 32);
        from = from >= 0 ? from : -from - 1;
        int to = from;
        while (to < byGroup.length && (int) (byGroup[to] >>> 32) == g) {
            to++;
        }
        int[] writers = new int[to - from];
        for (int i = from; i < to; i++) {
            writers[i - from] = (int) byGroup[i];
        }
        return writers;
    }

    /** Whether transaction t wrote m's key before micro-op m after first reading it (so m is not its first such write). */
    private static boolean writtenBefore(RwRegisterTable txns, int t, int m) {
        boolean read = false;
        for (int p = txns.opStart(t); p < m; p++) {
            if (txns.key(p) != txns.key(m)) {
                continue;
            }
            if (txns.isWrite(p) && read) {
                return true;
            }
            read |= txns.isRead(p);
        }
        return false;
    }

    /**
     * The version transaction t "read" of m's key before micro-op m: the value of its first read of
     * the key, or -1 if it read none before m. (A write before the first read fixes nothing.)
     */
    private static int firstReadBefore(RwRegisterTable txns, int t, int m) {
        for (int p = txns.opStart(t); p < m; p++) {
            if (txns.key(p) == txns.key(m) && txns.isRead(p)) {
                return txns.value(p);
            }
        }
        return -1;
    }

    /** wr from external writes to external reads; rw from readers of the initial nil to every writer of the key. */
    private DependencyGraph graph(RwRegisterTable txns) {
        // Each ok transaction's external reads (first access to a key is a read) and final writes per key.
        LongIntMap writer = new LongIntMap();
        LongIntMap secondWriter = new LongIntMap();
        long[] writes = new long[16];
        int writeCount = 0;
        long[] reads = new long[16];
        int readCount = 0;
        for (int t = 0; t < txns.size(); t++) {
            if (!txns.ok(t)) {
                continue;
            }
            for (int m = txns.opStart(t); m < txns.opEnd(t); m++) {
                int key = txns.key(m);
                if (txns.isRead(m) && firstAccess(txns, t, m)) {
                    if (readCount == reads.length) {
                        reads = Arrays.copyOf(reads, readCount * 2);
                    }
                    reads[readCount++] = ((long) t << 32) | m - txns.opStart(t);
                } else if (txns.isWrite(m) && lastWrite(txns, t, m)) {
                    long pair = LongIntMap.pair(key, txns.value(m));
                    if (writer.putIfAbsent(pair, t) >= 0 && secondWriter.get(pair, -1) < 0) {
                        secondWriter.put(pair, t);
                    }
                    if (writeCount == writes.length) {
                        writes = Arrays.copyOf(writes, writeCount * 2);
                    }
                    writes[writeCount++] = ((long) key << 32) | t;
                }
            }
        }
        checkUniqueWrites(txns, reads, readCount, secondWriter);
        DependencyGraph graph = new DependencyGraph(txns.size());
        // wr: the one writer of the value an external read saw.
        long[] nilReaders = new long[16];
        int nilCount = 0;
        for (int i = 0; i < readCount; i++) {
            int t = (int) (reads[i] >>> 32);
            int m = txns.opStart(t) + (int) reads[i];
            int w = writer.get(LongIntMap.pair(txns.key(m), txns.value(m)), -1);
            if (w >= 0) {
                graph.add(w, t, EdgeKind.WR);
            }
            if (txns.value(m) == txns.nil()) {
                if (nilCount == nilReaders.length) {
                    nilReaders = Arrays.copyOf(nilReaders, nilCount * 2);
                }
                nilReaders[nilCount++] = ((long) txns.key(m) << 32) | t;
            }
        }
        // rw: every nil reader of a key to every writer of a non-nil value to it.
        long[] nonNilWrites = new long[writeCount];
        int n = 0;
        for (int i = 0; i < writeCount; i++) {
            int t = (int) writes[i];
            int key = (int) (writes[i] >>> 32);
            if (finalWriteValue(txns, t, key) != txns.nil()) {
                nonNilWrites[n++] = writes[i];
            }
        }
        Arrays.sort(nonNilWrites, 0, n);
        long[] nils = Arrays.copyOf(nilReaders, nilCount);
        Arrays.sort(nils);
        for (int i = 0, j = 0; i < nils.length; ) {
            int key = (int) (nils[i] >>> 32);
            int end = i;
            while (end < nils.length && (int) (nils[end] >>> 32) == key) {
                end++;
            }
            while (j < n && (int) (nonNilWrites[j] >>> 32) < key) {
                j++;
            }
            for (int w = j; w < n && (int) (nonNilWrites[w] >>> 32) == key; w++) {
                for (int r = i; r < end; r++) {
                    graph.add((int) nils[r], (int) nonNilWrites[w], EdgeKind.RW);
                }
            }
            i = end;
        }
        return graph;
    }

    /**
     * Bad input, as the object checker threw it: the first value (keys in the order they were first
     * read externally, then values in the order they were first read) that some committed transaction
     * read and more than one committed transaction wrote last; names the second writer.
     */
    private void checkUniqueWrites(RwRegisterTable txns, long[] reads, int readCount, LongIntMap secondWriter) {
        if (secondWriter.isEmpty()) {
            return;
        }
        int[] keyRank = new int[txns.keyCount()];
        Arrays.fill(keyRank, -1);
        int ranked = 0;
        LongIntMap groupRank = new LongIntMap();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < readCount; i++) {
            int t = (int) (reads[i] >>> 32);
            int m = txns.opStart(t) + (int) reads[i];
            int key = txns.key(m);
            if (keyRank[key] < 0) {
                keyRank[key] = ranked++;
            }
            long pair = LongIntMap.pair(key, txns.value(m));
            if (groupRank.putIfAbsent(pair, i) < 0 && secondWriter.get(pair, -1) >= 0) {
                best = Math.min(best, ((long) keyRank[key] << 32) | i);
            }
        }
        if (best == Long.MAX_VALUE) {
            return;
        }
        long read = reads[(int) best];
        int t = (int) (read >>> 32);
        int m = txns.opStart(t) + (int) read;
        int second = secondWriter.get(LongIntMap.pair(txns.key(m), txns.value(m)), -1);
        throw Txn.badInput(txns.history(), txns.call(second), name(), "key "
                + txns.keyValue(txns.key(m)) + " had value " + txns.valueOf(txns.value(m))
                + " written by more than one transaction (rw-register needs unique writes)");
    }

    /** Micro-op m is t's first access to its key. */
    private static boolean firstAccess(RwRegisterTable txns, int t, int m) {
        for (int p = txns.opStart(t); p < m; p++) {
            if (txns.key(p) == txns.key(m)) {
                return false;
            }
        }
        return true;
    }

    /** Micro-op m (a write) is t's last write to its key. */
    private static boolean lastWrite(RwRegisterTable txns, int t, int m) {
        for (int p = m + 1; p < txns.opEnd(t); p++) {
            if (txns.isWrite(p) && txns.key(p) == txns.key(m)) {
                return false;
            }
        }
        return true;
    }

    private static int finalWriteValue(RwRegisterTable txns, int t, int key) {
        for (int p = txns.opEnd(t) - 1; p >= txns.opStart(t); p--) {
            if (txns.isWrite(p) && txns.key(p) == key) {
                return txns.value(p);
            }
        }
        return -1;
    }
}
