package io.paxsim.sim;

/** A timer's payload: protocols declare their timers as {@code record}s of a sealed interface. */
public interface Timer {
}
