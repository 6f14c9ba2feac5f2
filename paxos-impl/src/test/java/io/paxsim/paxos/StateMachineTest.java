package io.paxsim.paxos;

import io.paxsim.paxos.api.Command;
import io.paxsim.paxos.api.MicroOp;
import io.paxsim.paxos.api.Result;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateMachineTest {
    private static Result apply(StateMachine sm, long slot, long client, long seq, Command c) {
        return sm.apply(slot, new ClientCommand(client, seq, c), true).result();
    }

    @Test
    void registersReadWriteAndCas() {
        StateMachine sm = new StateMachine();
        assertEquals(new Result.ReadResult(null), apply(sm, 1, 1, 1, new Command.Read("x")));
        assertEquals(new Result.WriteOk(), apply(sm, 2, 1, 2, new Command.Write("x", 5)));
        assertEquals(new Result.CasResult(false), apply(sm, 3, 1, 3, new Command.Cas("x", 4, 6)));
        assertEquals(new Result.CasResult(true), apply(sm, 4, 1, 4, new Command.Cas("x", 5, 6)));
        assertEquals(new Result.ReadResult(6L), sm.query(new Command.Read("x")));
    }

    @Test
    void listAppendTransactionsApplyAtomicallyInOrder() {
        StateMachine sm = new StateMachine();
        apply(sm, 1, 1, 1, new Command.Txn(List.of(new MicroOp.Append("a", 1), new MicroOp.Append("b", 2))));
        Result r = apply(sm, 2, 2, 1, new Command.Txn(List.of(new MicroOp.Append("a", 3), new MicroOp.ReadList("a"),
                new MicroOp.ReadList("c"))));
        assertEquals(new Result.TxnResult(Arrays.asList(null, List.of(1L, 3L), List.of())), r);
    }

    @Test
    void logScansReturnPositionCumulativeChecksumAndABoundedWindow() {
        StateMachine sm = new StateMachine();
        assertEquals(new Result.LogAppendOk(7), apply(sm, 7, 1, 1, new Command.LogAppend("s", 1, "p1", 11)));
        long fold = io.paxsim.paxos.api.LogChain.next(io.paxsim.paxos.api.LogChain.initial("s", 0), 1, "p1");
        for (int i = 2; i <= 10; i++) {
            apply(sm, 6 + i, 1, i, new Command.LogAppend("s", i, "p" + i, 10 + i));
            fold = io.paxsim.paxos.api.LogChain.next(fold, i, "p" + i);
        }
        Result.LogReadResult r = (Result.LogReadResult) sm.query(new Command.LogRead("s", 1, Integer.MAX_VALUE));
        assertEquals(10, r.position());
        assertEquals(fold, r.checksum(), "the reader's fold over every payload, not the writer's claim");
        assertEquals(List.of(7L, 8L, 9L, 10L), r.entries().stream().map(Result.LogEntry::index).toList(), "the last 4 only");
        Result.LogReadResult two = (Result.LogReadResult) sm.query(new Command.LogRead("s", 1, 2));
        assertEquals(List.of(new Result.LogEntry("s", 9, "p9", 19), new Result.LogEntry("s", 10, "p10", 20)), two.entries());
        StateMachine restored = StateMachine.decode(sm.encode());
        assertEquals(r, restored.query(new Command.LogRead("s", 1, Integer.MAX_VALUE)), "snapshots keep the summary");
    }

    @Test
    void sessionsApplyEachSequenceOnceAndCacheTheLastResult() {
        StateMachine sm = new StateMachine();
        Command append = new Command.Txn(List.of(new MicroOp.Append("a", 1)));
        assertTrue(sm.apply(1, new ClientCommand(9, 1, append), true).effective());
        StateMachine.Outcome retry = sm.apply(2, new ClientCommand(9, 1, append), true);
        assertFalse(retry.effective());
        assertEquals(new Result.TxnResult(Arrays.asList((List<Long>) null)), retry.result());
        apply(sm, 3, 9, 2, new Command.Write("x", 1));
        assertNull(sm.apply(4, new ClientCommand(9, 1, append), true).result(), "an older sequence gets no answer");
        assertEquals(new Result.TxnResult(List.of(List.of(1L))),
                sm.query(new Command.Txn(List.of(new MicroOp.ReadList("a")))));
        assertTrue(sm.apply(5, new ClientCommand(9, 1, append), false).effective(), "no-dedup applies retries again");
    }

    @Test
    void snapshotRoundTripsEverything() {
        StateMachine sm = new StateMachine();
        apply(sm, 1, 1, 1, new Command.Write("x", 5));
        apply(sm, 2, 1, 2, new Command.Txn(List.of(new MicroOp.Append("a", 1), new MicroOp.ReadList("a"))));
        apply(sm, 3, 2, 1, new Command.LogAppend("s", 0, "p", 1));
        byte[] image = sm.encode();
        StateMachine copy = StateMachine.decode(image);
        assertArrayEquals(image, copy.encode());
        assertEquals(sm.cachedResult(1, 2), copy.cachedResult(1, 2));
    }

    @Test
    void runningDigestEqualsTheDigestComputedFromScratchAndSurvivesSnapshots() {
        StateMachine sm = new StateMachine();
        StateMachine other = new StateMachine();
        io.paxsim.sim.random.RandomStream r = io.paxsim.sim.random.RandomStream.derive(7, "digest-test");
        for (long slot = 1; slot <= 400; slot++) {
            long client = r.nextInt(5);
            Command c = switch (r.nextInt(4)) {
                case 0 -> new Command.Write("k" + r.nextInt(3), r.nextInt(10));
                case 1 -> new Command.Cas("k" + r.nextInt(3), r.nextInt(10), r.nextInt(10));
                case 2 -> new Command.Txn(List.of(new MicroOp.Append("l" + r.nextInt(3), slot), new MicroOp.ReadList("l0")));
                default -> new Command.LogAppend("s" + r.nextInt(2), slot, "p" + slot, slot * 31);
            };
            long seq = slot - r.nextInt(2);
            sm.apply(slot, new ClientCommand(client, seq, c), true);
            other.apply(slot, new ClientCommand(client, seq, c), true);
            assertEquals(sm.recomputeDigest(), sm.digest(), "running digest drifted at slot " + slot);
        }
        assertEquals(sm.digest(), other.digest(), "equal states, equal digests");
        StateMachine restored = StateMachine.decode(sm.encode());
        assertEquals(sm.digest(), restored.digest(), "a snapshot restores the digest");
        StateMachine forgetful = StateMachine.decode(sm.encode(false));
        assertTrue(forgetful.digest() != sm.digest(), "a snapshot without sessions is a different state");
        sm.apply(401, new ClientCommand(9, 1, new Command.Write("k0", 99)), true);
        assertTrue(sm.digest() != restored.digest(), "a write changes the digest");
    }

    @Test
    void listsRoundTripAnyLongAndElleCountersTakeAboutAByteEach() {
        StateMachine sm = new StateMachine();
        long[] odd = {0, -1, 1, Integer.MAX_VALUE, (long) Integer.MAX_VALUE + 1, Long.MIN_VALUE, Long.MAX_VALUE, 5, -7};
        long slot = 1;
        for (long v : odd) { // the int-backed list turns long at MAX_VALUE + 1
            apply(sm, slot, 1, slot, new Command.Txn(List.of(new MicroOp.Append("wide", v))));
            slot++;
        }
        for (int key = 0; key < 100; key++) {
            for (int v = 1; v <= 32; v++) {
                apply(sm, slot, 2, slot, new Command.Txn(List.of(new MicroOp.Append("l" + key, v))));
                slot++;
            }
        }
        Command.Txn read = new Command.Txn(List.of(new MicroOp.ReadList("wide"), new MicroOp.ReadList("l7")));
        List<Long> expectedWide = Arrays.stream(odd).boxed().toList();
        List<Long> counters = java.util.stream.LongStream.rangeClosed(1, 32).boxed().toList();
        assertEquals(new Result.TxnResult(List.of(expectedWide, counters)), sm.query(read));
        byte[] image = sm.encode();
        StateMachine restored = StateMachine.decode(image);
        assertEquals(sm.query(read), restored.query(read));
        assertEquals(sm.digest(), restored.digest());
        assertEquals(sm.recomputeDigest(), sm.digest());
        assertArrayEquals(image, restored.encode());
        assertEquals(restored.recomputeDigest(), restored.digest(), "decode's digest from the lists' chains");
        apply(restored, slot, 2, slot, new Command.Txn(List.of(new MicroOp.Append("l7", 33))));
        apply(sm, slot, 2, slot, new Command.Txn(List.of(new MicroOp.Append("l7", 33))));
        assertEquals(sm.query(read), restored.query(read), "a decoded list is found and appended to");
        assertEquals(sm.digest(), restored.digest());
        // 100 keys x 32 counters: each list is its key (4 + 3 bytes), length, width and a byte per element.
        assertTrue(image.length < 100 * (7 + 5 + 32) + 400, "snapshot of " + image.length + " bytes");
    }

    @Test
    void aListWidensFromBytesToIntsToLongsAndEarlierReadsKeepTheirElements() {
        StateMachine sm = new StateMachine();
        Command.Txn read = new Command.Txn(List.of(new MicroOp.ReadList("w")));
        long[] values = {127, -128, 128, -129, 70_000, Integer.MIN_VALUE, (long) Integer.MIN_VALUE - 1, 3};
        List<Result> reads = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            apply(sm, i + 1, 1, i + 1, new Command.Txn(List.of(new MicroOp.Append("w", values[i]))));
            reads.add(sm.query(read));
        }
        for (int i = 0; i < values.length; i++) { // each read still shows the elements it saw
            List<Long> expected = Arrays.stream(values, 0, i + 1).boxed().toList();
            assertEquals(new Result.TxnResult(List.of(expected)), reads.get(i), "read after append " + i);
        }
        StateMachine restored = StateMachine.decode(sm.encode());
        assertEquals(sm.query(read), restored.query(read));
        assertEquals(sm.recomputeDigest(), restored.digest());
        assertArrayEquals(sm.encode(), restored.encode());
    }

    @Test
    void aTruncatedListIsCorruptDataAndARottedElementAnotherState() {
        StateMachine sm = new StateMachine();
        apply(sm, 1, 1, 1, new Command.Txn(List.of(new MicroOp.Append("a", 300), new MicroOp.Append("a", -5))));
        byte[] image = sm.encode();
        for (int cut = 1; cut < image.length; cut++) {
            byte[] truncated = Arrays.copyOf(image, cut);
            org.junit.jupiter.api.Assertions.assertThrows(Codec.CorruptDataException.class,
                    () -> StateMachine.decode(truncated), "cut at " + cut);
        }
        int anotherState = 0;
        for (int i = 0; i < image.length; i++) { // a flipped bit is another state or corrupt data, never a crash
            for (int bit = 0; bit < 8; bit++) {
                byte[] rotted = image.clone();
                rotted[i] ^= (byte) (1 << bit);
                try {
                    anotherState += StateMachine.decode(rotted).digest() != sm.digest() ? 1 : 0;
                } catch (Codec.CorruptDataException expected) {
                    // the damage showed in the structure
                }
            }
        }
        // Every flip in an element byte still decodes, to another list (fixed width, not varints).
        assertTrue(anotherState >= 2 * 8, "only " + anotherState + " flips decoded to another state");
    }

    @Test
    void listsOutOfKeyOrderInASnapshotStillDecodeToTheSortedState() {
        // Encode writes keys in order; damaged bytes a mutant trusts need not be: "b", "a", then "b" again.
        Codec.Writer w = new Codec.Writer(64);
        w.writeInt(0);
        w.writeInt(3);
        for (Object[] list : new Object[][] {{"b", 1}, {"a", 2}, {"b", 3}}) {
            w.writeString((String) list[0]);
            w.writeInt(1);
            w.writeByte(1);
            w.writeByte((Integer) list[1]);
        }
        w.writeInt(0);
        w.writeInt(0);
        StateMachine sm = StateMachine.decode(w.toBytes());
        StateMachine expected = new StateMachine();
        apply(expected, 1, 1, 1, new Command.Txn(List.of(new MicroOp.Append("a", 2), new MicroOp.Append("b", 3))));
        Command.Txn read = new Command.Txn(List.of(new MicroOp.ReadList("a"), new MicroOp.ReadList("b")));
        assertEquals(expected.query(read), sm.query(read), "the last of a repeated key wins");
        assertArrayEquals(expected.encode(false), sm.encode(), "re-encoded in key order");
        assertEquals(sm.recomputeDigest(), sm.digest());
    }
}
