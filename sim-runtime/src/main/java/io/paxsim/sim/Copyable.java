package io.paxsim.sim;

/**
 * State of an explored world that copies itself, field by field, so the explorer can branch
 * from a state without re-executing its path and without a reflective copy (the deterministic
 * packages use no reflection). A copy must behave exactly like its original under every
 * continuation: every mutable field copied, every reference to another world object taken
 * through {@link Copies#of} (so objects two owners share stay shared in the copy, and a
 * copy-on-write copier can map them to another world's), immutable values shared.
 *
 * <p>Tests hold each implementation to that: they compare explicit copies with the reflective
 * deep copy of the same state, and fail when a class gains a field its copy does not list.
 */
public interface Copyable {
    /** A copy of this object; its references to other world objects go through {@code copies}. */
    Object copy(Copies copies);

    /** One world copy in progress: the originals copied so far and their copies. */
    interface Copies {
        /**
         * The copy of {@code original}: null for null, the object itself for an immutable value,
         * else the one copy made for it in this world copy (made now if it is the first reference).
         */
        <T> T of(T original);

        /**
         * Records {@code copy} as {@code original}'s copy before its fields are filled in, so a
         * reference back to {@code original} met while copying them finds it; returns {@code copy}.
         */
        <T> T remember(Object original, T copy);

        /**
         * Whether no one writes the originals of this copy again: a copy-on-write copier's shared
         * node states, which every world holding them copies before it changes them. A copy may
         * then borrow their parts without telling the original (which, shared between threads
         * under a parallel search, must not be written); else it must mark what both now share.
         */
        default boolean originalsFrozen() {
            return false;
        }
    }
}
