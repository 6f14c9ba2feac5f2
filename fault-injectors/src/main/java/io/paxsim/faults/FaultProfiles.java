package io.paxsim.faults;

import io.paxsim.sim.random.RandomStream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of fault profiles. Fixed profiles run a set of nemeses at their default rates
 * times a profile scale; {@code swarm} lets the seed choose the set and the rates, so different
 * seeds explore different fault combinations (TigerBeetle's VOPR, FoundationDB's simulation).
 * Every generated schedule is checked against the {@link FaultAtlas}.
 */
public final class FaultProfiles {
    /** One nemesis switched on at a rate (faults per simulated second). */
    public record NemesisRate(Nemesis nemesis, double ratePerSecond) {
    }

    private static final List<String> NETWORK = List.of("partition-halves", "partition-majority-minority",
            "isolate-leader", "isolate-node", "partition-ring", "partition-bridge", "cut-one-way", "clog-swizzle",
            "loss-burst", "duplicate-burst", "delay-burst", "slow-link-one-way", "stale-redelivery", "partial-partition-leader");
    private static final List<String> PROCESSES = List.of("crash-random", "crash-leader", "crash-several",
            "crash-during-fsync", "pause", "stall-short", "crash-loop", "power-loss", "restart-fast", "power-loss-slow-disks",
            "crash-mid-broadcast", "lag-then-crash", "slow-apply");
    private static final List<String> CLOCKS = List.of("clock-skew", "clock-drift", "clock-jump", "clock-drift-large",
            "clock-nudge");
    private static final List<String> DISKS = List.of("crash-torn-writes", "crash-lost-writes", "bit-rot",
            "latent-read-errors", "misdirected-writes", "misdirect-next-write", "fsync-eio", "disk-full", "fsync-stall",
            "corrupt-then-restart", "power-loss-slow-disks", "same-offset-rot", "newest-rot",
            "rot-every-copy-then-restart");
    /** Faults timed around the protocol's own timeouts, old messages, slow disks, repeated crashes. */
    private static final List<String> CORNERS = List.of("slow-link-one-way", "stale-redelivery", "stall-short",
            "fsync-stall", "crash-loop", "power-loss", "corrupt-then-restart", "clock-drift-large", "clock-nudge", "isolate-leader", "crash-leader",
            "restart-fast", "power-loss-slow-disks", "crash-mid-broadcast", "stall-leader", "lag-then-crash", "slow-apply",
            "failover-restart", "lapse-mid-read", "rot-every-copy-then-restart");

    /** Every way a leader goes: where log holes, values only a minority holds and stale ballots come from. */
    private static final List<String> LEADER_CHURN = List.of("isolate-leader", "crash-leader", "crash-mid-broadcast",
            "stall-leader", "partition-majority-minority", "partial-partition-leader", "failover-restart");
    private static final double LEADER_CHURN_SCALE = 5;

    // Simulated runs are seconds long, so a one-class profile must land faults every second or so:
    // these scales give each about 2 faults per simulated second (chaos, with every nemesis, ~1.5).
    private static final double PARTITIONS_SCALE = 2;
    private static final double SINGLE_CLASS_SCALE = 3;

    private static final Map<String, FaultProfile> BY_NAME = new LinkedHashMap<>();

    static {
        register(new Fixed("none", "no faults", List.of(), 1));
        register(new Fixed("partitions", "network partitions, one-way cuts, clogs, loss/duplication/delay bursts",
                NETWORK, PARTITIONS_SCALE));
        register(new Fixed("crashes", "crash/restart (random, leader, several, during fsync) and pauses", PROCESSES,
                SINGLE_CLASS_SCALE));
        register(new Fixed("clocks", "clock skew, drift and jumps per node", CLOCKS, SINGLE_CLASS_SCALE));
        register(new Fixed("disk", "torn and lost writes on crash, bit rot, latent errors, misdirected writes, "
                + "fsync EIO, disk full (bounded by the fault atlas)", DISKS, SINGLE_CLASS_SCALE));
        register(new Fixed("corners", "timing at the timeouts (one-way delays, short stalls, fsync stalls, clock drift "
                + "up to the lease margin, clock nudges), stale redelivery, crash loops, leader isolation", CORNERS,
                SINGLE_CLASS_SCALE));
        List<String> everything = new ArrayList<>();
        for (Nemesis n : Nemeses.all()) {
            everything.add(n.name());
        }
        register(new Fixed("chaos", "every nemesis at once, each at half its usual rate, plus BUGGIFY",
                everything, 0.5));
        register(new Swarm());
        register(new Fixed("leader-churn", "leader changes of every kind, several a second: isolation, crash, crash "
                + "mid-replication, stall, minority cut (log repair, stale ballots, catch-up)", LEADER_CHURN,
                LEADER_CHURN_SCALE));
    }

    private FaultProfiles() {
    }

    public static List<FaultProfile> all() {
        return Collections.unmodifiableList(new ArrayList<>(BY_NAME.values()));
    }

    public static FaultProfile named(String name) {
        FaultProfile p = BY_NAME.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown fault profile '" + name + "' (known: "
                    + String.join(", ", BY_NAME.keySet()) + ")");
        }
        return p;
    }

    /**
     * A profile name, or a comma-separated list of nemeses each optionally with a rate in faults
     * per simulated second ({@code isolate-leader,crash-random@0.5}): a custom profile for
     * {@code --faults}. The list may also name profiles, whose nemeses join at their own rates
     * ({@code corners,lapse-mid-read@2}: the corners profile plus one more nemesis); a nemesis named
     * twice runs at the sum of its rates. Errors are one-line IllegalArgumentExceptions.
     */
    public static FaultProfile parse(String spec) {
        String trimmed = spec.trim();
        if (BY_NAME.containsKey(trimmed)) {
            return BY_NAME.get(trimmed);
        }
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty fault profile (known: " + String.join(", ", BY_NAME.keySet()) + ")");
        }
        List<String> names = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        for (String part : trimmed.split(",", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("empty entry in the fault list '" + trimmed
                        + "' (give profile or nemesis names separated by single commas)");
            }
            String[] nameAndRate = part.trim().split("@", -1);
            if (BY_NAME.get(nameAndRate[0]) instanceof Planned) {
                if (nameAndRate.length > 1) {
                    throw new IllegalArgumentException("'" + part.trim() + "': a fault profile takes no rate (its nemeses keep theirs)");
                }
                names.add(nameAndRate[0]);
                rates.add(Double.NaN);
                continue;
            }
            Nemesis nemesis;
            try {
                nemesis = Nemeses.named(nameAndRate[0]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + nameAndRate[0] + "' is neither a fault profile ("
                        + String.join(", ", BY_NAME.keySet()) + ") nor a nemesis (" + nemesisNames() + ")");
            }
            names.add(nemesis.name());
            rates.add(nameAndRate.length > 1 ? parseRate(nameAndRate[1], part) : nemesis.defaultRatePerSecond());
        }
        return new Custom(trimmed, names, rates);
    }

    private static double parseRate(String text, String part) {
        try {
            double rate = Double.parseDouble(text);
            if (rate >= 0 && rate <= 1000) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new IllegalArgumentException("bad rate in '" + part.trim() + "': want faults per second in [0, 1000]");
    }

    private static String nemesisNames() {
        List<String> names = new ArrayList<>();
        for (Nemesis n : Nemeses.all()) {
            names.add(n.name());
        }
        return String.join(", ", names);
    }

    /** Nemeses (and profiles: rate NaN) chosen on the command line, each nemesis at its own rate. */
    private record Custom(String name, List<String> nemeses, List<Double> rates) implements FaultProfile {
        @Override
        public String description() {
            return "custom: " + name;
        }

        @Override
        public FaultSchedule schedule(RandomStream random, FaultContext context) {
            long baseSeed = random.nextLong();
            Map<String, NemesisRate> plan = new LinkedHashMap<>();
            for (int i = 0; i < nemeses.size(); i++) {
                List<NemesisRate> part = Double.isNaN(rates.get(i)) ? ((Planned) BY_NAME.get(nemeses.get(i))).plan(baseSeed)
                        : List.of(new NemesisRate(Nemeses.named(nemeses.get(i)), rates.get(i)));
                for (NemesisRate step : part) {
                    plan.merge(step.nemesis().name(), step, (a, b) -> new NemesisRate(a.nemesis(), a.ratePerSecond() + b.ratePerSecond()));
                }
            }
            return generate(name, "", baseSeed, context, new ArrayList<>(plan.values()));
        }
    }

    /** A profile that is one plan of nemeses and rates drawn from the schedule's base seed, so lists can include it. */
    private interface Planned extends FaultProfile {
        List<NemesisRate> plan(long baseSeed);
    }

    private static void register(FaultProfile profile) {
        FaultProfile previous = BY_NAME.put(profile.name(), profile);
        assert previous == null : "profile registered twice: " + profile.name();
    }

    /**
     * Generates a schedule from a plan: chooses the atlas replicas, runs each nemesis on its own
     * substream of {@code baseSeed}, merges by start time, and checks the atlas.
     */
    public static FaultSchedule generate(String profile, String comment, long baseSeed, FaultContext context,
                                         List<NemesisRate> plan) {
        int[] atlas = FaultAtlas.chooseStorageFaultReplicas(RandomStream.derive(baseSeed, "atlas"), context.replicaCount());
        FaultContext withAtlas = context.withStorageFaultReplicas(atlas);
        List<ScheduleEntry> entries = new ArrayList<>();
        for (NemesisRate step : plan) {
            RandomStream stream = RandomStream.derive(baseSeed, "nemesis/" + step.nemesis().name());
            entries.addAll(step.nemesis().generate(stream, withAtlas, step.ratePerSecond() * context.rateMultiplier()));
        }
        String fullComment = comment + (comment.isEmpty() ? "" : "; ") + FaultAtlas.commentNaming(atlas);
        FaultSchedule schedule = FaultSchedule.sorted(profile, fullComment, entries);
        FaultAtlas.require(schedule, context.replicaCount());
        return schedule;
    }

    private record Fixed(String name, String description, List<String> nemeses, double scale) implements Planned {
        @Override
        public FaultSchedule schedule(RandomStream random, FaultContext context) {
            long baseSeed = random.nextLong();
            return generate(name, "", baseSeed, context, plan(baseSeed));
        }

        @Override
        public List<NemesisRate> plan(long baseSeed) {
            List<NemesisRate> plan = new ArrayList<>();
            for (String n : nemeses) {
                Nemesis nemesis = Nemeses.named(n);
                plan.add(new NemesisRate(nemesis, nemesis.defaultRatePerSecond() * scale));
            }
            return plan;
        }
    }

    /**
     * Each nemesis on with probability 1/2 (at least one always), at a rate log-uniform between
     * 1/10 and 2 times its default; BUGGIFY on with probability 1/3.
     */
    private record Swarm() implements Planned {
        @Override
        public String name() {
            return "swarm";
        }

        @Override
        public String description() {
            return "the seed chooses which nemeses are on and their rates";
        }

        @Override
        public FaultSchedule schedule(RandomStream random, FaultContext context) {
            long baseSeed = random.nextLong();
            List<NemesisRate> plan = plan(baseSeed);
            return generate(name(), "swarm: " + describe(plan), baseSeed, context, plan);
        }

        @Override
        public List<NemesisRate> plan(long baseSeed) {
            RandomStream choices = RandomStream.derive(baseSeed, "swarm");
            List<NemesisRate> plan = new ArrayList<>();
            List<Nemesis> candidates = new ArrayList<>();
            for (Nemesis n : Nemeses.all()) {
                boolean buggify = n.name().equals("buggify");
                if (!buggify) {
                    candidates.add(n);
                }
                if (choices.bernoulli(buggify ? 1.0 / 3 : 0.5)) {
                    plan.add(new NemesisRate(n, n.defaultRatePerSecond() * logUniform(choices, 0.1, 2.0)));
                }
            }
            if (plan.stream().allMatch(p -> p.nemesis().name().equals("buggify"))) {
                Nemesis n = choices.choice(candidates);
                plan.add(0, new NemesisRate(n, n.defaultRatePerSecond()));
            }
            return plan;
        }

        private static double logUniform(RandomStream random, double low, double high) {
            double x = StrictMath.exp(random.uniform(StrictMath.log(low), StrictMath.log(high)));
            return Math.round(x * 10_000) / 10_000.0;
        }

        private static String describe(List<NemesisRate> plan) {
            StringBuilder s = new StringBuilder();
            for (NemesisRate p : plan) {
                s.append(s.length() == 0 ? "" : ", ").append(p.nemesis().name()).append(" at ")
                        .append(Fmt.probability(p.ratePerSecond())).append("/s");
            }
            return s.toString();
        }
    }
}
