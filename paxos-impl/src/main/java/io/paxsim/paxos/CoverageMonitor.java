package io.paxsim.paxos;

import io.paxsim.sim.SimObserver;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.trace.TraceKind;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts "sometimes" events: corners a run reached (a snapshot installed, a replica caught up by
 * snapshot, a read served by lease, a stale-ballot message delivered, a crash while a snapshot was
 * being written ...). A suite whose sometimes-events never happen tests nothing; the swarm steers
 * later seeds toward the rare ones. Purely an observer: it never changes the run.
 */
public final class CoverageMonitor implements SimObserver {
    /** The events, in report order, each with a one-line description. */
    public static final Map<String, String> EVENTS = events();

    /** Counted separately: which planted bug's branch ran (never used to steer the hunt). */
    public static final String MUTANT_REACHED = "mutant-reached";

    private final TreeMap<String, Long> counts = new TreeMap<>();
    private final TreeMap<Integer, Long> snapshotPending = new TreeMap<>();
    private final TreeMap<Integer, Boolean> catchUpPending = new TreeMap<>();
    private final TreeMap<Integer, Boolean> restoredSinceCrash = new TreeMap<>();
    private long mutantReached;
    /** Per node: {ballot round, ballot node, true time} of its latest election. */
    private final TreeMap<Integer, long[]> electedAt = new TreeMap<>();
    /** Per node: the local-clock end of its latest lease grant to a leader, and that leader's ballot. */
    private final TreeMap<Integer, Long> grantUntilLocal = new TreeMap<>();
    private final TreeMap<Integer, Ballot> grantee = new TreeMap<>();
    /** Per node that restarted within a grant and has heard no leader since: that grant's end and grantee. */
    private final TreeMap<Integer, Long> restartedGrantUntilLocal = new TreeMap<>();
    private final TreeMap<Integer, Ballot> restartedGrantee = new TreeMap<>();
    private Ballot leaseBallot;
    private long leaseEndNanos;
    /** How far ahead the last extension set the lease: "near expiry" is its last tenth. */
    private long leaseSpanNanos;
    /** Per candidate: the ballot its gathered promises are for, and the slots they report votes in. */
    private final TreeMap<Integer, Ballot> promisesFor = new TreeMap<>();
    private final TreeMap<Integer, java.util.TreeSet<Long>> promisedSlots = new TreeMap<>();
    private final TreeMap<Integer, Long> promisedFromSlot = new TreeMap<>();
    private long staleAcceptNanos = Long.MIN_VALUE / 4;
    private static final long STALE_ACCEPT_WINDOW_NANOS = 50_000_000L;

    private static Map<String, String> events() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("leader-elected", "a replica became leader");
        m.put("snapshot-taken", "a replica's own snapshot became durable");
        m.put("wal-compacted", "a replica rewrote its WAL after a snapshot");
        m.put("snapshot-installed", "a replica installed a snapshot sent by a peer");
        m.put("catch-up-by-entries", "a lagging replica received chosen entries");
        m.put("catch-up-by-snapshot", "a lagging replica received a snapshot");
        m.put("read-by-lease", "a leader served a read under its lease");
        m.put("read-by-read-index", "a leader served a read after a heartbeat quorum");
        m.put("lease-handover-close", "a new leader's lease began within 1 ms (true time) of the previous one's end");
        m.put("lease-read-near-expiry", "a leader served a read under its lease in the last tenth of it (true time)");
        m.put("read-awaits-apply", "a read outside the log arrived while the leader had chosen slots it had not applied");
        m.put("stale-prepare", "an acceptor got a Prepare below its promise");
        m.put("stale-accept", "an acceptor got an Accept below its promise");
        m.put("stale-heartbeat", "a replica got a heartbeat from a deposed leader");
        m.put("stale-promise", "a candidate got a Promise for an older ballot");
        m.put("stale-accepted", "a leader got an Accepted for an older ballot");
        m.put("crash-during-snapshot", "a replica crashed while writing a snapshot");
        m.put("crash-during-catch-up", "a replica crashed while waiting for a catch-up answer");
        m.put("recovered", "a replica restarted and recovered from disk");
        m.put("recovered-from-snapshot", "a replica restarted with a snapshot to restore");
        m.put("recovery-repaired-copy", "recovery repaired a WAL record from its mirror");
        m.put("recovery-truncated-tail", "recovery cut a torn or unsynced WAL tail");
        m.put("recovery-damaged-slot", "recovery found a synced record damaged in both copies");
        m.put("recovery-amnesiac", "recovery lost synced records it cannot identify");
        m.put("session-hit", "a client retry was answered from the session table");
        m.put("session-hit-after-restore", "a retry answered from a session table restored by snapshot or recovery");
        m.put("clock-step", "a replica's clock was stepped (jump or offset)");
        m.put("message-duplicated", "the network delivered a message twice");
        m.put("read-soon-after-election", "a leader served a read outside the log within 2 ms of its election");
        m.put("stale-snapshot", "a replica got a snapshot no newer than its applied state (a late or repeated catch-up answer)");
        m.put("restart-within-lease", "a replica restarted while a lease it had granted before crashing still ran");
        m.put("prepare-within-restarted-grant", "a replica that restarted within a lease it had granted got a newer "
                + "ballot's Prepare while that grant still ran (before hearing a leader again)");
        m.put("election-over-log-hole", "a new leader's promises left a slot with no vote below a slot with one");
        m.put("election-after-stale-accept", "a leader was elected within 50 ms of an acceptor getting a stale Accept");
        return Collections.unmodifiableMap(m);
    }

    public static List<String> eventNames() {
        return List.copyOf(EVENTS.keySet());
    }

    /** Counts of the events that happened (absent: zero). */
    public Map<String, Long> counts() {
        return Collections.unmodifiableMap(counts);
    }

    /** How many times a planted bug's mutated branch ran. */
    public long mutantReached() {
        return mutantReached;
    }

    /** The kinds {@link #onEvent} counts. */
    @Override
    public java.util.Set<io.paxsim.sim.trace.TraceKind> eventKinds() {
        return java.util.EnumSet.of(io.paxsim.sim.trace.TraceKind.CRASH, io.paxsim.sim.trace.TraceKind.CLOCK, io.paxsim.sim.trace.TraceKind.DUPLICATE, io.paxsim.sim.trace.TraceKind.DELIVER);
    }

    @Override
    public void onEvent(Simulation sim, TraceKind kind, int node, int peer, Object payload) {
        if (kind == TraceKind.CRASH) {
            if (snapshotPending.remove(node) != null) {
                count("crash-during-snapshot");
            }
            if (catchUpPending.remove(node) != null) {
                count("crash-during-catch-up");
            }
            restoredSinceCrash.remove(node);
            onCrashed(node);
        } else if (kind == TraceKind.CLOCK && payload instanceof String d && !d.startsWith("drift")) {
            count("clock-step");
        } else if (kind == TraceKind.DUPLICATE) {
            count("message-duplicated");
        } else if (kind == TraceKind.DELIVER && payload instanceof PaxosMessage.Promise p) {
            onPromiseDelivered(node, p);
        } else if (kind == TraceKind.DELIVER && payload instanceof PaxosMessage.Prepare p) {
            onPrepareDelivered(sim, node, p);
        }
    }

    @Override
    public void onObservation(Simulation sim, int node, Object observation) {
        if (!(observation instanceof PaxosObservation o)) {
            return;
        }
        if (o instanceof PaxosObservation.BecameLeader b) {
            count("leader-elected");
            onElected(sim, b);
            electedAt.put(b.node(), new long[] {b.ballot().round(), b.ballot().node(), sim.nowNanos()});
        } else if (o instanceof PaxosObservation.LeaseGranted g) {
            onGranted(g);
        } else if (o instanceof PaxosObservation.SnapshotStarted s) {
            snapshotPending.put(s.node(), s.slot());
        } else if (o instanceof PaxosObservation.SnapshotDurable s) {
            snapshotPending.remove(s.node());
            count("snapshot-taken");
        } else if (o instanceof PaxosObservation.WalCompacted) {
            count("wal-compacted");
        } else if (o instanceof PaxosObservation.SnapshotInstalled s) {
            count("snapshot-installed");
            restoredSinceCrash.put(s.node(), true);
        } else if (o instanceof PaxosObservation.CatchUpRequested c) {
            catchUpPending.put(c.node(), true);
        } else if (o instanceof PaxosObservation.CaughtUp c) {
            catchUpPending.remove(c.node());
            count(c.bySnapshot() ? "catch-up-by-snapshot" : "catch-up-by-entries");
        } else if (o instanceof PaxosObservation.ReadServed r) {
            if (!r.how().equals("local")) {
                count("read-by-" + r.how());
            }
            long[] e = electedAt.get(r.node());
            if (e != null && e[0] == r.ballot().round() && e[1] == r.ballot().node() && sim.nowNanos() - e[2] < 2_000_000L) {
                count("read-soon-after-election");
            }
            if (r.how().equals("lease") && r.ballot().equals(leaseBallot)
                    && leaseEndNanos - sim.nowNanos() < leaseSpanNanos / 10) {
                count("lease-read-near-expiry");
            }
        } else if (o instanceof PaxosObservation.ReadAwaitsApply) {
            count("read-awaits-apply");
        } else if (o instanceof PaxosObservation.LeaseExtended l) {
            onLease(sim, l);
        } else if (o instanceof PaxosObservation.StaleBallot s) {
            count("stale-" + s.kind());
            if (s.kind().equals("accept")) {
                staleAcceptNanos = sim.nowNanos();
            }
        } else if (o instanceof PaxosObservation.Recovered r) {
            onRecovered(r);
            Long until = restartedGrantUntilLocal.get(r.node());
            if (until != null && sim.clock(r.node()).localNanos(sim.nowNanos()) < until) {
                count("restart-within-lease");
            } else {
                restartedGrantUntilLocal.remove(r.node());
                restartedGrantee.remove(r.node());
            }
        } else if (o instanceof PaxosObservation.SessionHit h) {
            count("session-hit");
            if (restoredSinceCrash.containsKey(h.node())) {
                count("session-hit-after-restore");
            }
        } else if (o instanceof PaxosObservation.MutantReached) {
            mutantReached++;
        }
    }

    /**
     * A grant to a leader's ballot; the ZERO-ballot grant a restarted replica makes to honour grants
     * it may have forgotten is no grant to a leader (it must not hide what the replica granted before).
     */
    private void onGranted(PaxosObservation.LeaseGranted g) {
        if (g.ballot().equals(Ballot.ZERO)) {
            return;
        }
        grantUntilLocal.put(g.node(), g.untilLocalNanos());
        grantee.put(g.node(), g.ballot());
        restartedGrantUntilLocal.remove(g.node());
        restartedGrantee.remove(g.node());
    }

    /** A crash ends no grant: the restarted replica must still honour it (a rival must not be promised). */
    private void onCrashed(int node) {
        Long until = grantUntilLocal.remove(node);
        Ballot to = grantee.remove(node);
        if (until != null) {
            restartedGrantUntilLocal.put(node, until);
            restartedGrantee.put(node, to);
        }
    }

    /** A rival's Prepare reaching a restarted replica inside the grant it made before crashing. */
    private void onPrepareDelivered(Simulation sim, int node, PaxosMessage.Prepare p) {
        Long until = restartedGrantUntilLocal.get(node);
        if (until == null) {
            return;
        }
        if (sim.clock(node).localNanos(sim.nowNanos()) >= until) {
            restartedGrantUntilLocal.remove(node);
            restartedGrantee.remove(node);
        } else if (p.ballot().greaterThan(restartedGrantee.get(node))) {
            count("prepare-within-restarted-grant");
        }
    }

    /** Lease handovers close to the edge are where a missing drift margin or an off-by-one shows. */
    private void onLease(Simulation sim, PaxosObservation.LeaseExtended l) {
        long now = sim.nowNanos();
        long end = sim.clock(l.node()).trueNanosWhenLocalReads(l.untilLocalNanos(), now);
        if (leaseBallot != null && !leaseBallot.equals(l.ballot()) && now - leaseEndNanos < 1_000_000L) {
            count("lease-handover-close");
        }
        if (leaseBallot == null || !leaseBallot.equals(l.ballot()) || end > leaseEndNanos) {
            leaseSpanNanos = end - now;
            leaseBallot = l.ballot();
            leaseEndNanos = end;
        }
    }

    private void onPromiseDelivered(int candidate, PaxosMessage.Promise p) {
        if (!p.ballot().equals(promisesFor.get(candidate))) {
            promisesFor.put(candidate, p.ballot());
            promisedSlots.put(candidate, new java.util.TreeSet<>());
            promisedFromSlot.put(candidate, p.fromSlot());
        }
        java.util.TreeSet<Long> slots = promisedSlots.get(candidate);
        for (PaxosMessage.AcceptedEntry e : p.accepted()) {
            slots.add(e.slot());
        }
    }

    /** Holes and stale votes at an election are what a new leader's log repair must get right. */
    private void onElected(Simulation sim, PaxosObservation.BecameLeader b) {
        if (sim.nowNanos() - staleAcceptNanos < STALE_ACCEPT_WINDOW_NANOS) {
            count("election-after-stale-accept");
        }
        java.util.TreeSet<Long> slots = promisedSlots.remove(b.node());
        Ballot ballot = promisesFor.remove(b.node());
        Long from = promisedFromSlot.remove(b.node());
        if (slots == null || slots.isEmpty() || !b.ballot().equals(ballot)) {
            return;
        }
        long reported = slots.subSet(from, true, slots.last(), true).size();
        if (reported < slots.last() - from + 1) {
            count("election-over-log-hole");
        }
    }

    private void onRecovered(PaxosObservation.Recovered r) {
        count("recovered");
        if (r.appliedIndex() > 0) {
            count("recovered-from-snapshot");
            restoredSinceCrash.put(r.node(), true);
        }
        if (r.repairedCopies() > 0) {
            count("recovery-repaired-copy");
        }
        if (r.truncatedBytes() > 0) {
            count("recovery-truncated-tail");
        }
        if (r.damagedSlots() > 0) {
            count("recovery-damaged-slot");
        }
        if (r.amnesiac()) {
            count("recovery-amnesiac");
        }
    }

    private void count(String event) {
        assert EVENTS.containsKey(event) : "unregistered coverage event " + event;
        counts.merge(event, 1L, Long::sum);
    }
}
