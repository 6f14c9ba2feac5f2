package io.paxsim.testbed.pipeline;

import io.paxsim.faults.FaultAtlas;
import io.paxsim.faults.FaultSchedule;
import io.paxsim.faults.ScheduleEntry;
import io.paxsim.faults.Target;
import io.paxsim.paxos.PaxosConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps storage faults within what the variant's quorums survive. The fault atlas lets f = (n-1)/2
 * replicas carry faults that damage synced data, which is right for majority quorums. A replica whose
 * synced votes are damaged beyond repair may stay out of every later vote, and a chosen value is
 * durable only on a phase-2 quorum. So the variant tolerates min(q2 - 1, n - q1, n - q2) such
 * replicas: with Flexible Paxos on 5 replicas (q1 = 4, q2 = 2) that is 1, not 2. Run 1623 of the
 * 2,000-run false-alarm row on the correct log had both atlas replicas of a flexible cluster rotted
 * and restarted: no phase-1 quorum was left and the final reads timed out. Entries aimed at the atlas
 * replicas past that tolerance are dropped; others are kept as drawn.
 */
final class StorageFaultBound {
    private StorageFaultBound() {
    }

    static FaultSchedule apply(PaxosConfig config, FaultSchedule schedule) {
        int tolerated = tolerance(config);
        int[] touched = FaultAtlas.storageFaultedReplicas(schedule);
        if (touched.length <= tolerated) {
            return schedule;
        }
        int[] allowed = Arrays.copyOf(touched, tolerated);
        List<ScheduleEntry> kept = new ArrayList<>(schedule.entries().size());
        for (ScheduleEntry e : schedule.entries()) {
            if (!e.fault().damagesSyncedData() || withinAllowed(e, allowed)) {
                kept.add(e);
            }
        }
        String why = "the variant's quorums survive storage faults on " + tolerated + "; entries on "
                + Arrays.toString(Arrays.copyOfRange(touched, tolerated, touched.length)) + " dropped";
        return schedule.withEntries(kept).withComment(FaultAtlas.renamedInComment(schedule.comment(), allowed, why));
    }

    /** How many replicas may lose synced data while every chosen value survives and quorums remain. */
    static int tolerance(PaxosConfig c) {
        int n = c.clusterSize();
        int tolerated = Math.min(c.phase2Quorum() - 1, Math.min(n - c.phase1Quorum(), n - c.phase2Quorum()));
        return Math.max(0, Math.min(tolerated, FaultAtlas.budget(n)));
    }

    private static boolean withinAllowed(ScheduleEntry e, int[] allowed) {
        if (!(e.targets() instanceof Target.Nodes nodes)) {
            return false; // the atlas already requires explicit targets; never keep one it could not check
        }
        for (int i : nodes.indices()) {
            if (Arrays.stream(allowed).noneMatch(a -> a == i)) {
                return false;
            }
        }
        return true;
    }
}
