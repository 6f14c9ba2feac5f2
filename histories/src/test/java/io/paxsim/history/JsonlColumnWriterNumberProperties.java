package io.paxsim.history;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link JsonlColumnWriter#putLong} spells every long as {@link Long#toString(long)} does, and returns the index after it. */
class JsonlColumnWriterNumberProperties {
    @Property(tries = 2000)
    void anyLongIsSpelledAsLongToString(@ForAll long v) {
        assertSpelled(v);
    }

    @Example
    void everyDigitCountAndItsEdgesAreSpelledAsLongToString() {
        for (long v : new long[] {0, 1, -1, 9, 10, 11, 99, 100, 101, Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE,
                Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE, Integer.MIN_VALUE - 1L}) {
            assertSpelled(v);
        }
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10 * 10; p *= 10) {
            for (long v : new long[] {p - 1, p, p + 1, 2 * p - 1, 5 * p, 9 * p, 9 * p + p / 2}) {
                assertSpelled(v);
                assertSpelled(-v);
            }
            if (p > Long.MAX_VALUE / 10) {
                break;
            }
        }
    }

    private static void assertSpelled(long v) {
        byte[] b = new byte[3 + 20 + 3];
        b[0] = 'x';
        int end = JsonlColumnWriter.putLong(b, 3, v);
        String expected = Long.toString(v);
        assertEquals(expected, new String(b, 3, end - 3, StandardCharsets.US_ASCII), "spelling of " + v);
        assertEquals(3 + expected.length(), end, "index after " + v);
        assertEquals('x', b[0], "bytes before the number untouched");
    }
}
