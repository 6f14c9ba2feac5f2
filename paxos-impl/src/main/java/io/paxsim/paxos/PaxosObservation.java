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

    /** The acceptor told a proposer it accepted the value with {@code valueDigest} at (slot, ballot). */
    record Voted(int node, long slot, Ballot ballot, long valueDigest) implements PaxosObservation {
    }

    /** The node restarted and rebuilt this state from disk. */
    record Recovered(int node, Ballot promised, long appliedIndex, long damagedSlots, boolean amnesiac)
            implements PaxosObservation {
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
