package io.paxsim.checkers.elle;

import io.paxsim.history.MicroOp;
import io.paxsim.history.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Elle's lost update ({@code elle.txn/lost-update-cases}): two or more committed transactions
 * read the same version of a key and then each wrote (or appended to) that key.
 */
final class LostUpdates {
    private static final Value NOT_READ = Value.kw("paxsim/not-read");

    private LostUpdates() {
    }

    static void find(List<Txn> txns, Predicate<MicroOp> isWrite, AnomalyReport report) {
        Map<Value, Map<Value, List<Txn>>> byKeyAndRead = new LinkedHashMap<>();
        for (Txn t : txns) {
            if (!t.ok()) {
                continue;
            }
            if (t.ops().size() < 2) {
                continue;
            }
            Map<Value, Value> firstRead = new HashMap<>();
            Set<Value> written = new HashSet<>();
            for (MicroOp op : t.ops()) {
                Value read = firstRead.getOrDefault(op.key(), NOT_READ);
                if (isWrite.test(op) && !written.contains(op.key())) {
                    if (read != NOT_READ) {
                        byKeyAndRead.computeIfAbsent(op.key(), k -> new LinkedHashMap<>())
                                .computeIfAbsent(read, v -> new ArrayList<>()).add(t);
                        written.add(op.key());
                    }
                } else if (read == NOT_READ) {
                    // As in Elle, the first read or repeated write of a key fixes the version it "read".
                    firstRead.put(op.key(), op.value());
                }
            }
        }
        byKeyAndRead.forEach((key, reads) -> reads.forEach((version, writers) -> {
            if (writers.size() > 1) {
                report.add("lost-update", key.toString(), writers.size() + " transactions read version " + version
                        + " of key " + key + " and each then wrote it: " + writers, writers);
            }
        }));
    }
}
