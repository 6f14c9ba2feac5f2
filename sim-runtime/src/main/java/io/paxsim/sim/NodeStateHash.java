package io.paxsim.sim;

/**
 * A part of one node's state (the node's runtime, its disk, the replica and what it holds, a
 * client) that hashes itself for the explorer's fingerprint, so the state hasher need not walk
 * its fields reflectively (about a third of the explorer's search thread did). Unlike
 * {@link ExplicitStateHash} (the world's shell, hashed as it is), a node's part is hashed
 * <em>canonically</em>, through a {@link Hashing} the state hasher supplies: timer and fsync ids by
 * the names of what they stand for, the replica's local times relative to now, and node ids as a
 * renaming for symmetry reduction renames them (fields marked {@link NodeIds}, in their shape).
 *
 * <p>The hash must partition states exactly as the reflective walk does: every field covered or
 * left out as the walk leaves it out, by the same rule. The testbed's {@code ExplicitNodeHashTest}
 * pins each implementing class's fields (a new field fails it until its hash covers it), changes
 * each field in turn and compares the fingerprints of whole searches with the reflective ones.
 */
public interface NodeStateHash {
    /** A hash of this object's state by content, canonical as {@code h} makes it. */
    long nodeStateHash(Hashing h);

    /** What a node part's hash cannot know on its own: how the hasher names ids and times now. */
    interface Hashing {
        /** A node id (a field marked {@link NodeIds.Shape#ID}) as the renamed world holds it. */
        int id(int node);

        /** A bit mask of node ids ({@link NodeIds.Shape#MASK}), renamed. */
        long mask(long nodes);

        /** An id things are ordered by ({@link NodeIds.Shape#ORDERING}): throws if the renaming moves it. */
        int ordering(int node);

        /** A timer id a node keeps (to cancel it), by the name of the timer it stands for. */
        long timer(TimerId id);

        /** One live timer of a node: its name and its local deadline relative to now. */
        long liveTimer(long timerId, long localDeadlineNanos);

        /** An fsync request id, by the name of its pending completion (or "dead"). */
        long fsync(long requestId);

        /** A replica's stored local time, in ticks from now (capped where comparisons cannot tell). */
        long localTime(long localNanos);

        /** A replica's local time compared only with now: past, now or future. */
        long nowOnlyTime(long localNanos);

        /** Any other value (a message, a command, a list of them) by content, node ids renamed. */
        long value(Object value);

        /**
         * 0 the first time this node part meets {@code shared} (hash it by content then), else a
         * non-zero back-reference to that first meeting. The reflective walk tells objects shared
         * between places (a batch's command list, a write's data) from equal copies; an explicit
         * hash that did not would merge states the reference keeps apart.
         */
        long seen(Object shared);
    }

    /** Mixes {@code value} into the running hash {@code h}: order matters. */
    static long mix(long h, long value) {
        return ExplicitStateHash.mix(h, value);
    }

    /** Adds {@code value} into an order-independent sum (a multiset's hash). */
    static long member(long value) {
        return io.paxsim.sim.random.RandomStream.mix64(value);
    }

    /** A byte array's first {@code n} bytes, eight at a time. */
    static long bytes(long h, byte[] b, int n) {
        if (b == null) {
            return mix(h, ExplicitStateHash.NULL);
        }
        return bytes(h, b, 0, n);
    }

    /** {@link #bytes(long, byte[], int)} of the {@code n} bytes of {@code b} from {@code from} (as if they began an array). */
    static long bytes(long h, byte[] b, int from, int n) {
        int whole = n & ~7;
        for (int i = 0; i < whole; i += 8) {
            h = mix(h, (long) WORDS.get(b, from + i));
        }
        for (int i = whole; i < n; i += 8) {
            long word = 0;
            for (int j = i; j < Math.min(n, i + 8); j++) {
                word = word << 8 | (b[from + j] & 0xFF);
            }
            h = mix(h, word);
        }
        return mix(h, n);
    }

    /** A long[] by its length and every entry. */
    static long longs(long h, long[] a) {
        if (a == null) {
            return mix(h, ExplicitStateHash.NULL);
        }
        h = mix(h, a.length);
        for (long x : a) {
            h = mix(h, x);
        }
        return h;
    }

    /** A String[] by content. */
    static long strings(long h, String[] a) {
        if (a == null) {
            return mix(h, ExplicitStateHash.NULL);
        }
        h = mix(h, a.length);
        for (String s : a) {
            h = mix(h, ExplicitStateHash.string(s));
        }
        return h;
    }

    /** Eight bytes at a time, most significant first. */
    java.lang.invoke.VarHandle WORDS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class,
            java.nio.ByteOrder.BIG_ENDIAN);
}
