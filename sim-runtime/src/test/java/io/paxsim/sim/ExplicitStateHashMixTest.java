package io.paxsim.sim;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The state-hash mix never merges two (running hash, value) pairs of small signed values: state
 * hashes mix raw ids, keys, counters and a String's hashCode, not only finalizer outputs, and two
 * states that collide here are one state to the explorer. {@code mix64(h ^ v * SPREAD)} failed this:
 * xor meets negation, so {@code mix(h, v) == mix(-h, -v)} whenever h and v have as many trailing zero
 * bits, and half of the pairs below collided.
 */
class ExplicitStateHashMixTest {
    private static final int RANGE = 512;

    @Test
    void negatedPairsDoNotCollide() {
        assertNotEquals(ExplicitStateHash.mix(1, 1), ExplicitStateHash.mix(-1, -1));
        assertNotEquals(ExplicitStateHash.mix(6, 10), ExplicitStateHash.mix(-6, -10));
        assertNotEquals(ExplicitStateHash.mix(0, 63), ExplicitStateHash.mix(-2, -63));
    }

    @Test
    void smallSignedPairsAllHashApart() {
        Map<Long, Long> seen = new HashMap<>(4 * RANGE * RANGE);
        for (long h = -RANGE; h < RANGE; h++) {
            for (long v = -RANGE; v < RANGE; v++) {
                Long before = seen.put(ExplicitStateHash.mix(h, v), h << 32 | (v & 0xFFFFFFFFL));
                if (before != null) {
                    fail("mix(" + h + ", " + v + ") equals mix(" + (before >> 32) + ", "
                            + (int) (long) before + ")");
                }
            }
        }
        assertEquals(4L * RANGE * RANGE, seen.size());
    }

    @Test
    void zerosStillCountInAChain() {
        long h = ExplicitStateHash.mix(0x534C4F54L, 3);
        long once = ExplicitStateHash.mix(h, 0);
        assertNotEquals(h, once);
        assertNotEquals(once, ExplicitStateHash.mix(once, 0));
    }
}
