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
    public static final String LAN_DRIFT = "lan-drift";
    /**
     * Largest baseline drift of {@link #LAN_DRIFT}: two clocks this far apart in opposite directions
     * still keep to the drift a lease with a 10% margin assumes (rates within 1/0.9 of each other).
     */
    public static final long DRIFT_MAX_PPM = 45_000;

    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put(LAN, "every link a LAN link: 100 us floor, exponential tail of mean 50 us");
        DESCRIPTIONS.put(SLOW_FOLLOWER, "pathological: links to and from the last replica take 5 ms + exp(2 ms)");
        DESCRIPTIONS.put(LAN_DRIFT, "LAN links, and every replica's clock runs 1.5-4.5% fast or slow for the whole run "
                + "(within the drift a lease's 10% margin allows, so timing code meets rates it must tolerate)");
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
            case LAN_DRIFT -> {
                io.paxsim.sim.random.RandomStream r = sim.randomness().stream("environment/drift");
                for (int replica = 0; replica < replicaCount; replica++) {
                    long ppm = r.nextLong(DRIFT_MAX_PPM / 3, DRIFT_MAX_PPM + 1);
                    sim.setClockDriftPpm(replica, r.bernoulli(0.5) ? ppm : -ppm);
                }
            }
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
