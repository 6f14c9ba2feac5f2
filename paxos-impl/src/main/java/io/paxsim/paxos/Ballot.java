package io.paxsim.paxos;

import io.paxsim.sim.NodeIds;

/**
 * A proposal number: (round, node id), ordered by round then node, so two proposers never share
 * one. {@link #ZERO} is below every ballot a proposer can use.
 */
public record Ballot(long round, @NodeIds(NodeIds.Shape.ORDERING) int node)
        implements Comparable<Ballot>, io.paxsim.sim.NodeStateHash {
    public static final Ballot ZERO = new Ballot(0, -1);

    @Override
    public int compareTo(Ballot other) {
        int byRound = Long.compare(round, other.round);
        return byRound != 0 ? byRound : Integer.compare(node, other.node);
    }

    // equals and hashCode by hand: a record's generated ones go through an invokedynamic bootstrap
    // that the JIT does not always inline, and ballots are compared on every vote, accept and learn.
    // The hash is the one the generated method computes (31 * hash(round) + node), so nothing that
    // hashes a ballot changes.
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Ballot b && b.round == round && b.node == node;
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(round) + node;
    }

    /** The explorer's fingerprint of this ballot: round and node (which a renaming may not move). */
    @Override
    public long nodeStateHash(Hashing h) {
        return NodeHashes.ballot(h, this);
    }

    public boolean greaterThan(Ballot other) {
        return compareTo(other) > 0;
    }

    public boolean lessThan(Ballot other) {
        return compareTo(other) < 0;
    }

    public static Ballot max(Ballot a, Ballot b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public String toString() {
        return round + "." + node;
    }
}
