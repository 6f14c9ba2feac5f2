package io.paxsim.faults;

import io.paxsim.sim.random.RandomStream;

import java.util.List;

/**
 * Turns randomness and a run's shape into schedule entries of one kind. Each nemesis draws only
 * from the stream it is given (a named substream per nemesis), so switching one on or off never
 * shifts another's draws. Registry: {@link Nemeses}.
 */
public interface Nemesis {
    /** The stable name, e.g. {@code isolate-leader}. */
    String name();

    /** One line for {@code --help}. */
    String description();

    /** Faults per simulated second the fixed profiles use (before their own scaling). */
    double defaultRatePerSecond();

    /** Entries starting in [quiet start, duration), ordered by start time. */
    List<ScheduleEntry> generate(RandomStream random, FaultContext context, double ratePerSecond);
}
