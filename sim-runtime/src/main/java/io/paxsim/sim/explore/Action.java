package io.paxsim.sim.explore;

import java.util.List;

/**
 * One move of the environment in an explored world. Pending events are named by their sequence
 * number, which is the same on every re-execution of the same path, so a path of actions replays.
 */
public sealed interface Action {
    /** Deliver an in-flight message. */
    record Deliver(long seq) implements Action {
    }

    /** Lose an in-flight message. */
    record Drop(long seq) implements Action {
    }

    /** Let the network deliver an in-flight message twice (adds a copy). */
    record Duplicate(long seq) implements Action {
    }

    /** Fire a pending timer (after the time model's delay for it). */
    record FireTimer(long seq) implements Action {
    }

    /** Complete a pending fsync. */
    record CompleteFsync(long seq) implements Action {
    }

    /** Power loss at {@code node}; {@code fates} says what became of each unsynced disk op (see SimDisk.crash). */
    record Crash(int node, List<Integer> fates) implements Action {
        public Crash {
            fates = List.copyOf(fates);
        }
    }

    /** Restart a crashed node (it recovers from its disk). */
    record Recover(int node) implements Action {
    }
}
