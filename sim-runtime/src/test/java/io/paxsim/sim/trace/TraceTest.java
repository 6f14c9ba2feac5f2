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
