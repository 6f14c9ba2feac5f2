package io.paxsim.checkers.elle;

/** Dependency edge kinds as bit flags (an edge between two transactions may carry several). */
final class EdgeKind {
    /** Write-write: the source installed the version just before the target's. */
    static final int WW = 1;
    /** Write-read: the target read what the source wrote. */
    static final int WR = 2;
    /** Read-write (anti-dependency): the source read a version the target overwrote. */
    static final int RW = 4;
    /** Real time: the source completed before the target was invoked. */
    static final int RT = 8;
    static final int DATA = WW | WR | RW;

    private EdgeKind() {
    }

    /** The most telling single kind in a mask: ww, then wr, then rw, then rt. */
    static String name(int mask) {
        if ((mask & WW) != 0) {
            return "ww";
        }
        if ((mask & WR) != 0) {
            return "wr";
        }
        return (mask & RW) != 0 ? "rw" : "rt";
    }
}
