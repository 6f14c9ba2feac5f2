package io.paxsim.sim.trace;

import io.paxsim.sim.random.RandomStream;

/**
 * The run's fingerprint: a running 64-bit hash over every event (kind, time, nodes, payload type),
 * plus an optional sink that streams records out. Payloads contribute the hash of their type name,
 * never {@code hashCode()}: records holding enums would hash by identity and differ run to run.
 */
public final class Trace implements io.paxsim.sim.Copyable {
    private final TraceSink sink;
    private long hash = 0x6A09E667F3BCC908L;
    private long count;

    public Trace(TraceSink sink) {
        this.sink = sink;
    }

    /** Explicit copy for the explorer (see {@link io.paxsim.sim.Copyable}); the sink is shared through the copier. */
    @Override
    public Trace copy(io.paxsim.sim.Copyable.Copies copies) {
        Trace t = copies.remember(this, new Trace(copies.of(sink)));
        t.hash = hash;
        t.count = count;
        System.arraycopy(cachedTypes, 0, t.cachedTypes, 0, cachedTypes.length);
        System.arraycopy(cachedTypeHashes, 0, t.cachedTypeHashes, 0, cachedTypeHashes.length);
        System.arraycopy(cachedKinds, 0, t.cachedKinds, 0, cachedKinds.length);
        t.nextCachedType = nextCachedType;
        return t;
    }

    public boolean streaming() {
        return sink != null;
    }

    public long hash() {
        return hash;
    }

    public long count() {
        return count;
    }

    public void record(long timeNanos, TraceKind kind, int node, int peer, long payloadHash, Object payload) {
        // One mix per record on the running hash (the serial chain); the record's own fields are
        // spread by multiplications off that chain first, so no two of them can cancel out.
        long when = timeNanos * 0x9E3779B97F4A7C15L + kind.ordinal();
        long who = ((((long) node << 32) ^ (peer & 0xffffffffL)) + 1) * 0xC2B2AE3D27D4EB4FL;
        hash = RandomStream.mix64(hash ^ when ^ Long.rotateLeft(who, 29) ^ payloadHash);
        count++;
        if (sink != null && sink.wants(timeNanos)) {
            sink.accept(new TraceRecord(count, timeNanos, kind, node, peer, payload == null ? "" : payload.toString()));
        }
    }

    /** {@link #record(long, TraceKind, int, int, long, Object)} with the payload's {@link #payloadHash}. */
    public void record(long timeNanos, TraceKind kind, int node, int peer, Object payload) {
        record(timeNanos, kind, node, peer, payloadHashOf(payload), payload);
    }

    /**
     * {@link #payloadHash}, with this trace's cache of payload types. The cache also knows whether
     * the type is a {@link StableHash} or a string, so the hot path asks no {@code instanceof}: on
     * HotSpot 17 a negative test against an interface scans the class's secondary supers every
     * time (a {@code repnz scas}, 7% of the runtime benchmark's CPU for a message that is not a
     * {@code StableHash}), and a type tested against two interfaces in turn misses the one-entry
     * cache a positive test relies on. The hash is {@link #payloadHash}'s, bit for bit.
     */
    public long payloadHashOf(Object payload) {
        if (payload == null) {
            return 0;
        }
        int i = cachedIndex(payload.getClass());
        long h = cachedTypeHashes[i];
        switch (cachedKinds[i]) {
            case KIND_STABLE:
                return RandomStream.mix64(h ^ ((StableHash) payload).stableHash());
            case KIND_TEXT:
                return RandomStream.mix64(h ^ RandomStream.fnv1a64Cached((String) payload));
            default:
                return h;
        }
    }

    /**
     * {@link #payloadHashOf} of a {@link StableHash} payload of class {@code type} whose
     * {@link StableHash#stableHash()} is {@code stableHash}: lets a caller that traces a payload
     * nobody else reads hash it without making it.
     */
    public long payloadHashOf(Class<? extends StableHash> type, long stableHash) {
        return RandomStream.mix64(cachedTypeHashes[cachedIndex(type)] ^ stableHash);
    }

    /**
     * Stable hash of a payload: its type name, plus its content when it implements
     * {@link StableHash} or is a string (fault descriptions, file names).
     */
    public static long payloadHash(Object payload) {
        if (payload == null) {
            return 0;
        }
        long h = typeHashOf(payload.getClass());
        if (payload instanceof StableHash stable) {
            return RandomStream.mix64(h ^ stable.stableHash());
        }
        if (payload instanceof String text) {
            return RandomStream.mix64(h ^ RandomStream.fnv1a64Cached(text));
        }
        return h;
    }

    /** Stable hash of a payload's type (class name), cached per class. */
    public static long typeHash(Object payload) {
        return payload == null ? 0 : typeHashOf(payload.getClass());
    }

    private static long typeHashOf(Class<?> type) {
        return TYPE_HASHES.get(type).hash;
    }

    // A per-trace cache in front of ClassValue (one simulation, one thread; a static one would be
    // shared by parallel runs). A run traces a dozen to twenty types over and over (messages, timers,
    // disk writes, fsync completions): more than the eight entries the round-robin cache this
    // replaces held, so it kept missing into ClassValue. Searched by reference only (reading the
    // class's name to hash it cost more than the search: a cold line per lookup), and a hit moves
    // one place toward the front, so the commonest types are found within a few compares. Only a
    // lookup cache: the value is always TYPE_HASHES', so the order cannot reach a hash.
    private final Class<?>[] cachedTypes = new Class<?>[32];
    private final long[] cachedTypeHashes = new long[32];
    /** Per entry, how the type's content enters a payload hash: {@link #KIND_TYPE_ONLY}, {@link #KIND_STABLE} or {@link #KIND_TEXT}. */
    private final byte[] cachedKinds = new byte[32];
    /** Entries in use: the next free one while the cache is not full. */
    private int nextCachedType;

    /** The cache entry of {@code type}, filled from {@link #TYPE_HASHES} on a miss. */
    private int cachedIndex(Class<?> type) {
        Class<?>[] types = cachedTypes;
        int n = nextCachedType;
        for (int i = 0; i < n; i++) {
            if (types[i] == type) {
                if (i == 0) {
                    return 0;
                }
                long h = cachedTypeHashes[i];
                byte kind = cachedKinds[i];
                types[i] = types[i - 1];
                cachedTypeHashes[i] = cachedTypeHashes[i - 1];
                cachedKinds[i] = cachedKinds[i - 1];
                types[i - 1] = type;
                cachedTypeHashes[i - 1] = h;
                cachedKinds[i - 1] = kind;
                return i - 1;
            }
        }
        TypeInfo info = TYPE_HASHES.get(type);
        int slot = n < types.length ? n : types.length - 1; // full (a run of many types): the last entry turns over
        types[slot] = type;
        cachedTypeHashes[slot] = info.hash;
        cachedKinds[slot] = info.kind;
        nextCachedType = Math.max(n, slot + 1);
        return slot;
    }

    /**
     * A class name that is the same in every JVM. Lambdas (a {@code SimAction} written as
     * {@code s -> s.crash(1)}, say) are hidden classes named like {@code Outer$$Lambda$14/0x0000000801004a00}:
     * the suffix differs from JVM to JVM, so only the capturing class's part counts.
     */
    static String stableTypeName(Class<?> type) {
        String name = type.getName();
        if (!type.isHidden()) {
            return name;
        }
        int lambda = name.indexOf("$$Lambda");
        if (lambda >= 0) {
            return name.substring(0, lambda + "$$Lambda".length());
        }
        int slash = name.indexOf('/');
        return slash >= 0 ? name.substring(0, slash) : name;
    }

    private static final byte KIND_TYPE_ONLY = 0;
    private static final byte KIND_STABLE = 1;
    private static final byte KIND_TEXT = 2;

    /** A payload type's name hash, and whether its instances are {@link StableHash}es or strings. */
    private record TypeInfo(long hash, byte kind) {
    }

    private static final ClassValue<TypeInfo> TYPE_HASHES = new ClassValue<>() {
        @Override
        protected TypeInfo computeValue(Class<?> type) {
            byte kind = StableHash.class.isAssignableFrom(type) ? KIND_STABLE
                    : type == String.class ? KIND_TEXT : KIND_TYPE_ONLY;
            return new TypeInfo(RandomStream.fnv1a64(stableTypeName(type)), kind);
        }
    };
}
