package io.paxsim.checkers.durability;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.Checker;
import io.paxsim.checkers.Finding;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.Call;
import io.paxsim.history.History;
import io.paxsim.history.OpType;
import io.paxsim.history.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cumulative-checksum verifier. Writers append {@link Value.LogRecord}s ({@code :append}, one
 * record per op, index i+1 only after i was acknowledged); each ok {@code :read} returns a scan of
 * the log, either as a production canary reads it — per stream a map
 * {@code {:stream s :position n :checksum C :recent [records]}}: the record count, the reader's
 * cumulative checksum folded over every record in log order, and a bounded window of the last
 * records (see {@link #verifySummary}) — or as a vector of every record. Every scan is checked on its own, against the appends
 * acknowledged before the scan began: an index below the expected one is a {@code duplicate} (same
 * checksum) or {@code corrupt}; above it, the records between are {@code lost}; a checksum that
 * does not follow from its predecessor is {@code corrupt} (corrupted, reordered or spliced); and
 * a scan that ends before the highest acknowledged index, or whose checksum there differs from
 * the acknowledged one, has lost the acknowledged tail ({@code lost-tail}).
 */
public final class ChecksumChecker implements Checker {
    private final long salt;

    public ChecksumChecker(long salt) {
        this.salt = salt;
    }

    @Override
    public String name() {
        return "checksum";
    }

    @Override
    public String description() {
        return "cumulative-checksum log verifier: duplicate, lost, corrupt/reordered records, lost acknowledged tail";
    }

    /** An acknowledged append. */
    private record Ack(int completionPosition, long index, long checksum) {
    }

    @Override
    public Verdict check(History history, Budget budget) {
        Map<String, Map<Long, Ack>> acks = new TreeMap<>();
        List<Call> scans = new ArrayList<>();
        for (Call call : history.calls()) {
            if (call.f().equals("append") && call.outcome() == OpType.OK) {
                Value.LogRecord r = record(call, call.invoke().value());
                acks.computeIfAbsent(r.stream(), s -> new java.util.HashMap<>())
                        .put(r.index(), new Ack(call.completionPosition(), r.index(), r.checksum()));
            } else if (call.f().equals("read") && call.outcome() == OpType.OK) {
                if (!(call.completion().value() instanceof Value.Vec) && !call.completion().value().isNil()) {
                    throw io.paxsim.checkers.ModelMismatch.at("checksum", call.completion(), call.completionPosition(),
                            "a read returns a vector of log records");
                }
                scans.add(call);
            } else if (!call.f().equals("append") && !call.f().equals("read")) {
                throw io.paxsim.checkers.ModelMismatch.of("checksum", call, "it knows :append and :read");
            }
        }
        if (scans.isEmpty()) {
            return new Verdict.Unknown(name(), "no completed reads of the log to verify");
        }
        List<Finding> findings = new ArrayList<>();
        for (Call scan : scans) {
            new Scan(scan, acks).verify(findings);
        }
        if (findings.isEmpty()) {
            return new Verdict.Ok(name(), scans.size() + " log scans verified against " + acks.size() + " streams");
        }
        return new Verdict.Illegal(name(), findings.size() + " checksum violations in " + scans.size() + " scans",
                findings.subList(0, Math.min(findings.size(), 50)));
    }

    private static Value.LogRecord record(Call call, Value v) {
        if (v instanceof Value.LogRecord r) {
            return r;
        }
        throw io.paxsim.checkers.ModelMismatch.of("checksum", call, "it needs log records {:stream :index :payload :checksum}");
    }

    /** Verification state of one scan. */
    private final class Scan {
        private final Call scan;
        private final Map<String, Map<Long, Ack>> acks;
        private final Map<String, Long> nextIndex = new TreeMap<>();
        private final Map<String, Long> chain = new TreeMap<>();

        Scan(Call scan, Map<String, Map<Long, Ack>> acks) {
            this.scan = scan;
            this.acks = acks;
        }

        void verify(List<Finding> findings) {
            Value v = scan.completion().value();
            List<Value> records = v instanceof Value.Vec vec ? vec.items() : List.of();
            if (!records.isEmpty() && records.get(0) instanceof Value.Dict d && d.get("position") != null) {
                for (Value item : records) {
                    verifySummary(item, findings);
                }
                checkTails(findings);
                return;
            }
            for (Value item : records) {
                Value.LogRecord r = record(scan, item);
                long expected = nextIndex.getOrDefault(r.stream(), 1L);
                long previous = chain.computeIfAbsent(r.stream(), s -> LogChecksum.initial(s, salt));
                if (r.index() < expected) {
                    boolean same = r.checksum() == ackedChecksum(r.stream(), r.index());
                    add(findings, same ? "duplicate" : "corrupt", r.stream(), "record " + r.index() + " appears again after record "
                            + (expected - 1) + (same ? "" : " with a different checksum"));
                    continue;
                }
                if (r.index() > expected) {
                    add(findings, "lost", r.stream(), "records " + expected + ".." + (r.index() - 1) + " are missing before record "
                            + r.index());
                } else if (LogChecksum.next(previous, r.index(), r.payload()) != r.checksum()) {
                    add(findings, "corrupt", r.stream(), "record " + r.index() + " does not follow from its predecessor"
                            + " (corrupted, reordered or spliced)");
                }
                nextIndex.put(r.stream(), r.index() + 1);
                chain.put(r.stream(), r.checksum());
                Long acked = ackedChecksumOrNull(r.stream(), r.index());
                if (acked != null && acked != r.checksum()) {
                    add(findings, "corrupt", r.stream(), "record " + r.index() + " has checksum " + r.checksum()
                            + " but the writer was acknowledged with " + acked);
                }
            }
            checkTails(findings);
        }

        /**
         * One stream's summary: the window must be consecutive records each following from its
         * predecessor (record 1 from {@code C0}); its last record's index must equal the position
         * (fewer records than that index: some were lost; more: duplicated); and the reader's fold
         * must equal the writer's checksum in that last record, else a record before the window was
         * lost, duplicated, reordered or corrupted. Acknowledged checksums must match too.
         */
        private void verifySummary(Value item, List<Finding> findings) {
            if (!(item instanceof Value.Dict d) || !(d.get("position") instanceof Value.Int position)
                    || !(d.get("checksum") instanceof Value.Int fold) || !(d.get("recent") instanceof Value.Vec recent)
                    || d.get("stream") == null) {
                throw new io.paxsim.history.HistoryException("checksum checker needs stream scans {:stream :position :checksum :recent}, got "
                        + io.paxsim.history.HistoryException.excerpt(scan.completion()));
            }
            String stream = d.get("stream") instanceof Value.Str s ? s.value()
                    : d.get("stream") instanceof Value.Kw k ? k.name() : d.get("stream").toString();
            Value.LogRecord last = null;
            for (Value raw : recent.items()) {
                Value.LogRecord r = windowRecord(raw, stream);
                long previous = last == null ? LogChecksum.initial(stream, salt) : last.checksum();
                if (last != null && r.index() <= last.index()) {
                    boolean same = r.checksum() == ackedChecksum(stream, r.index());
                    add(findings, same ? "duplicate" : "corrupt", stream, "record " + r.index() + " appears again after record "
                            + last.index() + (same ? "" : " with a different checksum"));
                } else if (last != null && r.index() > last.index() + 1) {
                    add(findings, "lost", stream, "records " + (last.index() + 1) + ".." + (r.index() - 1)
                            + " are missing before record " + r.index());
                } else if ((last != null || r.index() == 1) && LogChecksum.next(previous, r.index(), r.payload()) != r.checksum()) {
                    add(findings, "corrupt", stream, "record " + r.index() + " does not follow from its predecessor"
                            + " (corrupted, reordered or spliced)");
                }
                Long acked = ackedChecksumOrNull(stream, r.index());
                if (acked != null && acked != r.checksum()) {
                    add(findings, "corrupt", stream, "record " + r.index() + " has checksum " + r.checksum()
                            + " but the writer was acknowledged with " + acked);
                }
                last = r;
            }
            long lastIndex = last == null ? 0 : last.index();
            if (lastIndex < position.value()) {
                add(findings, "duplicate", stream, "the log holds " + position.value() + " records but its last is record "
                        + lastIndex + ": " + (position.value() - lastIndex) + " appear twice");
            } else if (lastIndex > position.value()) {
                add(findings, "lost", stream, "the log holds " + position.value() + " records but its last is record "
                        + lastIndex + ": " + (lastIndex - position.value()) + " are missing");
            } else if (last != null && fold.value() != last.checksum()) {
                add(findings, "corrupt", stream, "the log's cumulative checksum through record " + lastIndex
                        + " is not the writer's: a record before the last " + recent.items().size()
                        + " was lost, duplicated, reordered or corrupted");
            }
            nextIndex.put(stream, lastIndex + 1);
        }

        private Value.LogRecord windowRecord(Value raw, String stream) {
            if (raw instanceof Value.LogRecord r) {
                return r;
            }
            if (raw instanceof Value.Dict d && d.get("index") instanceof Value.Int i && d.get("payload") instanceof Value.Str p
                    && d.get("checksum") instanceof Value.Int c) {
                return new Value.LogRecord(stream, i.value(), p.value(), c.value());
            }
            return record(scan, raw);
        }

        private void checkTails(List<Finding> findings) {
            for (Map.Entry<String, Map<Long, Ack>> e : acks.entrySet()) {
                long highest = 0;
                for (Ack a : e.getValue().values()) {
                    if (a.completionPosition() < scan.invokePosition()) {
                        highest = Math.max(highest, a.index());
                    }
                }
                long seen = nextIndex.getOrDefault(e.getKey(), 1L) - 1;
                if (seen < highest) {
                    add(findings, "lost-tail", e.getKey(), "acknowledged records " + (seen + 1) + ".." + highest
                            + " are missing from the end of the log");
                }
            }
        }

        private long ackedChecksum(String stream, long index) {
            Long c = ackedChecksumOrNull(stream, index);
            return c == null ? Long.MIN_VALUE : c;
        }

        private Long ackedChecksumOrNull(String stream, long index) {
            Ack a = acks.getOrDefault(stream, Map.of()).get(index);
            return a == null ? null : a.checksum();
        }

        private void add(List<Finding> findings, String kind, String stream, String message) {
            findings.add(new Finding(kind, stream, "scan " + scan + ": " + message, List.of(scan.index())));
        }
    }
}
