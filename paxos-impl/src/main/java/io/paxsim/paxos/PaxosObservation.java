package io.paxsim.paxos;

import java.util.List;

/**
 * Facts replicas publish through {@code ctx.observe}, for invariant monitors and metrics. Each is
 * published when it has become true durably (a vote once its record is synced and the reply sent).
 */
public sealed interface PaxosObservation {
    int node();

    /** The acceptor told a proposer it promised {@code ballot}. */
    record Promised(int node, Ballot ballot) implements PaxosObservation {
    }

    /**
     * The acceptor told a proposer it accepted the value with {@code valueDigest} at (slot, ballot).
     * {@code belowSnapshot}: the slot was already chosen and compacted here, so the vote was not logged.
     */
    record Voted(int node, long slot, Ballot ballot, long valueDigest, boolean belowSnapshot) implements PaxosObservation {
    }

    /**
     * The node restarted and rebuilt this state from disk. {@code votes} are the (slot, ballot)
     * votes it remembers above {@code compactedThrough} (damaged slots included: it will not vote
     * on them again until repaired); {@link #CHOSEN} marks a slot it knows chosen. An
     * {@code amnesiac} node lost synced records it cannot identify and never votes again.
     */
    record Recovered(int node, Ballot promised, long appliedIndex, long compactedThrough, List<SlotBallot> votes,
                     long damagedSlots, boolean amnesiac, long truncatedBytes, int repairedCopies)
            implements PaxosObservation {
        public static final Ballot CHOSEN = new Ballot(Long.MAX_VALUE, Integer.MAX_VALUE);

        public Recovered {
            votes = List.copyOf(votes);
        }
    }

    record SlotBallot(long slot, Ballot ballot) {
    }

    /**
     * The node applied {@code slot}; {@code effective} lists the (clientId, sequence) pairs that took
     * effect (duplicates filtered by the session table are not in it).
     */
    record Applied(int node, long slot, long valueDigest, List<SessionKey> effective) implements PaxosObservation {
        public Applied {
            effective = List.copyOf(effective);
        }
    }

    /** The node installed a snapshot: it has applied everything through {@code slot}. */
    record SnapshotInstalled(int node, long slot) implements PaxosObservation {
    }

    /**
     * The node started WAL generation {@code generation}, carrying {@code baseRecords} records of
     * live state; votes for slots through {@code compactedThrough} are covered by a durable
     * snapshot and no longer logged.
     */
    record WalCompacted(int node, long generation, int baseRecords, long compactedThrough) implements PaxosObservation {
    }

    record BecameLeader(int node, Ballot ballot) implements PaxosObservation {
    }

    /** The leader proposed {@code slot} (for latency metrics). */
    record Proposed(int node, long slot, Ballot ballot, int commands) implements PaxosObservation {
    }

    /** The leader learned {@code slot} chosen. */
    record Chosen(int node, long slot, Ballot ballot) implements PaxosObservation {
    }

    /**
     * The node answered a client with a definite result; {@code throughLog} false for reads served
     * outside the log (read-index, lease).
     */
    record Replied(int node, long clientId, long sequence, boolean throughLog) implements PaxosObservation {
    }

    record SessionKey(long clientId, long sequence) {
    }
}
