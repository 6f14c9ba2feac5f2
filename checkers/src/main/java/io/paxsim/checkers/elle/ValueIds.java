package io.paxsim.checkers.elle;

import io.paxsim.history.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Values to dense ids in the order first seen; equal values (by {@link Value#equals}) get equal
 * ids. Non-negative integers, the common case, go through a primitive map, anything else through a
 * hash map.
 */
final class ValueIds {
    private final LongIntMap intIds = new LongIntMap();
    private final Map<Value, Integer> otherIds = new HashMap<>();
    private final List<Value> values = new ArrayList<>();

    int id(Value value) {
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

    Value value(int id) {
        return values.get(id);
    }

    int size() {
        return values.size();
    }
}
