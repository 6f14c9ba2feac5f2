package io.paxsim.paxos.api;

import java.util.List;

/** What a client asks the replicated state machine to do. Applied atomically, exactly once per session. */
public sealed interface Command {
    /** Register read of one key; the result is its value or null when never written. */
    record Read(String key) implements Command {
    }

    record Write(String key, long value) implements Command {
    }

    /** Compare-and-set: succeeds iff the current value equals {@code expected}. */
    record Cas(String key, long expected, long update) implements Command {
    }

    /** A list-append transaction ({@code [[:append k v] [:r k nil]]}), applied atomically. */
    record Txn(List<MicroOp> ops) implements Command {
        public Txn {
            ops = List.copyOf(ops);
        }
    }

    /**
     * Appends record {@code index} of {@code stream} carrying a cumulative checksum (the canary).
     * Retries carry identical bytes; the state machine stores it as given.
     */
    record LogAppend(String stream, long index, String payload, long checksum) implements Command {
    }

    /**
     * Scans a stream: its position and cumulative checksum, plus up to {@code maxCount} of its most
     * recent records (at most {@code StateMachine}'s window) at or after {@code fromIndex}.
     */
    record LogRead(String stream, long fromIndex, int maxCount) implements Command {
    }

    /** Fills a log hole; proposed by a new leader, never by clients. */
    record Noop() implements Command {
    }
}
