package io.paxsim.testbed.history;

import io.paxsim.history.HistoryRecorder;
import io.paxsim.history.MicroOp;
import io.paxsim.history.OpType;
import io.paxsim.history.Value;
import io.paxsim.paxos.api.Command;
import io.paxsim.paxos.api.Result;
import io.paxsim.testbed.workload.Operation;

import java.util.ArrayList;
import java.util.List;

/**
 * Spells client commands and their results as Jepsen ops: registers as independent keys
 * ({@code :read [:x0 3]}, {@code :cas [:x0 [3 4]]}), list-append transactions as Elle writes them
 * ({@code :txn [[:append :l1 2] [:r :l1 [1 2]]]}), log records as {@link Value.LogRecord}s.
 */
public final class OpCodec {
    private OpCodec() {
    }

    /** A log scan is one {@code :read} of the whole log: per stream, its position, cumulative checksum and last few records. */
    public static String f(Operation op) {
        return op.logScan() ? "read" : f(op.command());
    }

    public static Value invokeValue(Operation op) {
        return op.logScan() ? Value.NIL : invokeValue(op.command());
    }

    public static OpType completionType(Operation op, List<Result> results) {
        return op.logScan() ? OpType.OK : completionType(results.get(0));
    }

    public static Value completionValue(Operation op, List<Result> results) {
        if (!op.logScan()) {
            return completionValue(op.command(), results.get(0));
        }
        List<Value> streams = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            streams.add(logScan(op.commands().get(i), results.get(i)));
        }
        return new Value.Vec(streams);
    }

    public static String f(Command command) {
        if (command instanceof Command.Read) {
            return "read";
        } else if (command instanceof Command.Write) {
            return "write";
        } else if (command instanceof Command.Cas) {
            return "cas";
        } else if (command instanceof Command.Txn) {
            return "txn";
        } else if (command instanceof Command.LogAppend) {
            return "append";
        } else if (command instanceof Command.LogRead) {
            return "read-log";
        }
        throw new AssertionError("clients never issue " + command);
    }

    /** The invocation's value: what the client asked for (reads carry nil). */
    public static Value invokeValue(Command command) {
        if (command instanceof Command.Read r) {
            return keyed(r.key(), Value.NIL);
        } else if (command instanceof Command.Write w) {
            return keyed(w.key(), Value.of(w.value()));
        } else if (command instanceof Command.Cas c) {
            return keyed(c.key(), Value.cas(c.expected(), c.update()));
        } else if (command instanceof Command.Txn t) {
            return txn(t, null);
        } else if (command instanceof Command.LogAppend a) {
            return new Value.LogRecord(a.stream(), a.index(), a.payload(), a.checksum());
        } else if (command instanceof Command.LogRead r) {
            return keyed(r.stream(), Value.NIL);
        }
        throw new AssertionError("clients never issue " + command);
    }

    /** ok, or fail for a cas whose comparison did not hold or a request the replica rejected (no effect). */
    public static OpType completionType(Result result) {
        if (result instanceof Result.Rejected) {
            return OpType.FAIL;
        }
        return result instanceof Result.CasResult c && !c.succeeded() ? OpType.FAIL : OpType.OK;
    }

    /** The completion's value: the invocation's, with what was read filled in. */
    public static Value completionValue(Command command, Result result) {
        if (result instanceof Result.Rejected) {
            return invokeValue(command);
        }
        if (command instanceof Command.Read r) {
            return keyed(r.key(), readValue(command, result));
        } else if (command instanceof Command.Txn t) {
            return txn(t, ((Result.TxnResult) expect(Result.TxnResult.class, command, result)).reads());
        } else if (command instanceof Command.LogRead r) {
            return keyed(r.stream(), logScan(command, result));
        }
        return invokeValue(command);
    }

    private static Value readValue(Command command, Result result) {
        Long v = ((Result.ReadResult) expect(Result.ReadResult.class, command, result)).value();
        return v == null ? Value.NIL : Value.of(v);
    }

    /** One stream's scan: {@code {:stream "s3", :position 41, :checksum C, :recent [records]}}. */
    private static Value logScan(Command command, Result result) {
        Result.LogReadResult read = (Result.LogReadResult) expect(Result.LogReadResult.class, command, result);
        List<Value> records = new ArrayList<>(read.entries().size());
        for (Result.LogEntry e : read.entries()) {
            records.add(new Value.LogRecord(e.stream(), e.index(), e.payload(), e.checksum()));
        }
        java.util.Map<Value, Value> scan = new java.util.LinkedHashMap<>();
        scan.put(Value.kw("stream"), Value.of(((Command.LogRead) command).stream()));
        scan.put(Value.kw("position"), Value.of(read.position()));
        scan.put(Value.kw("checksum"), Value.of(read.checksum()));
        scan.put(Value.kw("recent"), new Value.Vec(records));
        return new Value.Dict(scan);
    }

    private static Value txn(Command.Txn txn, List<List<Long>> reads) {
        List<MicroOp> ops = new ArrayList<>(txn.ops().size());
        for (int i = 0; i < txn.ops().size(); i++) {
            io.paxsim.paxos.api.MicroOp op = txn.ops().get(i);
            Value key = Value.kw(op.key());
            if (op instanceof io.paxsim.paxos.api.MicroOp.Append a) {
                ops.add(MicroOp.append(key, a.value()));
            } else if (reads == null || reads.get(i) == null) {
                ops.add(MicroOp.read(key, Value.NIL));
            } else {
                List<Long> read = reads.get(i);
                Value[] elements = new Value[read.size()];
                for (int e = 0; e < elements.length; e++) {
                    elements[e] = Value.of(read.get(e));
                }
                // An immutable list: the Vec keeps it as it is instead of copying it again.
                ops.add(MicroOp.read(key, new Value.Vec(List.of(elements))));
            }
        }
        return new Value.Txn(ops);
    }

    /**
     * Whether {@link #writeInvokeValue} and {@link #writeCompletionValue} spell {@code op}'s values
     * (registers and list-append transactions, the hot path); log records and scans are built as values.
     */
    public static boolean writesDirectly(Operation op) {
        if (op.logScan()) {
            return false;
        }
        Command c = op.command();
        return c instanceof Command.Read || c instanceof Command.Write || c instanceof Command.Cas
                || c instanceof Command.Txn;
    }

    /** Spells {@link #invokeValue(Command)} into {@code out}, for a command {@link #writesDirectly} takes. */
    public static void writeInvokeValue(Command command, HistoryRecorder.ValueWriter out) {
        if (command instanceof Command.Read r) {
            out.keyed().keyword(r.key()).nil();
        } else if (command instanceof Command.Write w) {
            out.keyed().keyword(w.key()).integer(w.value());
        } else if (command instanceof Command.Cas c) {
            out.keyed().keyword(c.key()).cas().integer(c.expected()).integer(c.update());
        } else if (command instanceof Command.Txn t) {
            writeTxn(t, null, out);
        } else {
            throw new AssertionError("not spelled directly: " + command);
        }
    }

    /** Spells {@link #completionValue(Command, Result)} into {@code out}, for a command {@link #writesDirectly} takes. */
    public static void writeCompletionValue(Command command, Result result, HistoryRecorder.ValueWriter out) {
        if (result instanceof Result.Rejected) {
            writeInvokeValue(command, out);
        } else if (command instanceof Command.Read r) {
            Long v = ((Result.ReadResult) expect(Result.ReadResult.class, command, result)).value();
            out.keyed().keyword(r.key());
            if (v == null) {
                out.nil();
            } else {
                out.integer(v);
            }
        } else if (command instanceof Command.Txn t) {
            writeTxn(t, ((Result.TxnResult) expect(Result.TxnResult.class, command, result)).reads(), out);
        } else {
            writeInvokeValue(command, out);
        }
    }

    private static void writeTxn(Command.Txn txn, List<List<Long>> reads, HistoryRecorder.ValueWriter out) {
        List<io.paxsim.paxos.api.MicroOp> ops = txn.ops();
        out.txn(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            io.paxsim.paxos.api.MicroOp op = ops.get(i);
            if (op instanceof io.paxsim.paxos.api.MicroOp.Append a) {
                out.microOp(APPEND).keyword(a.key()).integer(a.value());
            } else if (reads == null || reads.get(i) == null) {
                out.microOp(READ).keyword(op.key()).nil();
            } else {
                List<Long> read = reads.get(i);
                int n = read.size();
                out.microOp(READ).keyword(op.key()).ints(n);
                for (int e = 0; e < n; e++) {
                    out.element(read.get(e));
                }
            }
        }
    }

    /** The micro-op functions {@link MicroOp#append} and {@link MicroOp#read} name. */
    private static final String APPEND = "append";
    private static final String READ = "r";

    private static Value keyed(String key, Value value) {
        return Value.keyed(Value.kw(key), value);
    }

    private static Result expect(Class<? extends Result> type, Command command, Result result) {
        if (!type.isInstance(result)) {
            throw new AssertionError("command " + command + " answered with " + result);
        }
        return result;
    }
}
