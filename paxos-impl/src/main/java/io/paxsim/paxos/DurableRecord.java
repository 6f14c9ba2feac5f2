package io.paxsim.paxos;

/** What a replica writes to its write-ahead log. Each is fsynced before any message that depends on it. */
public sealed interface DurableRecord {
    /** The acceptor promised not to accept below {@code ballot}. */
    record Promised(Ballot ballot) implements DurableRecord {
    }

    /** The acceptor accepted {@code value} in {@code slot} at {@code ballot} (this also promises {@code ballot}). */
    record Accepted(long slot, Ballot ballot, Batch value) implements DurableRecord {
    }

    /** The proposer used round {@code round}; it never proposes with a round at or below it again. */
    record HighestRound(long round) implements DurableRecord {
    }

    /**
     * Written (and synced) when the log has been idle for a tick: its syncedThrough proves the
     * records before it reached the platter, so recovery never mistakes their damage for a torn tail.
     */
    record SyncMark() implements DurableRecord {
    }

    /**
     * Ends the base of a compacted WAL generation: everything before it is the state carried over.
     * Slots at or below {@code compactedThrough} were chosen, applied and in a durable snapshot.
     */
    record BaseComplete(long generation, long compactedThrough) implements DurableRecord {
    }

    /** A slot whose record was damaged on disk, now known chosen with {@code value} (learned from peers). */
    record Repaired(long slot, Batch value) implements DurableRecord {
    }
}
