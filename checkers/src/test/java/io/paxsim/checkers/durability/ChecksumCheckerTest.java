package io.paxsim.checkers.durability;

import io.paxsim.checkers.Finding;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.History;
import io.paxsim.history.HistoryRecorder;
import io.paxsim.history.Value;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ChecksumCheckerTest {
    @Test
    void fnvMatchesPublishedTestVectors() {
        assertEquals(0xcbf29ce484222325L, LogChecksum.fnv1a64(new byte[0]));
        assertEquals(0xaf63dc4c8601ec8cL, LogChecksum.fnv1a64("a".getBytes(StandardCharsets.UTF_8)));
        assertEquals(0x85944171f73967e8L, LogChecksum.fnv1a64("foobar".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void chainDependsOnOrderIndexAndSalt() {
        long c0 = LogChecksum.initial("s", 0);
        assertNotEquals(c0, LogChecksum.initial("s", 1));
        long ab = LogChecksum.next(LogChecksum.next(c0, 1, "a"), 2, "b");
        long ba = LogChecksum.next(LogChecksum.next(c0, 1, "b"), 2, "a");
        assertNotEquals(ab, ba);
    }

    /** Records 1..n of stream "s", checksummed as a writer would. */
    private static List<Value.LogRecord> records(int n) {
        List<Value.LogRecord> out = new ArrayList<>();
        long c = LogChecksum.initial("s", 7);
        for (int i = 1; i <= n; i++) {
            String payload = "payload-" + i;
            c = LogChecksum.next(c, i, payload);
            out.add(new Value.LogRecord("s", i, payload, c));
        }
        return out;
    }

    private static History appendsThenScan(List<Value.LogRecord> written, List<Value.LogRecord> scanned) {
        HistoryRecorder rec = new HistoryRecorder();
        long t = 0;
        for (Value.LogRecord r : written) {
            rec.invoke(++t, 0, "append", r);
            rec.ok(++t, 0, r);
        }
        rec.invoke(++t, 1, "read", Value.NIL);
        rec.ok(++t, 1, new Value.Vec(new ArrayList<>(scanned)));
        return rec.history();
    }

    private static List<String> kinds(History h) {
        Verdict v = new ChecksumChecker(7).check(h);
        return assertInstanceOf(Verdict.Illegal.class, v, v::describe).findings().stream()
                .map(Finding::kind).distinct().toList();
    }

    @Test
    void intactLogIsOk() {
        List<Value.LogRecord> log = records(5);
        assertInstanceOf(Verdict.Ok.class, new ChecksumChecker(7).check(appendsThenScan(log, log)));
    }

    @Test
    void duplicateRecord() {
        List<Value.LogRecord> log = records(5);
        List<Value.LogRecord> scan = new ArrayList<>(log);
        scan.add(3, log.get(2));
        assertEquals(List.of("duplicate"), kinds(appendsThenScan(log, scan)));
    }

    @Test
    void lostRecordInTheMiddle() {
        List<Value.LogRecord> log = records(5);
        List<Value.LogRecord> scan = new ArrayList<>(log);
        scan.remove(2);
        assertEquals(List.of("lost"), kinds(appendsThenScan(log, scan)));
    }

    @Test
    void reorderedRecordsAreCorrupt() {
        List<Value.LogRecord> log = records(5);
        List<Value.LogRecord> scan = new ArrayList<>(log);
        Value.LogRecord a = scan.get(1);
        Value.LogRecord b = scan.get(2);
        scan.set(1, new Value.LogRecord("s", 2, b.payload(), b.checksum()));
        scan.set(2, new Value.LogRecord("s", 3, a.payload(), a.checksum()));
        assertEquals(List.of("corrupt"), kinds(appendsThenScan(log, scan)));
    }

    @Test
    void corruptedPayload() {
        List<Value.LogRecord> log = records(5);
        List<Value.LogRecord> scan = new ArrayList<>(log);
        Value.LogRecord r = scan.get(3);
        scan.set(3, new Value.LogRecord("s", r.index(), "garbage", r.checksum()));
        assertEquals(List.of("corrupt"), kinds(appendsThenScan(log, scan)));
    }

    @Test
    void lostAcknowledgedTail() {
        List<Value.LogRecord> log = records(5);
        assertEquals(List.of("lost-tail"), kinds(appendsThenScan(log, log.subList(0, 3))));
        assertEquals(List.of("lost-tail"), kinds(appendsThenScan(log, Collections.emptyList())));
    }

    // ---- scans as a production canary reads them: position, cumulative checksum, last few records ----

    private static final int WINDOW = 4;

    /** What a correct reader returns for {@code stored}: count, fold over every payload in order, last {@link #WINDOW}. */
    private static Value summaryOf(List<Value.LogRecord> stored) {
        long fold = LogChecksum.initial("s", 7);
        for (Value.LogRecord r : stored) {
            fold = LogChecksum.next(fold, r.index(), r.payload());
        }
        java.util.Map<Value, Value> m = new java.util.LinkedHashMap<>();
        m.put(Value.kw("stream"), Value.of("s"));
        m.put(Value.kw("position"), Value.of(stored.size()));
        m.put(Value.kw("checksum"), Value.of(fold));
        m.put(Value.kw("recent"), new Value.Vec(new ArrayList<>(stored.subList(Math.max(0, stored.size() - WINDOW), stored.size()))));
        return new Value.Dict(m);
    }

    private static History appendsThenSummary(List<Value.LogRecord> written, List<Value.LogRecord> stored) {
        HistoryRecorder rec = new HistoryRecorder();
        long t = 0;
        for (Value.LogRecord r : written) {
            rec.invoke(++t, 0, "append", r);
            rec.ok(++t, 0, r);
        }
        rec.invoke(++t, 1, "read", Value.NIL);
        rec.ok(++t, 1, Value.vec(summaryOf(stored)));
        return rec.history();
    }

    @Test
    void summaryOfAnIntactLogIsOk() {
        List<Value.LogRecord> log = records(10);
        assertInstanceOf(Verdict.Ok.class, new ChecksumChecker(7).check(appendsThenSummary(log, log)));
        assertInstanceOf(Verdict.Ok.class, new ChecksumChecker(7).check(appendsThenSummary(log.subList(0, 2), log.subList(0, 2))));
    }

    @Test
    void summaryCatchesARecordLostBeforeTheWindow() {
        List<Value.LogRecord> log = records(10);
        List<Value.LogRecord> stored = new ArrayList<>(log);
        stored.remove(1);
        assertEquals(List.of("lost"), kinds(appendsThenSummary(log, stored)));
    }

    @Test
    void summaryCatchesARecordLostInsideTheWindow() {
        List<Value.LogRecord> log = records(10);
        List<Value.LogRecord> stored = new ArrayList<>(log);
        stored.remove(8);
        assertEquals(List.of("lost"), kinds(appendsThenSummary(log, stored)));
    }

    @Test
    void summaryCatchesADuplicatedRecord() {
        List<Value.LogRecord> log = records(10);
        List<Value.LogRecord> stored = new ArrayList<>(log);
        stored.add(2, log.get(1));
        assertEquals(List.of("duplicate"), kinds(appendsThenSummary(log, stored)));
        List<Value.LogRecord> inWindow = new ArrayList<>(log);
        inWindow.add(9, log.get(8));
        assertEquals(List.of("duplicate"), kinds(appendsThenSummary(log, inWindow)));
    }

    @Test
    void summaryCatchesReorderedRecords() {
        List<Value.LogRecord> log = records(10);
        List<Value.LogRecord> stored = new ArrayList<>(log);
        Collections.swap(stored, 1, 2);
        assertEquals(List.of("corrupt"), kinds(appendsThenSummary(log, stored)));
        List<Value.LogRecord> inWindow = new ArrayList<>(log);
        Collections.swap(inWindow, 7, 8);
        assertEquals(List.of("lost", "duplicate", "corrupt"), kinds(appendsThenSummary(log, inWindow)),
                "9 before 8 in the window: a gap, then 8 again after 9, then 10 not following from 8");
    }

    @Test
    void summaryCatchesACorruptedRecord() {
        List<Value.LogRecord> log = records(10);
        List<Value.LogRecord> stored = new ArrayList<>(log);
        Value.LogRecord r = stored.get(2);
        stored.set(2, new Value.LogRecord("s", r.index(), "garbage", r.checksum()));
        assertEquals(List.of("corrupt"), kinds(appendsThenSummary(log, stored)));
        List<Value.LogRecord> inWindow = new ArrayList<>(log);
        Value.LogRecord w = inWindow.get(8);
        inWindow.set(8, new Value.LogRecord("s", w.index(), "garbage", w.checksum()));
        assertEquals(List.of("corrupt"), kinds(appendsThenSummary(log, inWindow)));
    }

    @Test
    void summaryCatchesALostAcknowledgedTail() {
        List<Value.LogRecord> log = records(10);
        assertEquals(List.of("lost-tail"), kinds(appendsThenSummary(log, log.subList(0, 7))));
        assertEquals(List.of("lost-tail"), kinds(appendsThenSummary(log, List.of())));
    }
}
