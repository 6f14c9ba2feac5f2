package io.paxsim.paxos;

import java.util.List;

/**
 * Facts replicas publish through {@code ctx.observe}, for invariant monitors and metrics. Each is
 * published when it has become true durably (a vote once its record is synced and the reply sent).
 */
public sealed interface PaxosObservation {
    int node();

    /** The acceptor told a proposer it promised {@code ballot}. */
    record Promised(@io.paxsim.sim.NodeIds int node, Ballot ballot) implements PaxosObservation {
    }

    /**
     * The acceptor told a proposer it accepted the value with {@code valueDigest} at (slot, ballot).
     * {@code belowSnapshot}: the slot was already chosen and compacted here, so the vote was not logged.
     */
    record Voted(@io.paxsim.sim.NodeIds int node, long slot, Ballot ballot, long valueDigest, boolean belowSnapshot) implements PaxosObservation {
    }

    /**
     * The node restarted and rebuilt this state from disk. {@code votes} are the (slot, ballot)
     * votes it remembers above {@code compactedThrough} (damaged slots included: it will not vote
     * on them again until repaired); {@link #CHOSEN} marks a slot it knows chosen. An
     * {@code amnesiac} node lost synced records it cannot identify and never votes again.
     */
    record Recovered(int node, Ballot promised, long appliedIndex, long compactedThrough, List<SlotBallot> votes,
                     long damagedSlots, boolean amnesiac, long truncatedBytes, int repairedCopies, long stateDigest)
            implements PaxosObservation {
        public static final Ballot CHOSEN = new Ballot(Long.MAX_VALUE, Integer.MAX_VALUE);

        public Recovered {
            votes = List.copyOf(votes);
        }
    }

    /** A remembered vote; {@code valueDigest} is {@link #NO_DIGEST} when the value is not known (a damaged slot, a chosen mark). */
    record SlotBallot(long slot, Ballot ballot, long valueDigest) {
        public static final long NO_DIGEST = 0;

        public SlotBallot(long slot, Ballot ballot) {
            this(slot, ballot, NO_DIGEST);
        }
    }

    /**
     * The node applied {@code slot}; {@code effectiveSessions} holds the (clientId, sequence) pairs
     * that took effect, side by side (duplicates filtered by the session table are not in it);
     * {@code stateDigest} is the state machine's digest after the slot (equal states, equal digests).
     * Pairs in one array, not a list of {@link SessionKey}s: every replica applies every slot, and
     * only the first applier's pairs are read (the monitor's exactly-once check). The array is the
     * observation's own: the replica makes one per slot and keeps no reference to it.
     */
    record Applied(int node, long slot, long valueDigest, long[] effectiveSessions, long stateDigest)
            implements PaxosObservation {
        public Applied {
            if (effectiveSessions.length % 2 != 0) {
                throw new IllegalArgumentException("(clientId, sequence) pairs, not " + effectiveSessions.length + " longs");
            }
        }

        public Applied(int node, long slot, long valueDigest, List<SessionKey> effective, long stateDigest) {
            this(node, slot, valueDigest, pairs(effective), stateDigest);
        }

        /** The sessions that took effect, as keys. */
        public List<SessionKey> effective() {
            List<SessionKey> keys = new java.util.ArrayList<>(effectiveSessions.length / 2);
            for (int i = 0; i < effectiveSessions.length; i += 2) {
                keys.add(new SessionKey(effectiveSessions[i], effectiveSessions[i + 1]));
            }
            return List.copyOf(keys);
        }

        private static long[] pairs(List<SessionKey> keys) {
            long[] pairs = new long[2 * keys.size()];
            for (int i = 0; i < keys.size(); i++) {
                pairs[2 * i] = keys.get(i).clientId();
                pairs[2 * i + 1] = keys.get(i).sequence();
            }
            return pairs;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Applied a && node == a.node && slot == a.slot && valueDigest == a.valueDigest
                    && stateDigest == a.stateDigest && java.util.Arrays.equals(effectiveSessions, a.effectiveSessions);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(node, slot, valueDigest, java.util.Arrays.hashCode(effectiveSessions), stateDigest);
        }

        @Override
        public String toString() {
            return "Applied[node=" + node + ", slot=" + slot + ", valueDigest=" + valueDigest + ", effective="
                    + effective() + ", stateDigest=" + stateDigest + "]";
        }
    }

    /** The node installed a snapshot: it has applied everything through {@code slot}; its state digest. */
    record SnapshotInstalled(int node, long slot, long stateDigest) implements PaxosObservation {
    }

    /** The node began writing a snapshot through {@code slot} (taken locally or received). */
    record SnapshotStarted(int node, long slot) implements PaxosObservation {
    }

    /** The node's snapshot through {@code slot} is durable. */
    record SnapshotDurable(int node, long slot) implements PaxosObservation {
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

    /** The leader proposed the value with {@code valueDigest} for {@code slot} (latency metrics; one value per ballot). */
    record Proposed(int node, long slot, Ballot ballot, int commands, long valueDigest) implements PaxosObservation {
    }

    /** The leader learned {@code slot} chosen. */
    record Chosen(int node, long slot, Ballot ballot) implements PaxosObservation {
    }

    /**
     * The node answered a client with a definite result; {@code throughLog} false for reads served
     * outside the log (read-index, lease). {@code slot}: where the command was applied, or -1 when
     * not known here (outside the log, from the session table, acknowledged early). {@code rejected}:
     * a definite failure ("it did not take effect").
     */
    record Replied(int node, long clientId, long sequence, boolean throughLog, long slot, boolean rejected)
            implements PaxosObservation {
    }

    /** A read-only request answered from local state outside the log; {@code how}: lease, read-index or local. */
    record ReadServed(int node, Ballot ballot, long clientId, long sequence, long appliedIndex, String how)
            implements PaxosObservation {
    }

    /**
     * The leader of {@code ballot} believes it holds a read lease until its local clock reads
     * {@code untilLocalNanos} (the latest such fact for a ballot replaces the earlier: stepping down ends it now).
     */
    record LeaseExtended(int node, Ballot ballot, long untilLocalNanos) implements PaxosObservation {
    }

    /**
     * Under leases, the node acknowledged a heartbeat of {@code ballot}: it promises no other ballot
     * until its local clock reads {@code untilLocalNanos}.
     */
    record LeaseGranted(int node, Ballot ballot, long untilLocalNanos) implements PaxosObservation {
    }

    /** A read to serve outside the log arrived while slots through {@code readIndex} were chosen but only {@code appliedIndex} applied. */
    record ReadAwaitsApply(int node, long readIndex, long appliedIndex) implements PaxosObservation {
    }

    /** The node marked {@code slot} chosen with this value; {@code how}: quorum (its own acks), commit, catch-up. */
    record Learned(int node, long slot, long valueDigest, String how) implements PaxosObservation {
    }

    /** The node asked {@code target} for chosen slots it is missing. */
    record CatchUpRequested(int node, int target, long fromSlot) implements PaxosObservation {
    }

    /** The node received a catch-up answer: {@code entries} chosen slots, and a snapshot or not. */
    record CaughtUp(int node, int entries, boolean bySnapshot) implements PaxosObservation {
    }

    /** A client's retry was answered from the session table without going through the log again. */
    record SessionHit(int node, long clientId, long sequence) implements PaxosObservation {
    }

    /**
     * The node received a protocol message of a ballot older than it promised or leads ({@code kind}:
     * its type), or ({@code kind} snapshot) a snapshot no newer than its applied state.
     */
    record StaleBallot(int node, String kind) implements PaxosObservation {
    }

    /** The planted bug's mutated branch ran and did something the correct protocol would not. */
    record MutantReached(int node, Mutant mutant) implements PaxosObservation {
    }

    record SessionKey(long clientId, long sequence) {
    }
}
