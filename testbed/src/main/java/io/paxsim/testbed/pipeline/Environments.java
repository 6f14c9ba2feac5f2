package io.paxsim.testbed.pipeline;

import io.paxsim.sim.Simulation;
import io.paxsim.sim.net.LatencyModel;
import io.paxsim.sim.net.LinkConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The world a scenario runs in before any fault: the baseline the heal returns to. A slow
 * follower is an environment, not a fault, so it stays slow through the liveness phase.
 */
public final class Environments {
    public static final String LAN = "lan";
    public static final String SLOW_FOLLOWER = "slow-follower";

    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put(LAN, "every link a LAN link: 100 us floor, exponential tail of mean 50 us");
        DESCRIPTIONS.put(SLOW_FOLLOWER, "pathological: links to and from the last replica take 5 ms + exp(2 ms)");
    }

    private Environments() {
    }

    public static boolean exists(String name) {
        return DESCRIPTIONS.containsKey(name);
    }

    public static Map<String, String> descriptions() {
        return java.util.Collections.unmodifiableMap(DESCRIPTIONS);
    }

    /** Shapes a freshly built simulation; called before it starts and before faults capture their baseline. */
    static void apply(String name, Simulation sim, int replicaCount) {
        switch (name) {
            case LAN -> { }
            case SLOW_FOLLOWER -> {
                LinkConfig slow = LinkConfig.lan().withLatency(new LatencyModel.Exponential(5_000_000, 2_000_000));
                int follower = replicaCount - 1;
                for (int other = 0; other < sim.nodeCount(); other++) {
                    if (other != follower) {
                        sim.network().setLink(follower, other, slow);
                        sim.network().setLink(other, follower, slow);
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown environment '" + name + "' (known: "
                    + String.join(", ", DESCRIPTIONS.keySet()) + ")");
        }
    }
}
