package io.paxsim.testbed.history;

import io.paxsim.history.HistoryRecorder;
import io.paxsim.history.JsonlColumnWriter;
import io.paxsim.history.OpType;
import io.paxsim.history.Value;
import io.paxsim.paxos.api.Command;
import io.paxsim.paxos.api.MicroOp;
import io.paxsim.paxos.api.Result;
import io.paxsim.testbed.client.ClientEvent;
import io.paxsim.testbed.workload.Operation;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link HistoryObserver} spells register and list-append values straight into the history
 * ({@link OpCodec#writeInvokeValue}, {@link HistoryRecorder.ValueWriter}); the history must be the
 * one the value trees of {@link OpCodec} give, op for op and byte for byte in history.jsonl.
 */
class DirectRecordingProperties {

    @Property(tries = 200, seed = "20261204")
    void directRecordingMatchesValueTrees(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int events) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        HistoryObserver direct = new HistoryObserver(p -> false);
        HistoryRecorder reference = new HistoryRecorder();
        List<Operation> open = new ArrayList<>();
        List<Long> openProcess = new ArrayList<>();
        long nextProcess = random.nextInt(3) == 0 ? Integer.MAX_VALUE - 2L : 0; // also processes past int range
        long now = 0;
        for (int i = 0; i < events; i++) {
            now += random.nextInt(3);
            if (open.isEmpty() || (open.size() < 8 && random.nextBoolean())) {
                Operation op = Operation.of(command(random));
                long process = nextProcess++;
                open.add(op);
                openProcess.add(process);
                record(direct, reference, now, new ClientEvent.Invoked(process, op));
            } else {
                int k = random.nextInt(open.size());
                Operation op = open.remove(k);
                long process = openProcess.remove(k);
                ClientEvent end = random.nextInt(5) == 0 ? new ClientEvent.TimedOut(process, op)
                        : new ClientEvent.Completed(process, op, List.of(result(op.command(), random)), 0);
                record(direct, reference, now, end);
            }
        }
        assertEquals(reference.history().ops(), direct.history().ops());
        assertArrayEquals(jsonl(reference), jsonl(direct));
    }

    @Test
    void anIncompleteValueIsRefused() {
        HistoryRecorder recorder = new HistoryRecorder();
        HistoryRecorder.ValueWriter value = recorder.values().keyed().keyword("x");
        assertThrows(IllegalStateException.class, () -> recorder.invoke(0, 1, "read", value));
        HistoryRecorder.ValueWriter txn = recorder.values().txn(2).microOp("r").keyword("x").nil();
        assertThrows(IllegalStateException.class, () -> recorder.invoke(0, 1, "txn", txn));
        HistoryRecorder.ValueWriter complete = recorder.values().integer(1);
        assertThrows(IllegalStateException.class, () -> complete.integer(2));
        assertEquals(0, recorder.size());
    }

    @Test
    void pairingRulesHoldOnTheDirectPath() {
        HistoryRecorder recorder = new HistoryRecorder();
        recorder.invoke(0, 7, "read", recorder.values().keyed().keyword("x").nil());
        assertThrows(IllegalStateException.class, () -> recorder.invoke(1, 7, "read", recorder.values().nil()));
        assertThrows(IllegalStateException.class, () -> recorder.ok(1, 8, recorder.values().nil()));
        recorder.ok(2, 7, recorder.values().keyed().keyword("x").integer(3));
        assertThrows(IllegalStateException.class, () -> recorder.ok(1, 7, recorder.values().nil()));
        assertEquals(List.of(OpType.INVOKE, OpType.OK), recorder.history().ops().stream().map(o -> o.type()).toList());
        assertEquals(Value.keyed(Value.kw("x"), Value.of(3)), recorder.history().ops().get(1).value());
    }

    /** The reference: what HistoryObserver recorded before it spelled values directly. */
    private static void record(HistoryObserver direct, HistoryRecorder reference, long now, ClientEvent event) {
        direct.record(now, event);
        if (event instanceof ClientEvent.Invoked i) {
            reference.invoke(now, i.process(), OpCodec.f(i.operation()), OpCodec.invokeValue(i.operation()));
        } else if (event instanceof ClientEvent.Completed c) {
            Value value = OpCodec.completionValue(c.operation(), c.results());
            if (OpCodec.completionType(c.operation(), c.results()) == OpType.FAIL) {
                reference.fail(now, c.process(), value);
            } else {
                reference.ok(now, c.process(), value);
            }
        } else if (event instanceof ClientEvent.TimedOut t) {
            reference.info(now, t.process(), OpCodec.invokeValue(t.operation()));
        }
    }

    private static byte[] jsonl(HistoryRecorder recorder) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonlColumnWriter.write(recorder.history(), out);
        return out.toByteArray();
    }

    private static byte[] jsonl(HistoryObserver observer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonlColumnWriter.write(observer.history(), out);
        return out.toByteArray();
    }

    private static Command command(SplittableRandom random) {
        String key = (random.nextBoolean() ? "x" : "l") + random.nextInt(5);
        return switch (random.nextInt(4)) {
            case 0 -> new Command.Read(key);
            case 1 -> new Command.Write(key, number(random));
            case 2 -> new Command.Cas(key, number(random), number(random));
            default -> {
                List<MicroOp> ops = new ArrayList<>();
                for (int n = 1 + random.nextInt(5); n > 0; n--) {
                    String k = "l" + random.nextInt(4);
                    ops.add(random.nextBoolean() ? new MicroOp.Append(k, number(random)) : new MicroOp.ReadList(k));
                }
                yield new Command.Txn(ops);
            }
        };
    }

    private static Result result(Command command, SplittableRandom random) {
        if (random.nextInt(6) == 0) {
            return new Result.Rejected("not leader");
        }
        if (command instanceof Command.Read) {
            return new Result.ReadResult(random.nextBoolean() ? null : number(random));
        } else if (command instanceof Command.Write) {
            return new Result.WriteOk();
        } else if (command instanceof Command.Cas) {
            return new Result.CasResult(random.nextBoolean());
        }
        List<List<Long>> reads = new ArrayList<>();
        for (MicroOp op : ((Command.Txn) command).ops()) {
            if (op instanceof MicroOp.Append) {
                reads.add(null);
            } else {
                Long[] elements = new Long[random.nextInt(4) == 0 ? 0 : random.nextInt(200)];
                for (int e = 0; e < elements.length; e++) {
                    elements[e] = number(random);
                }
                reads.add(Arrays.asList(elements));
            }
        }
        return new Result.TxnResult(reads);
    }

    /** Small, large and negative numbers: varints of every length. */
    private static long number(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(100);
            case 1 -> random.nextInt(5000);
            case 2 -> random.nextLong();
            default -> -random.nextInt(1000);
        };
    }
}
