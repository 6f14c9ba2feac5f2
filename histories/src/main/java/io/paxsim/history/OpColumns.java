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
    /**
     * Ops per column chunk. The columns are chunked, as is the arena, so a history never regrows
     * (copies) a column or arena of tens of megabytes: at 1M list-append ops those copies were
     * hundreds of megabytes of garbage per run, each copied by the collector and, at each
     * regrowth, held twice. The first chunk grows by half as needed (a small history stays small).
     */
    private static final int CHUNK_BITS = 16;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int CHUNK_MASK = CHUNK - 1;
    /** Arena bytes per chunk; an op's value, actor, node, error and index lie in one chunk. */
    private static final int ARENA_BITS = 20;
    private static final int ARENA_CHUNK = 1 << ARENA_BITS;
    /** Chunk numbers and offsets share {@link #valueAt}'s int, so at most 2,048 chunks of 1 MiB. */
    private static final int MAX_ARENA_CHUNKS = 1 << (31 - ARENA_BITS);
    private static final long MAX_ARENA = (long) MAX_ARENA_CHUNKS * ARENA_CHUNK;

    private int size;
    /** Ops the column chunks hold. */
    private int capacity = 16;
    private byte[][] type = {new byte[16]};
    private byte[][] flags = {new byte[16]};
    private int[][] function = {new int[16]};
    private int[][] process = {new int[16]};
    private long[][] timeNanos = {new long[16]};
    /** Where an op's record starts: its arena chunk's number above {@link #ARENA_BITS}, the offset in it below. */
    private int[][] valueAt = {new int[16]};
    /** Chunks {@code 0..arenaLast}; the last is being filled. */
    private byte[][] arena = {new byte[256]};
    private int arenaLast;
    /** Bytes used in the last arena chunk. */
    private int arenaSize;
    /** Where the op being added starts in the last arena chunk (moved whole to a new chunk when it does not fit). */
    private int opStart;
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
        this.capacity = o.capacity;
        this.type = deepCopy(o.type);
        this.flags = deepCopy(o.flags);
        this.function = deepCopy(o.function);
        this.process = deepCopy(o.process);
        this.timeNanos = deepCopy(o.timeNanos);
        this.valueAt = deepCopy(o.valueAt);
        this.arena = deepCopy(o.arena);
        this.arenaLast = o.arenaLast;
        this.arenaSize = o.arenaSize;
        this.opStart = o.opStart;
    }

    private static byte[][] deepCopy(byte[][] chunks) {
        byte[][] c = chunks.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] = c[i] == null ? null : c[i].clone();
        }
        return c;
    }

    private static int[][] deepCopy(int[][] chunks) {
        int[][] c = chunks.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] = c[i].clone();
        }
        return c;
    }

    private static long[][] deepCopy(long[][] chunks) {
        long[][] c = chunks.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] = c[i].clone();
        }
        return c;
    }

    int size() {
        return size;
    }

    /** Appends an op; returns its position. */
    int add(Op op) {
        ensureCapacity(size + 1);
        int pos = size;
        int c = pos >>> CHUNK_BITS;
        int i = pos & CHUNK_MASK;
        type[c][i] = (byte) op.type().ordinal();
        function[c][i] = codec.intern(op.f());
        timeNanos[c][i] = op.timeNanos();
        byte flag = 0;
        beginRecord(pos);
        codec.encode(op.value(), sink);
        if (op.process() instanceof Value.Int p && p.value() == (int) p.value()) {
            process[c][i] = (int) p.value();
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
        flags[c][i] = flag;
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
        int c = pos >>> CHUNK_BITS;
        int i = pos & CHUNK_MASK;
        type[c][i] = (byte) opType.ordinal();
        function[c][i] = functionId;
        timeNanos[c][i] = time;
        beginRecord(pos);
        sink.write(encoded, valueFrom, valueTo - valueFrom);
        byte flag = 0;
        if (actorKeyword >= 0) {
            flag |= NON_CLIENT;
            sink.write(ValueCodec.KW);
            ValueCodec.writeVarLong(sink, actorKeyword);
        } else {
            process[c][i] = clientProcess;
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
        flags[c][i] = flag;
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
        ValueCodec.Source in = new ValueCodec.Source(arena(pos), valueAt(pos));
        Value value = codec.decode(in);
        byte flag = flags(pos);
        Value actor = (flag & (NON_CLIENT | LONG_PROCESS)) != 0 ? codec.decode(in) : new Value.Int(process[pos >>> CHUNK_BITS][pos & CHUNK_MASK]);
        Value node = (flag & HAS_NODE) != 0 ? codec.decode(in) : null;
        Value error = (flag & HAS_ERROR) != 0 ? codec.decode(in) : null;
        long index = (flag & OWN_INDEX) != 0 ? ((Value.Int) codec.decode(in)).value() : pos;
        return new Op(index, timeNanos(pos), type(pos), actor, function(pos), value, node, error);
    }

    byte flags(int pos) {
        check(pos);
        return flags[pos >>> CHUNK_BITS][pos & CHUNK_MASK];
    }

    /**
     * The arena chunk op {@code pos}'s record lies in (its value, then its actor, node, error and
     * index, as flagged), from {@link #valueAt(int)} on. Bytes once written never change.
     */
    byte[] arena(int pos) {
        check(pos);
        return arena[valueAt[pos >>> CHUNK_BITS][pos & CHUNK_MASK] >>> ARENA_BITS];
    }

    /** Where op {@code pos}'s value starts in {@link #arena(int)}. */
    int valueAt(int pos) {
        check(pos);
        return valueAt[pos >>> CHUNK_BITS][pos & CHUNK_MASK] & (ARENA_CHUNK - 1);
    }

    int typeOrdinal(int pos) {
        check(pos);
        return type[pos >>> CHUNK_BITS][pos & CHUNK_MASK];
    }

    /** The client process of an op without {@link #NON_CLIENT} or {@link #LONG_PROCESS}. */
    int clientProcessInt(int pos) {
        assert (flags(pos) & (NON_CLIENT | LONG_PROCESS)) == 0;
        return process[pos >>> CHUNK_BITS][pos & CHUNK_MASK];
    }

    /** Op {@code pos}'s value alone, decoded from the arena (no {@link Op} built). */
    Value value(int pos) {
        return codec.decode(new ValueCodec.Source(arena(pos), valueAt(pos)));
    }

    OpType type(int pos) {
        return types[typeOrdinal(pos)];
    }

    boolean isClient(int pos) {
        return (flags(pos) & NON_CLIENT) == 0;
    }

    /** The client process; only for {@link #isClient(int)} ops. */
    long clientProcess(int pos) {
        assert isClient(pos);
        return (flags(pos) & LONG_PROCESS) == 0 ? clientProcessInt(pos) : op(pos).clientProcess();
    }

    /** An id of the op's function, equal for equal names. */
    int functionId(int pos) {
        check(pos);
        return function[pos >>> CHUNK_BITS][pos & CHUNK_MASK];
    }

    String function(int pos) {
        return codec.string(functionId(pos));
    }

    long timeNanos(int pos) {
        check(pos);
        return timeNanos[pos >>> CHUNK_BITS][pos & CHUNK_MASK];
    }

    /** Bytes held by the columns and the arena (capacity, not just what is used). */
    long retainedBytes() {
        long perOp = 1L + 1 + 4 + 4 + 8 + 4;
        long arenaBytes = 0;
        for (int c = 0; c <= arenaLast; c++) {
            arenaBytes += arena[c].length;
        }
        return perOp * capacity + arenaBytes + codec.retainedBytes();
    }

    private void check(int pos) {
        if (pos < 0 || pos >= size) {
            throw new IndexOutOfBoundsException("op " + pos + " of " + size);
        }
    }

    /** Room for {@code needed} ops: the first chunk grows by half up to a whole chunk, then whole chunks are added. */
    private void ensureCapacity(int needed) {
        if (needed <= capacity) {
            return;
        }
        if (capacity < CHUNK) {
            int grown = Math.min(CHUNK, Math.max(needed, capacity + (capacity >> 1)));
            type[0] = Arrays.copyOf(type[0], grown);
            flags[0] = Arrays.copyOf(flags[0], grown);
            function[0] = Arrays.copyOf(function[0], grown);
            process[0] = Arrays.copyOf(process[0], grown);
            timeNanos[0] = Arrays.copyOf(timeNanos[0], grown);
            valueAt[0] = Arrays.copyOf(valueAt[0], grown);
            capacity = grown;
            return;
        }
        if (capacity > Integer.MAX_VALUE - CHUNK) {
            throw new IllegalStateException("a history holds at most " + capacity + " ops");
        }
        int chunks = capacity >>> CHUNK_BITS; // every chunk is whole once there is a second one
        type = Arrays.copyOf(type, chunks + 1);
        type[chunks] = new byte[CHUNK];
        flags = Arrays.copyOf(flags, chunks + 1);
        flags[chunks] = new byte[CHUNK];
        function = Arrays.copyOf(function, chunks + 1);
        function[chunks] = new int[CHUNK];
        process = Arrays.copyOf(process, chunks + 1);
        process[chunks] = new int[CHUNK];
        timeNanos = Arrays.copyOf(timeNanos, chunks + 1);
        timeNanos[chunks] = new long[CHUNK];
        valueAt = Arrays.copyOf(valueAt, chunks + 1);
        valueAt[chunks] = new int[CHUNK];
        capacity += CHUNK;
    }

    /** Starts op {@code pos}'s arena record: in the last chunk, or a new one when the last is full. */
    private void beginRecord(int pos) {
        opStart = arenaSize;
        if (arenaSize >= ARENA_CHUNK) { // full, or a chunk sized for one large record
            newArenaChunk(0);
        }
        valueAt[pos >>> CHUNK_BITS][pos & CHUNK_MASK] = (arenaLast << ARENA_BITS) | arenaSize;
    }

    /**
     * A new last arena chunk with room for {@code atLeast} more bytes, the op being added moved into it
     * from its start (its record is never split between chunks): a whole chunk, or one sized for a
     * record larger than that.
     */
    private void newArenaChunk(int atLeast) {
        if (arenaLast + 1 >= MAX_ARENA_CHUNKS) {
            throw new IllegalStateException("history values exceed " + MAX_ARENA + " bytes");
        }
        int moved = arenaSize - opStart;
        long wanted = (long) moved + atLeast;
        if (wanted > ARENA_CHUNK) {
            wanted += wanted >> 1; // a large record may grow more: amortise its moves
        }
        if (wanted > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("a history value exceeds " + (Integer.MAX_VALUE - 16) + " bytes");
        }
        byte[] fresh = new byte[(int) Math.max(ARENA_CHUNK, wanted)];
        System.arraycopy(arena[arenaLast], opStart, fresh, 0, moved);
        arenaLast++;
        if (arenaLast == arena.length) {
            arena = Arrays.copyOf(arena, arena.length * 2);
        }
        arena[arenaLast] = fresh;
        arenaSize = moved;
        opStart = 0;
        valueAt[size >>> CHUNK_BITS][size & CHUNK_MASK] = arenaLast << ARENA_BITS; // the op being added is at size
    }

    /** Room for {@code length} more bytes in the last arena chunk. */
    private void makeRoom(int length) {
        byte[] last = arena[arenaLast];
        long needed = (long) arenaSize + length;
        if (needed <= last.length) {
            return;
        }
        if (needed <= ARENA_CHUNK && last.length < ARENA_CHUNK) { // a first chunk still growing
            arena[arenaLast] = Arrays.copyOf(last, (int) Math.min(ARENA_CHUNK, Math.max(needed, last.length + (long) (last.length >> 1))));
            return;
        }
        newArenaChunk(length);
    }

    /** Appends to the arena's last chunk. */
    private final class ArenaSink implements ValueCodec.Sink {
        @Override
        public void write(int b) {
            if (arenaSize == arena[arenaLast].length) {
                makeRoom(1);
            }
            arena[arenaLast][arenaSize++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int from, int length) {
            if (arenaSize + length > arena[arenaLast].length) {
                makeRoom(length);
            }
            System.arraycopy(bytes, from, arena[arenaLast], arenaSize, length);
            arenaSize += length;
        }
    }
}
