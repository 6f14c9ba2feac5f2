package io.paxsim.testbed.bench;

import io.paxsim.sim.Context;
import io.paxsim.sim.Message;
import io.paxsim.sim.Node;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.Timer;
import io.paxsim.sim.net.LatencyModel;
import io.paxsim.sim.net.LinkConfig;

/**
 * The runtime benchmark's workload: nodes keep a fixed number of messages in flight, each
 * delivery answered by one new message to a peer chosen at random, over links with random
 * latency. It exercises exactly the hot path (send, latency draw, queue, deliver, trace hash,
 * handler) and nothing else, so delivered messages per second measure the runtime itself.
 */
public final class MessageStorm {
    public static final int DEFAULT_NODES = 5;
    public static final int DEFAULT_IN_FLIGHT_PER_NODE = 16;

    private final Simulation sim;

    /** A hop of the storm: carries how many hops it has made, so its content changes. */
    public record Hop(long hops) implements Message {
    }

    private static final class StormNode implements Node {
        private final int inFlight;
        /** Read once: {@code Context.peers()} hands out a copy, and the group never changes. */
        private int peerCount;

        StormNode(int inFlight) {
            this.inFlight = inFlight;
        }

        @Override
        public void onStart(Context ctx) {
            peerCount = ctx.peers().length;
            for (int i = 0; i < inFlight; i++) {
                ctx.send(randomPeer(ctx), new Hop(0));
            }
        }

        @Override
        public void onRecover(Context ctx) {
            throw new AssertionError("the storm never crashes a node");
        }

        @Override
        public void onMessage(Context ctx, int from, Message message) {
            if (!(message instanceof Hop hop)) {
                throw new AssertionError("unexpected " + message);
            }
            ctx.send(randomPeer(ctx), new Hop(hop.hops() + 1));
        }

        @Override
        public void onTimer(Context ctx, Timer timer) {
            throw new AssertionError("the storm sets no timers");
        }

        private int randomPeer(Context ctx) {
            int other = ctx.random().nextInt(peerCount - 1);
            return other >= ctx.self() ? other + 1 : other;
        }
    }

    public MessageStorm(long seed, int nodes, int inFlightPerNode, LatencyModel latency) {
        if (nodes < 2) {
            throw new IllegalArgumentException("the storm needs at least 2 nodes: " + nodes);
        }
        if (inFlightPerNode < 1) {
            throw new IllegalArgumentException("messages in flight per node must be >= 1: " + inFlightPerNode);
        }
        this.sim = Simulation.builder(seed)
                .nodes(nodes, id -> new StormNode(inFlightPerNode))
                .defaultLink(LinkConfig.lan().withLatency(latency))
                .build();
        sim.start();
    }

    /** Five nodes, 16 messages in flight each, uniform 50-150 us latency. */
    public static MessageStorm standard(long seed) {
        return new MessageStorm(seed, DEFAULT_NODES, DEFAULT_IN_FLIGHT_PER_NODE, new LatencyModel.Uniform(50_000, 150_000));
    }

    /** Runs until {@code messages} more have been delivered; returns the delivered total. */
    public long deliver(long messages) {
        long target = sim.stats().messagesDelivered() + messages;
        while (sim.stats().messagesDelivered() < target) {
            if (!sim.step()) {
                throw new IllegalStateException("the storm ran dry at " + sim.stats().messagesDelivered() + " messages");
            }
        }
        return sim.stats().messagesDelivered();
    }

    public Simulation simulation() {
        return sim;
    }
}
