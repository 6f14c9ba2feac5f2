package io.paxsim.testbed.bench;

import io.paxsim.sim.random.RandomStream;

import java.util.PriorityQueue;

/**
 * The floor the runtime is measured against: {@link MessageStorm}'s workload (5 nodes, 16
 * messages in flight each, uniform 50-150 us latency, each delivery answered by one message to a
 * random peer) as a bare {@link PriorityQueue} event loop ordered by (time, sequence) — no network
 * model, no trace hash, no node dispatch. Issue 10 asks the real loop to stay within 1.2x of it.
 */
public final class BareEventLoop {
    private record Event(long timeNanos, long seq, int to, long hops) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int byTime = Long.compare(timeNanos, o.timeNanos);
            return byTime != 0 ? byTime : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final RandomStream random;
    private final int nodes;
    private long now;
    private long seq;
    private long delivered;
    private long checksum;

    public BareEventLoop(long seed, int nodes, int inFlightPerNode) {
        this.random = RandomStream.derive(seed, "bare");
        this.nodes = nodes;
        for (int from = 0; from < nodes; from++) {
            for (int i = 0; i < inFlightPerNode; i++) {
                send(from, 0);
            }
        }
    }

    public static BareEventLoop standard(long seed) {
        return new BareEventLoop(seed, MessageStorm.DEFAULT_NODES, MessageStorm.DEFAULT_IN_FLIGHT_PER_NODE);
    }

    /** Delivers {@code messages} more; returns the delivered total. */
    public long deliver(long messages) {
        long target = delivered + messages;
        while (delivered < target) {
            Event e = queue.poll();
            now = e.timeNanos;
            delivered++;
            checksum += e.hops;
            send(e.to, e.hops + 1);
        }
        return delivered;
    }

    /** Something that depends on every delivery, so the JIT cannot drop the loop. */
    public long checksum() {
        return checksum ^ now;
    }

    private void send(int from, long hops) {
        int other = random.nextInt(nodes - 1);
        int to = other >= from ? other + 1 : other;
        long latency = 50_000 + random.nextLong(100_001);
        queue.add(new Event(now + latency, seq++, to, hops));
    }
}
