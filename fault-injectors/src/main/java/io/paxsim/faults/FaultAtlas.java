package io.paxsim.faults;

import io.paxsim.sim.random.RandomStream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The fault atlas: storage faults are bounded so a correct protocol can always recover.
 *
 * <p><b>Rule.</b> With 2f+1 replicas, every fault that can damage or hide data that was already
 * durable ({@link Fault#damagesSyncedData()}: bit-rot, latent-read-errors, misdirected-writes,
 * misdirect-next-write, crash-torn-writes) must name its targets explicitly ({@code nodes:...}), and all such entries of
 * a schedule together may touch at most f distinct replicas. A chosen entry is durable on at least
 * f+1 replicas, so at least one intact copy of it always survives, whatever the timing.
 *
 * <p><b>Not counted</b>, because they never touch data a correct protocol has acknowledged as
 * durable: crash-lost-writes (loses only unsynced writes, which the disk model may drop at any crash
 * anyway), fsync-eio (the protocol is told the fsync failed; what it covered was never durable),
 * disk-full (the write is refused, nothing is lost). These may hit any replica, the leader included.
 */
public final class FaultAtlas {
    private FaultAtlas() {
    }

    /** f: how many replicas may carry storage faults in one run. */
    /** How a schedule's comment names its atlas: {@code storage-fault replicas [1, 3]}. */
    public static String commentNaming(int[] replicas) {
        return COMMENT_LABEL + Arrays.toString(replicas);
    }

    /**
     * {@code comment} with the atlas it names replaced by {@code replicas} and the reason, so that
     * a schedule narrowed after drawing describes what runs (or with both appended, if it names none).
     */
    public static String renamedInComment(String comment, int[] replicas, String why) {
        String named = commentNaming(replicas) + " (" + why + ")";
        java.util.regex.Matcher m = COMMENT_ATLAS.matcher(comment);
        return m.find() ? comment.substring(0, m.start()) + named + comment.substring(m.end())
                : comment + (comment.isEmpty() ? "" : "; ") + named;
    }

    private static final String COMMENT_LABEL = "storage-fault replicas ";
    private static final java.util.regex.Pattern COMMENT_ATLAS =
            java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(COMMENT_LABEL) + "\\[[0-9, ]*\\]");

    public static int budget(int replicaCount) {
        return Math.max(0, (replicaCount - 1) / 2);
    }

    /** Chooses the run's storage-fault replicas: {@link #budget} distinct indices, sorted. */
    public static int[] chooseStorageFaultReplicas(RandomStream random, int replicaCount) {
        int budget = budget(replicaCount);
        if (budget == 0) {
            return new int[0];
        }
        return new Target.RandomCount(budget).resolveIndices(replicaCount, -1, random);
    }

    /** Replica indices touched by storage faults anywhere in the schedule (explicit targets only). */
    public static int[] storageFaultedReplicas(FaultSchedule schedule) {
        TreeSet<Integer> touched = new TreeSet<>();
        for (ScheduleEntry e : schedule.entries()) {
            if (e.fault().damagesSyncedData() && e.targets() instanceof Target.Nodes nodes) {
                for (int i : nodes.indices()) {
                    touched.add(i);
                }
            }
        }
        return touched.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Every way the schedule breaks the atlas for a cluster of {@code replicaCount}; empty if none. */
    public static List<String> violations(FaultSchedule schedule, int replicaCount) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < schedule.size(); i++) {
            ScheduleEntry e = schedule.entries().get(i);
            if (!e.fault().damagesSyncedData()) {
                continue;
            }
            if (!(e.targets() instanceof Target.Nodes nodes)) {
                problems.add("entry #" + i + " (" + e.fault().name() + ") damages synced data but targets '"
                        + e.targets().format() + "' instead of explicit nodes");
            } else if (nodes.indices()[nodes.indices().length - 1] >= replicaCount) {
                problems.add("entry #" + i + " targets " + nodes.format() + " beyond " + replicaCount + " replicas");
            }
        }
        int[] touched = storageFaultedReplicas(schedule);
        if (touched.length > budget(replicaCount)) {
            problems.add("storage faults touch " + touched.length + " replicas " + java.util.Arrays.toString(touched)
                    + ", more than f=" + budget(replicaCount) + " of " + replicaCount);
        }
        return problems;
    }

    /** Throws if the schedule breaks the atlas (generators call this on everything they produce). */
    public static void require(FaultSchedule schedule, int replicaCount) {
        List<String> problems = violations(schedule, replicaCount);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("fault schedule breaks the fault atlas: " + String.join("; ", problems));
        }
    }
}
