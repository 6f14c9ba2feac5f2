package io.paxsim.sim.example;

import io.paxsim.sim.Context;
import io.paxsim.sim.Message;
import io.paxsim.sim.Node;
import io.paxsim.sim.Timer;
import io.paxsim.sim.disk.DiskDone;
import io.paxsim.sim.disk.DiskReadException;
import io.paxsim.sim.disk.WriteStatus;
import io.paxsim.sim.random.RandomStream;
import io.paxsim.sim.trace.StableHash;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The example protocol: a grow-only counter gossiped among nodes. Each node increments its own
 * entry up to {@code target}, makes each new value durable in two checksummed copies before
 * anyone hears of it, and merges the vectors it receives by entry-wise max. Recovery takes the
 * highest valid record from either copy, so any fault that spares one copy loses nothing.
 */
final class GossipCounter implements Node {
    static final long TICK_NANOS = 10_000_000L;
    static final long GOSSIP_NANOS = 20_000_000L;
    static final String[] COPIES = {"copy-a", "copy-b"};
    static final int RING_SLOTS = 8;
    static final int RECORD_BYTES = 16;

    sealed interface GossipMessage extends Message {
    }

    record Gossip(long[] counts) implements GossipMessage, StableHash {
        Gossip {
            counts = counts.clone();
        }

        @Override
        public long stableHash() {
            return hashCounts(counts);
        }

        @Override
        public int sizeBytes() {
            return 16 + 8 * counts.length;
        }
    }

    sealed interface GossipTimer extends Timer {
    }

    record Tick() implements GossipTimer {
    }

    record GossipRound() implements GossipTimer {
    }

    /** Facts for the test's invariant monitor. */
    sealed interface Fact {
    }

    record Committed(long value) implements Fact {
    }

    record Recovered(long value, int copiesReadable, boolean copiesDisagreed) implements Fact {
    }

    record Merged(long[] counts) implements Fact {
    }

    record FsyncRetried() implements Fact {
    }

    record DiskFull() implements Fact {
    }

    private final int self;
    private final int nodeCount;
    private final long target;
    /** A planted bug for the test of the tests: recovery trusts the first copy alone. */
    private final boolean firstCopyOnly;
    private long[] counts;
    /** The value being made durable, or 0 when idle; copyIndex says which copy is in flight. */
    private long pending;
    private int copyIndex;

    GossipCounter(int self, int nodeCount, long target, boolean firstCopyOnly) {
        this.self = self;
        this.nodeCount = nodeCount;
        this.target = target;
        this.firstCopyOnly = firstCopyOnly;
        this.counts = new long[nodeCount];
    }

    // ---- lifecycle -------------------------------------------------------------------------

    @Override
    public void onStart(Context ctx) {
        armTimers(ctx);
    }

    @Override
    public void onRecover(Context ctx) {
        long best = 0;
        int readable = 0;
        long[] perCopy = new long[COPIES.length];
        for (int c = 0; c < (firstCopyOnly ? 1 : COPIES.length); c++) {
            try {
                perCopy[c] = newestValid(ctx.disk().readAll(COPIES[c]));
                readable++;
            } catch (DiskReadException e) {
                perCopy[c] = -1;
            }
            best = Math.max(best, perCopy[c]);
        }
        counts[self] = best;
        ctx.observe(new Recovered(best, readable, !firstCopyOnly && perCopy[0] != perCopy[1]));
        armTimers(ctx);
    }

    // ---- message handlers ------------------------------------------------------------------

    @Override
    public void onMessage(Context ctx, int from, Message message) {
        if (!(message instanceof Gossip gossip)) {
            throw new AssertionError("node " + self + " got unexpected " + message + " from " + from);
        }
        assert gossip.counts().length == nodeCount : "gossip of the wrong width from " + from;
        long[] merged = counts.clone();
        boolean changed = false;
        for (int j = 0; j < nodeCount; j++) {
            if (j != self && gossip.counts()[j] > merged[j]) {
                merged[j] = gossip.counts()[j];
                changed = true;
            }
        }
        assert gossip.counts()[self] <= counts[self] : "peer " + from + " knows more of node " + self + " than it does";
        if (changed) {
            counts = merged;
            ctx.observe(new Merged(counts.clone()));
        }
    }

    // ---- timer handlers --------------------------------------------------------------------

    @Override
    public void onTimer(Context ctx, Timer timer) {
        if (!(timer instanceof GossipTimer t)) {
            throw new AssertionError("unexpected timer " + timer);
        }
        if (t instanceof Tick) {
            if (pending == 0 && counts[self] < target) {
                pending = counts[self] + 1;
                copyIndex = 0;
                writeCopy(ctx);
            } else if (pending != 0 && copyIndex < 0) {
                copyIndex = -copyIndex - 1; // a disk-full write waits for this tick to retry
                writeCopy(ctx);
            }
            ctx.setTimer(jittered(ctx, TICK_NANOS), new Tick());
        } else {
            ctx.broadcast(new Gossip(counts));
            ctx.setTimer(jittered(ctx, GOSSIP_NANOS), new GossipRound());
        }
    }

    // ---- disk completion -------------------------------------------------------------------

    @Override
    public void onDiskDone(Context ctx, DiskDone done) {
        assert pending != 0 && done.file().equals(COPIES[copyIndex]) : "unexpected completion " + done;
        if (!done.ok()) {
            ctx.observe(new FsyncRetried());
            writeCopy(ctx); // EIO: durability unknown, so write the record again
            return;
        }
        if (copyIndex + 1 < COPIES.length) {
            copyIndex++;
            writeCopy(ctx);
            return;
        }
        counts[self] = pending;
        pending = 0;
        ctx.observe(new Committed(counts[self]));
        ctx.broadcast(new Gossip(counts));
    }

    @Override
    public long stateFingerprint() {
        return RandomStream.mix64(hashCounts(counts) ^ pending * 31 ^ copyIndex);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private void armTimers(Context ctx) {
        ctx.setTimer(jittered(ctx, TICK_NANOS), new Tick());
        ctx.setTimer(jittered(ctx, GOSSIP_NANOS), new GossipRound());
    }

    private static long jittered(Context ctx, long nanos) {
        return nanos / 2 + ctx.random().nextLong(nanos);
    }

    private void writeCopy(Context ctx) {
        String file = COPIES[copyIndex];
        int slot = (int) (pending % RING_SLOTS);
        if (ctx.disk().write(file, (long) slot * RECORD_BYTES, encode(self, slot, pending)) == WriteStatus.DISK_FULL) {
            ctx.observe(new DiskFull());
            copyIndex = -copyIndex - 1;
            return;
        }
        ctx.disk().fsync(file);
    }

    static byte[] encode(int node, int slot, long value) {
        return ByteBuffer.allocate(RECORD_BYTES).putLong(value).putLong(checksum(node, slot, value)).array();
    }

    /** The highest value held by a record whose checksum matches its node, slot and value. */
    private long newestValid(byte[] file) {
        long best = 0;
        ByteBuffer buffer = ByteBuffer.wrap(file);
        for (int slot = 0; (slot + 1) * RECORD_BYTES <= file.length; slot++) {
            long value = buffer.getLong(slot * RECORD_BYTES);
            long sum = buffer.getLong(slot * RECORD_BYTES + 8);
            if (slot < RING_SLOTS && value > 0 && sum == checksum(self, slot, value) && value % RING_SLOTS == slot) {
                best = Math.max(best, value);
            }
        }
        return best;
    }

    private static long checksum(int node, int slot, long value) {
        return RandomStream.mix64(RandomStream.mix64(value ^ 0x6C0FFEE5L) ^ ((long) node << 32 | slot));
    }

    static long hashCounts(long[] counts) {
        long h = counts.length;
        for (long c : counts) {
            h = RandomStream.mix64(h ^ c);
        }
        return h;
    }

    long[] counts() {
        return counts.clone();
    }

    long own() {
        return counts[self];
    }

    @Override
    public String toString() {
        return "GossipCounter" + self + Arrays.toString(counts);
    }
}
