package io.paxsim.paxos.api;

import java.util.List;

/** What the state machine answered; one variant per command kind. */
public sealed interface Result {
    /** {@code value} is null when the key was never written. */
    record ReadResult(Long value) implements Result {
    }

    record WriteOk() implements Result {
    }

    record CasResult(boolean succeeded) implements Result {
    }

    /** One entry per micro-op: null for appends, the list read (possibly empty) for reads. */
    record TxnResult(List<List<Long>> reads) implements Result {
    }

    /** The slot the record was chosen in. */
    record LogAppendOk(long slot) implements Result {
    }

    /**
     * A scan of one stream, as a production canary reads it: {@code position} records in the log,
     * {@code checksum} the reader's cumulative checksum ({@link LogChain}) folded over all of them
     * in log order, and {@code entries} the most recent few as stored (a bounded window, never the
     * whole log). A lost, duplicated, reordered or corrupted record anywhere makes the fold differ
     * from the writer's checksum in the last record, or the position from its index.
     */
    record LogReadResult(long position, long checksum, List<LogEntry> entries) implements Result {
        public LogReadResult {
            entries = List.copyOf(entries);
        }
    }

    /**
     * A definite failure: the replica says the command certainly did not take effect. The correct
     * protocol never sends it (a leader cannot know that); the false-fail mutant does.
     */
    record Rejected(String reason) implements Result {
    }

    record LogEntry(String stream, long index, String payload, long checksum) {
    }
}
