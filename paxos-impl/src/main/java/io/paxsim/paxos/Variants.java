package io.paxsim.paxos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** The named variant registry: each variant is a function of the cluster size, with a one-line description. */
public final class Variants {
    public record Variant(String name, String description, IntFunction<PaxosConfig> configForClusterSize) {
    }

    private static final Map<String, Variant> REGISTRY = new LinkedHashMap<>();

    static {
        add("majority", "classic Multi-Paxos: majority quorums, batch 16, window 8, reads through the log",
                PaxosConfig::defaults);
        add("flexible", "Flexible Paxos: phase-2 quorum of 2, phase-1 quorum n-1",
                n -> PaxosConfig.defaults(n).withQuorums(Math.max(1, n - 1), Math.min(n, 2)));
        add("batch-1", "no batching: one command per slot", n -> PaxosConfig.defaults(n).withBatchSize(1));
        add("batch-64", "large batches of up to 64 commands", n -> PaxosConfig.defaults(n).withBatchSize(64));
        add("window-1", "no pipelining: one slot in flight", n -> PaxosConfig.defaults(n).withPipelineWindow(1));
        add("window-32", "deep pipeline: 32 slots in flight", n -> PaxosConfig.defaults(n).withPipelineWindow(32));
        add("read-index", "reads served by the leader after a heartbeat quorum confirms it still leads",
                n -> PaxosConfig.defaults(n).withReadMode(ReadMode.READ_INDEX));
        add("lease", "reads served locally by the leader under a 4 ms lease with a 0.4 ms drift margin",
                n -> PaxosConfig.defaults(n).withReadMode(ReadMode.LEASE));
        add("fast-election", "aggressive timers: 0.5 ms heartbeats, 2 ms election timeout",
                n -> PaxosConfig.defaults(n).withTimeouts(500_000, 2_000_000));
        add("slow-election", "conservative timers: 5 ms heartbeats, 50 ms election timeout",
                n -> PaxosConfig.defaults(n).withTimeouts(5_000_000, 50_000_000));
    }

    private Variants() {
    }

    private static void add(String name, String description, IntFunction<PaxosConfig> config) {
        REGISTRY.put(name, new Variant(name, description, config));
    }

    /** The configuration of variant {@code name} for {@code clusterSize} replicas; throws with the known names if unknown. */
    public static PaxosConfig config(String name, int clusterSize) {
        Variant v = REGISTRY.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown variant '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        return v.configForClusterSize().apply(clusterSize);
    }

    public static List<String> names() {
        return new ArrayList<>(REGISTRY.keySet());
    }

    public static List<Variant> all() {
        return new ArrayList<>(REGISTRY.values());
    }
}
