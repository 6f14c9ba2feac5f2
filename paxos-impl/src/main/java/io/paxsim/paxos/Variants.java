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
        add("majority", "classic Multi-Paxos: majority quorums, adaptive batches of up to 16, window 8, reads through the log",
                PaxosConfig::defaults);
        add("flexible", "Flexible Paxos: phase-2 quorum of 2, phase-1 quorum n-1",
                n -> PaxosConfig.defaults(n).withQuorums(Math.max(1, n - 1), Math.min(n, 2)));
        add("batch-1", "no batching: one command per slot", n -> PaxosConfig.defaults(n).withBatchSize(1));
        add("batch-64", "large batches of up to 64 commands", n -> PaxosConfig.defaults(n).withBatchSize(64));
        add("window-1", "no pipelining: one slot in flight", n -> PaxosConfig.defaults(n).withPipelineWindow(1));
        add("window-32", "deep pipeline: up to 32 slots in flight, each command proposed at once",
                n -> PaxosConfig.defaults(n).withPipelineWindow(32).withProposeEagerly(true));
        add("eager", "no waiting for batches: queued commands proposed at once while up to 8 slots are in flight"
                + " (deep pipelines, log holes at leader changes)", n -> PaxosConfig.defaults(n).withProposeEagerly(true));
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

    /**
     * The configuration of variant {@code name} for {@code clusterSize} replicas; throws with the known
     * names if unknown. A name may carry knobs after {@code +}: {@code lease+snapshot=4+election=3ms+lease=full}
     * ({@link #KNOBS}), so a swarm can draw timeouts and snapshot intervals per seed and a replay gets them back.
     */
    public static PaxosConfig config(String name, int clusterSize) {
        String[] parts = name.split("\\+", -1);
        PaxosConfig config = baseConfig(parts[0], clusterSize);
        for (int i = 1; i < parts.length; i++) {
            config = applyKnob(config, parts[i], name);
        }
        return config;
    }

    /** Knobs a variant name may carry, with what each sets. */
    public static final Map<String, String> KNOBS = knobs();

    private static Map<String, String> knobs() {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("snapshot", "snapshot interval in applied slots (0: never), e.g. snapshot=4");
        k.put("election", "election timeout (heartbeats a fifth of it unless heartbeat= follows), e.g. election=3ms");
        k.put("heartbeat", "heartbeat interval, e.g. heartbeat=500us");
        k.put("lease", "lease length (drift margin a tenth of it), or full: as long as the election timeout");
        k.put("batch", "most commands per slot");
        k.put("window", "most slots in flight");
        k.put("propose", "when queued commands go out: adaptive (batched while slots are in flight) or eager"
                + " (at once, while the window has room)");
        k.put("reads", "how reads are served: log, read-index or lease (any variant's quorums and timers)");
        return java.util.Collections.unmodifiableMap(k);
    }

    private static PaxosConfig applyKnob(PaxosConfig c, String knob, String name) {
        String[] kv = knob.split("=", 2);
        if (kv.length != 2 || !KNOBS.containsKey(kv[0])) {
            throw new IllegalArgumentException("bad knob '" + knob + "' in variant '" + name + "' (knobs: "
                    + String.join(", ", KNOBS.keySet()) + ")");
        }
        String v = kv[1];
        return switch (kv[0]) {
            case "snapshot" -> c.withSnapshotIntervalSlots(count(v, knob));
            case "election" -> {
                long election = nanos(v, knob);
                yield c.withTimeouts(Math.max(1, election / 5), election)
                        .withLease(Math.min(c.leaseNanos(), election), Math.min(c.leaseDriftMarginNanos(), election / 10));
            }
            case "heartbeat" -> c.withTimeouts(nanos(v, knob), c.electionTimeoutNanos());
            case "lease" -> {
                long lease = v.equals("full") ? c.electionTimeoutNanos() : nanos(v, knob);
                yield c.withLease(lease, lease / 10);
            }
            case "batch" -> c.withBatchSize((int) count(v, knob));
            case "window" -> c.withPipelineWindow((int) count(v, knob));
            case "propose" -> c.withProposeEagerly(proposeMode(v, knob));
            case "reads" -> c.withReadMode(ReadMode.byName(v));
            default -> throw new AssertionError(knob);
        };
    }

    private static boolean proposeMode(String v, String knob) {
        return switch (v) {
            case "eager" -> true;
            case "adaptive" -> false;
            default -> throw new IllegalArgumentException("knob '" + knob + "' wants adaptive or eager");
        };
    }

    private static long count(String v, String knob) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("knob '" + knob + "' wants a whole number");
        }
    }

    private static long nanos(String v, String knob) {
        long unit = v.endsWith("us") ? 1_000L : v.endsWith("ms") ? 1_000_000L : v.endsWith("s") ? 1_000_000_000L : 0;
        String digits = v.substring(0, v.length() - (unit == 1_000_000_000L ? 1 : 2));
        try {
            if (unit == 0) {
                throw new NumberFormatException();
            }
            return Long.parseLong(digits) * unit;
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("knob '" + knob + "' wants a duration such as 500us, 3ms or 1s");
        }
    }

    private static PaxosConfig baseConfig(String name, int clusterSize) {
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
