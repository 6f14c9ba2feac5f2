package io.paxsim.sim.clock;

/**
 * A node's local clock: a piecewise-linear function of true time. It runs at
 * {@code 1 + driftPpm / 1e6} times true speed from an anchor, and offsets or jumps re-anchor it.
 * Integer arithmetic only, so it is identical on every JVM.
 */
public final class NodeClock implements io.paxsim.sim.Copyable {
    private static final long MILLION = 1_000_000L;
    private long anchorTrueNanos;
    private long anchorLocalNanos;
    private long driftPpm;

    /** Explicit copy for the explorer (see {@link io.paxsim.sim.Copyable}). */
    @Override
    public NodeClock copy(io.paxsim.sim.Copyable.Copies copies) {
        NodeClock c = copies.remember(this, new NodeClock(0));
        c.anchorTrueNanos = anchorTrueNanos;
        c.anchorLocalNanos = anchorLocalNanos;
        c.driftPpm = driftPpm;
        return c;
    }

    public NodeClock(long initialOffsetNanos) {
        this.anchorLocalNanos = initialOffsetNanos;
    }

    public long localNanos(long trueNanos) {
        return anchorLocalNanos + scaled(trueNanos - anchorTrueNanos);
    }

    /**
     * The earliest true time (not before {@code nowTrueNanos}) at which the local clock reads at
     * least {@code localNanos}. Exact: the local clock reads less than that one nanosecond earlier.
     */
    public long trueNanosWhenLocalReads(long localNanos, long nowTrueNanos) {
        long localElapsed = localNanos - anchorLocalNanos;
        if (localElapsed <= scaled(nowTrueNanos - anchorTrueNanos)) {
            return nowTrueNanos;
        }
        long rate = MILLION + driftPpm;
        long estimate = Math.floorDiv(localElapsed, rate) * MILLION
                + Math.floorDiv(Math.floorMod(localElapsed, rate) * MILLION, rate);
        // The split division is off by at most a couple of nanoseconds: settle on the exact answer.
        while (scaled(estimate) < localElapsed) {
            estimate++;
        }
        while (scaled(estimate - 1) >= localElapsed) {
            estimate--;
        }
        return Math.max(nowTrueNanos, anchorTrueNanos + estimate);
    }

    /** elapsed * (1 + drift / 1e6), rounded down, without overflow for any simulated duration. */
    private long scaled(long elapsedNanos) {
        long whole = Math.floorDiv(elapsedNanos, MILLION);
        long rest = Math.floorMod(elapsedNanos, MILLION);
        return elapsedNanos + whole * driftPpm + Math.floorDiv(rest * driftPpm, MILLION);
    }

    public long driftPpm() {
        return driftPpm;
    }

    /** Offset of the local clock from true time at {@code nowTrueNanos}. */
    public long offsetNanos(long nowTrueNanos) {
        return localNanos(nowTrueNanos) - nowTrueNanos;
    }

    public void setDriftPpm(long nowTrueNanos, long ppm) {
        if (ppm <= -MILLION / 2 || ppm >= MILLION) {
            throw new IllegalArgumentException("clock drift must be within (-500000, 1000000) ppm: " + ppm);
        }
        reanchor(nowTrueNanos, 0);
        driftPpm = ppm;
    }

    /** Steps the clock forward (positive) or backward (negative), as NTP or an operator might. */
    public void jump(long nowTrueNanos, long deltaNanos) {
        reanchor(nowTrueNanos, deltaNanos);
    }

    /** Sets the offset from true time to exactly {@code offsetNanos}, keeping the drift. */
    public void setOffset(long nowTrueNanos, long offsetNanos) {
        reanchor(nowTrueNanos, offsetNanos - offsetNanos(nowTrueNanos));
    }

    private void reanchor(long nowTrueNanos, long deltaNanos) {
        anchorLocalNanos = localNanos(nowTrueNanos) + deltaNanos;
        anchorTrueNanos = nowTrueNanos;
    }
}
