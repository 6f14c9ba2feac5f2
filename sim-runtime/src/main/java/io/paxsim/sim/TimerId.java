package io.paxsim.sim;

/** Handle of a timer a node set; pass it to {@link Context#cancelTimer} to cancel. */
public record TimerId(long value) {
}
