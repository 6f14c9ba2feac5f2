package io.paxsim.sim.explore;

/**
 * A fingerprint of what a world <em>is</em> rather than how it was reached: node and disk
 * contents, in-flight messages as a multiset, pending timers, monitors and ghost state, fault
 * budgets. Two worlds with the same fingerprint must behave the same under every continuation
 * (up to renaming of fresh ids). Supplied from outside the runtime, which does not reflect over
 * node code; without one, {@link World#fingerprint()} (per-node event histories) is used.
 */
public interface StateHasher {
    long hash(World world);

    /** A content hash of one value (a message, a timer), for naming actions the same across states. */
    long valueHash(Object value);

    /**
     * The content hash of a message or timer pending in {@code world}, abstracted as
     * {@link #hash} abstracts it there: names actions for sleep sets, so an action keeps its name
     * in every state of one fingerprint (else a re-expansion for woken actions could miss it).
     */
    default long valueHash(World world, Object value) {
        return valueHash(value);
    }

    /**
     * Whether {@link #valueHash(World, Object)} reads nothing of the world but its clock (as the
     * default does not even that): then a search may remember it per (value, now) and skip walking
     * an immutable message again. False unless a hasher says so.
     */
    default boolean valueHashReadsOnlyNow() {
        return false;
    }
}
