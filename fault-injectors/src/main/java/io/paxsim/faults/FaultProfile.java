package io.paxsim.faults;

import io.paxsim.sim.random.RandomStream;

/** A named mix of nemeses and rates that turns a seed-derived stream into a run's schedule. Registry: {@link FaultProfiles}. */
public interface FaultProfile {
    /** The stable name, e.g. {@code chaos}. */
    String name();

    /** One line for {@code --help}. */
    String description();

    /**
     * The run's schedule. Draws exactly one value from {@code random}; everything else comes from
     * substreams named after each nemesis, so schedules are stable under adding nemeses.
     */
    FaultSchedule schedule(RandomStream random, FaultContext context);
}
