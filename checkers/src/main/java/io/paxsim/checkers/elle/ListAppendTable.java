package io.paxsim.checkers.elle;

import io.paxsim.history.Call;
import io.paxsim.history.History;
import io.paxsim.history.MicroOp;
import io.paxsim.history.OpType;
import io.paxsim.history.TxnCursor;
import io.paxsim.history.Value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A list-append history as primitive columns, for {@link ListAppendChecker}: per transaction its
 * outcome, positions and process; per micro-op its kind, key id and either the appended element's
 * id or the read. Keys and elements are interned to dense ids ({@link #keyValue}, {@link
 * #elementValue} give them back for messages). Every transaction is decoded from the history
 * twice, one at a time, and nothing of it is kept as objects.
 *
 * <p>Reads are kept as short as what they say: the first pass finds each key's longest read (by
 * a possibly-committed transaction, the read Elle takes the key's version order from), and the
 * second stores a read that is a prefix of it — every read of a valid history — as its length
 * alone. Only the other reads (the anomalies {@code incompatible-order}, duplicates, or reads by
 * failed transactions) keep their elements, in a side pool. So the table is O(1) per micro-op
 * plus the longest read per key, however long the lists grow.
 *
 * <p>Every (key, element) pair the history names gets a dense <em>pair id</em> while the table is
 * filled ({@link #pair}, {@link #readPair}): one hash lookup per append and per element of a key's
 * longest read, so the checks index arrays by pair id instead of looking pairs up in hash maps.
 * Equal pairs get equal ids and distinct pairs distinct ids.
 */
final class ListAppendTable extends ColumnarTxnTable {
    static final Set<String> MICRO_OPS = Set.of("r", "append");
    /** A read's value was nil. */
    static final int NIL_READ = -1;
    /** No element (the version before a key's first append, or a missing entry). */
    static final int NONE = -1;

    /** Sees each call once the second pass has filled its micro-op columns, in call order. */
    interface Visitor {
        /**
         * {@code outcome} as {@link Call#outcome()}: INFO also for a call that never completed; its
         * micro-ops are {@code from} to {@code to} of {@code table}'s micro-op columns.
         */
        void visit(ListAppendTable table, int id, OpType outcome, int from, int to);
    }

    private boolean[] opAppend;
    private int[] opKey;
    /**
     * Append: element id. Read: length when a prefix of the key's longest read, {@link #NIL_READ}, or
     * -2 - offset into {@link #irregular} (between the passes, a plain read's encoding; see {@link #storePlain}).
     */
    private int[] opValue;
    /** Append: its (key, element) pair id; read: unused (between the passes, a plain read's encoding's length). */
    private int[] opPair;
    private int[] irregular = new int[16];
    /** Parallel to {@link #irregular}: each held element's pair id. */
    private int[] irregularPairs = new int[16];
    private int irregularSize;
    /** (key id, element id) to pair id; pair ids are dense, in the order first seen. */
    private final PairIds pairIds = new PairIds(16);
    /** Per key: the pair ids of {@link #longest}'s elements, or null. */
    private int[][] longestPairs = new int[16][];

    private final TxnCursor cursor;
    /** The history's ids for the function names "append" and "r" (-1 when no op uses one). */
    private final int appendFunction;
    private final int readFunction;
    /**
     * First pass, per key: where its longest read is, as (position << 8 | micro-op index) when the
     * cursor read it (its elements are interned once, at the end of the pass), else -1 and the
     * elements are in {@link #longest} already.
     */
    private long[] longestAt = new long[16];
    private long[] longestCompletedAt = new long[16];
    /**
     * First pass to second, per call: {@link #PLAIN} when its micro-ops were read by the cursor
     * (and stored by {@link #storePlain}), {@link #FROM_COMPLETION} when they are its completion's.
     */
    private byte[] sources;
    private static final byte PLAIN = 1;
    private static final byte FROM_COMPLETION = 2;
    /**
     * Per key: the encoding of {@link #longest}'s elements when the cursor read it (see {@link
     * TxnCursor#encodedElements}), else null: the second pass compares reads with it as bytes.
     */
    private byte[][] longestEncoded = new byte[16][];
    /** Per key with a {@link #longestEncoded}: by byte length of a prefix of it that ends an element, its element count. */
    private int[][] longestElementsAt = new int[16][];
    /** Second pass: whether the cursor holds the transaction being finished with its elements (see {@link #readCode(int, int, int)}). */
    private boolean openedElements;
    private int[] longestLength = new int[16];
    private int[] longestCompletedLength = new int[16];

    private final ValueIds keys = new ValueIds();
    private final ValueIds elements = new ValueIds();
    /** Per key: the longest non-empty read by a possibly-committed transaction (the last of equal length), or null. */
    private int[][] longest = new int[16][];
    /** Per key: the same over every completed transaction (failed ones too), as Elle's dirty-update check takes it. */
    private int[][] longestCompleted = new int[16][];
    /** Keys in the order each first got a {@link #longestCompleted} read. */
    private int[] completedKeyOrder = new int[16];
    private int completedKeyCount;

    private ListAppendTable(History history, String workload) {
        super(history, workload);
        cursor = new TxnCursor(history);
        appendFunction = cursor.functionId("append");
        readFunction = cursor.functionId("r");
        Arrays.fill(longestAt, -1);
        Arrays.fill(longestCompletedAt, -1);
    }

    /**
     * Reads the history's calls as list-append transactions; throws bad input (a
     * {@link io.paxsim.checkers.ModelMismatch}) as Elle's shape checks would: a call that is not a
     * transaction, a micro-op other than {@code :r} and {@code :append}, a read that is not a list,
     * an element appended twice to one key.
     */
    static ListAppendTable of(History history, String workload, Visitor visitor) {
        ListAppendTable table = new ListAppendTable(history, workload);
        table.findLongestReads();
        table.fill(visitor);
        return table;
    }

    /**
     * First pass: shapes every transaction must have, each key's longest reads, every call's
     * columns ({@link #recordCall}) and, for a transaction the cursor reads, its micro-ops' columns
     * as far as they are known before the longest reads are (see {@link #storePlain}); the second
     * pass finishes those without opening the transaction again.
     */
    private void findLongestReads() {
        int m = 0;
        sources = new byte[size];
        int capacity = Math.min(4096, 2 * size + 16);
        opAppend = new boolean[capacity];
        opKey = new int[capacity];
        opValue = new int[capacity];
        opPair = new int[capacity];
        for (int id = 0; id < size; id++) {
            int invoke = history.invokePosition(id);
            int done = history.completionPosition(id);
            boolean completed = done != Integer.MAX_VALUE;
            OpType type = completed ? history.type(done) : null;
            boolean possible = completed && type != OpType.FAIL;
            int source = microOpSource(id, done);
            recordCall(id, invoke, done, type, m);
            sources[id] = source == invoke ? 0 : FROM_COMPLETION;
            if (openPlainSkippingElements(source)) {
                sources[id] |= PLAIN;
                m = storePlain(id, m, completed, possible, source);
                continue;
            }
            Value completion = completed ? history.value(done) : null;
            List<MicroOp> ops = microOps(id, completion, completion instanceof Value.Txn ? null
                    : history.value(invoke));
            checkKinds(id, ops, MICRO_OPS);
            ensureMicroOps(id, m + ops.size());
            m += ops.size();
            if (!completed) {
                continue;
            }
            for (MicroOp op : ops) {
                if (op.isRead() && op.value() instanceof Value.Vec v && !v.items().isEmpty()) {
                    int key = keyId(op.key());
                    int n = v.items().size();
                    if (possible && n >= longestLength(key)) {
                        longest[key] = elementIds(v.items());
                        longestAt[key] = -1;
                    }
                    if (n >= longestCompletedLength(key)) {
                        noteCompletedKey(key);
                        longestCompleted[key] = elementIds(v.items());
                        longestCompletedAt[key] = -1;
                    }
                }
            }
        }
        endMicroOps(m);
        internLongestReads();
    }

    /**
     * The opened transaction's micro-ops into the columns from {@code m} on, as the first pass
     * knows them: an append's key and element (its pair id is given in the second pass, in the
     * order pair ids always were), a read's key, {@link #NIL_READ} or where its elements' encoding
     * starts in {@link #opValue} and its byte length in {@link #opPair}; the second pass turns a
     * read into its code. Notes the reads of a completed transaction (call {@code id}) as
     * candidates for their keys' longest reads. Returns the next free micro-op.
     */
    private int storePlain(int id, int m, boolean completed, boolean possible, int position) {
        ensureMicroOps(id, m + cursor.size());
        for (int i = 0; i < cursor.size(); i++, m++) {
            int key = keyId(i);
            boolean append = cursor.function(i) == appendFunction;
            opAppend[m] = append;
            opKey[m] = key;
            if (append) {
                opValue[m] = elements.intId(cursor.intValue(i));
            } else if (cursor.valueKind(i) == TxnCursor.NIL) {
                opValue[m] = NIL_READ;
            } else {
                int n = cursor.length(i);
                opValue[m] = cursor.encodedFrom(i);
                opPair[m] = cursor.encodedTo(i) - cursor.encodedFrom(i);
                if (completed && n > 0) {
                    noteLongestRead(key, n, ((long) position << 16) | i, possible);
                }
            }
        }
        return m;
    }

    /**
     * Room for {@code needed} micro-ops while the first pass is at call {@code id}: grown to what
     * the calls so far predict for the whole history (a tenth more), so the columns are copied
     * about once and end near their final size.
     */
    private void ensureMicroOps(int id, int needed) {
        if (needed > opKey.length) {
            long predicted = (long) needed * size / (id + 1) * 11 / 10 + 16;
            int n = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(predicted, Math.max(needed, opKey.length + (opKey.length >> 1))));
            opAppend = Arrays.copyOf(opAppend, n);
            opKey = Arrays.copyOf(opKey, n);
            opValue = Arrays.copyOf(opValue, n);
            opPair = Arrays.copyOf(opPair, n);
        }
    }

    /** Where call {@code id}'s micro-ops are read: its completion when that is a transaction, else its invocation. */
    private int microOpSource(int id, int done) {
        return done != Integer.MAX_VALUE && cursor.isTxn(done) ? done : history.invokePosition(id);
    }

    /**
     * Opens the value at {@code position} with the cursor, stepping over read elements (both
     * passes need the reads' lengths and encodings, not their elements), when it is a transaction
     * of appends of integers and reads of nil or integer lists, the shape every run records: false
     * for anything else, which then goes the way of decoded values (and its shape errors).
     */
    private boolean openPlainSkippingElements(int position) {
        return cursor.openSkippingElements(position) && isPlain();
    }

    private boolean isPlain() {
        if (cursor.size() > 0xffff) {
            return false;
        }
        for (int i = 0; i < cursor.size(); i++) {
            int f = cursor.function(i);
            int kind = cursor.valueKind(i);
            boolean plain = f == appendFunction ? kind == TxnCursor.INT
                    : f == readFunction && (kind == TxnCursor.NIL || kind == TxnCursor.INTS);
            if (!plain) {
                return false;
            }
        }
        return true;
    }

    /** A non-empty read the cursor read, of n elements at {@code at}, as a candidate for its key's longest reads (its place, not its elements). */
    private void noteLongestRead(int key, int n, long at, boolean possible) {
        if (possible && n >= longestLength(key)) {
            longestAt[key] = at;
            longestLength[key] = n;
            longest[key] = null;
        }
        if (n >= longestCompletedLength(key)) {
            noteCompletedKey(key);
            longestCompletedAt[key] = at;
            longestCompletedLength[key] = n;
            longestCompleted[key] = null;
        }
    }

    private void noteCompletedKey(int key) {
        if (longestCompleted[key] == null && longestCompletedAt[key] < 0) {
            completedKeyOrder = grow(completedKeyOrder, completedKeyCount + 1);
            completedKeyOrder[completedKeyCount++] = key;
        }
    }

    /** After the first pass: the longest reads the cursor found, as element ids and pair ids (and their encodings). */
    private void internLongestReads() {
        for (int key = 0; key < keys.size(); key++) {
            if (longestAt[key] >= 0) {
                longest[key] = elementIdsAt(longestAt[key]);
                longestEncoded[key] = cursor.encodedElements((int) (longestAt[key] & 0xffff));
                longestElementsAt[key] = elementsAt(longestEncoded[key]);
            }
            if (longestCompletedAt[key] >= 0) {
                // Without failed transactions both are the same read: its ids once, the array shared (neither is changed).
                longestCompleted[key] = longestCompletedAt[key] == longestAt[key] ? longest[key]
                        : elementIdsAt(longestCompletedAt[key]);
            }
            longestPairs[key] = longest[key] == null ? null : pairIds(key, longest[key]);
        }
    }

    /** By byte length, the varints that end within it (exact where a varint ends, all that is asked). */
    private static int[] elementsAt(byte[] encoded) {
        int[] count = new int[encoded.length + 1];
        for (int b = 0; b < encoded.length; b++) {
            count[b + 1] = count[b] + (encoded[b] >= 0 ? 1 : 0);
        }
        return count;
    }

    private int[] pairIds(int key, int[] elementIds) {
        int[] pairs = new int[elementIds.length];
        for (int j = 0; j < pairs.length; j++) {
            pairs[j] = pairId(key, elementIds[j]);
        }
        return pairs;
    }

    /** The pair id of (key, element), given now if the pair is new. */
    private int pairId(int key, int element) {
        return pairIds.idOf(key, element);
    }

    private int[] elementIdsAt(long at) {
        boolean opened = cursor.open((int) (at >>> 16));
        assert opened;
        int i = (int) (at & 0xffff);
        int[] ids = new int[cursor.length(i)];
        for (int j = 0; j < ids.length; j++) {
            ids[j] = elements.intId(cursor.element(i, j));
        }
        return ids;
    }

    private int longestLength(int key) {
        return longest[key] != null ? longest[key].length : longestAt[key] >= 0 ? longestLength[key] : 0;
    }

    private int longestCompletedLength(int key) {
        return longestCompleted[key] != null ? longestCompleted[key].length
                : longestCompletedAt[key] >= 0 ? longestCompletedLength[key] : 0;
    }

    /** Second pass: the columns, and the shape checks Elle makes before analysing (in call order). */
    private void fill(Visitor visitor) {
        boolean[] asked = new boolean[64];
        for (int id = 0; id < size; id++) {
            int invoke = invokePosition(id);
            int done = completionPosition(id);
            OpType type = done == Integer.MAX_VALUE ? null : history.type(done);
            boolean plain = (sources[id] & PLAIN) != 0;
            int source = (sources[id] & FROM_COMPLETION) != 0 ? done : invoke;
            int from = opStart(id);
            int to = opEnd(id);
            if (plain) {
                finishPlain(source, from, to);
            } else {
                fillDecoded(id, type == null ? null : history.value(done), history.value(invoke), from);
            }
            // A plain call's columns are its invocation's when that is its source: not opened again.
            asked = source == invoke && plain ? checkUniqueAppends(id, from, to, asked)
                    : checkUniqueAppends(id, invoke, openPlainSkippingElements(invoke), from, to, asked);
            visitor.visit(this, id, type == null ? OpType.INFO : type, from, to);
        }
        sources = null;
    }

    /**
     * Finishes the columns the first pass stored for the plain transaction at {@code position}
     * (micro-ops {@code from} to {@code to}): appends get their pair ids, reads their codes.
     */
    private void finishPlain(int position, int from, int to) {
        openedElements = false;
        for (int m = from; m < to; m++) {
            if (opAppend[m]) {
                opPair[m] = pairId(opKey[m], opValue[m]);
            } else {
                opValue[m] = opValue[m] == NIL_READ ? NIL_READ : readCode(position, m, m - from);
                opPair[m] = NONE;
            }
        }
    }

    /** Call {@code id}'s micro-ops, decoded as values, into the columns from {@code m} on; returns the next free micro-op. */
    private int fillDecoded(int id, Value completion, Value asked, int m) {
        for (MicroOp op : microOps(id, completion, asked)) {
            if (op.isRead() && !(op.value() instanceof Value.Vec) && !op.value().isNil()) {
                throw Txn.badInput(history, history.calls().get(id), workload, "read " + op + " is not a list");
            }
            opAppend[m] = op.isAppend();
            opKey[m] = keyId(op.key());
            opValue[m] = op.isAppend() ? elementId(op.value()) : readCode(opKey[m], op.value());
            opPair[m] = op.isAppend() ? pairId(opKey[m], opValue[m]) : NONE;
            m++;
        }
        return m;
    }

    /** Call {@code id}'s micro-ops, decoded (for the checks that read them as values, and messages). */
    List<MicroOp> decodedMicroOps(int id) {
        int done = history.completionPosition(id);
        return microOps(id, done == Integer.MAX_VALUE ? null : history.value(done), history.value(history.invokePosition(id)));
    }

    /**
     * Call {@code id}'s micro-ops as {@link Txn#microOps} takes them — the completion's when that is
     * a transaction, else the invocation's — from the values alone (the call is built only for an error).
     */
    private List<MicroOp> microOps(int id, Value completion, Value invoke) {
        Value v = completion instanceof Value.Txn ? completion : invoke;
        if (v instanceof Value.Txn txn) {
            return txn.ops();
        }
        return Txn.microOps(history.calls().get(id), history, workload); // throws the bad-input error
    }

    /**
     * No element is appended twice to one key (as the invocations ask: a completion may differ).
     * {@code asked} holds, by pair id, the pairs earlier invocations appended; returns it, grown to
     * the pairs given so far. The call's micro-ops were just filled at {@code from} to {@code to}:
     * an invocation's append equal to the filled micro-op at its place takes that one's pair id.
     * {@code invokeOpened}: whether the cursor holds the invocation ({@link #openPlainSkippingElements} said yes).
     */
    private boolean[] checkUniqueAppends(int id, int invoke, boolean invokeOpened, int from, int to, boolean[] asked) {
        if (invokeOpened) {
            for (int i = 0; i < cursor.size(); i++) {
                if (cursor.function(i) != appendFunction) {
                    continue;
                }
                int key = keyId(i);
                int element = elements.intId(cursor.intValue(i));
                int m = from + i;
                int pair = m < to && opAppend[m] && opKey[m] == key && opValue[m] == element ? opPair[m] : pairId(key, element);
                asked = grow(asked, pairIds.count());
                if (asked[pair]) {
                    throw appendedTwice(id, new MicroOp("append", cursor.keyValue(i), Value.of(cursor.intValue(i))));
                }
                asked[pair] = true;
            }
            return asked;
        }
        if (!(history.value(invoke) instanceof Value.Txn txn)) {
            throw Txn.badInput(history, history.calls().get(id), workload, "not a transaction: " + workload
                    + " needs :txn ops whose value is a vector of [f k v] micro-ops");
        }
        for (MicroOp op : txn.ops()) {
            if (op.isAppend()) {
                int pair = pairId(keyId(op.key()), elementId(op.value()));
                asked = grow(asked, pairIds.count());
                if (asked[pair]) {
                    throw appendedTwice(id, op);
                }
                asked[pair] = true;
            }
        }
        return asked;
    }

    /** {@link #checkUniqueAppends(int, int, boolean, int, int, boolean[])} for a call whose columns {@code from} to {@code to} are its invocation's. */
    private boolean[] checkUniqueAppends(int id, int from, int to, boolean[] asked) {
        for (int m = from; m < to; m++) {
            if (opAppend[m]) {
                asked = grow(asked, pairIds.count());
                if (asked[opPair[m]]) {
                    throw appendedTwice(id, new MicroOp("append", keys.value(opKey[m]), elements.value(opValue[m])));
                }
                asked[opPair[m]] = true;
            }
        }
        return asked;
    }

    private RuntimeException appendedTwice(int id, MicroOp op) {
        return Txn.badInput(history, history.calls().get(id), workload, "value " + op.value() + " appended to key "
                + op.key() + " more than once (list-append needs unique appends)");
    }

    /**
     * The code (see {@link #opValue}) of micro-op m, the first pass's read i of the plain
     * transaction at {@code position}, of a non-nil list. A read whose bytes begin the key's
     * longest read's is a prefix of it (equal bytes, equal elements); any other read is compared
     * element by element, the transaction opened again with its elements, so a read is irregular
     * exactly when its elements say so.
     */
    private int readCode(int position, int m, int i) {
        int key = opKey[m];
        byte[] encoded = longestEncoded[key];
        int from = opValue[m];
        int bytes = opPair[m];
        if (bytes == 0) {
            return 0; // the empty list, a prefix of any
        }
        if (encoded != null && cursor.elementsArePrefixOf(position, from, from + bytes, encoded)) {
            return longestElementsAt[key][bytes];
        }
        if (!openedElements) {
            boolean reopened = cursor.open(position);
            assert reopened && cursor.size() > i && cursor.encodedFrom(i) == from;
            openedElements = true;
        }
        return readCode(key, i);
    }

    /** The code of the opened transaction's read i of a non-nil list, from its elements. */
    private int readCode(int key, int i) {
        int n = cursor.length(i);
        int[] order = longest[key];
        // Only reads whose bytes differ from the longest read's come here (none in a valid history).
        if (n <= length(order) && isPrefixById(i, order)) {
            return n;
        }
        int at = holdIrregular(n);
        for (int j = 0; j < n; j++) {
            holdElement(key, elements.intId(cursor.element(i, j)));
        }
        return -2 - at;
    }

    private boolean isPrefixById(int i, int[] order) {
        for (int j = 0; j < cursor.length(i); j++) {
            if (elements.intId(cursor.element(i, j)) != order[j]) {
                return false;
            }
        }
        return true;
    }

    private int readCode(int key, Value value) {
        if (value.isNil()) {
            return NIL_READ;
        }
        List<Value> items = ((Value.Vec) value).items();
        int[] order = longest[key];
        if (items.size() <= length(order) && isPrefix(items, order)) {
            return items.size();
        }
        int at = holdIrregular(items.size());
        for (Value item : items) {
            holdElement(key, elementId(item));
        }
        return -2 - at;
    }

    /** Makes room in the pool for a read of n elements and holds its length; returns where it starts. */
    private int holdIrregular(int n) {
        irregular = grow(irregular, irregularSize + 1 + n);
        irregularPairs = grow(irregularPairs, irregularSize + 1 + n);
        int at = irregularSize;
        irregular[irregularSize] = n;
        irregularPairs[irregularSize++] = NONE;
        return at;
    }

    private void holdElement(int key, int element) {
        irregular[irregularSize] = element;
        irregularPairs[irregularSize++] = pairId(key, element);
    }

    private boolean isPrefix(List<Value> items, int[] order) {
        for (int i = 0; i < items.size(); i++) {
            if (elementId(items.get(i)) != order[i]) {
                return false;
            }
        }
        return true;
    }

    private static int length(int[] a) {
        return a == null ? 0 : a.length;
    }

    private static int[] grow(int[] a, int needed) {
        return needed <= a.length ? a : Arrays.copyOf(a, Math.max(needed, a.length + (a.length >> 1)));
    }

    private static boolean[] grow(boolean[] a, int needed) {
        return needed <= a.length ? a : Arrays.copyOf(a, Math.max(needed, 2 * a.length));
    }

    private int[] elementIds(List<Value> items) {
        int[] ids = new int[items.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = elementId(items.get(i));
        }
        return ids;
    }

    private int keyId(Value key) {
        return grownFor(keys.id(key));
    }

    /** The id of the opened transaction's micro-op i's key. */
    private int keyId(int i) {
        if (cursor.keyKind(i) == TxnCursor.KEYWORD) {
            int historyId = (int) cursor.key(i);
            int id = keys.keywordId(historyId);
            if (id < 0) {
                id = keys.id(cursor.keyValue(i));
                keys.rememberKeyword(historyId, id);
            }
            return grownFor(id);
        }
        return grownFor(keys.intId(cursor.key(i)));
    }

    /** Grows the per-key arrays to hold key {@code id}. */
    private int grownFor(int id) {
        if (id == longest.length) {
            int n = id * 2;
            longest = Arrays.copyOf(longest, n);
            longestCompleted = Arrays.copyOf(longestCompleted, n);
            longestEncoded = Arrays.copyOf(longestEncoded, n);
            longestElementsAt = Arrays.copyOf(longestElementsAt, n);
            longestPairs = Arrays.copyOf(longestPairs, n);
            longestLength = Arrays.copyOf(longestLength, n);
            longestCompletedLength = Arrays.copyOf(longestCompletedLength, n);
            longestAt = Arrays.copyOf(longestAt, n);
            longestCompletedAt = Arrays.copyOf(longestCompletedAt, n);
            Arrays.fill(longestAt, id, n, -1);
            Arrays.fill(longestCompletedAt, id, n, -1);
        }
        return id;
    }

    private int elementId(Value element) {
        return elements.id(element);
    }

    /** Elements held for reads that are not prefixes of their key's longest read (none in a valid history). */
    int irregularElements() {
        return irregularSize;
    }

    // ---- micro-ops -----------------------------------------------------------------------

    boolean isAppend(int m) {
        return opAppend[m];
    }

    int key(int m) {
        return opKey[m];
    }

    /** The element an append appends. */
    int element(int m) {
        assert opAppend[m];
        return opValue[m];
    }

    /** An append's (key, element) pair id. */
    int pair(int m) {
        assert opAppend[m];
        return opPair[m];
    }

    /** The pair id of (key, the i-th element read m shows). */
    int readPair(int m, int i) {
        int code = opValue[m];
        return code >= 0 ? longestPairs[opKey[m]][i] : irregularPairs[-2 - code + 1 + i];
    }

    /** The pair id of the last element a read shows, or {@link #NONE} for nil and empty reads. */
    int lastReadPair(int m) {
        int n = readLength(m);
        return n <= 0 ? NONE : readPair(m, n - 1);
    }

    /** Pair ids run from 0 to this, exclusive. */
    int pairCount() {
        return pairIds.count();
    }

    /** The pair id of (key, element), or {@link #NONE} when the history never names that pair. */
    int pairOf(int key, int element) {
        return pairIds.get(key, element, NONE);
    }

    /** The pair ids of the key's {@link #longest} read's elements, or null. */
    int[] longestPairs(int key) {
        return longestPairs[key];
    }

    /** A read's length, or {@link #NIL_READ}. */
    int readLength(int m) {
        assert !opAppend[m];
        int code = opValue[m];
        return code >= NIL_READ ? code : irregular[-2 - code];
    }

    /** The i-th element a read shows. */
    int readElement(int m, int i) {
        int code = opValue[m];
        return code >= 0 ? longest[opKey[m]][i] : irregular[-2 - code + 1 + i];
    }

    /** The last element a read shows, or {@link #NONE} for nil and empty reads. */
    int lastRead(int m) {
        int n = readLength(m);
        return n <= 0 ? NONE : readElement(m, n - 1);
    }

    /** Whether the read is a prefix of its key's longest read by a possibly-committed transaction. */
    boolean isPrefixRead(int m) {
        return opValue[m] >= NIL_READ;
    }

    /** A read's own identity for grouping equal reads of a key: nil, its length when a prefix of the longest, else its element list. */
    int readVersion(int m, Map<List<Integer>, Integer> irregularVersions) {
        int code = opValue[m];
        if (code >= NIL_READ) {
            return code;
        }
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < readLength(m); i++) {
            items.add(readElement(m, i));
        }
        return -2 - irregularVersions.computeIfAbsent(items, k -> irregularVersions.size());
    }

    /** A read's value as the history wrote it (for messages). */
    Value readValue(int m) {
        int n = readLength(m);
        if (n == NIL_READ) {
            return Value.NIL;
        }
        return new Value.Vec(elementValues(m, n));
    }

    /** A read's elements as values (null for nil), for messages. */
    List<Value> readList(int m) {
        int n = readLength(m);
        return n == NIL_READ ? null : elementValues(m, n);
    }

    private List<Value> elementValues(int m, int n) {
        List<Value> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(elements.value(readElement(m, i)));
        }
        return items;
    }

    // ---- keys and elements ---------------------------------------------------------------

    int keyCount() {
        return keys.size();
    }

    Value keyValue(int key) {
        return keys.value(key);
    }

    Value elementValue(int element) {
        return elements.value(element);
    }

    List<Value> elementValues(int[] ids) {
        List<Value> values = new ArrayList<>(ids.length);
        for (int id : ids) {
            values.add(elements.value(id));
        }
        return values;
    }

    /** The key's longest non-empty read by a possibly-committed transaction, or null. */
    int[] longest(int key) {
        return longest[key];
    }

    /** The key's longest non-empty read by any completed transaction, or null. */
    int[] longestCompleted(int key) {
        return longestCompleted[key];
    }

    /** Keys with a {@link #longestCompleted} read, in the order they first got one. */
    int[] completedKeyOrder() {
        return Arrays.copyOf(completedKeyOrder, completedKeyCount);
    }
}
