package io.paxsim.testbed.hunt;

import io.paxsim.faults.Nemeses;
import io.paxsim.faults.Nemesis;
import io.paxsim.sim.random.RandomStream;
import io.paxsim.testbed.client.ClientTimeouts;
import io.paxsim.testbed.load.LoadModel;
import io.paxsim.testbed.pipeline.Environments;
import io.paxsim.testbed.pipeline.LeaseClockBound;
import io.paxsim.testbed.pipeline.Scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a hunt varies from run to run, and how run {@code i} is drawn. Each dimension has arms
 * (fault profile, workload, variant, snapshot interval, timing, cluster size); run {@code i} of a
 * hunt draws one arm per dimension from {@code hunt/<i>} of the hunt seed, with the weights the
 * {@link Steering} gives at that point. Nothing here knows which bug (if any) is planted.
 */
public final class HuntPlan {
    /** The dimensions and their arms, in a fixed order (the draws depend on it). */
    public static final Map<String, List<String>> DIMENSIONS = dimensions();

    private static Map<String, List<String>> dimensions() {
        Map<String, List<String>> d = new LinkedHashMap<>();
        // "mix": three nemeses at 1-6 faults per second each, denser than any profile, for short runs.
        d.put("faults", List.of("swarm", "chaos", "partitions", "crashes", "clocks", "disk", "corners", "mix", "mix",
                "leader-churn"));
        d.put("workload", List.of("register", "list-append", "log", "hot-key"));
        d.put("variant", List.of("majority", "read-index", "lease", "flexible", "batch-1", "window-1", "fast-election"));
        // Tiny intervals make snapshots, compaction and catch-up by snapshot happen many times a second.
        d.put("snapshot", List.of("snapshot=2", "snapshot=5", "snapshot=20", "snapshot=1000"));
        // Timers near each other: leases as long as the election timeout, fast or slow elections.
        d.put("timing", List.of("default", "election=2ms", "election=12ms", "lease=full"));
        d.put("nodes", List.of("3", "5"));
        // The second nemesis of a mix, steered like the rest (so rare-event producers get found); "-" otherwise.
        List<String> nemeses = new ArrayList<>();
        for (Nemesis n : Nemeses.all()) {
            if (!n.name().equals("buggify")) {
                nemeses.add(n.name());
            }
        }
        d.put("nemesis", List.copyOf(nemeses));
        // Clock rates: exact, or every replica drifting within what a lease margin tolerates (timing code must
        // cope with rates it assumes; a lease or timeout computed from the wrong clock shows only when rates differ).
        d.put("clocks", List.of(Environments.LAN, Environments.LAN_DRIFT, Environments.LAN_DRIFT));
        // Read paths on top of any variant's quorums, batching and timers ("variant": as the variant says), so
        // reads served outside the log (read-index, lease) meet every fault and timing arm, not one variant's share.
        d.put("reads", List.of("variant", "variant", "variant", "variant", "read-index", "lease"));
        // How proposals go out, on top of any variant: as the variant says (adaptive batching by default: few slots
        // in flight under the hunt's closed-loop load), or eagerly, each command in its own slot while up to a
        // window is in flight: the deep pipelines whose leader changes leave log holes, re-proposals and
        // out-of-order votes, which the default reaches only under heavy load.
        d.put("pipeline", List.of("variant", "eager"));
        return java.util.Collections.unmodifiableMap(d);
    }

    private final long huntSeed;
    private final String mutant;
    private final long livenessNanos;

    /** @param mutant the planted bug's name, or {@link Scenario#NO_MUTANT}: it goes into the scenario only */
    public HuntPlan(long huntSeed, String mutant, long livenessNanos) {
        this.huntSeed = huntSeed;
        this.mutant = mutant;
        this.livenessNanos = livenessNanos;
    }

    /** One run's choice of arm per dimension, in {@link #DIMENSIONS} order. */
    public record Draw(int index, List<String> arms, Scenario scenario) {
    }

    public Draw draw(int index, Steering steering) {
        RandomStream r = RandomStream.derive(huntSeed, "hunt/" + index);
        List<String> arms = new ArrayList<>();
        for (Map.Entry<String, List<String>> dim : DIMENSIONS.entrySet()) {
            // Dimensions added later draw from their own substreams, so the older draws stay put.
            boolean later = dim.getKey().equals("clocks") || dim.getKey().equals("reads") || dim.getKey().equals("pipeline");
            RandomStream from = later ? RandomStream.derive(huntSeed, "hunt/" + index + "/" + dim.getKey()) : r;
            arms.add(weightedChoice(from, dim.getValue(), steering.weights(dim.getKey())));
        }
        long seed = r.nextLong() & Long.MAX_VALUE;
        long safetyNanos = 300_000_000L + r.nextLong(900_000_000L);
        int clients = 3 + r.nextInt(5);
        String variant = variantName(arms.get(2), arms.get(3), arms.get(4))
                + (arms.get(8).equals("variant") ? "" : "+reads=" + arms.get(8))
                + (arms.get(9).equals("variant") ? "" : "+propose=" + arms.get(9));
        boolean mixed = arms.get(0).equals("mix");
        List<String> readPath = readPathNemeses(arms.get(8).equals("variant") ? arms.get(2) : arms.get(8));
        RandomStream readPathDraws = readPath == null ? null
                : RandomStream.derive(huntSeed, "hunt/" + index + (readPath == LEASE_NEMESES ? "/lease" : "/read-path"));
        String faults = mixed ? mix(r, arms.get(6), readPath, readPathDraws)
                : withReadPathNemesis(arms.get(0), readPath, readPathDraws);
        if (!mixed) {
            arms.set(6, "-");
        }
        int nodes = Integer.parseInt(arms.get(5));
        if (LeaseClockBound.readsByLease(variant, nodes)) {
            faults = LeaseClockBound.withoutDeliberateSteps(faults);
        }
        Scenario s = new Scenario(seed, nodes, variant, mutant, arms.get(1), faults, 0,
                safetyNanos, livenessNanos, new LoadModel.ClosedLoop(clients, 0), ClientTimeouts.defaults(),
                arms.get(7));
        return new Draw(index, List.copyOf(arms), s);
    }

    /**
     * Leader changes are where most consensus bugs show: every mix has one of these. A power loss
     * with lagging disks counts twice: it changes leaders through recovery, where durable ballots,
     * votes and their checksums are read back. A leader dying mid-broadcast counts twice too: it is
     * the one that leaves log holes below slots a minority holds (with a deep pipeline), which a new
     * leader's log repair must fill; other leader changes rarely leave one.
     */
    private static final List<String> LEADER_NEMESES = List.of("isolate-leader", "crash-leader", "isolate-leader",
            "partition-majority-minority", "crash-loop", "power-loss-slow-disks", "power-loss-slow-disks",
            "crash-mid-broadcast", "crash-mid-broadcast", "stall-leader", "failover-restart", "partial-partition-leader");

    /**
     * When reads are served under leases, timing around lease boundaries: the leader silenced while
     * followers' grants run (and a follower restarting inside its grant), clocks stepped or drifting
     * within the margin, one-way slowness that skews when a lease starts, reads left waiting on a slow
     * apply while the lease they arrived in runs out and a rival is elected (lapse-mid-read, twice:
     * the gap between a read's arrival and its answer is where read paths go stale). Every leased run
     * has one of these in a mix, two on top of any other profile (whose clock steps ScheduledFaults keeps within the lease's assumption).
     */
    private static final List<String> LEASE_NEMESES = List.of("failover-restart", "failover-restart", "slow-apply",
            "clock-nudge", "clock-drift-large", "stall-leader", "slow-link-one-way", "isolate-leader", "lapse-mid-read",
            "lapse-mid-read");

    /**
     * When reads are served by read-index, what that path waits on: a heartbeat round and the apply
     * of the index it read, while the leader is silenced, cut from part of its quorum, slowed one way
     * or deposed. Every read-index run has one of these in a mix, two on top of any other profile.
     */
    private static final List<String> READ_INDEX_NEMESES = List.of("lapse-mid-read", "lapse-mid-read", "slow-apply",
            "stall-leader", "isolate-leader", "partial-partition-leader", "slow-link-one-way");

    /** The read-path nemeses for a read mode ("lease", "read-index", or a variant name), or null when reads go through the log. */
    private static List<String> readPathNemeses(String readMode) {
        return switch (readMode) {
            case "lease" -> LEASE_NEMESES;
            case "read-index" -> READ_INDEX_NEMESES;
            default -> null;
        };
    }

    /**
     * A fault profile plus two read-path nemeses (distinct when they can be) at 1-4 faults per
     * simulated second each (the profile alone when reads go through the log).
     */
    private static String withReadPathNemesis(String profile, List<String> readPath, RandomStream draws) {
        if (readPath == null) {
            return profile;
        }
        StringBuilder spec = new StringBuilder(profile);
        String first = readPath.get(draws.nextInt(readPath.size()));
        String second = readPath.get(draws.nextInt(readPath.size()));
        for (String pick : first.equals(second) ? List.of(first) : List.of(first, second)) {
            spec.append(',').append(pick).append('@').append(Math.round(draws.uniform(1, 4) * 10) / 10.0);
        }
        return spec.toString();
    }

    /**
     * Messages that outlive the ballot they were sent in (late, reordered, redelivered, held and
     * released): with a leader change, these are what acceptor and proposer ballot checks exist for.
     * Every mix has one of these too.
     */
    private static final List<String> DISORDER_NEMESES = List.of("delay-burst", "stale-redelivery", "slow-link-one-way",
            "clog-swizzle", "delay-burst");

    /**
     * One leader-changing nemesis, one message-disorder nemesis, the steered one, a read-path one
     * when reads are served outside the log, and a random one (BUGGIFY aside; fewer when they
     * coincide), each at 1-6 faults per simulated second: denser than any profile, so a short run
     * sees several faults.
     */
    private static String mix(RandomStream r, String steered, List<String> readPath, RandomStream readPathDraws) {
        String leader = LEADER_NEMESES.get(r.nextInt(LEADER_NEMESES.size()));
        String disorder = DISORDER_NEMESES.get(r.nextInt(DISORDER_NEMESES.size()));
        List<String> picks = new ArrayList<>(List.of(leader));
        List<String> more = new ArrayList<>(List.of(disorder, steered));
        if (readPath != null) {
            more.add(readPath.get(readPathDraws.nextInt(readPath.size())));
        }
        for (String pick : more) {
            if (!picks.contains(pick)) {
                picks.add(pick);
            }
        }
        List<String> rest = new ArrayList<>();
        for (Nemesis n : Nemeses.all()) {
            if (!n.name().equals("buggify") && !picks.contains(n.name())) {
                rest.add(n.name());
            }
        }
        picks.add(rest.remove(r.nextInt(rest.size())));
        StringBuilder spec = new StringBuilder();
        for (String pick : picks) {
            double rate = Math.round(r.uniform(1, 6) * 10) / 10.0;
            spec.append(spec.length() == 0 ? "" : ",").append(pick).append('@').append(rate);
        }
        return spec.toString();
    }

    static String variantName(String base, String snapshot, String timing) {
        StringBuilder name = new StringBuilder(base).append('+').append(snapshot);
        if (!timing.equals("default")) {
            name.append('+').append(timing);
        }
        return name.toString();
    }

    private static String weightedChoice(RandomStream r, List<String> arms, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = r.uniform(0, total);
        for (int i = 0; i < arms.size(); i++) {
            x -= weights[i];
            if (x < 0) {
                return arms.get(i);
            }
        }
        return arms.get(arms.size() - 1);
    }
}
