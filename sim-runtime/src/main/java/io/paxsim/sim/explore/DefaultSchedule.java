package io.paxsim.sim.explore;

import java.util.List;

/**
 * The deterministic schedule a delay-bounded search deviates from: in each state, the one
 * enabled action a fault-free network would take next. Time-respecting in the explorer's time
 * model: whatever takes no time (a delivery, an fsync completion, a client's next operation)
 * comes before a restart, and a restart before a timer that moves the clock (a replica's tick,
 * which comes after every deadline it keeps); among those, the oldest event first (FIFO, as a
 * network of ordered links) or the newest (LIFO: the last message sent is handled first, which
 * runs one chain of causality to its end while older messages wait). Messages to or from a
 * crashed node's earlier incarnation come last of all. A crash, a drop or a duplication is never
 * the default: each costs a deviation. Under lifo a client's first request fires before any
 * election, reaches a replica that does not lead yet and is refused: the default run of the
 * correct log chooses values (no-ops) but answers no client; a deviation orders it later.
 */
public enum DefaultSchedule {
    FIFO, LIFO;

    /** The default action among {@code enabled} (non-empty), or null when only faults are enabled. */
    public Action choose(World world, List<Action> enabled) {
        return choose(world, enabled, 0);
    }

    /**
     * The default action while the nodes in {@code isolated} (bit i: node i) are cut off: no
     * message into or out of them is the default (it waits in flight; taking it is a deviation).
     */
    public Action choose(World world, List<Action> enabled, long isolated) {
        return choose(world, enabled, isolated, null);
    }

    /**
     * The default action, where {@code staleBelow[n]} (when given) is the first event number
     * issued after node n's last crash: a message sent to or from an earlier incarnation of n
     * comes after everything else (a restarted process hears from its new peers first; the old
     * messages stay deliverable, as deviations or once nothing else is pending).
     */
    public Action choose(World world, List<Action> enabled, long isolated, long[] staleBelow) {
        Action best = null;
        long bestRank = Long.MAX_VALUE;
        for (Action a : enabled) {
            long rank = rank(world, a, isolated, staleBelow);
            if (rank < bestRank) {
                bestRank = rank;
                best = a;
            }
        }
        return best;
    }

    public String describe() {
        return this == FIFO ? "fifo: oldest event first, restarts then ticks when nothing else is pending"
                : "lifo: newest event first, restarts then ticks when nothing else is pending";
    }

    /** Lower is earlier; Long.MAX_VALUE: never the default. */
    private long rank(World world, Action a, long isolated, long[] staleBelow) {
        long seq;
        int tier;
        if (a instanceof Action.Deliver d) {
            io.paxsim.sim.Event.Deliver m = world.messageOf(a);
            if (isolated != 0 && m.from() != m.to()
                    && ((isolated >>> m.from() & 1) != 0 || (isolated >>> m.to() & 1) != 0)) {
                return Long.MAX_VALUE;
            }
            seq = d.seq();
            boolean stale = staleBelow != null && seq >= 0
                    && (seq < staleBelow[m.from()] || seq < staleBelow[m.to()]);
            tier = stale ? 3 : 0;
        } else if (a instanceof Action.CompleteFsync f) {
            seq = f.seq();
            tier = 0;
        } else if (a instanceof Action.FireTimer t) {
            seq = t.seq();
            tier = (world.footprint(a) & World.CLOCK_WRITE) != 0 ? 2 : 0;
        } else if (a instanceof Action.Recover r) {
            // A crashed node restarts once the messages in flight have settled.
            seq = r.node();
            tier = 1;
        } else {
            return Long.MAX_VALUE;
        }
        // Copies made by a duplication carry negative numbers: they are the newest.
        long age = seq < 0 ? (1L << 40) - seq : seq;
        long order = this == FIFO || tier == 1 ? age : (1L << 48) - age;
        return (long) tier << 56 | order;
    }
}
