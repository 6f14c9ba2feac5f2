package io.paxsim.paxos;

import io.paxsim.paxos.api.Command;
import io.paxsim.paxos.api.LogChain;
import io.paxsim.paxos.api.MicroOp;
import io.paxsim.paxos.api.Result;
import io.paxsim.sim.HashIterationSafe;
import io.paxsim.sim.random.RandomStream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replicated state machine: registers, append-only lists (list-append transactions), log
 * streams, and the session table that makes every (clientId, sequence) take effect once.
 * Deterministic: what is iterated in order is a sorted map (or sorted first); the hash maps are for lookups.
 */
@HashIterationSafe("listsByKey (String keys): snapshots sort its keys first; digests only sum its terms (order-free); copies only fill a map")
final class StateMachine implements io.paxsim.sim.Copyable {
    /**
     * The last command a client had applied, and its result (clients have one request outstanding).
     * Updated in place: every replica applies every command, and a second descent of the session
     * tree plus a new entry per apply was a tenth of list-append's state machine time.
     */
    static final class Session {
        private long sequence;
        private Result result;

        /** A copy (results are immutable records, shared). */
        Session copy() {
            return new Session(sequence, result);
        }

        Session(long sequence, Result result) {
            this.sequence = sequence;
            this.result = result;
        }

        long sequence() {
            return sequence;
        }

        Result result() {
            return result;
        }
    }

    /** What applying one command did; {@code effective} false when the session table filtered a retry. */
    record Outcome(Result result, boolean effective) {
    }

    private final TreeMap<String, Long> registers = new TreeMap<>();
    /**
     * The decoded lists by key (hash), for the lookups of every append and read: list-append's keys
     * retire after a few dozen appends, so a run holds tens of thousands of them and a descent of a
     * sorted tree (a string comparison per level) cost more than the rest of applying a transaction.
     * Not also kept in a sorted map: after every snapshot each list an op touches is decoded again
     * ({@link #frozen}), ~4,000 per snapshot in a long run, and inserting each into a tree of
     * thousands of cold keys cost ~2 us (8% of a 1M-op list-append pipeline). A snapshot sorts the
     * keys once instead ({@link #encode}); digests add terms, in any order.
     */
    private final HashMap<String, AppendOnlyList> listsByKey = new HashMap<>();
    /**
     * The lists of a large state as the last snapshot encoded them (or the snapshot this state was
     * decoded from), null in a small state: a key is decoded into {@link #lists} when an append or
     * a read first touches it, and from then on its entry here is stale. Immutable, shared by copies.
     */
    private FrozenLists frozen;
    private final TreeMap<String, StreamLog> streams = new TreeMap<>();
    /**
     * Sessions of client ids in [0, {@link #DIRECT_CLIENT_IDS}), at their id: client ids are Jepsen
     * process numbers (client index + k * client count), small and dense, and every replica looks
     * a session up for every command it applies and every request it receives. A
     * {@code HashMap<Long, Session>} boxed the id at each lookup and went table, node, key, session
     * (four cache misses on five replicas' tables; 5% of a list-append run); this is one array
     * load. Its length is a power of two set by the largest id held ({@link #directCapacity}), so
     * equal tables are laid out alike however they were filled (the explorer hashes it by slot).
     */
    private Session[] sessionsById = NO_SESSIONS;
    /**
     * Sessions of any other client id (negative or large), by hash. Only a snapshot needs sessions
     * in order, and sorts the ids then ({@link #sortedSessionIds}). Iterated otherwise only to sum
     * the digest, whose terms commute: hash order cannot reach a run.
     */
    private final HashMap<Long, Session> sessions = new HashMap<>();
    private static final Session[] NO_SESSIONS = new Session[0];
    /** Client ids below this (and not negative) are held in {@link #sessionsById}. */
    static final int DIRECT_CLIENT_IDS = 1 << 16; // a damaged snapshot's id costs at most 256 KiB
    /**
     * A digest of the whole state, kept up to date on every change: a sum of one term per register,
     * list, stream and session, each list and stream hashed as a chain. Monitors compare replicas'
     * digests slot by slot, so a wrong snapshot, catch-up or restore shows the moment it happens.
     */
    private long digest;
    private final TreeMap<String, Long> streamChains = new TreeMap<>();

    /**
     * Explicit copy for the explorer (see {@link io.paxsim.sim.Copyable}): each list once, through
     * the copier, so both maps that hold it hold its one copy.
     */
    @Override
    public StateMachine copy(io.paxsim.sim.Copyable.Copies copies) {
        StateMachine m = copies.remember(this, new StateMachine());
        m.registers.putAll(registers);
        for (Map.Entry<String, AppendOnlyList> e : listsByKey.entrySet()) {
            m.listsByKey.put(e.getKey(), copies.of(e.getValue()));
        }
        for (Map.Entry<String, StreamLog> e : streams.entrySet()) {
            m.streams.put(e.getKey(), e.getValue().copy());
        }
        for (Map.Entry<Long, Session> e : sessions.entrySet()) {
            m.sessions.put(e.getKey(), e.getValue().copy());
        }
        m.sessionsById = sessionsById.length == 0 ? NO_SESSIONS : new Session[sessionsById.length];
        for (int i = 0; i < sessionsById.length; i++) {
            m.sessionsById[i] = sessionsById[i] == null ? null : sessionsById[i].copy();
        }
        m.digest = digest;
        m.streamChains.putAll(streamChains);
        m.frozen = frozen;
        return m;
    }

    /**
     * Applies one command at {@code slot}. A retry of the last applied sequence returns the cached
     * result; an older sequence returns null (that client already moved on). {@code dedup} false
     * (the no-dedup mutant) applies retries again.
     */
    Outcome apply(long slot, ClientCommand c, boolean dedup) {
        Session session = session(c.clientId());
        if (dedup && session != null && c.sequence() <= session.sequence()) {
            return new Outcome(c.sequence() == session.sequence() ? session.result() : null, false);
        }
        Result result = execute(slot, c.command());
        if (session == null) {
            putSession(c.clientId(), new Session(c.sequence(), result));
            digest += sessionTerm(c.clientId(), c.sequence());
        } else if (c.sequence() >= session.sequence) {
            digest -= sessionTerm(c.clientId(), session.sequence);
            session.sequence = c.sequence();
            session.result = result;
            digest += sessionTerm(c.clientId(), c.sequence());
        }
        return new Outcome(result, true);
    }

    /** The cached result when {@code sequence} is the client's last applied one, else null. */
    Result cachedResult(long clientId, long sequence) {
        Session s = session(clientId);
        return s != null && s.sequence() == sequence ? s.result() : null;
    }

    /** True when the session table shows {@code sequence} (or a later one) already applied. */
    boolean alreadyApplied(long clientId, long sequence) {
        Session s = session(clientId);
        return s != null && s.sequence() >= sequence;
    }

    private int sessionCount() {
        int n = sessions.size();
        for (Session session : sessionsById) {
            n += session == null ? 0 : 1;
        }
        return n;
    }

    /** {@code clientId}'s session, or null. */
    private Session session(long clientId) {
        if (clientId >= 0 && clientId < DIRECT_CLIENT_IDS) {
            return clientId < sessionsById.length ? sessionsById[(int) clientId] : null;
        }
        return sessions.get(clientId);
    }

    private void putSession(long clientId, Session session) {
        if (clientId >= 0 && clientId < DIRECT_CLIENT_IDS) {
            if (clientId >= sessionsById.length) {
                sessionsById = java.util.Arrays.copyOf(sessionsById, directCapacity(clientId));
            }
            sessionsById[(int) clientId] = session;
        } else {
            sessions.put(clientId, session);
        }
    }

    /** The length of {@link #sessionsById} that holds {@code clientId}: a function of the largest id alone. */
    private static int directCapacity(long clientId) {
        return Math.max(16, Integer.highestOneBit((int) clientId) << 1);
    }

    static boolean isReadOnly(Command c) {
        if (c instanceof Command.Read || c instanceof Command.LogRead) {
            return true;
        }
        if (c instanceof Command.Txn t) {
            List<MicroOp> ops = t.ops();
            for (int i = 0; i < ops.size(); i++) { // no iterator: every request to every replica asks
                if (!(ops.get(i) instanceof MicroOp.ReadList)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Executes a read-only command against the current state, outside the log. */
    Result query(Command c) {
        assert isReadOnly(c) : "query of a command with effects: " + c;
        return execute(-1, c);
    }

    private Result execute(long slot, Command c) {
        if (c instanceof Command.Read r) {
            return new Result.ReadResult(registers.get(r.key()));
        } else if (c instanceof Command.Write w) {
            putRegister(w.key(), w.value());
            return new Result.WriteOk();
        } else if (c instanceof Command.Cas cas) {
            Long current = registers.get(cas.key());
            boolean ok = current != null && current == cas.expected();
            if (ok) {
                putRegister(cas.key(), cas.update());
            }
            return new Result.CasResult(ok);
        } else if (c instanceof Command.Txn t) {
            return executeTxn(t);
        } else if (c instanceof Command.LogAppend a) {
            Result.LogEntry entry = new Result.LogEntry(a.stream(), a.index(), a.payload(), a.checksum());
            streams.computeIfAbsent(a.stream(), StreamLog::new).append(entry);
            chain(streamChains, a.stream(), streamEntryHash(entry), 3);
            return new Result.LogAppendOk(slot);
        } else if (c instanceof Command.LogRead lr) {
            return readStream(lr);
        } else if (c instanceof Command.Noop) {
            return new Result.WriteOk();
        }
        throw new AssertionError("unknown command " + c);
    }

    private Result executeTxn(Command.Txn t) {
        List<MicroOp> ops = t.ops();
        List<List<Long>> reads = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) { // no iterator: five replicas apply every transaction
            MicroOp op = ops.get(i);
            if (op instanceof MicroOp.Append a) {
                append(a.key(), a.value());
                reads.add(null);
            } else if (op instanceof MicroOp.ReadList r) {
                AppendOnlyList list = list(r.key());
                reads.add(list == null ? List.of() : list.snapshot());
            } else {
                throw new AssertionError("unknown micro-op " + op);
            }
        }
        return new Result.TxnResult(reads);
    }

    /** Appends to {@code key}'s list and moves its digest term along the list's hash chain. */
    private void append(String key, long value) {
        AppendOnlyList list = list(key);
        if (list == null) {
            list = new AppendOnlyList();
            putList(key, list);
        } else {
            digest -= chainTerm(key, list.chain, 2);
        }
        list.add(value);
        digest += chainTerm(key, list.chain, 2);
    }

    /** Whether some lists are kept encoded (tests check the lazy path is the one they exercise). */
    boolean keepsListsEncoded() {
        return frozen != null;
    }

    /** {@code key}'s list, decoded from {@link #frozen} the first time it is needed; null when there is none. */
    private AppendOnlyList list(String key) {
        AppendOnlyList list = listsByKey.get(key);
        if (list != null || frozen == null) {
            return list;
        }
        int at = frozen.find(key);
        if (at < 0) {
            return null;
        }
        list = frozen.list(at);
        putList(key, list);
        return list;
    }

    /**
     * A list that only grows at its end, so a read can take the elements so far as an immutable
     * view instead of a copy: growing replaces the array, and no slot below the size of any view
     * is ever written again. Primitive and as narrow as its elements: bytes while every element
     * fits one (Elle's values are small counters per key: 1 to 32), ints while every one fits an
     * int, longs after; five replicas hold every list of a run, so at 1M list-append ops an int
     * array per list was a fifth of the simulation's live heap. It carries its digest chain.
     * Exactly one of the three arrays is set, chosen by the elements alone (and its capacity by
     * their count), so equal lists are laid out alike however they were built.
     * Not a collection itself (the explorer's deep copy copies its fields).
     */
    static final class AppendOnlyList implements io.paxsim.sim.Copyable {
        private byte[] bytes;
        private int[] ints;
        private long[] longs;
        private int size;
        /** The hash chain over the elements in order ({@link #chainStep}), the list's digest input. */
        private long chain;

        /** Explicit copy for the explorer (see {@link io.paxsim.sim.Copyable}): two maps hold each list. */
        @Override
        public AppendOnlyList copy(io.paxsim.sim.Copyable.Copies copies) {
            AppendOnlyList l = copies.remember(this, new AppendOnlyList(0));
            l.bytes = bytes == null ? null : bytes.clone();
            l.ints = ints == null ? null : ints.clone();
            l.longs = longs == null ? null : longs.clone();
            l.size = size;
            l.chain = chain;
            return l;
        }

        AppendOnlyList() {
            bytes = new byte[4];
        }

        /**
         * An empty list with room for {@code expected} elements: the capacity appending them one by
         * one would have reached (so a decoded list is laid out as the one it was encoded from),
         * without the copies on the way.
         */
        AppendOnlyList(int expected) {
            int capacity = 4;
            while (capacity < expected) {
                capacity *= 2;
            }
            bytes = new byte[capacity];
        }

        void add(long item) {
            chain = chainStep(chain, item);
            if (bytes != null) {
                if (item == (byte) item) {
                    if (size == bytes.length) {
                        bytes = java.util.Arrays.copyOf(bytes, size * 2);
                    }
                    bytes[size++] = (byte) item;
                    return;
                }
                widenToInts();
            }
            if (ints != null) {
                if (item == (int) item) {
                    if (size == ints.length) {
                        ints = java.util.Arrays.copyOf(ints, size * 2);
                    }
                    ints[size++] = (int) item;
                    return;
                }
                widenToLongs();
            }
            if (size == longs.length) {
                longs = java.util.Arrays.copyOf(longs, size * 2);
            }
            longs[size++] = item;
        }

        /** New arrays, never written in place: views of the old ones stay as they were. */
        private void widenToInts() {
            ints = new int[bytes.length];
            for (int i = 0; i < size; i++) {
                ints[i] = bytes[i];
            }
            bytes = null;
        }

        private void widenToLongs() {
            longs = new long[ints.length];
            for (int i = 0; i < size; i++) {
                longs[i] = ints[i];
            }
            ints = null;
        }

        int size() {
            return size;
        }

        /** The narrowest of 1, 2, 4 or 8 bytes that holds every element unsigned; 8 when one is negative. */
        int elementWidth() {
            long max = 0;
            if (bytes != null) {
                int or = 0;
                for (int i = 0; i < size; i++) {
                    or |= bytes[i]; // sign-extended: any negative element makes the or negative
                }
                max = or;
            } else if (ints != null) {
                int or = 0;
                for (int i = 0; i < size; i++) {
                    or |= ints[i]; // the sign bit survives the or: any negative element makes it negative
                }
                max = or;
            } else {
                for (int i = 0; i < size && max >= 0; i++) {
                    max = longs[i] < 0 ? -1 : Math.max(max, longs[i]);
                }
            }
            return max < 0 || max >= 1L << 32 ? 8 : max >= 1 << 16 ? 4 : max >= 1 << 8 ? 2 : 1;
        }

        long get(int index) {
            return bytes != null ? bytes[index] : ints != null ? ints[index] : longs[index];
        }

        /**
         * The elements so far, unchanged by later appends: those write past {@code size}, and widening or
         * growing moves them to a new array, so the arrays seen here never change below {@code size}.
         */
        List<Long> snapshot() {
            return new View(bytes, ints, longs, size);
        }

        /** The first {@code size} elements of whichever array held them (the other two are null). */
        private static final class View extends java.util.AbstractList<Long> implements java.util.RandomAccess {
            private final byte[] bytes;
            private final int[] ints;
            private final long[] longs;
            private final int size;

            View(byte[] bytes, int[] ints, long[] longs, int size) {
                this.bytes = bytes;
                this.ints = ints;
                this.longs = longs;
                this.size = size;
            }

            @Override
            public Long get(int index) {
                int i = java.util.Objects.checkIndex(index, size);
                return bytes != null ? bytes[i] : ints != null ? ints[i] : longs[i];
            }

            @Override
            public int size() {
                return size;
            }
        }
    }

    private Result readStream(Command.LogRead lr) {
        StreamLog log = streams.get(lr.stream());
        if (log == null) {
            return new Result.LogReadResult(0, LogChain.initial(lr.stream(), LogChain.SALT), List.of());
        }
        List<Result.LogEntry> recent = new ArrayList<>();
        for (Result.LogEntry e : log.recent) {
            if (e.index() >= lr.fromIndex()) {
                recent.add(e);
            }
        }
        int keep = Math.min(recent.size(), Math.max(0, lr.maxCount()));
        return new Result.LogReadResult(log.position, log.checksum, recent.subList(recent.size() - keep, recent.size()));
    }

    /**
     * One log stream as the canary's reader needs it: the record count, the cumulative checksum
     * folded over every record's payload in log order, and the last {@link #WINDOW} records. The
     * records themselves are not kept, so memory and snapshots stay bounded however long the run.
     */
    private static final class StreamLog {
        static final int WINDOW = 4;
        long position;
        long checksum;
        final java.util.ArrayDeque<Result.LogEntry> recent = new java.util.ArrayDeque<>(WINDOW);

        StreamLog(String stream) {
            checksum = LogChain.initial(stream, LogChain.SALT);
        }

        /** A copy (log entries are immutable records, shared). */
        StreamLog copy() {
            StreamLog s = new StreamLog("");
            s.position = position;
            s.checksum = checksum;
            s.recent.addAll(recent);
            return s;
        }

        void append(Result.LogEntry e) {
            position++;
            checksum = LogChain.next(checksum, e.index(), e.payload());
            if (recent.size() == WINDOW) {
                recent.removeFirst();
            }
            recent.addLast(e);
        }
    }

    // ---- digest ----------------------------------------------------------------------------

    long digest() {
        return digest;
    }

    /** The digest computed from scratch, every list's chain too (tests compare it with the running one). */
    long recomputeDigest() {
        long d = 0;
        for (Map.Entry<String, AppendOnlyList> e : listsByKey.entrySet()) { // a sum: any order
            AppendOnlyList list = e.getValue();
            long h = 0;
            for (int i = 0; i < list.size(); i++) {
                h = chainStep(h, list.get(i));
            }
            d += chainTerm(e.getKey(), h, 2);
        }
        for (int i = 0; frozen != null && i < frozen.count(); i++) {
            if (!listsByKey.containsKey(frozen.key(i))) { // else decoded, counted above
                d += frozen.recomputeTerm(i);
            }
        }
        return d + digestOfAllButLists();
    }

    /**
     * The digest from the lists' chains as {@link AppendOnlyList#add} built them: what decode uses,
     * whose lists were just built element by element (a second pass over every element of a state
     * that grows with the run was most of a decode).
     */
    private long digestFromChains() {
        long d = 0;
        for (Map.Entry<String, AppendOnlyList> e : listsByKey.entrySet()) { // a sum: any order
            d += chainTerm(e.getKey(), e.getValue().chain, 2);
        }
        return d + digestOfAllButLists();
    }

    private long digestOfAllButLists() {
        long d = 0;
        for (Map.Entry<String, Long> e : registers.entrySet()) {
            d += registerTerm(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Long> e : streamChains.entrySet()) {
            d += chainTerm(e.getKey(), e.getValue(), 3); // a stream's records are not kept, only its chain
        }
        for (Map.Entry<Long, Session> e : sessions.entrySet()) {
            d += sessionTerm(e.getKey(), e.getValue().sequence());
        }
        for (int id = 0; id < sessionsById.length; id++) {
            if (sessionsById[id] != null) {
                d += sessionTerm(id, sessionsById[id].sequence());
            }
        }
        return d;
    }

    private void putList(String key, AppendOnlyList list) {
        listsByKey.put(key, list);
    }

    private void putRegister(String key, long value) {
        Long old = registers.put(key, value);
        if (old != null) {
            digest -= registerTerm(key, old);
        }
        digest += registerTerm(key, value);
    }

    /** Appends {@code element} to the hash chain of stream {@code key}; a key has a digest term once it has a chain. */
    private void chain(TreeMap<String, Long> chains, String key, long element, int kind) {
        Long old = chains.get(key);
        long next = chainStep(old == null ? 0 : old, element);
        if (old != null) {
            digest -= chainTerm(key, old, kind);
        }
        chains.put(key, next);
        digest += chainTerm(key, next, kind);
    }

    private static long registerTerm(String key, long value) {
        return RandomStream.mix64(RandomStream.mix64(key.hashCode() * 0x9E3779B97F4A7C15L + 1) ^ value);
    }

    /** A list's digest term from its key's {@link String#hashCode} (what frozen lists compute from the bytes). */
    static long listTerm(int keyHash, long chain) {
        return RandomStream.mix64(RandomStream.mix64(keyHash * 0x9E3779B97F4A7C15L + 2) ^ chain);
    }

    private static long chainTerm(String key, long chain, int kind) {
        return RandomStream.mix64(RandomStream.mix64(key.hashCode() * 0x9E3779B97F4A7C15L + kind) ^ chain);
    }

    static long chainStep(long chain, long element) {
        return RandomStream.mix64(chain * 31 + element + 0x632BE59BD9B4E019L);
    }

    private static long sessionTerm(long clientId, long sequence) {
        return RandomStream.mix64(RandomStream.mix64(clientId * 0x9E3779B97F4A7C15L + 4) ^ sequence);
    }

    private static long streamEntryHash(Result.LogEntry e) {
        return RandomStream.mix64(e.index() * 31 + e.payload().hashCode()) ^ e.checksum();
    }

    // ---- snapshots -------------------------------------------------------------------------

    /** This state as a snapshot's bytes; a large state keeps them as its frozen lists, so nothing may change them. */
    byte[] encode() {
        return encode(true);
    }

    boolean hasSessions() {
        if (!sessions.isEmpty()) {
            return true;
        }
        for (Session session : sessionsById) {
            if (session != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code withSessions} false: the snapshot-no-sessions mutant's snapshot. Lists untouched since
     * the last snapshot (or the decode) are copied as they were encoded ({@link #frozen}), in runs;
     * the others are merged in by key. When the lists are large, this state then keeps them in the
     * encoded form (see {@link #frozen}): the next snapshot copies what did not change.
     */
    byte[] encode(boolean withSessions) {
        // Lists are most of a list-append state (megabytes in a long run): their element widths and
        // exact size are found in one pass first, so the buffer is allocated once at its final size
        // (growing it by doubling copied it a dozen times) and handed out without a trimming copy.
        String[] keys = listsByKey.keySet().toArray(new String[0]);
        java.util.Arrays.sort(keys); // the order a TreeMap iterates: String.compareTo
        AppendOnlyList[] lists = new AppendOnlyList[keys.length];
        for (int k = 0; k < keys.length; k++) {
            lists[k] = listsByKey.get(keys[k]);
        }
        int[] widths = new int[keys.length];
        // Where each decoded list falls among the frozen ones: its lower bound, or ~it when it replaces that entry.
        int[] frozenAt = new int[keys.length];
        int frozenCount = frozen == null ? 0 : frozen.count();
        int replaced = 0;
        boolean ascii = true; // frozen keys are ASCII: their bytes compare and hash as the Strings do
        long size = 4 + 4 + (frozen == null ? 0 : frozen.bytes(0, frozenCount));
        for (int i = 0; i < keys.length; i++) {
            AppendOnlyList list = lists[i];
            widths[i] = list.elementWidth();
            size += 4 + keys[i].length() + 4 + 1 + (long) list.size() * widths[i];
            ascii &= isAscii(keys[i]);
            if (frozen != null) {
                int at = frozen.lowerBound(keys[i]);
                if (frozen.holds(at, keys[i])) {
                    size -= frozen.bytes(at, at + 1);
                    replaced++;
                    at = ~at;
                }
                frozenAt[i] = at;
            }
        }
        for (String key : registers.keySet()) {
            size += 4 + key.length() + 8;
        }
        Codec.Writer tail = new Codec.Writer(64 + 128 * streams.size() + 64 * sessionCount()); // streams, sessions: small
        writeStreamsAndSessions(tail, withSessions);
        size += tail.position();
        Codec.Writer w = new Codec.Writer((int) Math.min(Integer.MAX_VALUE - 16, size));
        w.writeInt(registers.size());
        for (Map.Entry<String, Long> e : registers.entrySet()) {
            w.writeString(e.getKey());
            w.writeLong(e.getValue());
        }
        int count = keys.length + frozenCount - replaced;
        w.writeInt(count);
        int[] starts = new int[count + 1];
        int[] keyHashes = new int[count];
        int entry = 0;
        int nextFrozen = 0;
        for (int i = 0; i < keys.length; i++) {
            if (frozen != null) {
                int at = frozenAt[i] < 0 ? ~frozenAt[i] : frozenAt[i];
                entry = copyFrozen(w, nextFrozen, at, starts, keyHashes, entry);
                nextFrozen = frozenAt[i] < 0 ? at + 1 : at;
            }
            keyHashes[entry] = keys[i].hashCode();
            starts[entry++] = w.position();
            w.writeString(keys[i]);
            writeList(w, lists[i], widths[i]);
        }
        entry = copyFrozen(w, nextFrozen, frozenCount, starts, keyHashes, entry);
        starts[entry] = w.position();
        w.writeRaw(tail);
        byte[] image = w.toBytes();
        if (ascii && starts[count] - starts[0] >= FrozenLists.MIN_BYTES) {
            freeze(FrozenLists.of(image, starts, keyHashes));
        }
        return image;
    }

    private static boolean isAscii(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Copies frozen entries [from, to) as they are, noting where each starts; returns the next entry index. */
    private int copyFrozen(Codec.Writer w, int from, int to, int[] starts, int[] keyHashes, int entry) {
        if (from >= to) {
            return entry;
        }
        int shift = w.position() - frozen.start(from);
        for (int j = from; j < to; j++) {
            keyHashes[entry] = frozen.keyHash(j);
            starts[entry++] = frozen.start(j) + shift;
        }
        w.writeRaw(frozen.data(), frozen.start(from), frozen.bytes(from, to));
        return entry;
    }

    /** Keeps every list as {@code encoded} (what encode just wrote of them) instead of as objects. */
    private void freeze(FrozenLists encoded) {
        frozen = encoded;
        listsByKey.clear();
    }

    private void writeStreamsAndSessions(Codec.Writer w, boolean withSessions) {
        w.writeInt(streams.size());
        for (Map.Entry<String, StreamLog> e : streams.entrySet()) {
            w.writeString(e.getKey());
            w.writeLong(e.getValue().position);
            w.writeLong(e.getValue().checksum);
            w.writeLong(streamChains.get(e.getKey()));
            w.writeInt(e.getValue().recent.size());
            for (Result.LogEntry le : e.getValue().recent) {
                Codec.writeLogEntry(w, le);
            }
        }
        long[] ids = withSessions ? sortedSessionIds() : new long[0];
        w.writeInt(ids.length);
        for (long id : ids) {
            Session session = session(id);
            w.writeLong(id);
            w.writeLong(session.sequence());
            Codec.writeResult(w, session.result());
        }
    }

    /** The client ids with a session, ascending: the order snapshots write them in. */
    private long[] sortedSessionIds() {
        long[] ids = new long[sessions.size() + sessionsById.length];
        int n = 0;
        for (Long id : sessions.keySet()) {
            ids[n++] = id;
        }
        for (int id = 0; id < sessionsById.length; id++) {
            if (sessionsById[id] != null) {
                ids[n++] = id;
            }
        }
        ids = java.util.Arrays.copyOf(ids, n);
        java.util.Arrays.sort(ids);
        return ids;
    }

    /**
     * A list as its length, a width (1, 2, 4 or 8 bytes: {@link AppendOnlyList#elementWidth}) and
     * each element in that many bytes: the narrowest unsigned width that holds every element, 8
     * (two's complement) when one is negative or needs more. Elle's per-key counters take one byte
     * each instead of eight, so a snapshot, whose size sets how often snapshots come and so how much
     * WAL stays on disk, stays small. Fixed width, not varints: a flipped bit in an element changes
     * that element alone and still decodes, as a rotted value would in a real store (varints mostly
     * fail to parse, which would hide from the monitors a recovery that trusts a snapshot it should not).
     */
    private static void writeList(Codec.Writer w, AppendOnlyList list, int width) {
        w.writeInt(list.size());
        w.writeByte(width);
        if (list.bytes != null && width == 1) { // every element in 0..127
            for (int i = 0; i < list.size; i++) {
                w.writeByte(list.bytes[i]);
            }
            return;
        }
        if (list.ints != null) {
            w.writeUnsignedInts(list.ints, list.size, width);
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            w.writeUnsigned(list.get(i), width);
        }
    }

    private static AppendOnlyList readList(Codec.Reader r) {
        int n = r.readInt();
        int width = r.readByte();
        if (width != 1 && width != 2 && width != 4 && width != 8) {
            throw new Codec.CorruptDataException("bad list element width " + width);
        }
        if (n < 0 || n > r.remaining() / width) {
            throw new Codec.CorruptDataException("bad list length " + n);
        }
        AppendOnlyList list = new AppendOnlyList(n);
        for (int i = 0; i < n; i++) {
            list.add(r.readUnsigned(width));
        }
        return list;
    }

    /**
     * The lists of a snapshot, which encode wrote in key order, kept encoded ({@link #frozen}) when
     * they are many and canonical; returns the sum of the frozen lists' digest terms (0 when none).
     * Otherwise decoded eagerly. Keys out of order or repeated (damaged bytes a mutant trusts): the
     * last of a key wins, as before.
     */
    private long readLists(Codec.Reader r, boolean keepEncoded) {
        int n = r.readCount();
        if (keepEncoded && n > 0 && r.remaining() >= FrozenLists.MIN_BYTES) {
            long[] digestOfLists = new long[1];
            FrozenLists f = FrozenLists.parse(r.array(), r.position(), n, digestOfLists);
            if (f != null && f.bytes(0, n) >= FrozenLists.MIN_BYTES) {
                frozen = f;
                r.skip(f.bytes(0, n));
                return digestOfLists[0];
            }
        }
        for (int i = 0; i < n; i++) {
            String key = r.readString();
            listsByKey.put(key, readList(r));
        }
        return 0;
    }

    /**
     * The state {@code bytes} encode. A large state keeps {@code bytes} as its frozen lists (no copy),
     * so nothing may change them afterwards: snapshots' bytes never change ({@link Snapshot} copies
     * what it is given, and a snapshot file is read into a new array).
     */
    static StateMachine decode(byte[] bytes) {
        return decode(bytes, true);
    }

    /** {@code keepEncoded} false: every list decoded at once, as before {@link #frozen} (tests compare the two). */
    static StateMachine decode(byte[] bytes, boolean keepEncoded) {
        Codec.Reader r = new Codec.Reader(bytes);
        StateMachine sm = new StateMachine();
        int n = r.readCount();
        for (int i = 0; i < n; i++) {
            sm.registers.put(r.readString(), r.readLong());
        }
        long frozenDigest = sm.readLists(r, keepEncoded);
        n = r.readCount();
        for (int i = 0; i < n; i++) {
            String stream = r.readString();
            StreamLog log = new StreamLog(stream);
            log.position = r.readLong();
            log.checksum = r.readLong();
            sm.streamChains.put(stream, r.readLong());
            int m = r.readCount();
            for (int j = 0; j < m; j++) {
                log.recent.addLast(Codec.readLogEntry(r));
            }
            sm.streams.put(stream, log);
        }
        n = r.readCount();
        for (int i = 0; i < n; i++) {
            long clientId = r.readLong();
            long sequence = r.readLong();
            sm.putSession(clientId, new Session(sequence, Codec.readResult(r)));
        }
        r.expectEnd();
        sm.digest = sm.digestFromChains() + frozenDigest;
        return sm;
    }
}
