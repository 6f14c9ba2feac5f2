package io.paxsim.checkers.elle;

import io.paxsim.history.Value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Values to dense ids in the order first seen; equal values (by {@link Value#equals}) get equal
 * ids. Non-negative integers, the common case, go through a primitive map, anything else through a
 * hash map.
 */
final class ValueIds {
    /** Integers below this (most elements: per-key counters) are looked up by value in {@link #denseIds} (4 MB at most). */
    private static final int DENSE = 1 << 20;
    private int[] denseIds = filled(new int[256], -1);
    private final LongIntMap intIds = new LongIntMap();
    /** Keywords by the history's id for them (see {@link io.paxsim.history.TxnCursor#key}), -1 where not looked up yet. */
    private int[] keywordIds = filled(new int[16], -1);
    private final Map<Value, Integer> otherIds = new HashMap<>();
    private final List<Value> values = new ArrayList<>();

    int id(Value value) {
        if (value instanceof Value.Int i && i.value() >= 0 && i.value() < DENSE) {
            return denseId(value, (int) i.value());
        }
        if (value instanceof Value.Int i && i.value() >= 0) {
            int id = intIds.get(i.value(), -1);
            if (id < 0) {
                id = values.size();
                values.add(value);
                intIds.put(i.value(), id);
            }
            return id;
        }
        Integer id = otherIds.get(value);
        if (id == null) {
            id = values.size();
            values.add(value);
            otherIds.put(value, id);
        }
        return id;
    }

    /** The id of the integer {@code v}: {@code id(new Value.Int(v))}, without the value unless v is new. */
    int intId(long v) {
        if (v >= 0 && v < DENSE) {
            int at = (int) v;
            if (at < denseIds.length && denseIds[at] >= 0) {
                return denseIds[at];
            }
            return denseId(new Value.Int(v), at);
        }
        if (v >= 0) {
            int id = intIds.get(v, -1);
            return id >= 0 ? id : id(new Value.Int(v));
        }
        return id(new Value.Int(v));
    }

    /**
     * The id of a keyword a history names by {@code historyId}, or -1 when this keyword was not
     * looked up by that id yet (then the caller takes {@link #id(Value)} of it and {@link
     * #rememberKeyword remembers} it).
     */
    int keywordId(int historyId) {
        return historyId < keywordIds.length ? keywordIds[historyId] : -1;
    }

    void rememberKeyword(int historyId, int id) {
        if (historyId >= keywordIds.length) {
            int old = keywordIds.length;
            keywordIds = Arrays.copyOf(keywordIds, Math.max(historyId + 1, 2 * old));
            Arrays.fill(keywordIds, old, keywordIds.length, -1);
        }
        keywordIds[historyId] = id;
    }

    private int denseId(Value value, int at) {
        if (at >= denseIds.length) {
            int old = denseIds.length;
            denseIds = Arrays.copyOf(denseIds, Math.min(DENSE, Math.max(at + 1, 2 * old)));
            Arrays.fill(denseIds, old, denseIds.length, -1);
        }
        int id = denseIds[at];
        if (id < 0) {
            id = values.size();
            values.add(value);
            denseIds[at] = id;
        }
        return id;
    }

    private static int[] filled(int[] array, int value) {
        Arrays.fill(array, value);
        return array;
    }

    Value value(int id) {
        return values.get(id);
    }

    int size() {
        return values.size();
    }
}
