package io.paxsim.sim;

import io.paxsim.sim.random.RandomStream;

import java.util.Map;

/**
 * An object outside every node (a monitor, the client history) that hashes its own state for the
 * explorer's fingerprint, so the state hasher need not walk its fields reflectively (about 20 us
 * a state for the world's shell). The hash is by content: two objects whose fields the reflective
 * walk would hash alike hash alike here, and two it would tell apart are told apart here; node
 * ids as they are (symmetry renames them with the reflective walk instead), times exact.
 *
 * <p>Every field must be covered or deliberately left out, as the reflective walk leaves it out:
 * the testbed's {@code ExplicitShellHashTest} fails when a class that implements this gains a field
 * its list does not name, and compares this hash with the reflective one over whole searches.
 */
public interface ExplicitStateHash {
    /** A hash of this object's state by content (see the class comment). */
    long explicitStateHash();

    /**
     * The same hash computed from the fields alone, for audits that change fields behind the object's
     * back (reflectively): an object that caches parts of its hash between changes (the invariant
     * monitor) recomputes them here without reading or writing its cache.
     */
    default long uncachedStateHash() {
        return explicitStateHash();
    }

    /**
     * Spreads a value over all 64 bits before it meets the running hash (an odd multiplier: a bijection,
     * so two values never spread alike).
     */
    long SPREAD = 0x9E3779B97F4A7C15L;

    /**
     * Mixes {@code value} into the running hash {@code h}: order matters. One finalizer per value:
     * {@code h} is usually a finalizer's output, so {@code h + value * SPREAD} differs between two
     * (hash, value) pairs unless a pseudo-random 64-bit value hits one exact difference; a second
     * finalizer on the value alone (before issue 11's xs session) cost a tenth of the search thread.
     * Added, not xor-ed: where {@code h} is a raw value (an id, a key, a String's hashCode), xor met
     * negation, (-h) ^ (-v) * SPREAD == h ^ v * SPREAD whenever h and v have as many trailing zero
     * bits (mix(1, 1) == mix(-1, -1)), and other sign-flip families; with + two pairs of small signed
     * values never meet (ExplicitStateHashMixTest).
     */
    static long mix(long h, long value) {
        return RandomStream.mix64(h + value * SPREAD);
    }

    /** A long[] as the reflective walk sees it: its length and the (index, value) of its non-zero entries. */
    static long sparse(long h, long[] a) {
        if (a == null) {
            return mix(h, NULL);
        }
        h = mix(h, a.length);
        for (int i = 0; i < a.length; i++) {
            if (a[i] != 0) {
                h = mix(mix(h, i), a[i]);
            }
        }
        return h;
    }

    /** An int[] by its length and every entry. */
    static long ints(long h, int[] a) {
        if (a == null) {
            return mix(h, NULL);
        }
        h = mix(h, a.length);
        for (int x : a) {
            h = mix(h, x);
        }
        return h;
    }

    /** A BitSet by the bits set. */
    static long bits(long h, java.util.BitSet b) {
        return sparse(h, b.toLongArray());
    }

    /** A sorted map of longs (Integer or Long keys and values), in key order. */
    static long sortedLongs(long h, java.util.SortedMap<? extends Number, ? extends Number> m) {
        h = mix(h, m.size());
        for (Map.Entry<? extends Number, ? extends Number> e : m.entrySet()) {
            h = mix(mix(h, e.getKey().longValue()), e.getValue().longValue());
        }
        return h;
    }

    /** A string by content (null apart). */
    static long string(String s) {
        return s == null ? NULL : RandomStream.fnv1a64(s);
    }

    /** What null hashes to wherever a reference may be null. */
    long NULL = 0x6E756C6CL;
}
