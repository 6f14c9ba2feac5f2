package io.paxsim.sim;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field (or record component) that holds node ids, and how: the explorer's symmetry
 * reduction renames node ids under a permutation of interchangeable replicas, and must tell the
 * ints that are ids (a sender, an acceptor, an array indexed by replica) from the ints that are
 * not (a count, a slot, a round). Unmarked fields are not ids. The runtime itself never reads
 * this; the state hasher outside it does (see the testbed's {@code StructuralHasher}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface NodeIds {
    Shape value() default Shape.ID;

    /** Where the ids sit in the field's value. */
    enum Shape {
        /**
         * The value is an id (int, Integer), or every element is one (int[], List, Set of Integer,
         * renamed in place; a sorted set is re-sorted).
         */
        ID,
        /** Ids in ascending order (an int[] or a List that is a set): renamed, then sorted again. */
        SORTED,
        /** A map whose keys are ids (a sorted map is re-sorted by the renamed keys). */
        KEYS,
        /** An array indexed by node id: element i moves to index pi(i). */
        INDEX,
        /** A bit mask of node ids (int or long), or an array of masks, or a map whose values are masks. */
        MASK,
        /** An array indexed by link, {@code from * n + to} for n nodes. */
        LINK_INDEX,
        /**
         * An id the protocol orders things by (a ballot's node breaks ties between equal rounds):
         * renaming it would change which of two things wins, so a permutation that moves such an
         * id is not a symmetry; the hasher refuses it instead of merging states.
         */
        ORDERING
    }
}
