package io.paxsim.paxos;

import io.paxsim.sim.NodeIds;
import io.paxsim.paxos.api.ClientMessage;
import io.paxsim.sim.Message;
import io.paxsim.sim.random.RandomStream;
import io.paxsim.sim.trace.StableHash;

import java.util.List;

/**
 * Replica-to-replica messages, grouped by the role that handles them. Each hashes its content
 * stably into the run's trace hash, so two runs that differ only in what they said also differ.
 */
public sealed interface PaxosMessage extends Message, StableHash, io.paxsim.sim.NodeStateHash {

    /**
     * Mixes longs into one stable hash: h = mix64(h ^ part) over the parts, from a fixed seed. Fixed
     * arities, not varargs: every sent message is hashed into the trace, and the call through
     * StableHash is megamorphic, so a varargs array was allocated per message.
     */
    static long mix(long a) {
        return RandomStream.mix64(0x2545F4914F6CDD1DL ^ a);
    }

    static long mix(long a, long b) {
        return RandomStream.mix64(mix(a) ^ b);
    }

    static long mix(long a, long b, long c) {
        return RandomStream.mix64(mix(a, b) ^ c);
    }

    static long mix(long a, long b, long c, long d) {
        return RandomStream.mix64(mix(a, b, c) ^ d);
    }

    static long mix(long a, long b, long c, long d, long e) {
        return RandomStream.mix64(mix(a, b, c, d) ^ e);
    }

    static long mix(long a, long b, long c, long d, long e, long f) {
        return RandomStream.mix64(mix(a, b, c, d, e) ^ f);
    }

    /** One accepted (slot, ballot, value) an acceptor reports in a promise. */
    record AcceptedEntry(long slot, Ballot ballot, Batch value) implements io.paxsim.sim.NodeStateHash {
        /** The explorer's fingerprint of this vote: slot, ballot and value. */
        @Override
        public long nodeStateHash(Hashing h) {
            return NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(0x454E5452L, slot), NodeHashes.ballot(h, ballot)),
                    h.value(value));
        }
    }

    /** A slot known to be chosen, with its value (catch-up). */
    record ChosenEntry(long slot, Batch value) implements io.paxsim.sim.NodeStateHash {
        /** The explorer's fingerprint of this message: every component, node ids as renamed (see {@link io.paxsim.sim.NodeStateHash}). */
        @Override
        public long nodeStateHash(Hashing h) {
            return NodeHashes.mix(NodeHashes.mix(0x43484FL, slot), h.value(value));
        }

    }

    // ---- to acceptors ----

    /** Phase 1a: covers every slot from {@code fromSlot} on. */
    record Prepare(Ballot ballot, long fromSlot) implements PaxosMessage {
        /** The explorer's fingerprint of this message: every component, node ids as renamed (see {@link io.paxsim.sim.NodeStateHash}). */
        @Override
        public long nodeStateHash(Hashing h) {
            return NodeHashes.mix(NodeHashes.mix(0x505245L, NodeHashes.ballot(h, ballot)), fromSlot);
        }

        @Override
        public long stableHash() {
            return mix(ballot.round(), ballot.node(), fromSlot);
        }
    }

    /** Phase 2a; {@code commitIndex} piggybacks the leader's chosen prefix. */
    record Accept(Ballot ballot, long slot, Batch value, long commitIndex) implements PaxosMessage {
        /** The explorer's fingerprint of this message: every component, node ids as renamed (see {@link io.paxsim.sim.NodeStateHash}). */
        @Override
        public long nodeStateHash(Hashing h) {
            return NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(0x414343L, NodeHashes.ballot(h, ballot)), slot), h.value(value)), commitIndex);
        }

        @Override
        public int sizeBytes() {
            return 48 + value.sizeBytes();
        }

        @Override
        public long stableHash() {
            return mix(ballot.round(), ballot.node(), slot, value.commands().size(), commitIndex);
        }
    }

    /** Leader liveness, commit propagation, and the round a read-index or lease is confirmed by. */
    record Heartbeat(Ballot ballot, long commitIndex, long sequence) implements PaxosMessage {
        /** The explorer's fingerprint of this message: every component, node ids as renamed (see {@link io.paxsim.sim.NodeStateHash}). */
        @Override
        public long nodeStateHash(Hashing h) {
            return NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(0x484254L, NodeHashes.ballot(h, ballot)), commitIndex), sequence);
        }

        @Override
        public long stableHash() {
            return mix(ballot.round(), ballot.node(), commitIndex, sequence);
        }
    }

    /**
     * Pre-vote: would you promise {@code ballot}? Asked before a candidate raises its ballot, so a
     * replica that merely lost touch with a live leader cannot depose it (no state changes).
     */
    record PreVote(Ballot ballot) implements PaxosMessage {
        /** The explorer's fingerprint of this message: every component, node ids as renamed (see {@link io.paxsim.sim.NodeStateHash}). */
        @Override
        public long nodeStateHash(Hashing h) {
            return NodeHashes.mix(0x505654L, NodeHashes.ballot(h, ballot));
        }

        @Override
        public long stableHash() {
            return mix(ballot.round(), ballot.node());
        }
    }

    // ---- to proposers ----

    /**
     * A client's request, passed on by a replica that does not lead to the one it believes does; the
     * answer goes straight to {@code clientNode}. Passed on once: a receiver that does not lead either
     * answers the client NotLeader itself.
     */
    record Forward(int clientNode, ClientMessage.Request request) implements PaxosMessage {
        /** The explorer's fingerprint of this message: every component, node ids as renamed (see {@link io.paxsim.sim.NodeStateHash}). */
        @Override
        public long nodeStateHash(Hashing h) {
            return NodeHashes.mix(NodeHashes.mix(0x465744L, clientNode), h.value(request));
        }

        @Override
        public int sizeBytes() {
            return 8 + request.sizeBytes();
        }

        @Override
        public long stableHash() {
            return mix(clientNode, request.clientId(), request.sequence());
        }
    }

    /** Answer to a {@link PreVote}: granted when the voter has not heard from a live leader lately. */
    record PreVoteReply(Ballot ballot, @NodeIds int voter, boolean granted) implements PaxosMessage {
        /** The explorer's fingerprint of this message: every component, node ids as renamed (see {@link io.paxsim.sim.NodeStateHash}). */
        @Override
        public long nodeStateHash(Hashing h) {
            return NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(0x505652L, NodeHashes.ballot(h, ballot)), h.id(voter)), granted);
        }

        @Override
        public long stableHash() {
            return mix(ballot.round(), ballot.node(), voter, granted ? 1 : 0);
        }
    }

    /**
     * Phase 1b. {@code compactedThrough}: slots at or below it are chosen and compacted at this
     * acceptor, so they are not reported. {@code chosen}: values this acceptor knows chosen, from
     * {@code fromSlot} on, in slots where it holds no vote of its own: a vote it lost to damaged
     * storage (and repaired by learning the chosen value) may have been part of the quorum that
     * chose it, so the new leader must keep these values, whatever the other promises report.
     */
    record Promise(Ballot ballot, @NodeIds int acceptor, long fromSlot, List<AcceptedEntry> accepted, long compactedThrough,
                   List<ChosenEntry> chosen) implements PaxosMessage {
        /** The explorer's fingerprint of this message: every component, node ids as renamed (see {@link io.paxsim.sim.NodeStateHash}). */
        @Override
        public long nodeStateHash(Hashing h) {
            return NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(0x50524FL, NodeHashes.ballot(h, ballot)), h.id(acceptor)), fromSlot), h.value(accepted)), compactedThrough), h.value(chosen));
        }

        public Promise {
            accepted = List.copyOf(accepted);
            chosen = List.copyOf(chosen);
        }

        public Promise(Ballot ballot, int acceptor, long fromSlot, List<AcceptedEntry> accepted, long compactedThrough) {
            this(ballot, acceptor, fromSlot, accepted, compactedThrough, List.of());
        }

        @Override
        public int sizeBytes() {
            int size = 64;
            for (AcceptedEntry e : accepted) {
                size += 32 + e.value().sizeBytes();
            }
            for (ChosenEntry e : chosen) {
                size += 16 + e.value().sizeBytes();
            }
            return size;
        }

        @Override
        public long stableHash() {
            long h = mix(ballot.round(), ballot.node(), acceptor, fromSlot, accepted.size(), compactedThrough);
            return chosen.isEmpty() ? h : mix(h, chosen.size(), chosen.get(0).slot());
        }
    }

    /** Phase 2b. */
    record Accepted(Ballot ballot, @NodeIds int acceptor, long slot) implements PaxosMessage {
        /** The explorer's fingerprint of this message: every component, node ids as renamed (see {@link io.paxsim.sim.NodeStateHash}). */
        @Override
        public long nodeStateHash(Hashing h) {
            return NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(0x414344L, NodeHashes.ballot(h, ballot)), h.id(acceptor)), slot);
        }

        @Override
        public long stableHash() {
            return mix(ballot.round(), ballot.node(), acceptor, slot);
        }
    }

    /** A Prepare or Accept at {@code rejected} was refused: the acceptor promised {@code promised}. */
    record Nack(Ballot rejected, Ballot promised) implements PaxosMessage {
        /** The explorer's fingerprint of this message: every component, node ids as renamed (see {@link io.paxsim.sim.NodeStateHash}). */
        @Override
        public long nodeStateHash(Hashing h) {
            return NodeHashes.mix(NodeHashes.mix(0x4E414BL, NodeHashes.ballot(h, rejected)), NodeHashes.ballot(h, promised));
        }

        @Override
        public long stableHash() {
            return mix(rejected.round(), rejected.node(), promised.round(), promised.node());
        }
    }

    record HeartbeatAck(Ballot ballot, @NodeIds int acceptor, long sequence) implements PaxosMessage {
        /** The explorer's fingerprint of this message: every component, node ids as renamed (see {@link io.paxsim.sim.NodeStateHash}). */
        @Override
        public long nodeStateHash(Hashing h) {
            return NodeHashes.mix(NodeHashes.mix(NodeHashes.mix(0x48424BL, NodeHashes.ballot(h, ballot)), h.id(acceptor)), sequence);
        }

        @Override
        public long stableHash() {
            return mix(ballot.round(), ballot.node(), acceptor, sequence);
        }
    }

    // ---- learners ----

    record CatchUpRequest(long fromSlot) implements PaxosMessage {
        /** The explorer's fingerprint of this message: every component, node ids as renamed (see {@link io.paxsim.sim.NodeStateHash}). */
        @Override
        public long nodeStateHash(Hashing h) {
            return NodeHashes.mix(0x435552L, fromSlot);
        }

        @Override
        public long stableHash() {
            return mix(fromSlot);
        }
    }

    /**
     * Chosen values from {@code entries}, or a snapshot when the sender compacted the slots asked
     * for ({@code snapshot} null otherwise).
     */
    record CatchUpReply(List<ChosenEntry> entries, Snapshot snapshot) implements PaxosMessage {
        /** The explorer's fingerprint of this message: every component, node ids as renamed (see {@link io.paxsim.sim.NodeStateHash}). */
        @Override
        public long nodeStateHash(Hashing h) {
            return NodeHashes.mix(NodeHashes.mix(0x435550L, h.value(entries)), h.value(snapshot));
        }

        public CatchUpReply {
            entries = List.copyOf(entries);
        }

        @Override
        public int sizeBytes() {
            int size = 64 + (snapshot == null ? 0 : snapshot.sizeBytes());
            for (ChosenEntry e : entries) {
                size += 16 + e.value().sizeBytes();
            }
            return size;
        }

        @Override
        public long stableHash() {
            return mix(entries.isEmpty() ? -1 : entries.get(0).slot(), entries.size(), snapshot == null ? -1 : snapshot.slot());
        }
    }
}
