package io.paxsim.checkers.elle;

/**
 * Dependency edge kinds as bit flags (an edge between two transactions may carry several), as
 * Elle's relationships: ww, wr, rw, and the process and real-time orders.
 */
final class EdgeKind {
    /** Write-write: the source installed the version just before the target's. */
    static final int WW = 1;
    /** Write-read: the target read what the source wrote. */
    static final int WR = 2;
    /** Read-write (anti-dependency): the source read a version the target overwrote. */
    static final int RW = 4;
    /** Real time: the source completed before the target was invoked. */
    static final int RT = 8;
    /** Process order: the same process completed the source, then the target. */
    static final int PROCESS = 16;
    static final int DATA = WW | WR | RW;

    private EdgeKind() {
    }

    /**
     * The one kind an edge counts as in a cycle, as Elle's explainer picks it: the first of ww,
     * wr, rw, then real-time or process order that relates the pair.
     */
    static int label(int mask) {
        for (int kind : new int[]{WW, WR, RW, RT, PROCESS}) {
            if ((mask & kind) != 0) {
                return kind;
            }
        }
        return 0;
    }

    static String name(int kind) {
        return switch (kind) {
            case WW -> "ww";
            case WR -> "wr";
            case RW -> "rw";
            case RT -> "realtime";
            case PROCESS -> "process";
            default -> throw new IllegalArgumentException("not one kind: " + kind);
        };
    }
}
