package io.paxsim.faults;

/**
 * One kind of fault, as data: a record whose {@link #name()} is stable (CLI, JSON, reports) and
 * whose components are its parameters. What a fault does when it starts and ends is in
 * {@link FaultEffects}; who it hits is the entry's {@link Target}. Registry: {@link FaultKinds}.
 */
public sealed interface Fault {
    /** The stable name, e.g. {@code partition-halves}. */
    String name();

    /** Name and parameters for people; JDK-independent (it feeds the trace hash). */
    default String describe() {
        return name();
    }

    /**
     * Whether the fault can damage or hide data that was already durable. Only these count
     * against the {@link FaultAtlas} budget.
     */
    default boolean damagesSyncedData() {
        return false;
    }

    // ---- network -------------------------------------------------------------------------------

    record PartitionHalves() implements Fault {
        public String name() {
            return "partition-halves";
        }
    }

    /** The targets (a minority) on one side, every other replica on the other. */
    record PartitionMajorityMinority() implements Fault {
        public String name() {
            return "partition-majority-minority";
        }
    }

    /** Each target alone, cut off from every other replica both ways (clients still reach it). */
    record Isolate() implements Fault {
        public String name() {
            return "isolate";
        }
    }

    /** Replicas on a random ring, each seeing only its nearest neighbours: a majority, never the same one. */
    record PartitionRing() implements Fault {
        public String name() {
            return "partition-ring";
        }
    }

    /** Two halves that see each other only through one bridge replica. */
    record PartitionBridge() implements Fault {
        public String name() {
            return "partition-bridge";
        }
    }

    /** The targets' links to other replicas cut in one direction only. */
    record CutOneWay(boolean inbound) implements Fault {
        public String name() {
            return "cut-one-way";
        }

        public String describe() {
            return name() + (inbound ? "(inbound)" : "(outbound)");
        }
    }

    /**
     * A partial partition: each target's links to the current leader are cut both ways, every other
     * link stays (the targets still reach each other and the rest). Non-transitive reachability, as
     * in Cloudflare's 2020 etcd outage: the cut-off followers campaign through replicas that still
     * hear the leader. No cut when there is no leader.
     */
    record CutFromLeader() implements Fault {
        public String name() {
            return "cut-from-leader";
        }
    }

    /**
     * Swizzle: clog the targets' links to the other replicas node by node during the first quarter,
     * release them node by node in reverse order during the last quarter.
     */
    record ClogSwizzle() implements Fault {
        public String name() {
            return "clog-swizzle";
        }
    }

    /** Links touching the targets drop messages with this probability. */
    record LossBurst(double lossProbability) implements Fault {
        public LossBurst {
            requireProbability("lossProbability", lossProbability);
        }

        public String name() {
            return "loss-burst";
        }

        public String describe() {
            return name() + "(p=" + Fmt.probability(lossProbability) + ")";
        }
    }

    /**
     * The targets' messages to other replicas are dropped with this probability; what they receive,
     * and their traffic with clients, flows. A dying process's send buffers to its peers die with it:
     * its last Accepts reach some acceptors and not others, while its clients keep feeding it
     * commands (symmetric loss would starve it of them as well, so few proposals would go out).
     */
    record OutboundLoss(double lossProbability) implements Fault {
        public OutboundLoss {
            requireProbability("lossProbability", lossProbability);
        }

        public String name() {
            return "outbound-loss";
        }

        public String describe() {
            return name() + "(p=" + Fmt.probability(lossProbability) + ")";
        }
    }

    record DuplicateBurst(double duplicateProbability) implements Fault {
        public DuplicateBurst {
            requireProbability("duplicateProbability", duplicateProbability);
        }

        public String name() {
            return "duplicate-burst";
        }

        public String describe() {
            return name() + "(p=" + Fmt.probability(duplicateProbability) + ")";
        }
    }

    /** Links touching the targets get this much extra floor and mean tail latency, and reorder. */
    record DelayBurst(long extraDelayNanos) implements Fault {
        public DelayBurst {
            requireNonNegative("extraDelayNanos", extraDelayNanos);
        }

        public String name() {
            return "delay-burst";
        }

        public String describe() {
            return name() + "(+" + Fmt.nanos(extraDelayNanos) + ")";
        }
    }

    // ---- processes -----------------------------------------------------------------------------

    /** Crash the targets at the start, restart them at the end. */
    record CrashRestart() implements Fault {
        public String name() {
            return "crash-restart";
        }
    }

    /**
     * Watch the targets during the entry's window; crash each right after it issues an fsync (before
     * the fsync completes) and restart it {@code downNanos} later.
     */
    record CrashDuringFsync(long downNanos) implements Fault {
        public CrashDuringFsync {
            requireNonNegative("downNanos", downNanos);
        }

        public String name() {
            return "crash-during-fsync";
        }

        public String describe() {
            return name() + "(down " + Fmt.nanos(downNanos) + ")";
        }
    }

    record Pause() implements Fault {
        public String name() {
            return "pause";
        }
    }

    // ---- clocks --------------------------------------------------------------------------------

    /** Set the targets' clock offset from true time; at the end, back to an older still-active skew or the baseline. */
    record ClockSkew(long offsetNanos) implements Fault {
        public String name() {
            return "clock-skew";
        }

        public String describe() {
            return name() + "(" + Fmt.nanos(offsetNanos) + ")";
        }
    }

    /** The targets' clocks run fast or slow by this many ppm until the end. */
    record ClockDrift(long driftPpm) implements Fault {
        public ClockDrift {
            if (driftPpm <= -500_000 || driftPpm >= 1_000_000) {
                throw new IllegalArgumentException("driftPpm must be within (-500000, 1000000): " + driftPpm);
            }
        }

        public String name() {
            return "clock-drift";
        }

        public String describe() {
            return name() + "(" + driftPpm + "ppm)";
        }
    }

    /** Step the targets' clocks by {@code deltaNanos} at the start and back at the end. */
    record ClockJump(long deltaNanos) implements Fault {
        public String name() {
            return "clock-jump";
        }

        public String describe() {
            return name() + "(" + Fmt.nanos(deltaNanos) + ")";
        }
    }

    /**
     * Asymmetric delay: every link of the targets, to replicas and clients alike, gets this much
     * slower in one direction only (outbound: what they send, replies to clients included; inbound:
     * what they receive, client requests included), in order. As the other link knobs (loss,
     * duplicate and delay bursts) and unlike {@link CutOneWay}, which cuts links to replicas only:
     * a slow replica is slow to everyone, and recorded runs replay with this behaviour.
     */
    record OneWayDelay(long delayNanos, boolean inbound) implements Fault {
        public OneWayDelay {
            requireNonNegative("delayNanos", delayNanos);
        }

        public String name() {
            return "one-way-delay";
        }

        public String describe() {
            return name() + "(" + (inbound ? "inbound" : "outbound") + " +" + Fmt.nanos(delayNanos) + ")";
        }
    }

    /**
     * Old messages come back: links touching the targets duplicate messages with this probability
     * and deliver the copy up to {@code lateNanos} later, after leaders and ballots have moved on.
     */
    record StaleRedelivery(double probability, long lateNanos) implements Fault {
        public StaleRedelivery {
            requireProbability("probability", probability);
            requireNonNegative("lateNanos", lateNanos);
        }

        public String name() {
            return "stale-redelivery";
        }

        public String describe() {
            return name() + "(p=" + Fmt.probability(probability) + ", up to +" + Fmt.nanos(lateNanos) + ")";
        }
    }

    // ---- disks ---------------------------------------------------------------------------------

    /**
     * The targets apply committed entries this much late (a slow state machine or a busy apply
     * thread), so reads served outside the log race the apply. Protocol code meets it at the
     * {@value #POINT} delay point.
     */
    record SlowApply(long delayNanos) implements Fault {
        public static final String POINT = "apply";

        public SlowApply {
            if (delayNanos <= 0) {
                throw new IllegalArgumentException("delayNanos must be > 0: " + delayNanos);
            }
        }

        public String name() {
            return "slow-apply";
        }

        public String describe() {
            return name() + "(" + Fmt.nanos(delayNanos) + ")";
        }
    }

    /** The targets' fsyncs take this long (to twice this): a stalled disk, not a failing one. */
    record FsyncStall(long latencyNanos) implements Fault {
        public FsyncStall {
            requireNonNegative("latencyNanos", latencyNanos);
        }

        public String name() {
            return "fsync-stall";
        }

        public String describe() {
            return name() + "(" + Fmt.nanos(latencyNanos) + ")";
        }
    }

    /** Crash with every unsynced write torn (a sector prefix survives); restart at the end. */
    record CrashTornWrites() implements Fault {
        public String name() {
            return "crash-torn-writes";
        }

        /** A torn in-place overwrite can ruin bytes that were synced before it. */
        public boolean damagesSyncedData() {
            return true;
        }
    }

    /** Crash with every unsynced write lost; restart at the end. Acknowledged data is untouched. */
    record CrashLostWrites() implements Fault {
        public String name() {
            return "crash-lost-writes";
        }
    }

    /** Flip {@code flips} random bits of synced data on each target. */
    record BitRot(int flips) implements Fault {
        public BitRot {
            if (flips < 1) {
                throw new IllegalArgumentException("flips must be >= 1: " + flips);
            }
        }

        public String name() {
            return "bit-rot";
        }

        public String describe() {
            return name() + "(" + flips + " bits)";
        }

        public boolean damagesSyncedData() {
            return true;
        }
    }

    /**
     * Flip {@code flips} bits within 8 bytes at one random offset of synced data, the same bits in
     * every file of the replica that holds synced data there: correlated damage (a firmware or
     * controller bug hitting one offset of mirrored volumes) that mirroring alone cannot repair, so
     * recovery must meet records damaged in every copy.
     */
    record SameOffsetRot(int flips) implements Fault {
        public SameOffsetRot {
            if (flips < 1) {
                throw new IllegalArgumentException("flips must be >= 1: " + flips);
            }
        }

        public String name() {
            return "same-offset-rot";
        }

        public String describe() {
            return name() + "(" + flips + " bits)";
        }

        public boolean damagesSyncedData() {
            return true;
        }
    }

    /**
     * Flip {@code flips} bits within the newest synced bytes of every file of each target (the last
     * {@link #NEWEST_BYTES} of its synced data, each file at its own offsets): a disk that garbles
     * what it wrote last. An append-only log keeps its newest records there, the ones recovery
     * reads and no compaction has rewritten yet; a file written whole (a snapshot) is all newest.
     * Uniform rot ({@link BitRot}) mostly lands in old, padded or already-compacted bytes.
     */
    record NewestRot(int flips) implements Fault {
        public static final int NEWEST_BYTES = 512;

        public NewestRot {
            if (flips < 1) {
                throw new IllegalArgumentException("flips must be >= 1: " + flips);
            }
        }

        public String name() {
            return "newest-rot";
        }

        public String describe() {
            return name() + "(" + flips + " bits)";
        }

        public boolean damagesSyncedData() {
            return true;
        }
    }

    /** Make {@code sectors} random sectors of synced data unreadable until rewritten. */
    record LatentReadErrors(int sectors) implements Fault {
        public LatentReadErrors {
            if (sectors < 1) {
                throw new IllegalArgumentException("sectors must be >= 1: " + sectors);
            }
        }

        public String name() {
            return "latent-read-errors";
        }

        public String describe() {
            return name() + "(" + sectors + " sectors)";
        }

        public boolean damagesSyncedData() {
            return true;
        }
    }

    /** Writes reaching the platter land at a wrong sector with this probability. */
    record MisdirectedWrites(double probability) implements Fault {
        public MisdirectedWrites {
            requireProbability("probability", probability);
        }

        public String name() {
            return "misdirected-writes";
        }

        public String describe() {
            return name() + "(p=" + Fmt.probability(probability) + ")";
        }

        public boolean damagesSyncedData() {
            return true;
        }
    }

    /** The next write of one random file of each target to reach the platter lands at a wrong sector. */
    record MisdirectNextWrite() implements Fault {
        public String name() {
            return "misdirect-next-write";
        }

        public boolean damagesSyncedData() {
            return true;
        }
    }

    /** fsync completes with EIO with this probability (Linux semantics: the covered writes may be gone). */
    record FsyncFailures(double probability) implements Fault {
        public FsyncFailures {
            requireProbability("probability", probability);
        }

        public String name() {
            return "fsync-eio";
        }

        public String describe() {
            return name() + "(p=" + Fmt.probability(probability) + ")";
        }
    }

    /** The disk fills up: capacity becomes what is in use when the fault starts plus the headroom. */
    record DiskFull(long headroomBytes) implements Fault {
        public DiskFull {
            requireNonNegative("headroomBytes", headroomBytes);
        }

        public String name() {
            return "disk-full";
        }

        public String describe() {
            return name() + "(headroom " + headroomBytes + "B)";
        }
    }

    // ---- fault points --------------------------------------------------------------------------

    /** BUGGIFY on: each named fault point activates with one probability, then fires with the other. */
    record Buggify(double activationProbability, double fireProbability) implements Fault {
        public Buggify {
            requireProbability("activationProbability", activationProbability);
            requireProbability("fireProbability", fireProbability);
        }

        public String name() {
            return "buggify";
        }

        public String describe() {
            return name() + "(activate " + Fmt.probability(activationProbability)
                    + ", fire " + Fmt.probability(fireProbability) + ")";
        }
    }

    private static void requireProbability(String what, double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException(what + " must be in [0, 1]: " + p);
        }
    }

    private static void requireNonNegative(String what, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must be >= 0: " + value);
        }
    }
}
