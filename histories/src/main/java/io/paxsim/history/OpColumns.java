package io.paxsim.history;

import java.util.Arrays;

/**
 * The ops of a history as primitive columns, append-only: type, flags, function, process and
 * time per op in arrays, and each op's value (plus, when there are any, node, error, a non-client actor, a
 * process beyond int range, an index other than the op's position) encoded by
 * {@link ValueCodec} into one byte arena. About 25-150 bytes per op (a list-append read of n elements adds ~n) where the same ops as
 * {@link Op} records and their value trees take 400-1000. An {@link Op} is built on demand by
 * {@link #op(int)}; the columns never hold one.
 *
 * <p>Positions already written never change, so a {@link History} over the first n ops stays valid
 * while a recorder keeps appending. Not thread-safe.
 */
final class OpColumns {
    static final byte NON_CLIENT = 1;
    static final byte HAS_NODE = 2;
    static final byte HAS_ERROR = 4;
    /** The index is not the op's position (the recorder's case) and is in the arena. */
    static final byte OWN_INDEX = 8;
    /** The client process does not fit an int and is in the arena. */
    static final byte LONG_PROCESS = 16;
    private static final int MAX_ARENA = Integer.MAX_VALUE - 16;

    private int size;
    private byte[] type = new byte[16];
    private byte[] flags = new byte[16];
    private int[] function = new int[16];
    private int[] process = new int[16];
    private long[] timeNanos = new long[16];
    private int[] valueAt = new int[16];
    private byte[] arena = new byte[256];
    private int arenaSize;
    private final ValueCodec codec;
    private final ArenaSink sink = new ArenaSink();
    private final OpType[] types = OpType.values();

    OpColumns() {
        this.codec = new ValueCodec();
    }

    /** A copy of {@code o}: every column and the codec (for the explorer's copies of a recorder). */
    OpColumns(OpColumns o) {
        this.codec = o.codec.copy();
        this.size = o.size;
        this.type = o.type.clone();
        this.flags = o.flags.clone();
        this.function = o.function.clone();
        this.process = o.process.clone();
        this.timeNanos = o.timeNanos.clone();
        this.valueAt = o.valueAt.clone();
        this.arena = o.arena.clone();
        this.arenaSize = o.arenaSize;
    }

    int size() {
        return size;
    }

    /** Appends an op; returns its position. */
    int add(Op op) {
        ensureCapacity(size + 1);
        int pos = size;
        type[pos] = (byte) op.type().ordinal();
        function[pos] = codec.intern(op.f());
        timeNanos[pos] = op.timeNanos();
        byte flag = 0;
        valueAt[pos] = arenaSize;
        codec.encode(op.value(), sink);
        if (op.process() instanceof Value.Int p && p.value() == (int) p.value()) {
            process[pos] = (int) p.value();
        } else if (op.process() instanceof Value.Int p) {
            flag |= LONG_PROCESS;
            codec.encode(p, sink);
        } else {
            flag |= NON_CLIENT;
            codec.encode(op.process(), sink);
        }
        if (op.node() != null) {
            flag |= HAS_NODE;
            codec.encode(op.node(), sink);
        }
        if (op.error() != null) {
            flag |= HAS_ERROR;
            codec.encode(op.error(), sink);
        }
        if (op.index() != pos) {
            flag |= OWN_INDEX;
            codec.encode(new Value.Int(op.index()), sink);
        }
        flags[pos] = flag;
        size++;
        return pos;
    }

    /**
     * Appends an op whose value (and node, error: each {@code from < 0} when absent) a reader has
     * already encoded with {@link #codec()} into {@code encoded}, as {@link #add(Op)} would have;
     * a non-client actor is the keyword of id {@code actorKeyword} (else -1). Returns its position.
     */
    int addEncoded(OpType opType, int functionId, int clientProcess, int actorKeyword, long time, long index,
                   byte[] encoded, int valueFrom, int valueTo, int nodeFrom, int nodeTo, int errorFrom, int errorTo) {
        ensureCapacity(size + 1);
        int pos = size;
        type[pos] = (byte) opType.ordinal();
        function[pos] = functionId;
        timeNanos[pos] = time;
        valueAt[pos] = arenaSize;
        sink.write(encoded, valueFrom, valueTo - valueFrom);
        byte flag = 0;
        if (actorKeyword >= 0) {
            flag |= NON_CLIENT;
            sink.write(ValueCodec.KW);
            ValueCodec.writeVarLong(sink, actorKeyword);
        } else {
            process[pos] = clientProcess;
        }
        if (nodeFrom >= 0) {
            flag |= HAS_NODE;
            sink.write(encoded, nodeFrom, nodeTo - nodeFrom);
        }
        if (errorFrom >= 0) {
            flag |= HAS_ERROR;
            sink.write(encoded, errorFrom, errorTo - errorFrom);
        }
        if (index != pos) {
            flag |= OWN_INDEX;
            sink.write(ValueCodec.INT);
            ValueCodec.writeSigned(sink, index);
        }
        flags[pos] = flag;
        size++;
        return pos;
    }

    /** The codec whose interned ids the columns use (for {@link #addEncoded}). */
    ValueCodec codec() {
        return codec;
    }

    /** The op at {@code pos}, built from the columns (a new object each call). */
    Op op(int pos) {
        check(pos);
        ValueCodec.Source in = new ValueCodec.Source(arena, valueAt[pos]);
        Value value = codec.decode(in);
        byte flag = flags[pos];
        Value actor = (flag & (NON_CLIENT | LONG_PROCESS)) != 0 ? codec.decode(in) : new Value.Int(process[pos]);
        Value node = (flag & HAS_NODE) != 0 ? codec.decode(in) : null;
        Value error = (flag & HAS_ERROR) != 0 ? codec.decode(in) : null;
        long index = (flag & OWN_INDEX) != 0 ? ((Value.Int) codec.decode(in)).value() : pos;
        return new Op(index, timeNanos[pos], types[type[pos]], actor, codec.string(function[pos]), value, node, error);
    }

    byte flags(int pos) {
        check(pos);
        return flags[pos];
    }

    /** The arena the values are encoded in (valid until the next append). */
    byte[] arena() {
        return arena;
    }

    /** Where op {@code pos}'s value starts in {@link #arena()}; its actor, node, error and index follow it, as flagged. */
    int valueAt(int pos) {
        check(pos);
        return valueAt[pos];
    }

    int typeOrdinal(int pos) {
        check(pos);
        return type[pos];
    }

    /** The client process of an op without {@link #NON_CLIENT} or {@link #LONG_PROCESS}. */
    int clientProcessInt(int pos) {
        assert (flags[pos] & (NON_CLIENT | LONG_PROCESS)) == 0;
        return process[pos];
    }

    /** Op {@code pos}'s value alone, decoded from the arena (no {@link Op} built). */
    Value value(int pos) {
        check(pos);
        return codec.decode(new ValueCodec.Source(arena, valueAt[pos]));
    }

    OpType type(int pos) {
        check(pos);
        return types[type[pos]];
    }

    boolean isClient(int pos) {
        check(pos);
        return (flags[pos] & NON_CLIENT) == 0;
    }

    /** The client process; only for {@link #isClient(int)} ops. */
    long clientProcess(int pos) {
        assert isClient(pos);
        return (flags[pos] & LONG_PROCESS) == 0 ? process[pos] : op(pos).clientProcess();
    }

    /** An id of the op's function, equal for equal names. */
    int functionId(int pos) {
        check(pos);
        return function[pos];
    }

    String function(int pos) {
        return codec.string(functionId(pos));
    }

    long timeNanos(int pos) {
        check(pos);
        return timeNanos[pos];
    }

    /** Bytes held by the columns and the arena (capacity, not just what is used). */
    long retainedBytes() {
        long perOp = 1L + 1 + 4 + 4 + 8 + 4;
        return perOp * type.length + arena.length + codec.retainedBytes();
    }

    private void check(int pos) {
        if (pos < 0 || pos >= size) {
            throw new IndexOutOfBoundsException("op " + pos + " of " + size);
        }
    }

    private void ensureCapacity(int needed) {
        if (needed <= type.length) {
            return;
        }
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, type.length + (type.length >> 1)));
        type = Arrays.copyOf(type, capacity);
        flags = Arrays.copyOf(flags, capacity);
        function = Arrays.copyOf(function, capacity);
        process = Arrays.copyOf(process, capacity);
        timeNanos = Arrays.copyOf(timeNanos, capacity);
        valueAt = Arrays.copyOf(valueAt, capacity);
    }

    /** Appends to the arena, growing it by half as needed. */
    private final class ArenaSink implements ValueCodec.Sink {
        @Override
        public void write(int b) {
            if (arenaSize == arena.length) {
                grow(1);
            }
            arena[arenaSize++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int from, int length) {
            if (arenaSize + length > arena.length) {
                grow(length);
            }
            System.arraycopy(bytes, from, arena, arenaSize, length);
            arenaSize += length;
        }

        private void grow(int atLeast) {
            long wanted = Math.max((long) arenaSize + atLeast, arena.length + (long) (arena.length >> 1));
            if ((long) arenaSize + atLeast > MAX_ARENA) {
                throw new IllegalStateException("history values exceed " + MAX_ARENA + " bytes");
            }
            arena = Arrays.copyOf(arena, (int) Math.min(wanted, MAX_ARENA));
        }
    }
}
