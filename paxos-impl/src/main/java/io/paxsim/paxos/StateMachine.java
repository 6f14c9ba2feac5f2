package io.paxsim.paxos;

import io.paxsim.paxos.api.Command;
import io.paxsim.paxos.api.LogChain;
import io.paxsim.paxos.api.MicroOp;
import io.paxsim.paxos.api.Result;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replicated state machine: registers, append-only lists (list-append transactions), log
 * streams, and the session table that makes every (clientId, sequence) take effect once.
 * Deterministic: sorted maps only.
 */
final class StateMachine {
    /** The last command a client had applied, and its result (clients have one request outstanding). */
    record Session(long sequence, Result result) {
    }

    /** What applying one command did; {@code effective} false when the session table filtered a retry. */
    record Outcome(Result result, boolean effective) {
    }

    private final TreeMap<String, Long> registers = new TreeMap<>();
    private final TreeMap<String, List<Long>> lists = new TreeMap<>();
    private final TreeMap<String, StreamLog> streams = new TreeMap<>();
    private final TreeMap<Long, Session> sessions = new TreeMap<>();

    /**
     * Applies one command at {@code slot}. A retry of the last applied sequence returns the cached
     * result; an older sequence returns null (that client already moved on). {@code dedup} false
     * (the no-dedup mutant) applies retries again.
     */
    Outcome apply(long slot, ClientCommand c, boolean dedup) {
        Session session = sessions.get(c.clientId());
        if (dedup && session != null && c.sequence() <= session.sequence()) {
            return new Outcome(c.sequence() == session.sequence() ? session.result() : null, false);
        }
        Result result = execute(slot, c.command());
        if (session == null || c.sequence() >= session.sequence()) {
            sessions.put(c.clientId(), new Session(c.sequence(), result));
        }
        return new Outcome(result, true);
    }

    /** The cached result when {@code sequence} is the client's last applied one, else null. */
    Result cachedResult(long clientId, long sequence) {
        Session s = sessions.get(clientId);
        return s != null && s.sequence() == sequence ? s.result() : null;
    }

    /** True when the session table shows {@code sequence} (or a later one) already applied. */
    boolean alreadyApplied(long clientId, long sequence) {
        Session s = sessions.get(clientId);
        return s != null && s.sequence() >= sequence;
    }

    static boolean isReadOnly(Command c) {
        if (c instanceof Command.Read || c instanceof Command.LogRead) {
            return true;
        }
        if (c instanceof Command.Txn t) {
            for (MicroOp op : t.ops()) {
                if (!(op instanceof MicroOp.ReadList)) {
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
            registers.put(w.key(), w.value());
            return new Result.WriteOk();
        } else if (c instanceof Command.Cas cas) {
            Long current = registers.get(cas.key());
            boolean ok = current != null && current == cas.expected();
            if (ok) {
                registers.put(cas.key(), cas.update());
            }
            return new Result.CasResult(ok);
        } else if (c instanceof Command.Txn t) {
            return executeTxn(t);
        } else if (c instanceof Command.LogAppend a) {
            streams.computeIfAbsent(a.stream(), StreamLog::new)
                    .append(new Result.LogEntry(a.stream(), a.index(), a.payload(), a.checksum()));
            return new Result.LogAppendOk(slot);
        } else if (c instanceof Command.LogRead lr) {
            return readStream(lr);
        } else if (c instanceof Command.Noop) {
            return new Result.WriteOk();
        }
        throw new AssertionError("unknown command " + c);
    }

    private Result executeTxn(Command.Txn t) {
        List<List<Long>> reads = new ArrayList<>(t.ops().size());
        for (MicroOp op : t.ops()) {
            if (op instanceof MicroOp.Append a) {
                lists.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a.value());
                reads.add(null);
            } else if (op instanceof MicroOp.ReadList r) {
                reads.add(List.copyOf(lists.getOrDefault(r.key(), List.of())));
            } else {
                throw new AssertionError("unknown micro-op " + op);
            }
        }
        return new Result.TxnResult(reads);
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

        void append(Result.LogEntry e) {
            position++;
            checksum = LogChain.next(checksum, e.index(), e.payload());
            if (recent.size() == WINDOW) {
                recent.removeFirst();
            }
            recent.addLast(e);
        }
    }

    // ---- snapshots -------------------------------------------------------------------------

    byte[] encode() {
        Codec.Writer w = new Codec.Writer(1024);
        w.writeInt(registers.size());
        for (Map.Entry<String, Long> e : registers.entrySet()) {
            w.writeString(e.getKey());
            w.writeLong(e.getValue());
        }
        w.writeInt(lists.size());
        for (Map.Entry<String, List<Long>> e : lists.entrySet()) {
            w.writeString(e.getKey());
            Codec.writeNullableLongList(w, e.getValue());
        }
        w.writeInt(streams.size());
        for (Map.Entry<String, StreamLog> e : streams.entrySet()) {
            w.writeString(e.getKey());
            w.writeLong(e.getValue().position);
            w.writeLong(e.getValue().checksum);
            w.writeInt(e.getValue().recent.size());
            for (Result.LogEntry le : e.getValue().recent) {
                Codec.writeLogEntry(w, le);
            }
        }
        w.writeInt(sessions.size());
        for (Map.Entry<Long, Session> e : sessions.entrySet()) {
            w.writeLong(e.getKey());
            w.writeLong(e.getValue().sequence());
            Codec.writeResult(w, e.getValue().result());
        }
        return w.toBytes();
    }

    static StateMachine decode(byte[] bytes) {
        Codec.Reader r = new Codec.Reader(bytes);
        StateMachine sm = new StateMachine();
        int n = r.readCount();
        for (int i = 0; i < n; i++) {
            sm.registers.put(r.readString(), r.readLong());
        }
        n = r.readCount();
        for (int i = 0; i < n; i++) {
            sm.lists.put(r.readString(), new ArrayList<>(Codec.readNullableLongList(r)));
        }
        n = r.readCount();
        for (int i = 0; i < n; i++) {
            String stream = r.readString();
            StreamLog log = new StreamLog(stream);
            log.position = r.readLong();
            log.checksum = r.readLong();
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
            sm.sessions.put(clientId, new Session(sequence, Codec.readResult(r)));
        }
        r.expectEnd();
        return sm;
    }
}
