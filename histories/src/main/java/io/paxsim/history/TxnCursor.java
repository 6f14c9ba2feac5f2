package io.paxsim.history;

import java.util.Arrays;

/**
 * Reads a transaction's micro-ops straight from a history's compact encoding, without building
 * its {@link Value.Txn}, {@link MicroOp}s or element values: what a checker that interns keys and
 * elements to ids needs per op, at the cost of the varints alone. One cursor is reused for every
 * op; {@link #open} parses one value into its primitive buffers.
 *
 * <p>Only the common shape is read this way: a transaction whose every micro-op has a keyword or
 * integer key and a value that is nil, an integer or a vector of integers. {@link #open} says no
 * for anything else, and the caller decodes that op's {@link History#value value} as before.
 * A keyword is named by the history's id for it ({@link #keyValue} gives the {@link Value.Kw}
 * back); equal names have equal ids within one history.
 */
public final class TxnCursor {
    /** A key's or value's kind, as {@link #keyKind}, {@link #valueKind} give it. */
    public static final int NIL = ValueCodec.NIL;
    public static final int INT = ValueCodec.INT;
    public static final int KEYWORD = ValueCodec.KW;
    /** A vector of integers (an empty vector included). */
    public static final int INTS = ValueCodec.INTS;

    private final OpColumns columns;
    private final int historySize;
    private int size;
    private int[] function = new int[8];
    private byte[] keyKind = new byte[8];
    private long[] key = new long[8];
    private byte[] valueKind = new byte[8];
    /** INT: the integer; INTS: where its elements start in {@link #elements}. */
    private long[] value = new long[8];
    private int[] length = new int[8];
    private long[] elements = new long[64];
    private int elementCount;
    /** INTS: where its elements' encoding starts and ends in {@link #arena} (both modes of open). */
    private int[] encodedFrom = new int[8];
    private int[] encodedTo = new int[8];
    /** The bytes the last {@link #open} read. */
    private byte[] arena;
    /** Whether the last {@link #open} read the elements of its integer vectors (see {@link #openSkippingElements}). */
    private boolean elementsRead;
    /** Reads each opened value (reset per {@link #open}). */
    private final ValueCodec.Source source = new ValueCodec.Source(new byte[0], 0);

    public TxnCursor(History history) {
        this.columns = history.columns();
        this.historySize = history.size();
    }

    /** The history's id for this function name (as {@link #function} gives it), or -1 when no op uses it. */
    public int functionId(String name) {
        return columns.codec().lookup(name);
    }

    /** Whether the value of the op at {@code position} is a transaction (of any shape). */
    public boolean isTxn(int position) {
        java.util.Objects.checkIndex(position, historySize);
        return columns.arena(position)[columns.valueAt(position)] == ValueCodec.TXN;
    }

    /**
     * Parses the value of the op at {@code position}; true when it is a transaction of the shape
     * this cursor reads (see the class comment), false for any other value (nothing is read then).
     */
    public boolean open(int position) {
        return open(position, true);
    }

    /**
     * {@link #open}, but a vector's elements are stepped over, not decoded: its {@link #length} is
     * known, its {@link #element}s are not. For a pass that needs a transaction's shape and the
     * lengths of its reads alone.
     */
    public boolean openSkippingElements(int position) {
        return open(position, false);
    }

    private boolean open(int position, boolean readElements) {
        java.util.Objects.checkIndex(position, historySize);
        byte[] arena = columns.arena(position);
        int at = columns.valueAt(position);
        if (arena[at] != ValueCodec.TXN) {
            return false;
        }
        ValueCodec.Source in = source;
        in.reset(arena, at + 1);
        this.arena = arena;
        int n = in.readCount();
        ensureOps(n);
        elementCount = 0;
        for (int i = 0; i < n; i++) {
            function[i] = in.readCount();
            int kTag = in.read();
            if (kTag == ValueCodec.KW) {
                key[i] = in.readCount();
            } else if (kTag == ValueCodec.INT) {
                key[i] = in.readSigned();
            } else {
                return false;
            }
            keyKind[i] = (byte) kTag;
            int vTag = in.read();
            valueKind[i] = (byte) vTag;
            if (vTag == ValueCodec.INT) {
                value[i] = in.readSigned();
            } else if (vTag == ValueCodec.INTS) {
                int count = in.readCount();
                length[i] = count;
                encodedFrom[i] = in.position();
                if (readElements) {
                    value[i] = elementCount;
                    ensureElements(elementCount + count);
                    in.readSignedInto(elements, elementCount, count);
                    elementCount += count;
                } else {
                    value[i] = -1;
                    in.skipVarLongs(count);
                }
                encodedTo[i] = in.position();
            } else if (vTag != ValueCodec.NIL) {
                return false;
            }
        }
        size = n;
        elementsRead = readElements;
        return true;
    }

    /** Micro-ops of the transaction last {@link #open opened}. */
    public int size() {
        return size;
    }

    /** Micro-op i's function, as an id ({@link #functionId}). */
    public int function(int i) {
        return function[i];
    }

    /** {@link #KEYWORD} or {@link #INT}. */
    public int keyKind(int i) {
        return keyKind[i];
    }

    /** The key: a keyword's id, or the integer. */
    public long key(int i) {
        return key[i];
    }

    /** The key as a value. */
    public Value keyValue(int i) {
        return keyKind[i] == KEYWORD ? columns.codec().keyword((int) key[i]) : new Value.Int(key[i]);
    }

    /** {@link #NIL}, {@link #INT} or {@link #INTS}. */
    public int valueKind(int i) {
        return valueKind[i];
    }

    /** An {@link #INT} value. */
    public long intValue(int i) {
        assert valueKind[i] == INT;
        return value[i];
    }

    /** An {@link #INTS} value's element count. */
    public int length(int i) {
        assert valueKind[i] == INTS;
        return length[i];
    }

    /** Element j of an {@link #INTS} value. */
    public long element(int i, int j) {
        assert valueKind[i] == INTS && j < length[i];
        if (!elementsRead) {
            // Checked with assertions off too: the elements array would still hold an earlier
            // transaction's elements, and a checker reading them would judge the wrong values.
            throw new IllegalStateException("TxnCursor.element after openSkippingElements");
        }
        return elements[(int) value[i] + j];
    }

    /**
     * A copy of the encoding of {@link #INTS} value i's elements, for {@link #elementsArePrefixOf}:
     * taken once per list that later reads are compared with.
     */
    public byte[] encodedElements(int i) {
        assert valueKind[i] == INTS;
        return Arrays.copyOfRange(arena, encodedFrom[i], encodedTo[i]);
    }

    /**
     * Where the encoding of {@link #INTS} value i's elements starts, in the bytes of the position
     * last opened (either mode of open): with {@link #encodedTo}, for {@link #elementsArePrefixOf}
     * after the cursor has moved on.
     */
    public int encodedFrom(int i) {
        assert valueKind[i] == INTS;
        return encodedFrom[i];
    }

    /** Where the encoding of {@link #INTS} value i's elements ends (exclusive); see {@link #encodedFrom}. */
    public int encodedTo(int i) {
        assert valueKind[i] == INTS;
        return encodedTo[i];
    }

    /**
     * Whether the elements encoded at {@code from} to {@code to} of the op at {@code position}
     * ({@link #encodedFrom}, {@link #encodedTo} of a value opened there) are the first elements of
     * the list {@code encoded} ({@link #encodedElements} of some opened value) encodes, decided from
     * the bytes alone; the cursor's state is not changed. True means they are: varints are
     * self-delimiting, so equal bytes decode to equal elements. False means they are not, as long
     * as every integer is written in its one shortest form, which {@link ValueCodec} (the only
     * writer of a history's encoding) does; a caller that must not depend on that compares the
     * decoded elements when this says false.
     */
    public boolean elementsArePrefixOf(int position, int from, int to, byte[] encoded) {
        java.util.Objects.checkIndex(position, historySize);
        int n = to - from;
        return n <= encoded.length && Arrays.equals(columns.arena(position), from, to, encoded, 0, n);
    }

    private void ensureOps(int n) {
        if (n > function.length) {
            int c = Math.max(n, 2 * function.length);
            function = Arrays.copyOf(function, c);
            keyKind = Arrays.copyOf(keyKind, c);
            key = Arrays.copyOf(key, c);
            valueKind = Arrays.copyOf(valueKind, c);
            value = Arrays.copyOf(value, c);
            length = Arrays.copyOf(length, c);
            encodedFrom = Arrays.copyOf(encodedFrom, c);
            encodedTo = Arrays.copyOf(encodedTo, c);
        }
    }

    private void ensureElements(int n) {
        if (n > elements.length) {
            elements = Arrays.copyOf(elements, Math.max(n, 2 * elements.length));
        }
    }
}
