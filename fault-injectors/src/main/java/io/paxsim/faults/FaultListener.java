package io.paxsim.faults;

/**
 * Told when a schedule entry starts or ends, with the replicas it resolved to: how the pipeline
 * records nemesis events in the history (Jepsen's {@code :nemesis} operations) without parsing
 * trace lines. Called synchronously inside the simulation step; must not change the simulation.
 */
@FunctionalInterface
public interface FaultListener {
    /** What happened to an entry. */
    enum Phase { START, END }

    void onFault(long timeNanos, int entryIndex, Phase phase, ScheduleEntry entry, int[] nodes);
}
