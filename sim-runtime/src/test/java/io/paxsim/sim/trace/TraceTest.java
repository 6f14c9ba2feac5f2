package io.paxsim.sim.trace;

import io.paxsim.sim.SimAction;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class TraceTest {
    record Plain(int x) {
    }

    record Hashed(int x) implements StableHash {
        @Override
        public long stableHash() {
            return x;
        }
    }

    @Test
    void lambdaPayloadsHashByTheirCapturingClassNotTheirJvmSpecificName() {
        SimAction lambda = sim -> sim.stop("x");
        String name = Trace.stableTypeName(lambda.getClass());
        assertEquals(TraceTest.class.getName() + "$$Lambda", name);
        assertEquals(Trace.stableTypeName(TraceTest.class), TraceTest.class.getName());
    }

    @Test
    void payloadHashCoversTypeAndOptInContent() {
        assertEquals(Trace.payloadHash(new Plain(1)), Trace.payloadHash(new Plain(2)));
        assertNotEquals(Trace.payloadHash(new Hashed(1)), Trace.payloadHash(new Hashed(2)));
        assertNotEquals(Trace.payloadHash("crash 1"), Trace.payloadHash("crash 2"));
        assertEquals(0, Trace.payloadHash(null));
    }

    /**
     * The trace's cached path ({@link Trace#payloadHashOf}) knows per type whether it is a
     * {@link StableHash} or a string instead of asking {@code instanceof}: it must agree with
     * {@link Trace#payloadHash} for every kind of payload, also after more types than its cache
     * holds have turned its last entry over, and after hits moved entries toward the front.
     */
    @Test
    void cachedPayloadHashAgreesWithThePlainOneForEveryKindOfPayload() {
        StableHash hashedLambda = () -> 42;
        SimAction plainLambda = sim -> sim.stop("x");
        java.util.List<Object> payloads = new java.util.ArrayList<>(java.util.List.of(
                new Plain(1), new Hashed(7), "crash 1", hashedLambda, plainLambda, new Hashed(8), "", 3, 4L,
                (short) 5, (byte) 6, 'c', true, 1.5, 2.5f, java.math.BigInteger.TEN, java.math.BigDecimal.ONE,
                new StringBuilder("sb"), new java.util.ArrayList<>(), new java.util.LinkedList<>(),
                new java.util.TreeMap<>(), new java.util.ArrayDeque<>(), java.util.Optional.empty(),
                java.time.Duration.ZERO, java.time.Instant.EPOCH, java.util.UUID.nameUUIDFromBytes(new byte[0]),
                new int[0], new long[0], new Object[0], new Plain[0], TraceKind.SEND, java.time.DayOfWeek.MONDAY,
                new Object(), Thread.State.NEW, new java.util.BitSet(), java.util.Locale.ROOT));
        Trace trace = new Trace(null);
        for (int round = 0; round < 3; round++) {
            for (Object payload : payloads) {
                assertEquals(Trace.payloadHash(payload), trace.payloadHashOf(payload), "payload " + payload);
                // A hit right after the miss moves the entry toward the front: still the same hash.
                assertEquals(Trace.payloadHash(payload), trace.payloadHashOf(payload), "payload " + payload);
            }
            java.util.Collections.reverse(payloads);
        }
        assertEquals(0, trace.payloadHashOf(null));
        assertEquals(Trace.payloadHash(new Hashed(9)), trace.payloadHashOf(Hashed.class, 9));
    }

    @Test
    void hashDependsOnEveryField() {
        long base = hash(10, TraceKind.SEND, 1, 2, 3);
        assertNotEquals(base, hash(11, TraceKind.SEND, 1, 2, 3));
        assertNotEquals(base, hash(10, TraceKind.DELIVER, 1, 2, 3));
        assertNotEquals(base, hash(10, TraceKind.SEND, 2, 2, 3));
        assertNotEquals(base, hash(10, TraceKind.SEND, 1, 3, 3));
        assertNotEquals(base, hash(10, TraceKind.SEND, 1, 2, 4));
        assertEquals(base, hash(10, TraceKind.SEND, 1, 2, 3));
    }

    private static long hash(long time, TraceKind kind, int node, int peer, long payloadHash) {
        Trace trace = new Trace(null);
        trace.record(time, kind, node, peer, payloadHash, null);
        return trace.hash();
    }
}
