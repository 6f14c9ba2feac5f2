package io.paxsim.faults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry of fault kinds: stable name, record type, one-line description. */
public final class FaultKinds {
    /** One registered kind. */
    public record Kind(String name, Class<? extends Fault> type, String description) {
    }

    private static final Map<String, Kind> BY_NAME = new LinkedHashMap<>();

    static {
        add("partition-halves", Fault.PartitionHalves.class, "split the replicas into two random halves");
        add("partition-majority-minority", Fault.PartitionMajorityMinority.class,
                "cut the targets (a minority) off from the majority");
        add("isolate", Fault.Isolate.class, "cut each target off from every other replica");
        add("partition-ring", Fault.PartitionRing.class,
                "replicas on a ring, each seeing only its neighbours (a majority, never the same one)");
        add("partition-bridge", Fault.PartitionBridge.class, "two halves joined only through one bridge replica");
        add("cut-one-way", Fault.CutOneWay.class, "cut the targets' links in one direction only");
        add("clog-swizzle", Fault.ClogSwizzle.class,
                "clog the targets' traffic node by node, then release it node by node in reverse order");
        add("loss-burst", Fault.LossBurst.class, "links touching the targets drop messages");
        add("duplicate-burst", Fault.DuplicateBurst.class, "links touching the targets duplicate messages");
        add("delay-burst", Fault.DelayBurst.class, "links touching the targets get slow and reorder");
        add("crash-restart", Fault.CrashRestart.class, "crash the targets, restart them at the end");
        add("crash-during-fsync", Fault.CrashDuringFsync.class,
                "crash a target right after it issues an fsync, restart it later");
        add("pause", Fault.Pause.class, "freeze the targets (GC pause, SIGSTOP), resume at the end");
        add("clock-skew", Fault.ClockSkew.class, "set the targets' clock offset, restore it at the end");
        add("clock-drift", Fault.ClockDrift.class, "make the targets' clocks run fast or slow");
        add("clock-jump", Fault.ClockJump.class, "step the targets' clocks, step them back at the end");
        add("crash-torn-writes", Fault.CrashTornWrites.class, "crash with every unsynced write torn");
        add("crash-lost-writes", Fault.CrashLostWrites.class, "crash with every unsynced write lost");
        add("bit-rot", Fault.BitRot.class, "flip random bits of synced data");
        add("same-offset-rot", Fault.SameOffsetRot.class, "flip the same bits at one offset of every file holding synced data there");
        add("latent-read-errors", Fault.LatentReadErrors.class, "make sectors of synced data unreadable");
        add("misdirected-writes", Fault.MisdirectedWrites.class, "writes land at a wrong sector");
        add("misdirect-next-write", Fault.MisdirectNextWrite.class,
                "the next write of one file to reach the platter lands at a wrong sector");
        add("fsync-eio", Fault.FsyncFailures.class, "fsync fails with EIO, its writes possibly gone");
        add("disk-full", Fault.DiskFull.class, "the disk fills up: writes past a small headroom fail");
        add("buggify", Fault.Buggify.class, "switch on BUGGIFY fault points in protocol code");
        add("one-way-delay", Fault.OneWayDelay.class, "slow the targets' links, client links too, in one direction only");
        add("stale-redelivery", Fault.StaleRedelivery.class,
                "duplicate messages on the targets' links and deliver the copies much later");
        add("fsync-stall", Fault.FsyncStall.class, "make the targets' fsyncs slow");
        add("slow-apply", Fault.SlowApply.class, "make the targets apply committed entries late");
        add("cut-from-leader", Fault.CutFromLeader.class,
                "cut the targets' links to the current leader both ways, keep every other link");
        add("outbound-loss", Fault.OutboundLoss.class,
                "the targets' messages to other replicas are dropped (what they receive, and client traffic, flows)");
        add("newest-rot", Fault.NewestRot.class, "flip bits among the newest synced bytes of every file (what recovery reads first)");
    }

    private FaultKinds() {
    }

    private static void add(String name, Class<? extends Fault> type, String description) {
        Kind previous = BY_NAME.put(name, new Kind(name, type, description));
        assert previous == null : "fault name registered twice: " + name;
    }

    public static List<Kind> all() {
        return Collections.unmodifiableList(new ArrayList<>(BY_NAME.values()));
    }

    public static Kind named(String name) {
        Kind kind = BY_NAME.get(name);
        if (kind == null) {
            throw new IllegalArgumentException("unknown fault '" + name + "' (known: " + String.join(", ", BY_NAME.keySet()) + ")");
        }
        return kind;
    }
}
