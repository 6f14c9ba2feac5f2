package io.paxsim.sim.explore;

import io.paxsim.sim.Event;
import io.paxsim.testbed.explore.PaxosExploreModel;
import io.paxsim.testbed.explore.StructuralHasher;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The explorer's memo of message hashes ({@link MessageHashMemo}) answers what the hasher answers,
 * asks the hasher once per message object (and per now, for the in-world hash), tells apart
 * distinct message objects that share a slot, and leaves a hasher that does not declare its
 * in-world hash a function of now alone unmemoised. In the runtime's package to reach the memo.
 */
class MessageHashMemoTest {
    private static final PaxosExploreModel MODEL = new PaxosExploreModel(new PaxosExploreModel.Spec(3, 1, 1, "majority",
            "none", 2, 1, new PaxosExploreModel.Restrictions(true, 0, 1L)));

    /** Counts the calls that reach the hasher; {@code readsOnlyNow} is what it declares. */
    private static final class Counting implements StateHasher {
        final StructuralHasher base = new StructuralHasher(MODEL);
        final boolean readsOnlyNow;
        int plainCalls;
        int worldCalls;

        Counting(boolean readsOnlyNow) {
            this.readsOnlyNow = readsOnlyNow;
        }

        @Override
        public long hash(World world) {
            return base.hash(world);
        }

        @Override
        public long valueHash(Object value) {
            plainCalls++;
            return base.valueHash(value);
        }

        @Override
        public long valueHash(World world, Object value) {
            worldCalls++;
            return base.valueHash(world, value);
        }

        @Override
        public boolean valueHashReadsOnlyNow() {
            return readsOnlyNow;
        }
    }

    /** A world with at least two message objects in flight (a broadcast sends one object to every peer). */
    private static World worldWithMessages() {
        World world = Explorer.newWorld(MODEL, ExploreOptions.defaults().withMaxTimeouts(1).withFifoLinks(true), null);
        for (int step = 0; step < 40 && messages(world).size() < 2; step++) {
            List<Action> enabled = world.enabled();
            world.apply(enabled.get(enabled.size() - 1));
        }
        assertTrue(messages(world).size() >= 2, "no two message objects in flight to hash");
        return world;
    }

    /** One delivery per distinct message object in flight. */
    private static List<Event.Deliver> messages(World world) {
        List<Event.Deliver> out = new ArrayList<>();
        for (Action a : world.enabled()) {
            if (a instanceof Action.Deliver) {
                Event.Deliver d = world.messageOf(a);
                if (out.stream().noneMatch(o -> o.message() == d.message())) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    @Test
    void answersTheHashersValuesAndAsksOncePerMessage() {
        World world = worldWithMessages();
        Counting counting = new Counting(true);
        MessageHashMemo memo = (MessageHashMemo) MessageHashMemo.of(counting);
        StructuralHasher plain = new StructuralHasher(MODEL);
        for (Event.Deliver d : messages(world)) {
            int before = counting.plainCalls;
            assertEquals(plain.valueHash(d.message()), memo.messageHash(d));
            assertEquals(plain.valueHash(d.message()), memo.messageHash(d));
            assertEquals(before + 1, counting.plainCalls, "the second ask of one message reached the hasher");
            int worldBefore = counting.worldCalls;
            assertEquals(plain.valueHash(world, d.message()), memo.messageHash(world, d));
            assertEquals(plain.valueHash(world, d.message()), memo.messageHash(world, d));
            assertEquals(worldBefore + 1, counting.worldCalls, "the second in-world ask of one message reached the hasher");
        }
        assertTrue(MessageHashMemo.of(memo) == memo, "a memo wraps a memo");
    }

    @Test
    void anotherMessageObjectInTheSameSlotIsHashedAfresh() {
        World world = worldWithMessages();
        Event.Deliver first = messages(world).get(0);
        Event.Deliver second = messages(world).get(1);
        assertNotSame(first.message(), second.message());
        // The second message's object under the first's trace hash: the slot the first took, another object.
        Event.Deliver impostor = new Event.Deliver(second.time(), second.seq(), second.from(), second.to(), second.message(),
                first.payloadHash());
        Counting counting = new Counting(true);
        MessageHashMemo memo = (MessageHashMemo) MessageHashMemo.of(counting);
        StructuralHasher plain = new StructuralHasher(MODEL);
        memo.messageHash(first);
        memo.messageHash(world, first);
        assertEquals(plain.valueHash(second.message()), memo.messageHash(impostor));
        assertEquals(plain.valueHash(world, second.message()), memo.messageHash(world, impostor));
        assertEquals(2, counting.plainCalls);
        assertEquals(2, counting.worldCalls);
    }

    @Test
    void aHasherThatReadsMoreThanNowIsNotMemoisedInWorld() {
        World world = worldWithMessages();
        Counting counting = new Counting(false);
        MessageHashMemo memo = (MessageHashMemo) MessageHashMemo.of(counting);
        Event.Deliver d = messages(world).get(0);
        memo.messageHash(world, d);
        memo.messageHash(world, d);
        assertEquals(2, counting.worldCalls);
        assertFalse(memo.valueHashReadsOnlyNow());
    }
}
