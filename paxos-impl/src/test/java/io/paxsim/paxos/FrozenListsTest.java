package io.paxsim.paxos;

import io.paxsim.paxos.api.Command;
import io.paxsim.paxos.api.MicroOp;
import io.paxsim.paxos.api.Result;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A large state keeps its lists encoded ({@link FrozenLists}) after a snapshot or a decode; these
 * compare it, step by step, with the same commands applied to a state that never took a snapshot.
 */
class FrozenListsTest {
    private static final int KEYS = 3_000;

    /** Elle-like: 3,000 keys of up to 12 small counters, a few wide ones, and a register and a session or two. */
    private static List<Command> history(int round) {
        List<Command> commands = new ArrayList<>();
        for (int key = 0; key < KEYS; key++) {
            List<MicroOp> ops = new ArrayList<>();
            for (int v = 1; v <= 1 + (key * 7 + round) % 12; v++) {
                ops.add(new MicroOp.Append("k" + key, v + round * 12L));
            }
            if (key % 500 == 7) {
                ops.add(new MicroOp.Append("k" + key, key % 1000 == 7 ? 70_000 + round : -5 - round));
            }
            commands.add(new Command.Txn(ops));
        }
        commands.add(new Command.Write("r" + round, round));
        return commands;
    }

    /** Touches old keys, new keys and widens an old byte list to ints and to longs. */
    private static List<Command> later(int round) {
        List<Command> commands = new ArrayList<>();
        commands.add(new Command.Txn(List.of(new MicroOp.Append("k1", 200 + round), new MicroOp.ReadList("k2"),
                new MicroOp.Append("k2999", 1L << 40), new MicroOp.ReadList("k1500"), new MicroOp.Append("k10", 300))));
        commands.add(new Command.Txn(List.of(new MicroOp.Append("a-new" + round, 1), new MicroOp.Append("zz" + round, 2),
                new MicroOp.Append("k1500x", 3), new MicroOp.ReadList("k15"), new MicroOp.ReadList("missing"))));
        commands.add(new Command.Txn(List.of(new MicroOp.Append("k0", 1), new MicroOp.Append("k0", 2))));
        return commands;
    }

    /** Applies {@code commands} at slots from {@code firstSlot}, each by one of three clients. */
    private static List<Result> apply(StateMachine sm, List<Command> commands, long firstSlot) {
        List<Result> results = new ArrayList<>();
        long slot = firstSlot;
        for (Command c : commands) {
            results.add(sm.apply(slot, new ClientCommand(1 + slot % 3, slot, c), true).result());
            slot++;
        }
        return results;
    }

    @Test
    void aFrozenStateAppliesReadsAndSnapshotsAsTheEagerOne() {
        StateMachine eager = new StateMachine();
        StateMachine snapshotting = new StateMachine();
        apply(eager, history(0), 1);
        apply(snapshotting, history(0), 1);
        byte[] first = snapshotting.encode(); // the first encode is eager; the state then keeps it
        assertTrue(first.length > FrozenLists.MIN_BYTES, "big enough to freeze: " + first.length);
        StateMachine decoded = StateMachine.decode(first);
        assertTrue(snapshotting.keepsListsEncoded() && decoded.keepsListsEncoded());
        assertFalse(StateMachine.decode(first, false).keepsListsEncoded());
        for (int round = 1; round <= 3; round++) {
            long slot = 100_000L * round;
            List<Result> expected = apply(eager, later(round), slot);
            assertEquals(expected, apply(snapshotting, later(round), slot), "round " + round);
            assertEquals(expected, apply(decoded, later(round), slot), "round " + round);
            assertEquals(eager.digest(), snapshotting.digest());
            assertEquals(eager.digest(), decoded.digest());
            assertEquals(eager.recomputeDigest(), decoded.recomputeDigest());
            assertEquals(decoded.recomputeDigest(), decoded.digest());
            StateMachine eagerCopy = StateMachine.decode(eager.encode(), false); // eager encodes freeze the encoder only
            byte[] reference = eagerCopy.encode();
            assertArrayEquals(reference, snapshotting.encode(), "round " + round);
            assertArrayEquals(reference, decoded.encode(), "round " + round);
            eager = StateMachine.decode(reference, false);
        }
        StateMachine copy = decoded.copy(new IdentityCopies());
        assertArrayEquals(decoded.encode(), copy.encode(), "a copy shares the frozen lists");
    }

    @Test
    void aDamagedSnapshotDecodesAsTheEagerDecodeDoes() {
        StateMachine sm = new StateMachine();
        apply(sm, history(0), 1);
        apply(sm, later(1), 100_000);
        byte[] image = sm.encode();
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        int other = 0;
        int frozen = 0;
        for (int trial = 0; trial < 600; trial++) {
            byte[] rotted = image.clone();
            // Early bytes (keys, lengths, widths of the first lists) as well as anywhere.
            int at = trial % 2 == 0 ? random.nextInt(Math.min(rotted.length, 200)) : random.nextInt(rotted.length);
            rotted[at] ^= (byte) (1 << random.nextInt(8));
            String lazy = outcome(rotted, true);
            frozen += lazy.startsWith("state") && StateMachine.decode(rotted).keepsListsEncoded() ? 1 : 0;
            assertEquals(outcome(rotted, false), lazy, "flip at byte " + at);
            other += lazy.startsWith("state") && !lazy.equals(outcome(image, false)) ? 1 : 0;
        }
        assertTrue(other > 100, "only " + other + " flips decoded to another state");
        assertTrue(frozen > 100, "only " + frozen + " damaged states kept their lists encoded");
    }

    /**
     * A parse that reuses a reference's terms returns what a parse without one returns: the same
     * entries, key hashes and digest, or null for the same images. The reference is the clean image
     * (so almost every entry of a damaged one is reused, and the damaged one is not) or another
     * state's (old keys changed, new keys between them).
     */
    @Test
    void aParseReusingAReferenceReturnsWhatAParseWithoutOneReturns() {
        StateMachine sm = new StateMachine();
        apply(sm, history(0), 1);
        byte[] older = sm.encode();
        apply(sm, later(1), 100_000);
        byte[] image = sm.encode();
        int offset = listSectionOffset(image);
        int count = RecordFormat.readInt(image, offset - 4);
        FrozenLists clean = FrozenLists.parse(image, offset, count, new long[1], null);
        FrozenLists other = FrozenLists.parse(older, listSectionOffset(older), RecordFormat.readInt(older, listSectionOffset(older) - 4),
                new long[1], null);
        assertEquals(parsed(image, offset, count, null), parsed(image, offset, count, other), "another state as the reference");
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        int nulls = 0;
        for (int trial = 0; trial < 600; trial++) {
            byte[] rotted = image.clone();
            int at = offset + random.nextInt(rotted.length - offset);
            rotted[at] ^= (byte) (1 << random.nextInt(8));
            String expected = parsed(rotted, offset, count, null);
            assertEquals(expected, parsed(rotted, offset, count, clean), "flip at byte " + at);
            assertEquals(expected, parsed(rotted, offset, count, other), "flip at byte " + at);
            nulls += expected.equals("null") ? 1 : 0;
        }
        assertTrue(nulls > 50 && nulls < 550, nulls + " of 600 damaged sections did not parse");
    }

    /** Where the list section starts in a snapshot: after the registers (key, value) and the list count. */
    private static int listSectionOffset(byte[] image) {
        int p = 4;
        for (int i = RecordFormat.readInt(image, 0); i > 0; i--) {
            p += 4 + RecordFormat.readInt(image, p) + 8;
        }
        return p + 4;
    }

    /** What {@link FrozenLists#parse} returns, summed up: the digest, the entry count and a hash of each entry's key hash and bytes. */
    private static String parsed(byte[] image, int offset, int count, FrozenLists reference) {
        long[] digest = new long[1];
        FrozenLists f = FrozenLists.parse(image, offset, count, digest, reference);
        if (f == null) {
            return "null";
        }
        long entries = 0;
        for (int i = 0; i < f.count(); i++) {
            entries = entries * 31 + f.keyHash(i);
            entries = entries * 31 + java.util.Arrays.hashCode(java.util.Arrays.copyOfRange(f.data(), f.start(i), f.start(i + 1)));
        }
        return "digest " + digest[0] + ", " + f.count() + " entries, hash " + entries;
    }

    /** A decode's digest, recomputed digest and re-encoding, or the exception it threw. */
    private static String outcome(byte[] image, boolean keepEncoded) {
        try {
            StateMachine sm = StateMachine.decode(image, keepEncoded);
            return "state " + sm.digest() + " " + sm.recomputeDigest() + " " + java.util.Arrays.hashCode(sm.encode());
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    @Test
    void keysThatAreNotAsciiOrOutOfOrderStayEager() {
        StateMachine sm = new StateMachine();
        List<Command> commands = new ArrayList<>(history(0));
        commands.add(new Command.Txn(List.of(new MicroOp.Append("ключ", 1))));
        apply(sm, commands, 1);
        byte[] image = sm.encode();
        StateMachine decoded = StateMachine.decode(image);
        assertFalse(sm.keepsListsEncoded() || decoded.keepsListsEncoded(), "a key that is not ASCII");
        assertArrayEquals(image, decoded.encode());
        assertEquals(sm.digest(), decoded.digest());
        assertEquals(decoded.recomputeDigest(), decoded.digest());
        assertNotEquals(0, decoded.digest());
    }

    /** The copier contract for one state machine: each Copyable once, by identity. */
    private static final class IdentityCopies implements io.paxsim.sim.Copyable.Copies {
        private final java.util.IdentityHashMap<Object, Object> copies = new java.util.IdentityHashMap<>();

        @Override
        @SuppressWarnings("unchecked")
        public <T> T of(T original) {
            if (!(original instanceof io.paxsim.sim.Copyable c)) {
                return original;
            }
            Object done = copies.get(original);
            return (T) (done != null ? done : c.copy(this));
        }

        @Override
        public <T> T remember(Object original, T copy) {
            copies.put(original, copy);
            return copy;
        }
    }
}
