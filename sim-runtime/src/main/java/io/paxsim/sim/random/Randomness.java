package io.paxsim.sim.random;

import java.util.TreeMap;

/** The root of all randomness in one run: hands out named substreams of one seed. */
public final class Randomness implements io.paxsim.sim.Copyable {
    private final long rootSeed;
    // TreeMap: iteration (for the draw fingerprint) must be in a stable order.
    private final TreeMap<String, RandomStream> streams = new TreeMap<>();
    /**
     * {@link #streamsHash}'s value, the seed and the number of streams it covered: names are only
     * ever added, so an equal count means the same names (a cache, no state; immutable, so a copy
     * shares it; the seed is final, checked only for audits that change it reflectively).
     */
    private NamesHash namesHash;

    private record NamesHash(long rootSeed, int streams, long hash) {
    }

    public Randomness(long rootSeed) {
        this.rootSeed = rootSeed;
    }

    /** Explicit copy for the explorer (see {@link io.paxsim.sim.Copyable}): a node's streams stay shared with its disk and runtime. */
    @Override
    public Randomness copy(io.paxsim.sim.Copyable.Copies copies) {
        Randomness r = copies.remember(this, new Randomness(rootSeed));
        r.streams.putAll(streams); // from a sorted map into an empty one: built in linear time, no comparisons
        r.namesHash = namesHash;
        for (java.util.Map.Entry<String, RandomStream> e : r.streams.entrySet()) {
            e.setValue(copies.of(e.getValue()));
        }
        return r;
    }

    public long rootSeed() {
        return rootSeed;
    }

    /**
     * The seed and the names of the streams handed out, not their positions: for the explorer's
     * fingerprint, where draws only set delays the explorer chooses itself.
     */
    public long streamsHash() {
        NamesHash cached = namesHash;
        if (cached == null || cached.streams() != streams.size() || cached.rootSeed() != rootSeed) {
            cached = new NamesHash(rootSeed, streams.size(), namesHashOf());
            namesHash = cached;
        }
        return cached.hash();
    }

    private long namesHashOf() {
        long h = RandomStream.mix64(0x524E44L ^ RandomStream.mix64(rootSeed));
        for (String name : streams.keySet()) {
            h = RandomStream.mix64(h ^ RandomStream.fnv1a64Cached(name)); // the same value, remembered: every fingerprint asks
        }
        return h;
    }

    /** The stream with this name, created on first use; names look like {@code net}, {@code disk/3}. */
    public RandomStream stream(String name) {
        return streams.computeIfAbsent(name, n -> RandomStream.derive(rootSeed, n));
    }

    /** An "unseed": depends on how many values every stream drew; equal runs give equal values. */
    public long drawFingerprint() {
        long h = 0x2545F4914F6CDD1DL;
        for (RandomStream s : streams.values()) {
            h = RandomStream.mix64(h ^ RandomStream.fnv1a64(s.name()) ^ s.draws());
        }
        return h;
    }
}
