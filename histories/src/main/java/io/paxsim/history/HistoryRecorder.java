package io.paxsim.history;

/**
 * Builds a history as a simulation runs: assigns each op its index, stamps the caller's time, and
 * checks the pairing rules as it goes, so a workload bug fails at the op that caused it.
 * Ops go straight into compact columns ({@link OpColumns}): the recorder keeps no {@link Op}
 * objects, only each open invocation's function. A recorder that spells its values with
 * {@link #values()} instead of {@link Value} trees allocates nothing per op. Not thread-safe (a
 * simulation is single-threaded).
 */
public final class HistoryRecorder {
    /** Processes below this have their open invocation's function in an array; others in a map. */
    private static final int DENSE_PROCESSES = 1 << 16;
    private static final int NONE = -1;

    private final OpColumns ops;
    private int[] openFunction = new int[64];
    private final java.util.Map<Long, Integer> openFunctionSparse = new java.util.HashMap<>();
    private final ValueWriter values;
    private long lastTimeNanos = Long.MIN_VALUE;

    public HistoryRecorder() {
        this.ops = new OpColumns();
        this.values = new ValueWriter(ops.codec());
        java.util.Arrays.fill(openFunction, NONE);
    }

    /**
     * An independent copy of this recorder, field by field (the model checker branches a state
     * by copying it); a field added here must be copied here too (the explorer's copy audit lists them).
     */
    public HistoryRecorder copy() {
        return new HistoryRecorder(this);
    }

    private HistoryRecorder(HistoryRecorder o) {
        this.ops = new OpColumns(o.ops);
        this.openFunction = o.openFunction.clone();
        this.openFunctionSparse.putAll(o.openFunctionSparse);
        this.values = new ValueWriter(ops.codec());
        values.bytes = o.values.bytes.clone();
        values.size = o.values.size;
        values.pending = o.values.pending;
        this.lastTimeNanos = o.lastTimeNanos;
    }

    public Op invoke(long timeNanos, long process, String f, Value value) {
        checkNotOpen(process);
        Op op = add(Op.invoke(process, f, value), timeNanos);
        setOpenFunction(process, ops.codec().intern(f));
        return op;
    }

    public Op ok(long timeNanos, long process, Value value) {
        return complete(OpType.OK, timeNanos, process, value);
    }

    public Op fail(long timeNanos, long process, Value value) {
        return complete(OpType.FAIL, timeNanos, process, value);
    }

    /** Indeterminate outcome; the process must not invoke again (use a fresh process number). */
    public Op info(long timeNanos, long process, Value value) {
        return complete(OpType.INFO, timeNanos, process, value);
    }

    /**
     * The writer for the next op's value, emptied: spell the value into it, then pass it to
     * {@link #invoke(long, long, String, ValueWriter)} or a completion. The history holds exactly
     * what {@link #invoke(long, long, String, Value)} with the same value would have stored.
     */
    public ValueWriter values() {
        return values.reset();
    }

    /** As {@link #invoke(long, long, String, Value)}, the value spelled in {@code value} (from {@link #values()}). */
    public void invoke(long timeNanos, long process, String f, ValueWriter value) {
        checkNotOpen(process);
        int function = ops.codec().intern(f);
        addWritten(OpType.INVOKE, timeNanos, process, function, value);
        setOpenFunction(process, function);
    }

    public void ok(long timeNanos, long process, ValueWriter value) {
        addWritten(OpType.OK, timeNanos, process, close(process), value);
    }

    public void fail(long timeNanos, long process, ValueWriter value) {
        addWritten(OpType.FAIL, timeNanos, process, close(process), value);
    }

    public void info(long timeNanos, long process, ValueWriter value) {
        addWritten(OpType.INFO, timeNanos, process, close(process), value);
    }

    /** A non-client event (fault injection etc.), e.g. {@code event(t, "nemesis", "start", v)}. */
    public Op event(long timeNanos, String actor, String f, Value value) {
        return add(new Op(-1, -1, OpType.INFO, Value.kw(actor), f, value, null, null), timeNanos);
    }

    /** Appends an already built op (e.g. with node or error set); index and time are assigned here. */
    public Op record(Op op, long timeNanos) {
        if (op.isClient() && op.type() != OpType.INVOKE) {
            int open = openFunction(op.clientProcess());
            if (open == NONE || !ops.codec().string(open).equals(op.f())) {
                throw new IllegalStateException("completion without a matching invocation: " + op);
            }
            setOpenFunction(op.clientProcess(), NONE);
        } else if (op.isClient()) {
            checkNotOpen(op.clientProcess());
            setOpenFunction(op.clientProcess(), ops.codec().intern(op.f()));
        }
        return add(op, timeNanos);
    }

    private Op complete(OpType type, long timeNanos, long process, Value value) {
        String f = ops.codec().string(close(process));
        return add(Op.of(type, process, f, value), timeNanos);
    }

    private void checkNotOpen(long process) {
        int open = openFunction(process);
        if (open != NONE) {
            throw new IllegalStateException("process " + process + " already has an outstanding op: "
                    + ops.codec().string(open));
        }
    }

    /** Ends {@code process}'s open invocation; returns its function id. */
    private int close(long process) {
        int open = openFunction(process);
        if (open == NONE) {
            throw new IllegalStateException("process " + process + " has no outstanding op to complete");
        }
        setOpenFunction(process, NONE);
        return open;
    }

    private int openFunction(long process) {
        if (process >= 0 && process < DENSE_PROCESSES) {
            return process < openFunction.length ? openFunction[(int) process] : NONE;
        }
        return openFunctionSparse.getOrDefault(process, NONE);
    }

    private void setOpenFunction(long process, int function) {
        if (process >= 0 && process < DENSE_PROCESSES) {
            if (process >= openFunction.length) {
                int old = openFunction.length;
                openFunction = java.util.Arrays.copyOf(openFunction, (int) Math.min(DENSE_PROCESSES,
                        Math.max(process + 1, 2L * old)));
                java.util.Arrays.fill(openFunction, old, openFunction.length, NONE);
            }
            openFunction[(int) process] = function;
        } else if (function == NONE) {
            openFunctionSparse.remove(process);
        } else {
            openFunctionSparse.put(process, function);
        }
    }

    private Op add(Op op, long timeNanos) {
        checkTime(timeNanos);
        Op stamped = new Op(ops.size(), timeNanos, op.type(), op.process(), op.f(), op.value(), op.node(), op.error());
        ops.add(stamped);
        lastTimeNanos = timeNanos;
        return stamped;
    }

    private void addWritten(OpType type, long timeNanos, long process, int function, ValueWriter value) {
        if (value != values) {
            throw new IllegalArgumentException("a value spelled by another recorder's writer");
        }
        value.checkComplete();
        checkTime(timeNanos);
        if (process == (int) process) {
            ops.addEncoded(type, function, (int) process, -1, timeNanos, ops.size(), value.bytes, 0, value.size,
                    -1, -1, -1, -1);
        } else {
            Value decoded = ops.codec().decode(new ValueCodec.Source(value.bytes, 0));
            ops.add(new Op(ops.size(), timeNanos, type, Value.of(process), ops.codec().string(function), decoded, null, null));
        }
        lastTimeNanos = timeNanos;
    }

    private void checkTime(long timeNanos) {
        if (ops.size() > 0 && timeNanos < lastTimeNanos) {
            throw new IllegalStateException("time went backwards: " + timeNanos + " after " + lastTimeNanos);
        }
    }

    public int size() {
        return ops.size();
    }

    /** The history so far (outstanding invocations count as indeterminate). */
    public History history() {
        return History.of(ops, position -> -1);
    }

    /**
     * Spells one value in the history's encoding without building it: each call appends one value,
     * or opens a compound whose parts the next calls spell, in order — {@link #keyed()} then key and
     * value, {@link #cas()} then expected and new value, {@link #txn(int)} then per micro-op
     * {@link #microOp(String)}, its key and its value, {@link #ints(int)} then that many
     * {@link #element(long)}s. The recorder refuses a value left incomplete.
     */
    public static final class ValueWriter {
        private final ValueCodec codec;
        private final ValueCodec.Sink sink = new ValueCodec.Sink() {
            @Override
            public void write(int b) {
                ensure(1);
                bytes[size++] = (byte) b;
            }

            @Override
            public void write(byte[] from, int at, int length) {
                ensure(length);
                System.arraycopy(from, at, bytes, size, length);
                size += length;
            }
        };
        private byte[] bytes = new byte[256];
        private int size;
        /** Values still to spell before the value is complete (compounds add their parts). */
        private long pending;
        /**
         * The strings interned last, by identity, at their hash's slot, and their ids: the same few
         * key and micro-op name objects come back op after op, and the codec's map of every string
         * interned (every key of a run: ~40k at 1M list-append ops) was 2.5% of such a run at 1M
         * ops against 1% at 100k. A cache only: a string's id never changes, so a copy starts empty.
         */
        private final String[] recentStrings = new String[RECENT_STRINGS];
        private final int[] recentIds = new int[RECENT_STRINGS];
        private static final int RECENT_STRINGS = 64;

        private ValueWriter(ValueCodec codec) {
            this.codec = codec;
        }

        private ValueWriter reset() {
            size = 0;
            pending = 1;
            return this;
        }

        public ValueWriter nil() {
            take(0);
            sink.write(ValueCodec.NIL);
            return this;
        }

        public ValueWriter integer(long value) {
            take(0);
            sink.write(ValueCodec.INT);
            ValueCodec.writeSigned(sink, value);
            return this;
        }

        /** A keyword, e.g. {@code :x0} as {@code keyword("x0")}. */
        public ValueWriter keyword(String name) {
            take(0);
            sink.write(ValueCodec.KW);
            ValueCodec.writeVarLong(sink, intern(name));
            return this;
        }

        /** {@code s}'s id in the codec, interning it when new. */
        private int intern(String s) {
            int at = s.hashCode() & (RECENT_STRINGS - 1);
            if (recentStrings[at] == s) {
                return recentIds[at];
            }
            int id = codec.intern(s);
            recentStrings[at] = s;
            recentIds[at] = id;
            return id;
        }

        /** A {@link Value.Keyed}: the next two values are its key and value. */
        public ValueWriter keyed() {
            take(2);
            sink.write(ValueCodec.KEYED);
            return this;
        }

        /** A {@link Value.Cas}: the next two values are the expected and the new value. */
        public ValueWriter cas() {
            take(2);
            sink.write(ValueCodec.CAS);
            return this;
        }

        /** A {@link Value.Txn} of {@code count} micro-ops, each {@link #microOp(String)}, key, value. */
        public ValueWriter txn(int count) {
            take(0);
            sink.write(ValueCodec.TXN);
            ValueCodec.writeVarLong(sink, count);
            pending += count;
            return this;
        }

        /** One micro-op of a {@link #txn(int)}: its function; the next two values are its key and value. */
        public ValueWriter microOp(String f) {
            take(2);
            ValueCodec.writeVarLong(sink, intern(f));
            return this;
        }

        /** A vector of {@code count} integers (as {@code Value.ints}), each then given to {@link #element(long)}. */
        public ValueWriter ints(int count) {
            take(count);
            sink.write(ValueCodec.INTS);
            ValueCodec.writeVarLong(sink, count);
            return this;
        }

        /** One element of an {@link #ints(int)} vector. */
        public ValueWriter element(long value) {
            take(0);
            ValueCodec.writeSigned(sink, value);
            return this;
        }

        /** Accounts for one value or part spelled here, which opens {@code parts} more. */
        private void take(int parts) {
            if (pending <= 0) {
                throw new IllegalStateException("the value is already complete");
            }
            pending += parts - 1;
        }

        private void checkComplete() {
            if (pending != 0) {
                throw new IllegalStateException("an incomplete value: " + pending + " parts missing");
            }
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(size + more, 2 * bytes.length));
            }
        }
    }
}
