package io.paxsim.sim.trace;

/**
 * Opt-in content hashing for trace payloads (messages, timers, fault actions). Without it a
 * payload feeds only its type name into the trace hash, so two runs that differ only in message
 * contents would hash alike. Implementations must hash only stable values: primitives, strings,
 * enum ordinals or names, never {@code hashCode()} of a record that holds an enum or an object.
 */
public interface StableHash {
    long stableHash();
}
