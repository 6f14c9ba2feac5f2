package io.paxsim.sim;

import io.paxsim.sim.random.RandomStream;
import org.junit.jupiter.api.Test;

import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LongKeyedTableTest {
    @Test
    void behavesAsATreeMapUnderRandomPutsGetsAndRemoves() {
        // Small key ranges force long probe runs and wrap-around, so backward-shift deletion is exercised.
        RandomStream random = RandomStream.derive(7, "test");
        for (long keyRange : new long[] {8, 40, 1_000, 1L << 40}) {
            LongKeyedTable<String> table = new LongKeyedTable<>();
            TreeMap<Long, String> reference = new TreeMap<>();
            for (int round = 0; round < 20_000; round++) {
                long key = 1 + random.nextLong(keyRange);
                switch (random.nextInt(4)) {
                    case 0, 1 -> {
                        table.put(key, "v" + round);
                        reference.put(key, "v" + round);
                    }
                    case 2 -> assertEquals(reference.remove(key), table.remove(key));
                    default -> assertEquals(reference.get(key), table.get(key));
                }
                assertEquals(reference.size(), table.size());
                if (round % 1_000 == 0) {
                    assertArrayEquals(reference.keySet().stream().mapToLong(Long::longValue).toArray(), table.sortedKeys());
                    for (long k : reference.keySet()) {
                        assertEquals(reference.get(k), table.get(k));
                    }
                }
            }
            table.clear();
            assertEquals(0, table.size());
            assertEquals(null, table.get(1));
        }
    }
}
