package io.paxsim.sim;

/**
 * Something done to the world at a scheduled time (a fault, a heal, a workload step), as data:
 * fault injectors implement it with {@code record}s so a schedule can be printed and saved.
 */
public interface SimAction {
    void apply(Simulation sim);
}
