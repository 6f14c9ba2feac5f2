package io.paxsim.paxos;

import io.paxsim.sim.ExplicitStateHash;
import io.paxsim.sim.NodeIds;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.clock.NodeClock;

import java.util.Arrays;

/**
 * What the lease monitor knows beyond the leaders' own beliefs: each acceptor's lease grant (whom
 * it refuses to help elect a rival, until its own clock reads when) and whether the clocks stayed
 * inside the bound the protocol assumes. A lease guarantees nothing once clocks leave that bound:
 * a clock step, or clock rates further apart than {@code lease / (lease - margin)} (then the
 * leader's shortened lease can outlive a follower's grant). Those times are "clock trouble" and
 * excused; everywhere else a lease must be backed by grants, whatever the drift within the bound.
 */
final class LeaseWatch {
    /** A step smaller than this is integer rounding of a drift change, not a step. */
    private static final long STEP_TOLERANCE_NANOS = 1_000;
    private static final long MILLION = 1_000_000L;

    private final int replicas;
    /** Acceptors that must refuse a rival so no phase-1 quorum can form: n - q1 + 1. */
    private final int blockingNeeded;
    private final long leaseNanos;
    private final long marginNanos;
    /** How long clock trouble voids leases after it ends: a lease and a grant, even on slow clocks. */
    private final long afterTroubleNanos;

    @NodeIds(NodeIds.Shape.INDEX) private final Ballot[] grantee;
    @NodeIds(NodeIds.Shape.INDEX) private final long[] grantUntilLocal;
    private boolean clocksKnown;
    @NodeIds(NodeIds.Shape.INDEX) private final long[] lastTrue;
    @NodeIds(NodeIds.Shape.INDEX) private final long[] lastOffset;
    @NodeIds(NodeIds.Shape.INDEX) private final long[] driftPpm;
    private boolean spreadTooWide;
    private long troubleUntilNanos = Long.MIN_VALUE;

    /** This watch's state by content, for {@link InvariantMonitor#explicitStateHash()} (every field). */
    long explicitStateHash() {
        long h = ExplicitStateHash.mix(0x4C57L, replicas);
        h = ExplicitStateHash.mix(h, blockingNeeded);
        h = ExplicitStateHash.mix(h, leaseNanos);
        h = ExplicitStateHash.mix(h, marginNanos);
        h = ExplicitStateHash.mix(h, afterTroubleNanos);
        h = ExplicitStateHash.mix(h, grantee.length);
        for (Ballot b : grantee) {
            h = ExplicitStateHash.mix(h, InvariantMonitor.ballotHash(b));
        }
        h = ExplicitStateHash.sparse(h, grantUntilLocal);
        h = ExplicitStateHash.mix(h, clocksKnown ? 1 : 0);
        h = ExplicitStateHash.sparse(h, lastTrue);
        h = ExplicitStateHash.sparse(h, lastOffset);
        h = ExplicitStateHash.sparse(h, driftPpm);
        h = ExplicitStateHash.mix(h, spreadTooWide ? 1 : 0);
        return ExplicitStateHash.mix(h, troubleUntilNanos);
    }

    LeaseWatch(PaxosConfig config) {
        this.replicas = config.clusterSize();
        this.blockingNeeded = replicas - config.phase1Quorum() + 1;
        this.leaseNanos = config.leaseNanos();
        this.marginNanos = config.leaseDriftMarginNanos();
        this.afterTroubleNanos = 4 * config.leaseNanos();
        this.grantee = new Ballot[replicas];
        this.grantUntilLocal = new long[replicas];
        this.lastTrue = new long[replicas];
        this.lastOffset = new long[replicas];
        this.driftPpm = new long[replicas];
    }

    /** A copy for the explorer (see {@link io.paxsim.sim.Copyable}): every field; ballots are immutable records. */
    LeaseWatch(LeaseWatch o) {
        this.replicas = o.replicas;
        this.blockingNeeded = o.blockingNeeded;
        this.leaseNanos = o.leaseNanos;
        this.marginNanos = o.marginNanos;
        this.afterTroubleNanos = o.afterTroubleNanos;
        this.grantee = o.grantee.clone();
        this.grantUntilLocal = o.grantUntilLocal.clone();
        this.clocksKnown = o.clocksKnown;
        this.lastTrue = o.lastTrue.clone();
        this.lastOffset = o.lastOffset.clone();
        this.driftPpm = o.driftPpm.clone();
        this.spreadTooWide = o.spreadTooWide;
        this.troubleUntilNanos = o.troubleUntilNanos;
    }

    /** How long after a step of {@code stepNanos} leases and grants that spanned it are void. */
    long troubleAfterStepNanos(long stepNanos) {
        return stepNanos + afterTroubleNanos;
    }

    /** Whether leases are void now: a recent step, or rates too far apart now or recently. */
    boolean troubled(Simulation sim) {
        knowClocks(sim);
        return spreadTooWide || sim.nowNanos() < troubleUntilNanos;
    }

    /**
     * A replica's clock changed (drift, jump or offset): a step starts trouble, and so may the new rate
     * spread. Returns the size of the step (0 for a rate change or rounding).
     */
    long onClockChanged(Simulation sim, int node) {
        if (node < 0 || node >= replicas) {
            return 0;
        }
        if (!clocksKnown) {
            // The clock before this change is unknown: take it to have kept true time (where clocks
            // start), so a first step is measured from there rather than swallowed.
            knowClocks(sim);
            long step = Math.abs(sim.clock(node).offsetNanos(sim.nowNanos()));
            if (step <= STEP_TOLERANCE_NANOS) {
                return 0;
            }
            troubleUntilNanos = Math.max(troubleUntilNanos, sim.nowNanos() + step + afterTroubleNanos);
            return step;
        }
        long now = sim.nowNanos();
        NodeClock c = sim.clock(node);
        long elapsed = now - lastTrue[node];
        long predicted = lastOffset[node] + elapsed / MILLION * driftPpm[node] + elapsed % MILLION * driftPpm[node] / MILLION;
        long step = Math.abs(c.offsetNanos(now) - predicted);
        if (step > STEP_TOLERANCE_NANOS) {
            // A step of s stretches a lease (or shortens a grant) by s: void everything that spans it.
            troubleUntilNanos = Math.max(troubleUntilNanos, now + step + afterTroubleNanos);
        }
        remember(sim, node);
        boolean wide = spreadTooWide();
        if (spreadTooWide && !wide) {
            troubleUntilNanos = Math.max(troubleUntilNanos, now + afterTroubleNanos);
        }
        spreadTooWide = wide;
        return step > STEP_TOLERANCE_NANOS ? step : 0;
    }

    void onGranted(PaxosObservation.LeaseGranted g) {
        grantee[g.node()] = g.ballot();
        grantUntilLocal[g.node()] = g.untilLocalNanos();
    }

    /**
     * At a read served under {@code ballot}'s lease by {@code leader}: enough acceptors (the leader
     * one of them) must still refuse a rival, or a new leader could already be taking writes.
     * Returns what is wrong, or null.
     */
    String checkRead(Simulation sim, int leader, Ballot ballot) {
        if (troubled(sim)) {
            return null;
        }
        long now = sim.nowNanos();
        int blocking = 1;
        StringBuilder expired = new StringBuilder();
        for (int f = 0; f < replicas; f++) {
            if (f == leader) {
                continue;
            }
            if (backs(f, ballot) && sim.clock(f).localNanos(now) < grantUntilLocal[f]) {
                blocking++;
            } else {
                expired.append(expired.length() == 0 ? "" : ", ").append(f);
            }
        }
        if (blocking >= blockingNeeded) {
            return null;
        }
        return "leader " + leader + " at ballot " + ballot + " served a read under its lease, but only " + blocking
                + " acceptor(s) still refused a rival (" + blockingNeeded + " needed; the grants of " + expired
                + " had run out or gone to a newer ballot), with every clock within the drift the lease's margin ("
                + marginNanos + " of " + leaseNanos + " ns) assumes";
    }

    /**
     * At a lease extension: with every clock keeping its current rate (one behaviour the drift
     * bound allows), the lease must end, in true time, before enough grants backing it run out.
     */
    String checkExtended(Simulation sim, PaxosObservation.LeaseExtended l) {
        if (troubled(sim)) {
            return null;
        }
        long now = sim.nowNanos();
        long end = sim.clock(l.node()).trueNanosWhenLocalReads(l.untilLocalNanos(), now);
        if (end <= now || blockingNeeded <= 1) {
            return null;
        }
        long[] grantEnds = new long[replicas];
        int n = 0;
        for (int f = 0; f < replicas; f++) {
            if (f != l.node() && backs(f, l.ballot())) {
                grantEnds[n++] = sim.clock(f).trueNanosWhenLocalReads(grantUntilLocal[f], now);
            }
        }
        Arrays.sort(grantEnds, 0, n);
        int rank = blockingNeeded - 1;
        long backedUntil = n >= rank ? grantEnds[n - rank] : now;
        if (end <= backedUntil) {
            return null;
        }
        return "leader " + l.node() + " at ballot " + l.ballot() + " extended its lease to t=" + end
                + "ns, but with every clock keeping its rate (within the drift the lease's margin, " + marginNanos
                + " of " + leaseNanos + " ns, assumes) the acceptors' grants backing it run out at t=" + backedUntil
                + "ns: a rival could be elected while the lease holds";
    }

    /** A grant to {@code ballot}, to an older leader's (no rival for it) or to nobody (after a restart) refuses rivals. */
    private boolean backs(int acceptor, Ballot ballot) {
        Ballot g = grantee[acceptor];
        return g != null && (g.equals(Ballot.ZERO) || !g.greaterThan(ballot));
    }

    private void knowClocks(Simulation sim) {
        if (clocksKnown) {
            return;
        }
        clocksKnown = true;
        for (int i = 0; i < replicas; i++) {
            remember(sim, i);
        }
        spreadTooWide = spreadTooWide();
    }

    private void remember(Simulation sim, int node) {
        long now = sim.nowNanos();
        lastTrue[node] = now;
        lastOffset[node] = sim.clock(node).offsetNanos(now);
        driftPpm[node] = sim.clock(node).driftPpm();
    }

    /** Fastest over slowest rate beyond lease / (lease - margin): a shortened lease may outlive a grant. */
    private boolean spreadTooWide() {
        long fastest = Long.MIN_VALUE;
        long slowest = Long.MAX_VALUE;
        for (long ppm : driftPpm) {
            fastest = Math.max(fastest, ppm);
            slowest = Math.min(slowest, ppm);
        }
        return (MILLION + fastest) * (leaseNanos - marginNanos) > (MILLION + slowest) * leaseNanos;
    }
}
