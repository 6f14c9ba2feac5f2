package io.paxsim.faults;

import io.paxsim.sim.random.RandomStream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The registry of nemeses, in a fixed order (profiles and swarm iterate it). Each is a Poisson
 * process of faults of one kind aimed at one kind of target, except {@code buggify}, which is one
 * entry covering the whole fault window. Parameters are drawn within the bounds below;
 * probabilities are rounded to 1e-4 so schedules read cleanly and replay from JSON bit-exactly.
 */
public final class Nemeses {
    /** Clock skews stay within this of true time (leases must tolerate bounded skew only). */
    public static final long CLOCK_SKEW_MAX_NANOS = 500_000_000L;
    public static final long CLOCK_JUMP_MAX_NANOS = 1_000_000_000L;
    public static final long CLOCK_DRIFT_MAX_PPM = 1_000;
    public static final long DELAY_BURST_MAX_NANOS = 50_000_000L;
    public static final long DISK_FULL_HEADROOM_MAX_BYTES = 64 * 1024;
    /** Bound on one nemesis's entries per run, so a silly rate cannot exhaust memory. */
    public static final int MAX_ENTRIES_PER_NEMESIS = 10_000;

    /** Makes the entry for a fault starting at {@code startNanos}; null to skip (no allowed target). */
    @FunctionalInterface
    interface EntryMaker {
        ScheduleEntry make(RandomStream random, FaultContext context, long startNanos);
    }

    /**
     * One episode of a nemesis, starting at {@code startNanos}: adds its entries and returns when it
     * is over (the next arrival is drawn from then on), or {@link #STOP} when it would not fit the run.
     */
    @FunctionalInterface
    interface Episode {
        long add(RandomStream random, FaultContext context, long startNanos, List<ScheduleEntry> entries);
    }

    static final long STOP = -1;

    /** Poisson arrivals at {@code ratePerSecond} from the quiet start, each an episode, bounded in entries. */
    static List<ScheduleEntry> arrivals(RandomStream random, FaultContext context, double ratePerSecond, Episode episode) {
        List<ScheduleEntry> entries = new ArrayList<>();
        if (!(ratePerSecond > 0)) {
            return entries;
        }
        double meanGapNanos = 1e9 / ratePerSecond;
        double t = context.quietStartNanos();
        while (entries.size() < MAX_ENTRIES_PER_NEMESIS) {
            t += random.exponential(meanGapNanos);
            long endNanos = episode.add(random, context, (long) t, entries);
            if (endNanos == STOP) {
                break;
            }
            t = Math.max(t, endNanos);
        }
        return entries;
    }

    /**
     * A nemesis as data, one row of the table below: its name, description and default rate, the
     * runs it applies to (it draws nothing elsewhere), and its episode at each Poisson arrival.
     */
    private record EpisodeNemesis(String name, String description, double defaultRatePerSecond,
                                  Predicate<FaultContext> applies, Episode episode) implements Nemesis {
        @Override
        public List<ScheduleEntry> generate(RandomStream random, FaultContext context, double ratePerSecond) {
            return applies.test(context) ? arrivals(random, context, ratePerSecond, episode) : new ArrayList<>();
        }
    }

    private static final Predicate<FaultContext> ANY = c -> true;
    /** Storage nemeses apply only when the run's fault atlas names replicas they may damage. */
    private static final Predicate<FaultContext> HAS_ATLAS = c -> c.storageFaultReplicas().length > 0;

    /** One replica from the run's atlas, explicitly (the atlas is checked on explicit targets); one draw. */
    private static Target atlasReplica(RandomStream r, FaultContext c) {
        int[] allowed = c.storageFaultReplicas();
        return new Target.Nodes(new int[] {allowed[r.nextInt(allowed.length)]});
    }

    /** A nemesis of one fault per arrival, made by {@code maker} (null: none this time), until the run's end. */
    private static Nemesis poisson(String name, String description, double rate, Predicate<FaultContext> applies, EntryMaker maker) {
        return new EpisodeNemesis(name, description, rate, applies, (r, c, start, entries) -> {
            if (start >= c.durationNanos()) {
                return STOP;
            }
            ScheduleEntry entry = maker.make(r, c, start);
            if (entry != null) {
                entries.add(entry);
            }
            return start;
        });
    }

    /** One BUGGIFY entry over the whole fault window; the rate only decides whether it is on. */
    private record BuggifyNemesis() implements Nemesis {
        @Override
        public String name() {
            return "buggify";
        }

        @Override
        public String description() {
            return "BUGGIFY fault points on for the whole safety phase";
        }

        @Override
        public double defaultRatePerSecond() {
            return 1;
        }

        @Override
        public List<ScheduleEntry> generate(RandomStream random, FaultContext context, double ratePerSecond) {
            long start = context.quietStartNanos();
            if (!(ratePerSecond > 0) || start >= context.durationNanos()) {
                return List.of();
            }
            Fault fault = new Fault.Buggify(probability(random, 0.1, 0.5), probability(random, 0.01, 0.2));
            return List.of(new ScheduleEntry(start, fault, new Target.All(), context.durationNanos() - start,
                    random.nextLong()));
        }
    }

    private static final Map<String, Nemesis> BY_NAME = new LinkedHashMap<>();

    static {
        registerNetwork();
        registerProcesses();
        registerClocks();
        registerDisks();
        register(new BuggifyNemesis());
        // Registered after the rest, so the draws of every earlier nemesis (and old seeds' swarm choices) stay put.
        registerCorners();
        // After the corners, for the same reason.
        register(crashMidBroadcast());
        // A paused leader wakes up still leading in its own eyes: stale-ballot Accepts and heartbeats
        // reach replicas that moved on, at the moment log suffixes and catch-up are in flux.
        register(poisson("stall-leader", "freeze the leader for 2-40 ms, across election and check-quorum timeouts",
                0.3, ANY, (r, c, start) -> new ScheduleEntry(start, new Fault.Pause(), new Target.Leader(),
                        logUniformNanos(r, 2_000_000L, 40_000_000L), r.nextLong())));
        register(lagThenCrash());
        // Non-transitive reachability: cut-off followers campaign through replicas that still hear the leader.
        register(poisson("partial-partition-leader",
                "cut the leader off from a minority of its followers, who still reach every other replica", 0.2, ANY,
                (r, c, start) -> new ScheduleEntry(start, new Fault.CutFromLeader(),
                        new Target.RandomFollowers(Math.max(1, (c.replicaCount() - 1) / 2)), c.drawFaultDurationNanos(r),
                        r.nextLong())));
        register(failoverRestart());
        // Damage in every copy of a record, so recovery meets records neither mirror can repair
        // (damaged slots, promises, rounds). Registered last, so earlier nemeses' draws stay put.
        atlas("same-offset-rot", "flip 2-4 bits at one offset of every synced file of an atlas replica (its mirrors too)",
                0.1, false, (r, c) -> new Fault.SameOffsetRot(2 + r.nextInt(3)));
        // Rot where recovery reads: the newest synced records, before compaction rewrites them. After the rest.
        atlas("newest-rot", "flip 1-4 bits among the newest synced bytes of each file of an atlas replica", 0.2, false,
                (r, c) -> new Fault.NewestRot(1 + r.nextInt(4)));
        register(lapseMidRead());
        // Damage no mirror can repair, read by the recovery it is there for. Registered last, as above.
        register(rotEveryCopyThenRestart());
    }

    private Nemeses() {
    }

    public static List<Nemesis> all() {
        return Collections.unmodifiableList(new ArrayList<>(BY_NAME.values()));
    }

    public static Nemesis named(String name) {
        Nemesis n = BY_NAME.get(name);
        if (n == null) {
            throw new IllegalArgumentException("unknown nemesis '" + name + "' (known: " + String.join(", ", BY_NAME.keySet()) + ")");
        }
        return n;
    }

    private static void registerNetwork() {
        timed("partition-halves", "split the replicas into two random halves", 0.1,
                (r, c) -> new Fault.PartitionHalves(), new Target.All());
        timed("partition-majority-minority", "cut a random minority off from the majority", 0.1,
                (r, c) -> new Fault.PartitionMajorityMinority(), new Target.RandomMinority());
        // Three times the other partitions' rate: a cut-off leader is where read paths, leases and
        // step-down break (Jepsen's partition-leader), and pre-vote makes other cuts mostly harmless.
        timed("isolate-leader", "cut the leader off from every other replica", 0.3,
                (r, c) -> new Fault.Isolate(), new Target.Leader());
        timed("isolate-node", "cut a random replica off from every other replica", 0.1,
                (r, c) -> new Fault.Isolate(), new Target.RandomNode());
        timed("partition-ring", "each replica sees only its ring neighbours (overlapping majorities)", 0.1,
                (r, c) -> new Fault.PartitionRing(), new Target.All());
        timed("partition-bridge", "two halves connected only through one bridge replica", 0.1,
                (r, c) -> new Fault.PartitionBridge(), new Target.All());
        timed("cut-one-way", "a random replica can send but not receive, or receive but not send", 0.1,
                (r, c) -> new Fault.CutOneWay(r.bernoulli(0.5)), new Target.RandomNode());
        timed("clog-swizzle", "clog a minority's traffic node by node, release it in reverse order", 0.1,
                (r, c) -> new Fault.ClogSwizzle(), new Target.RandomMinority());
        timed("loss-burst", "links of a replica (or all) drop 5-50% of messages", 0.1,
                (r, c) -> new Fault.LossBurst(probability(r, 0.05, 0.5)), null);
        timed("duplicate-burst", "links of a replica (or all) duplicate 5-30% of messages", 0.1,
                (r, c) -> new Fault.DuplicateBurst(probability(r, 0.05, 0.3)), null);
        timed("delay-burst", "links of a replica (or all) get up to 50 ms slower and reorder", 0.1,
                (r, c) -> new Fault.DelayBurst(r.nextLong(1_000_000L, DELAY_BURST_MAX_NANOS + 1)), null);
    }

    private static void registerProcesses() {
        timed("crash-random", "crash a random replica, restart it later", 0.15,
                (r, c) -> new Fault.CrashRestart(), new Target.RandomNode());
        timed("crash-leader", "crash the leader, restart it later", 0.15,
                (r, c) -> new Fault.CrashRestart(), new Target.Leader());
        register(poisson("crash-several", "crash 2..n replicas at once (all of them, sometimes)", 0.15, ANY,
                (r, c, start) -> new ScheduleEntry(start, new Fault.CrashRestart(),
                        new Target.RandomCount(2 + r.nextInt(Math.max(1, c.replicaCount() - 1))),
                        c.drawFaultDurationNanos(r), r.nextLong())));
        timed("crash-during-fsync", "crash a replica right after it issues an fsync", 0.15,
                (r, c) -> new Fault.CrashDuringFsync(c.drawFaultDurationNanos(r)), new Target.RandomNode());
        timed("pause", "freeze a replica (GC pause), resume it later", 0.15,
                (r, c) -> new Fault.Pause(), new Target.RandomNode());
    }

    private static void registerClocks() {
        timed("clock-skew", "set a replica's clock up to 500 ms off true time", 0.2,
                (r, c) -> new Fault.ClockSkew(signed(r, 1_000_000L, CLOCK_SKEW_MAX_NANOS)), new Target.RandomNode());
        timed("clock-drift", "make a replica's clock run up to 1000 ppm fast or slow", 0.2,
                (r, c) -> new Fault.ClockDrift(signed(r, 50, CLOCK_DRIFT_MAX_PPM)), new Target.RandomNode());
        timed("clock-jump", "step a replica's clock by up to 1 s, and back later", 0.2,
                (r, c) -> new Fault.ClockJump(signed(r, 10_000_000L, CLOCK_JUMP_MAX_NANOS)), new Target.RandomNode());
    }

    private static void registerDisks() {
        atlas("crash-torn-writes", "crash an atlas replica with every unsynced write torn", 0.1, true,
                (r, c) -> new Fault.CrashTornWrites());
        timed("crash-lost-writes", "crash a replica with every unsynced write lost", 0.1,
                (r, c) -> new Fault.CrashLostWrites(), new Target.RandomNode());
        atlas("bit-rot", "flip 1-4 bits of an atlas replica's synced data", 0.1, false,
                (r, c) -> new Fault.BitRot(1 + r.nextInt(4)));
        atlas("latent-read-errors", "make 1-3 sectors of an atlas replica's synced data unreadable", 0.1, false,
                (r, c) -> new Fault.LatentReadErrors(1 + r.nextInt(3)));
        atlas("misdirected-writes", "an atlas replica's writes land at wrong sectors (1-20%)", 0.1, true,
                (r, c) -> new Fault.MisdirectedWrites(probability(r, 0.01, 0.2)));
        atlas("misdirect-next-write", "one write of an atlas replica lands at a wrong sector", 0.1, false,
                (r, c) -> new Fault.MisdirectNextWrite());
        timed("fsync-eio", "a replica's fsyncs fail with EIO (5-50%)", 0.1,
                (r, c) -> new Fault.FsyncFailures(probability(r, 0.05, 0.5)), new Target.RandomNode());
        timed("disk-full", "a replica's disk fills up (0-64 KiB of headroom)", 0.1,
                (r, c) -> new Fault.DiskFull(r.nextLong(DISK_FULL_HEADROOM_MAX_BYTES + 1)), new Target.RandomNode());
    }

    /**
     * The corners where consensus bugs hide: timing near the protocol's own timeouts (heartbeat ~1 ms,
     * lease ~4 ms, election 5-10 ms), one-way slowness, old messages coming back after a leader
     * change, slow disks, the same replica crashing again and again, clock drift up to the lease's
     * margin and small clock steps around lease boundaries.
     */
    private static void registerCorners() {
        timed("slow-link-one-way", "a replica's links get 0.5-30 ms slower in one direction only", 0.3,
                (r, c) -> new Fault.OneWayDelay(logUniformNanos(r, 500_000L, 30_000_000L), r.bernoulli(0.5)),
                new Target.RandomNode());
        timed("stale-redelivery", "links of a replica (or all) deliver 5-30% of messages again, up to 5-300 ms late", 0.3,
                (r, c) -> new Fault.StaleRedelivery(probability(r, 0.05, 0.3), logUniformNanos(r, 5_000_000L, 300_000_000L)),
                null);
        register(poisson("stall-short", "freeze a replica for 1-30 ms, around heartbeat and election timeouts", 0.5, ANY,
                (r, c, start) -> new ScheduleEntry(start, new Fault.Pause(), new Target.RandomNode(),
                        logUniformNanos(r, 1_000_000L, 30_000_000L), r.nextLong())));
        timed("fsync-stall", "a replica's fsyncs take 1-40 ms", 0.3,
                (r, c) -> new Fault.FsyncStall(logUniformNanos(r, 1_000_000L, 40_000_000L)), new Target.RandomNode());
        register(crashLoop());
        register(corruptThenRestart());
        timed("power-loss", "crash every replica at once, unsynced writes lost, restart them together", 0.2,
                (r, c) -> new Fault.CrashLostWrites(), new Target.All());
        timed("clock-drift-large", "a replica's clock runs 4-12% fast or slow (leases keep a 10% margin)", 0.3,
                (r, c) -> new Fault.ClockDrift(signed(r, 40_000L, 120_000L)), new Target.RandomNode());
        timed("clock-nudge", "step a replica's clock by 0.2-8 ms, and back later", 0.3,
                (r, c) -> new Fault.ClockJump(signed(r, 200_000L, 8_000_000L)), new Target.RandomNode());
        // A supervisor restarts a crashed process at once: back within a lease or election timeout,
        // so whatever it promised or granted just before the crash still binds (and must be remembered).
        register(poisson("restart-fast", "crash a replica and restart it 0.2-4 ms later", 0.5, ANY,
                (r, c, start) -> new ScheduleEntry(start, new Fault.CrashRestart(), new Target.RandomNode(),
                        logUniformNanos(r, 200_000L, 4_000_000L), r.nextLong())));
        register(powerLossSlowDisks());
        // Half on the leader: its reads (read-index, lease) then race its own apply while followers apply on time.
        register(poisson("slow-apply", "the leader or a replica applies committed entries 0.3-20 ms late", 0.3, ANY,
                (r, c, start) -> new ScheduleEntry(start, new Fault.SlowApply(logUniformNanos(r, 300_000L, 20_000_000L)),
                        r.bernoulli(0.5) ? new Target.Leader() : new Target.RandomNode(), c.drawFaultDurationNanos(r),
                        r.nextLong())));
    }

    /**
     * A power loss while some disks lag: fsyncs of the leader and 1..n-2 others stall 1-20 ms, and while they
     * do, every replica crashes losing its unsynced writes; the old leader reboots first and the
     * rest 1-10 ms later. So replicas come back with different durable prefixes of the same
     * traffic, and the old leader races to lead again with only what it synced: safe only if every
     * promise, vote and ballot it (and each acceptor) answered with was durable, and recovery read
     * them back.
     */
    private static Nemesis powerLossSlowDisks() {
        return new EpisodeNemesis("power-loss-slow-disks",
                "stall the leader's and 1..n-2 others' fsyncs, crash every replica mid-stall losing unsynced writes, "
                + "reboot the old leader first (the rest 1-10 ms later)", 0.6, c -> c.replicaCount() >= 2,
                (r, c, stallStart, entries) -> {
            int n = c.replicaCount();
            // The stall ends with the crash: after the reboot the disks are healthy again.
            long stallNanos = logUniformNanos(r, 500_000L, 30_000_000L);
            long crashAt = stallStart + stallNanos;
            if (crashAt >= c.durationNanos()) {
                return STOP;
            }
            long leaderDown = logUniformNanos(r, 2_000_000L, 40_000_000L);
            long followersLater = logUniformNanos(r, 1_000_000L, 10_000_000L);
            Fault stall = new Fault.FsyncStall(logUniformNanos(r, 1_000_000L, 20_000_000L));
            // The leader's disk (it writes first and most) and 1..n-2 of its followers' (never the leader again, so the
            // old leader and the stalled followers can form a quorum that lost the same tail): the rest sync on time.
            entries.add(new ScheduleEntry(stallStart, stall, new Target.Leader(), stallNanos, r.nextLong()));
            entries.add(new ScheduleEntry(stallStart, stall, new Target.RandomFollowers(1 + r.nextInt(Math.max(1, n - 2))),
                    stallNanos, r.nextLong()));
            // Followers first, while the leader is still up and known; the leader a nanosecond later.
            entries.add(new ScheduleEntry(crashAt, new Fault.CrashLostWrites(), new Target.Followers(),
                    leaderDown + followersLater, r.nextLong()));
            entries.add(new ScheduleEntry(crashAt + 1, new Fault.CrashLostWrites(), new Target.Leader(), leaderDown,
                    r.nextLong()));
            return crashAt + leaderDown + followersLater;
        });
    }

    /**
     * The gap between a read's arrival at the leader and the moment it is served, stretched across
     * the leader's lease and a rival's election: the leader applies committed entries 2-40 ms late
     * (reads and waiting writes queue behind the apply), and 0.5-10 ms later it goes silent,
     * isolated from the other replicas (clients still reach it) or frozen, until 0.5-20 ms after
     * the apply pending then is due: past the lease it held when the reads arrived, past the
     * followers' grants and (often) a rival's election. What it serves once the apply completes must
     * be fresh then, not only when the read arrived.
     */
    private static Nemesis lapseMidRead() {
        return new EpisodeNemesis("lapse-mid-read",
                "the leader applies 2-40 ms late and, with the apply pending, goes silent (isolated or frozen) until "
                + "0.5-20 ms after it: reads wait across its lease, the grants and a rival's election", 0.3, ANY,
                (r, c, start, entries) -> {
            long applyLate = logUniformNanos(r, 2_000_000L, 40_000_000L);
            // Reads pile up behind the apply for a while; the silence outlasts the apply pending when it begins.
            long lag = logUniformNanos(r, 500_000L, 10_000_000L);
            long silentAt = start + lag;
            long silent = applyLate + logUniformNanos(r, 500_000L, 20_000_000L);
            if (silentAt >= c.durationNanos()) {
                return STOP;
            }
            // The apply stays slow until the silence is over, so reads queued before it are still waiting in it.
            entries.add(new ScheduleEntry(start, new Fault.SlowApply(applyLate), new Target.Leader(), lag + silent,
                    r.nextLong()));
            entries.add(new ScheduleEntry(silentAt, r.bernoulli(0.5) ? new Fault.Isolate() : new Fault.Pause(),
                    new Target.Leader(), silent, r.nextLong()));
            return silentAt + silent;
        });
    }

    /** One replica crashed and restarted 2-5 times in a row, down 2-40 ms and up 5-80 ms each time. */
    private static Nemesis crashLoop() {
        return new EpisodeNemesis("crash-loop",
                "crash the same replica 2-5 times in a row (down 2-40 ms, up 5-80 ms)", 0.3, ANY,
                (r, c, start, entries) -> {
            if (start >= c.durationNanos()) {
                return STOP;
            }
            int node = r.nextInt(c.replicaCount());
            int cycles = 2 + r.nextInt(4);
            for (int i = 0; i < cycles && start < c.durationNanos(); i++) {
                long down = logUniformNanos(r, 2_000_000L, 40_000_000L);
                entries.add(new ScheduleEntry(start, new Fault.CrashRestart(), new Target.Nodes(new int[] {node}),
                        down, r.nextLong()));
                start += down + logUniformNanos(r, 5_000_000L, 80_000_000L);
            }
            return start;
        });
    }

    /**
     * A leader dies in the middle of replicating: its disk slows (fsyncs of 2-20 ms) for 1-10 ms,
     * then for its last 0.2-3 ms 55-90% of what it sends to the other replicas is lost (a process's
     * unsent buffers die with it; too short for retransmissions to repair), then it crashes, down
     * 2-40 ms. Only its outbound replica links lose: its clients keep sending it commands and
     * getting answers, and acceptors' votes reach it, so its last proposals keep going out (when
     * its client links lost too, a window saw one or two proposals, and holes were rare). Those
     * proposals reach some replicas and not others, in no order: log holes below slots a minority
     * holds, values accepted by a minority only, followers that must catch up, the states a new
     * leader and log maintenance must repair. Its unsynced writes die too (it acknowledged none of
     * them), so some slots end up nowhere.
     */
    private static Nemesis crashMidBroadcast() {
        return new EpisodeNemesis("crash-mid-broadcast",
                "the leader's disk slows, then 55-90% of what it sends to replicas is lost for 0.2-3 ms, then it crashes, "
                + "unsynced writes lost",
                0.6, ANY,
                (r, c, start, entries) -> {
            long slowDisk = logUniformNanos(r, 1_000_000L, 10_000_000L);
            long lossy = logUniformNanos(r, 200_000L, 3_000_000L);
            long lossAt = start + slowDisk;
            long crashAt = lossAt + lossy;
            if (crashAt >= c.durationNanos()) {
                return STOP;
            }
            // The disk slows first (followers still commit, so clients keep the pipeline full while the
            // leader's own votes pile up unsynced), then its last messages are lost, then it dies.
            entries.add(new ScheduleEntry(start, new Fault.FsyncStall(logUniformNanos(r, 2_000_000L, 20_000_000L)),
                    new Target.Leader(), slowDisk + lossy + 1_000_000L, r.nextLong()));
            entries.add(new ScheduleEntry(lossAt, new Fault.OutboundLoss(probability(r, 0.55, 0.9)),
                    new Target.Leader(), lossy + 1_000_000L, r.nextLong()));
            entries.add(new ScheduleEntry(crashAt, new Fault.CrashLostWrites(), new Target.Leader(),
                    logUniformNanos(r, 2_000_000L, 40_000_000L), r.nextLong()));
            return crashAt;
        });
    }

    /**
     * State transfer under stress: a replica is cut off for 20-200 ms (long enough, with short
     * snapshot intervals, to fall behind the others' compaction), rejoins, and crashes 0.2-5 ms
     * later, while it asks for catch-up, installs a snapshot or writes it; down 2-40 ms, then it
     * must catch up again from whatever it had made durable.
     */
    private static Nemesis lagThenCrash() {
        return new EpisodeNemesis("lag-then-crash",
                "cut a replica off for 20-200 ms, then crash it 0.2-5 ms after it rejoins (mid catch-up)", 0.3, ANY,
                (r, c, start, entries) -> {
            Target node = new Target.Nodes(new int[] {r.nextInt(c.replicaCount())});
            long lag = logUniformNanos(r, 20_000_000L, 200_000_000L);
            long crashAt = start + lag + logUniformNanos(r, 200_000L, 5_000_000L);
            if (crashAt >= c.durationNanos()) {
                return STOP;
            }
            entries.add(new ScheduleEntry(start, new Fault.Isolate(), node, lag, r.nextLong()));
            entries.add(new ScheduleEntry(crashAt, new Fault.CrashRestart(), node,
                    logUniformNanos(r, 2_000_000L, 40_000_000L), r.nextLong()));
            return crashAt;
        });
    }

    /**
     * A failover with a restart in it. The leader fades unevenly: a minority of followers lose it
     * first, either cut off from it (a partial partition) 2-40 ms before it goes silent to the rest,
     * so they campaign again and again, or, once it is silent, their clocks step 2-8 ms forward
     * (their election timers run ahead). Silent means isolated or frozen, for 5-40 ms. Within 0.5 ms
     * of the silence one of the other followers (one that heard the leader to the end) restarts,
     * down 0.1-1 ms. The early followers campaign while the other followers' lease grants and
     * promises, some made just before the restart, still bind: what a replica granted or promised
     * before a restart must hold after it.
     */
    private static Nemesis failoverRestart() {
        return new EpisodeNemesis("failover-restart",
                "a minority of followers lose the leader first (partial partition 2-40 ms before, or a forward clock "
                + "step once it is silent), the leader goes silent 5-40 ms, another follower restarts at once (down 0.1-1 ms)",
                0.3, c -> c.replicaCount() >= 3,
                (r, c, start, entries) -> {
            int earlyCount = (c.replicaCount() - 1) / 2;
            // The followers that lose the leader first, and one that still hears it and restarts: disjoint.
            long order = r.nextLong();
            Target early = new Target.FollowerGroup(order, 0, earlyCount);
            Target restarting = new Target.FollowerGroup(order, earlyCount, 1);
            boolean cut = r.bernoulli(0.5);
            long ahead = logUniformNanos(r, 2_000_000L, 40_000_000L);
            long silent = logUniformNanos(r, 5_000_000L, 40_000_000L);
            long silentAt = cut ? start + ahead : start;
            long restartAt = silentAt + r.nextLong(500_001L);
            if (restartAt >= c.durationNanos()) {
                return STOP;
            }
            entries.add(new ScheduleEntry(silentAt, r.bernoulli(0.5) ? new Fault.Isolate() : new Fault.Pause(),
                    new Target.Leader(), silent, r.nextLong()));
            if (cut) {
                entries.add(new ScheduleEntry(start, new Fault.CutFromLeader(), early, ahead + silent, r.nextLong()));
            } else {
                long stepAt = silentAt + r.nextLong(2_000_001L);
                entries.add(new ScheduleEntry(stepAt, new Fault.ClockJump(r.nextLong(2_000_000L, 8_000_001L)), early,
                        silent, r.nextLong()));
            }
            entries.add(new ScheduleEntry(restartAt, new Fault.CrashRestart(), restarting,
                    logUniformNanos(r, 100_000L, 1_000_000L), r.nextLong()));
            return silentAt + silent;
        });
    }

    /**
     * Storage damage recovery must read: rot bits among the newest synced bytes of its files (the
     * records recovery reads first, not yet compacted away), make sectors unreadable or misdirect a
     * write on an atlas replica, then crash and restart that replica 1-20 ms later, so its recovery reads
     * exactly the damaged records; or (half the time) crash it first and damage its disk while it
     * is down, so no compaction erases the damage before recovery reads it.
     */
    private static Nemesis corruptThenRestart() {
        return new EpisodeNemesis("corrupt-then-restart",
                "damage an atlas replica's synced data just before or while it is down for a restart", 0.3, HAS_ATLAS,
                (r, c, start, entries) -> {
            if (start >= c.durationNanos()) {
                return STOP;
            }
            Target node = atlasReplica(r, c);
            int kind = r.nextInt(3);
            Fault damage = kind == 0 ? new Fault.NewestRot(1 + r.nextInt(4))
                    : kind == 1 ? new Fault.LatentReadErrors(1 + r.nextInt(3)) : new Fault.MisdirectNextWrite();
            long crashAt = start + logUniformNanos(r, 1_000_000L, 20_000_000L);
            if (crashAt >= c.durationNanos()) {
                return STOP; // the restart that makes recovery read the damage would fall past the safety phase
            }
            long down = logUniformNanos(r, 2_000_000L, 40_000_000L);
            if (r.bernoulli(0.5)) {
                // Damage at rest, while the replica is down: nothing rewrites or compacts it away
                // before recovery reads it, so recovery meets exactly the damaged records.
                entries.add(new ScheduleEntry(start, new Fault.CrashRestart(), node, down, r.nextLong()));
                entries.add(new ScheduleEntry(start + down / 2, damage, node, 0, r.nextLong()));
            } else {
                entries.add(new ScheduleEntry(start, damage, node, 0, r.nextLong()));
                entries.add(new ScheduleEntry(crashAt, new Fault.CrashRestart(), node, down, r.nextLong()));
            }
            return start;
        });
    }

    /**
     * Damage in every copy, at rest: an atlas replica crashes, 1-3 same-offset rots hit all its
     * synced files (both WAL mirrors alike, so neither repairs the other) while it is down, and it
     * restarts 2-40 ms later. Its recovery then meets records whose checksum fails in every copy
     * (damaged votes, promises, rounds, headers) before any compaction can rewrite them, which is
     * where "skip it", "truncate there" or "trust it" recovery code loses what was synced. Damage
     * while running (same-offset-rot) is mostly compacted away before a restart reads it.
     */
    private static Nemesis rotEveryCopyThenRestart() {
        return new EpisodeNemesis("rot-every-copy-then-restart",
                "crash an atlas replica, flip the same bits in every copy of its synced data while down, restart it",
                0.3, HAS_ATLAS,
                (r, c, start, entries) -> {
            long down = logUniformNanos(r, 2_000_000L, 40_000_000L);
            if (start + down >= c.durationNanos()) {
                return STOP; // the restart whose recovery reads the damage would fall past the safety phase
            }
            Target node = atlasReplica(r, c);
            entries.add(new ScheduleEntry(start, new Fault.CrashRestart(), node, down, r.nextLong()));
            int rots = 1 + r.nextInt(3);
            for (int i = 0; i < rots; i++) {
                entries.add(new ScheduleEntry(start + down * (i + 1) / (rots + 1), new Fault.SameOffsetRot(2 + r.nextInt(3)),
                        node, 0, r.nextLong()));
            }
            return start + down;
        });
    }

    /** Log-uniform in [low, high] nanoseconds: as many short values as long ones, per decade. */
    static long logUniformNanos(RandomStream random, long low, long high) {
        double x = StrictMath.exp(random.uniform(StrictMath.log(low), StrictMath.log(high)));
        return Math.max(low, Math.min(high, Math.round(x)));
    }

    /** A nemesis whose faults last a drawn time; a null target means "a random replica, or all". */
    private static void timed(String name, String description, double rate,
                              java.util.function.BiFunction<RandomStream, FaultContext, Fault> fault, Target target) {
        register(poisson(name, description, rate, ANY, (r, c, start) -> {
            Fault f = fault.apply(r, c);
            Target t = target != null ? target : (r.bernoulli(0.5) ? new Target.All() : new Target.RandomNode());
            return new ScheduleEntry(start, f, t, c.drawFaultDurationNanos(r), r.nextLong());
        }));
    }

    /** A storage nemesis: one replica from the run's atlas set, explicitly; nothing if the set is empty. */
    private static void atlas(String name, String description, double rate, boolean lasting,
                              java.util.function.BiFunction<RandomStream, FaultContext, Fault> fault) {
        register(poisson(name, description, rate, HAS_ATLAS, (r, c, start) -> {
            Fault f = fault.apply(r, c);
            Target t = atlasReplica(r, c);
            long duration = lasting ? c.drawFaultDurationNanos(r) : 0;
            return new ScheduleEntry(start, f, t, duration, r.nextLong());
        }));
    }

    private static void register(Nemesis nemesis) {
        Nemesis previous = BY_NAME.put(nemesis.name(), nemesis);
        assert previous == null : "nemesis registered twice: " + nemesis.name();
    }

    /** Uniform in [low, high], rounded to 1e-4. */
    static double probability(RandomStream random, double low, double high) {
        return Math.round(random.uniform(low, high) * 10_000) / 10_000.0;
    }

    /** Magnitude uniform in [min, max], either sign. */
    private static long signed(RandomStream random, long min, long max) {
        long magnitude = random.nextLong(min, max + 1);
        return random.bernoulli(0.5) ? magnitude : -magnitude;
    }
}
