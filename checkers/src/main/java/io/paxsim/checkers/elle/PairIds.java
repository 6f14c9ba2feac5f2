package io.paxsim.checkers.elle;

import java.util.Arrays;

/**
 * (key id, element id) pairs to dense pair ids, in the order first seen; equal pairs get equal ids
 * and distinct pairs distinct ids. A pair whose element id is small (a run's elements are per-key
 * counters, so nearly every pair) is found in a short array of its key, indexed by element id: no
 * hashing, and the keys a history touches together lie together. Other pairs go through a hash
 * map. Which of the two holds a pair depends on its element id alone, so a pair is always looked
 * up where it was stored.
 */
final class PairIds {
    /** Element ids below this are held in their key's array, of at most this many ints (256 bytes per key). */
    static final int DENSE_ELEMENTS = 64;
    private static final int NONE = -1;

    /** Per key id: pair id by element id, NONE where the pair has none yet; null for a key with no such pair. */
    private int[][] byKey = new int[16][];
    private final LongIntMap others;
    private int count;

    /** {@code expectedOthers}: how many pairs the hash map is sized for at first. */
    PairIds(int expectedOthers) {
        others = new LongIntMap(expectedOthers);
    }

    /** The pair id of (key, element), given now if the pair is new. */
    int idOf(int key, int element) {
        if (element >= 0 && element < DENSE_ELEMENTS) {
            int[] ids = denseFor(key, element);
            int id = ids[element];
            if (id == NONE) {
                id = count++;
                ids[element] = id;
            }
            return id;
        }
        int id = others.putIfAbsent(LongIntMap.pair(key, element), count);
        return id >= 0 ? id : count++;
    }

    /** The pair id of (key, element), or {@code missing} when the pair has none. */
    int get(int key, int element, int missing) {
        if (element >= 0 && element < DENSE_ELEMENTS) {
            int[] ids = key < byKey.length ? byKey[key] : null;
            return ids != null && element < ids.length && ids[element] != NONE ? ids[element] : missing;
        }
        return others.get(LongIntMap.pair(key, element), missing);
    }

    /** Pair ids run from 0 to this, exclusive. */
    int count() {
        return count;
    }

    /** The key's array, made or grown to hold {@code element}. */
    private int[] denseFor(int key, int element) {
        assert key >= 0 && element >= 0 : "negative id " + key + ", " + element;
        if (key >= byKey.length) {
            byKey = Arrays.copyOf(byKey, Math.max(key + 1, 2 * byKey.length));
        }
        int[] ids = byKey[key];
        if (ids == null || element >= ids.length) {
            int length = Math.min(DENSE_ELEMENTS, Math.max(8, Integer.highestOneBit(element) << 1));
            int old = ids == null ? 0 : ids.length;
            ids = ids == null ? new int[length] : Arrays.copyOf(ids, length);
            Arrays.fill(ids, old, length, NONE);
            byKey[key] = ids;
        }
        return ids;
    }
}
