package io.paxsim.paxos;

import io.paxsim.sim.HashIterationSafe;
import io.paxsim.sim.SimObserver;
import io.paxsim.sim.Simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Online safety checks over the facts replicas publish ({@link PaxosObservation}). The first
 * violation stops the run ({@link Simulation#stop}) and stays queryable via {@link #violation()}.
 * Register one per run: {@code Simulation.builder(seed).observer(new InvariantMonitor(config))}.
 */
@HashIterationSafe("per-slot and per-client maps keyed by Long/Ballot(int fields) are only probed, never iterated; "
        + "votedBy, iterated on recovery, stays a TreeMap")
public final class InvariantMonitor implements SimObserver {
    // Memory stays flat in run length: once every replica has applied a slot, its votes, chosen
    // value and first applier fold into one digest per slot (SettledSlots, 8 bytes); effects are
    // one long per client sequence (ClientEffects); an acceptor's sent votes are dropped below
    // the floor its WAL compaction declares, which recovery never asks about.
    /** A named safety property. */
    public record Invariant(String name, String description) {
    }

    public static final Invariant SINGLE_VALUE_PER_SLOT = new Invariant("single-value-per-slot",
            "at most one value is chosen (accepted by a phase-2 quorum at one ballot) per slot");
    public static final Invariant APPLIED_PREFIX_AGREEMENT = new Invariant("applied-prefix-agreement",
            "replicas apply the same value in every slot (applied logs are prefix-comparable) and it is the chosen one");
    public static final Invariant APPLIED_INDEX_MONOTONIC = new Invariant("applied-index-monotonic",
            "a replica applies slots in order without gaps; after a restart it resumes from its durable snapshot");
    public static final Invariant PROMISE_MONOTONIC = new Invariant("promise-monotonic",
            "an acceptor's promised ballot never decreases, across restarts too, and it never votes below it");
    public static final Invariant VOTES_DURABLE = new Invariant("votes-durable",
            "an acceptor that restarts still remembers every vote it sent above its snapshot");
    public static final Invariant EXACTLY_ONCE_APPLY = new Invariant("exactly-once-apply",
            "each (client, sequence) takes effect in at most one slot");
    public static final Invariant REPLY_AFTER_APPLY = new Invariant("reply-after-apply",
            "a client is answered through the log only after its command was applied");

    public static final List<Invariant> ALL = List.of(SINGLE_VALUE_PER_SLOT, APPLIED_PREFIX_AGREEMENT,
            APPLIED_INDEX_MONOTONIC, PROMISE_MONOTONIC, VOTES_DURABLE, EXACTLY_ONCE_APPLY, REPLY_AFTER_APPLY);

    /** What went wrong, where and when. */
    public record Violation(String invariant, List<Integer> nodes, long slot, long timeNanos, String message) {
        public Violation {
            nodes = List.copyOf(nodes);
        }
    }

    private record ChosenValue(long digest, Ballot ballot, List<Integer> acceptors) {
    }

    private final int phase2Quorum;
    private final int replicas;
    private final SettledSlots settled = new SettledSlots();
    private final HashMap<Long, HashMap<Ballot, HashMap<Long, TreeSet<Integer>>>> votes = new HashMap<>();
    private final HashMap<Long, ChosenValue> chosen = new HashMap<>();
    private final HashMap<Long, Long> appliedDigest = new HashMap<>();
    private final HashMap<Long, Integer> firstApplier = new HashMap<>();
    private final TreeMap<Integer, Long> lastApplied = new TreeMap<>();
    private final TreeMap<Integer, Ballot> maxPromise = new TreeMap<>();
    private final HashMap<Long, ClientEffects> effectSlot = new HashMap<>();
    private final TreeMap<Integer, TreeMap<Long, Ballot>> votedBy = new TreeMap<>();
    private Violation violation;
    private long observations;
    private long chosenSlotsSeen;

    public InvariantMonitor(PaxosConfig config) {
        this.phase2Quorum = config.phase2Quorum();
        this.replicas = config.clusterSize();
    }

    public Optional<Violation> violation() {
        return Optional.ofNullable(violation);
    }

    public long observations() {
        return observations;
    }

    /** Slots whose full per-slot state (votes, chosen value, first applier) is still held: those not yet applied by every replica. */
    public int unsettledSlots() {
        return Math.max(Math.max(votes.size(), chosen.size()), appliedDigest.size());
    }

    /** Slots the monitor saw chosen (a phase-2 quorum voted one value). */
    public int chosenSlots() {
        return Math.toIntExact(chosenSlotsSeen);
    }

    @Override
    public void onObservation(Simulation sim, int node, Object observation) {
        if (!(observation instanceof PaxosObservation o) || violation != null) {
            return;
        }
        observations++;
        if (o instanceof PaxosObservation.Voted v) {
            onVoted(sim, v);
        } else if (o instanceof PaxosObservation.Promised p) {
            raisePromise(sim, p.node(), p.ballot());
        } else if (o instanceof PaxosObservation.Applied a) {
            onApplied(sim, a);
        } else if (o instanceof PaxosObservation.Recovered r) {
            onRecovered(sim, r);
        } else if (o instanceof PaxosObservation.SnapshotInstalled s) {
            lastApplied.put(s.node(), Math.max(lastApplied.getOrDefault(s.node(), 0L), s.slot()));
            settle();
        } else if (o instanceof PaxosObservation.Replied r) {
            onReplied(sim, r);
        } else if (o instanceof PaxosObservation.WalCompacted w) {
            TreeMap<Long, Ballot> sent = votedBy.get(w.node());
            if (sent != null) {
                sent.headMap(w.compactedThrough(), true).clear();
            }
        }
    }

    private void onVoted(Simulation sim, PaxosObservation.Voted v) {
        Ballot promise = maxPromise.get(v.node());
        if (promise != null && v.ballot().lessThan(promise)) {
            fail(sim, PROMISE_MONOTONIC, List.of(v.node()), v.slot(), "acceptor " + v.node() + " voted at ballot "
                    + v.ballot() + " in slot " + v.slot() + " after promising " + promise);
            return;
        }
        raisePromise(sim, v.node(), v.ballot());
        if (!v.belowSnapshot()) {
            votedBy.computeIfAbsent(v.node(), k -> new TreeMap<>()).merge(v.slot(), v.ballot(), Ballot::max);
        }
        boolean settledSlot = settled.knows(v.slot());
        if (settledSlot && settled.digest(v.slot()) == v.valueDigest()) {
            return; // a late vote for the value every replica applied: nothing it can contradict
        }
        TreeSet<Integer> voters = votes.computeIfAbsent(v.slot(), s -> new HashMap<>())
                .computeIfAbsent(v.ballot(), b -> new HashMap<>())
                .computeIfAbsent(v.valueDigest(), d -> new TreeSet<>());
        voters.add(v.node());
        if (voters.size() < phase2Quorum) {
            return;
        }
        if (settledSlot) {
            Invariant broken = settled.chosenSeen(v.slot()) ? SINGLE_VALUE_PER_SLOT : APPLIED_PREFIX_AGREEMENT;
            fail(sim, broken, new ArrayList<>(voters), v.slot(), "slot " + v.slot() + " chosen again after every replica applied it: value "
                    + Long.toHexString(v.valueDigest()) + " at ballot " + v.ballot() + " by " + voters + ", but replicas applied value "
                    + Long.toHexString(settled.digest(v.slot())));
            return;
        }
        ChosenValue before = chosen.get(v.slot());
        if (before == null) {
            chosenSlotsSeen++;
            chosen.put(v.slot(), new ChosenValue(v.valueDigest(), v.ballot(), new ArrayList<>(voters)));
            checkAppliedMatchesChosen(sim, v.slot());
        } else if (before.digest() != v.valueDigest()) {
            List<Integer> nodes = new ArrayList<>(before.acceptors());
            nodes.addAll(voters);
            fail(sim, SINGLE_VALUE_PER_SLOT, nodes, v.slot(), "slot " + v.slot() + " chosen twice: value "
                    + Long.toHexString(before.digest()) + " at ballot " + before.ballot() + " by " + before.acceptors()
                    + ", then value " + Long.toHexString(v.valueDigest()) + " at ballot " + v.ballot() + " by " + voters);
        }
    }

    private void raisePromise(Simulation sim, int node, Ballot ballot) {
        Ballot before = maxPromise.get(node);
        if (before == null || ballot.greaterThan(before)) {
            maxPromise.put(node, ballot);
        }
    }

    private void onApplied(Simulation sim, PaxosObservation.Applied a) {
        long last = lastApplied.getOrDefault(a.node(), 0L);
        if (a.slot() != last + 1) {
            fail(sim, APPLIED_INDEX_MONOTONIC, List.of(a.node()), a.slot(),
                    "replica " + a.node() + " applied slot " + a.slot() + " right after slot " + last);
            return;
        }
        lastApplied.put(a.node(), a.slot());
        if (settled.knows(a.slot())) {
            if (settled.digest(a.slot()) != a.valueDigest()) {
                fail(sim, APPLIED_PREFIX_AGREEMENT, List.of(a.node()), a.slot(), "replica " + a.node()
                        + " applied a value in slot " + a.slot() + " other than the one every replica applied before");
            }
            return;
        }
        Long digest = appliedDigest.get(a.slot());
        if (digest != null) {
            if (digest != a.valueDigest()) {
                fail(sim, APPLIED_PREFIX_AGREEMENT, List.of(firstApplier.get(a.slot()), a.node()), a.slot(),
                        "replicas " + firstApplier.get(a.slot()) + " and " + a.node() + " applied different values in slot " + a.slot());
            }
            return;
        }
        appliedDigest.put(a.slot(), a.valueDigest());
        firstApplier.put(a.slot(), a.node());
        checkAppliedMatchesChosen(sim, a.slot());
        if (violation != null) {
            return;
        }
        for (PaxosObservation.SessionKey k : a.effective()) {
            ClientEffects client = effectSlot.computeIfAbsent(k.clientId(), c -> new ClientEffects());
            long earlier = client.putIfAbsent(k.sequence(), a.slot());
            if (earlier != ClientEffects.NONE && earlier != a.slot()) {
                fail(sim, EXACTLY_ONCE_APPLY, List.of(a.node()), a.slot(), "client " + k.clientId() + " sequence "
                        + k.sequence() + " took effect in slot " + earlier + " and again in slot " + a.slot());
                return;
            }
        }
        settle();
    }

    /**
     * Folds the per-slot state of every slot all replicas have applied into {@link #settled}:
     * no later observation can need more than the applied digest and whether a quorum was seen.
     */
    private void settle() {
        if (lastApplied.size() < replicas || violation != null) {
            return;
        }
        long through = Long.MAX_VALUE;
        for (long last : lastApplied.values()) {
            through = Math.min(through, last);
        }
        for (long slot = settled.through() + 1; slot <= through; slot++) {
            Long digest = appliedDigest.remove(slot);
            ChosenValue c = chosen.remove(slot);
            votes.remove(slot);
            firstApplier.remove(slot);
            if (digest != null) {
                settled.add(slot, digest, c != null);
            } else {
                settled.skip(slot); // applied by snapshot install only: nothing observed to compare against
            }
        }
    }

    private void checkAppliedMatchesChosen(Simulation sim, long slot) {
        ChosenValue c = chosen.get(slot);
        Long applied = appliedDigest.get(slot);
        if (c != null && applied != null && c.digest() != applied) {
            fail(sim, APPLIED_PREFIX_AGREEMENT, List.of(firstApplier.get(slot)), slot, "replica " + firstApplier.get(slot)
                    + " applied a value in slot " + slot + " other than the one chosen at ballot " + c.ballot() + " by " + c.acceptors());
        }
    }

    private void onRecovered(Simulation sim, PaxosObservation.Recovered r) {
        Ballot before = maxPromise.get(r.node());
        if (r.amnesiac()) {
            // It lost synced records (beyond the fault atlas for this node) and will never vote again.
            lastApplied.put(r.node(), r.appliedIndex());
            votedBy.remove(r.node());
            return;
        }
        if (before != null && r.promised().lessThan(before)) {
            fail(sim, PROMISE_MONOTONIC, List.of(r.node()), -1, "acceptor " + r.node() + " recovered promise "
                    + r.promised() + " below the " + before + " it had promised before crashing");
            return;
        }
        lastApplied.put(r.node(), r.appliedIndex());
        checkVotesRemembered(sim, r);
    }

    private void checkVotesRemembered(Simulation sim, PaxosObservation.Recovered r) {
        TreeMap<Long, Ballot> sent = votedBy.get(r.node());
        if (sent == null) {
            return;
        }
        sent.headMap(Math.max(r.appliedIndex(), r.compactedThrough()), true).clear();
        TreeMap<Long, Ballot> remembered = new TreeMap<>();
        for (PaxosObservation.SlotBallot sb : r.votes()) {
            remembered.put(sb.slot(), sb.ballot());
        }
        for (Map.Entry<Long, Ballot> e : sent.entrySet()) {
            Ballot kept = remembered.get(e.getKey());
            if (kept == null || kept.lessThan(e.getValue())) {
                fail(sim, VOTES_DURABLE, List.of(r.node()), e.getKey(), "acceptor " + r.node() + " voted for slot "
                        + e.getKey() + " at ballot " + e.getValue() + " but recovered " + (kept == null ? "no vote" : "ballot " + kept));
                return;
            }
        }
    }

    private void onReplied(Simulation sim, PaxosObservation.Replied r) {
        if (!r.throughLog()) {
            return;
        }
        ClientEffects client = effectSlot.get(r.clientId());
        if (client == null || client.slotOf(r.sequence()) == ClientEffects.NONE) {
            fail(sim, REPLY_AFTER_APPLY, List.of(r.node()), -1, "replica " + r.node() + " answered client "
                    + r.clientId() + " sequence " + r.sequence() + " before any replica applied it");
        }
    }

    private void fail(Simulation sim, Invariant invariant, List<Integer> nodes, long slot, String detail) {
        violation = new Violation(invariant.name(), nodes, slot, sim.nowNanos(),
                "invariant " + invariant.name() + " violated at t=" + sim.nowNanos() + "ns (seed " + sim.seed() + "): " + detail);
        sim.stop(violation.message());
    }

    /** Slots every replica applied, from 1 up: the applied digest of each and whether a quorum was seen. */
    private static final class SettledSlots {
        private long[] digests = new long[1024];
        private final java.util.BitSet known = new java.util.BitSet();
        private final java.util.BitSet chosen = new java.util.BitSet();
        private long through;

        long through() {
            return through;
        }

        boolean knows(long slot) {
            return slot >= 1 && slot <= through && known.get(index(slot));
        }

        long digest(long slot) {
            assert knows(slot) : "slot " + slot + " not settled";
            return digests[index(slot)];
        }

        boolean chosenSeen(long slot) {
            return chosen.get(index(slot));
        }

        void add(long slot, long digest, boolean chosenSeen) {
            skip(slot);
            int i = index(slot);
            if (i >= digests.length) {
                digests = java.util.Arrays.copyOf(digests, Math.max(i + 1, digests.length * 2));
            }
            digests[i] = digest;
            known.set(i);
            chosen.set(i, chosenSeen);
        }

        void skip(long slot) {
            assert slot == through + 1 : "slots settle in order: " + slot + " after " + through;
            through = slot;
        }

        private static int index(long slot) {
            return Math.toIntExact(slot - 1);
        }
    }

    /**
     * The slot each of one client's sequences took effect in. Sequences count up from 0 per
     * client, so a dense array (0 = none) holds them in 8 bytes each; anything outside that
     * range goes to a map.
     */
    private static final class ClientEffects {
        static final long NONE = Long.MIN_VALUE;
        private static final long DENSE_LIMIT = 1L << 20;
        private long[] slotPlusOne = new long[4];
        private HashMap<Long, Long> sparse;

        long slotOf(long sequence) {
            if (sequence >= 0 && sequence < DENSE_LIMIT) {
                return sequence < slotPlusOne.length && slotPlusOne[(int) sequence] != 0 ? slotPlusOne[(int) sequence] - 1 : NONE;
            }
            Long slot = sparse == null ? null : sparse.get(sequence);
            return slot == null ? NONE : slot;
        }

        /** Records {@code slot} unless the sequence already has one; returns the earlier slot or {@link #NONE}. */
        long putIfAbsent(long sequence, long slot) {
            long earlier = slotOf(sequence);
            if (earlier != NONE) {
                return earlier;
            }
            if (sequence >= 0 && sequence < DENSE_LIMIT) {
                int i = (int) sequence;
                if (i >= slotPlusOne.length) {
                    slotPlusOne = java.util.Arrays.copyOf(slotPlusOne, Math.max(i + 1, slotPlusOne.length * 2));
                }
                slotPlusOne[i] = slot + 1;
            } else {
                if (sparse == null) {
                    sparse = new HashMap<>();
                }
                sparse.put(sequence, slot);
            }
            return NONE;
        }
    }

    /** Names and one-line descriptions, for --help and reports. */
    public static Map<String, String> describe() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Invariant i : ALL) {
            out.put(i.name(), i.description());
        }
        return out;
    }
}
