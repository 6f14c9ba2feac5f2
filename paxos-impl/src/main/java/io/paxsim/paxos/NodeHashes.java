package io.paxsim.paxos;

import io.paxsim.sim.NodeStateHash;

import java.util.Collection;
import java.util.Map;

/** Helpers for the replica side's explicit fingerprint parts ({@link NodeStateHash}). */
final class NodeHashes {
    private NodeHashes() {
    }

    static long mix(long h, long value) {
        return NodeStateHash.mix(h, value);
    }

    static long mix(long h, boolean value) {
        return NodeStateHash.mix(h, value ? 1 : 0);
    }

    /** A ballot (null apart): its node orders ballots, so a renaming may not move it. */
    static long ballot(NodeStateHash.Hashing h, Ballot b) {
        return b == null ? io.paxsim.sim.ExplicitStateHash.NULL : mix(mix(0x42414CL, b.round()), h.ordering(b.node()));
    }

    /** A sorted map of longs to local times (keys as they are, values relative to now), in key order. */
    static long localTimes(NodeStateHash.Hashing h, long x, Map<Long, Long> m) {
        x = mix(x, m.size());
        for (Map.Entry<Long, Long> e : m.entrySet()) {
            x = mix(mix(x, e.getKey()), h.localTime(e.getValue()));
        }
        return x;
    }

    /** A sorted map of longs to values, in key order. */
    static long sortedValues(NodeStateHash.Hashing h, long x, Map<Long, ?> m) {
        x = mix(x, m.size());
        for (Map.Entry<Long, ?> e : m.entrySet()) {
            x = mix(mix(x, e.getKey()), h.value(e.getValue()));
        }
        return x;
    }

    /** A collection of longs in its iteration order (a sorted set). */
    static long longs(long x, Collection<Long> c) {
        x = mix(x, c.size());
        for (long v : c) {
            x = mix(x, v);
        }
        return x;
    }

    /** A collection of values in its iteration order (a queue). */
    static long inOrder(NodeStateHash.Hashing h, long x, Collection<?> c) {
        x = mix(x, c.size());
        for (Object v : c) {
            x = mix(x, h.value(v));
        }
        return x;
    }
}
