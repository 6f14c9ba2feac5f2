package io.paxsim.checkers.elle;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PairIdsTest {
    /**
     * Against a plain map: pairs with small element ids (a key's array), large ones (the hash
     * map) and ids on both sides of the bound, keys out of order and far apart, every pair asked
     * for many times. Fails if two pairs share an id, a pair gets two, or ids are not given densely
     * in the order first seen.
     */
    @Test
    void givesEachDistinctPairItsOwnIdInTheOrderFirstSeen() {
        PairIds ids = new PairIds(4);
        Map<Long, Integer> expected = new HashMap<>();
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            int key = random.nextInt(4) == 0 ? random.nextInt(5_000) : random.nextInt(40);
            int element = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(8);
                case 1 -> PairIds.DENSE_ELEMENTS - 2 + random.nextInt(4);
                case 2 -> random.nextInt(1_000_000);
                default -> random.nextInt(PairIds.DENSE_ELEMENTS);
            };
            long pair = LongIntMap.pair(key, element);
            Integer known = expected.get(pair);
            assertEquals(known == null ? -7 : known, ids.get(key, element, -7), "before: " + key + ", " + element);
            int id = ids.idOf(key, element);
            assertEquals(known == null ? expected.size() : known, id, "pair " + key + ", " + element);
            expected.putIfAbsent(pair, id);
            assertEquals(expected.size(), ids.count());
        }
        for (Map.Entry<Long, Integer> e : expected.entrySet()) {
            assertEquals(e.getValue(), ids.get((int) (e.getKey() >>> 32), (int) (long) e.getKey(), -7));
        }
        assertEquals(-7, ids.get(123_456, 3, -7));
        assertEquals(-7, ids.get(3, 123_456, -7));
    }
}
