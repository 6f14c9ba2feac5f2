package io.paxsim.testbed.pipeline;

import io.paxsim.faults.Fault;
import io.paxsim.faults.FaultSchedule;
import io.paxsim.faults.ScheduleEntry;
import io.paxsim.faults.Target;

import java.util.ArrayList;
import java.util.List;

/**
 * The shrinker's edits of a fault schedule, each returning a new schedule. An edited entry keeps
 * its seed, so whatever it still does it does with the same random draws (the same bits rot, the
 * same messages are lost) as in the failing run.
 */
final class ScheduleEdits {
    private ScheduleEdits() {
    }

    /** Whether the fault acts on the nodes its target resolves to (a partition into halves or BUGGIFY does not). */
    static boolean actsOnItsTargets(Fault f) {
        return !(f instanceof Fault.PartitionHalves || f instanceof Fault.PartitionRing
                || f instanceof Fault.PartitionBridge || f instanceof Fault.Buggify);
    }

    /** Entry {@code index} aimed at exactly {@code nodes} (replica indices), whatever its target was. */
    static FaultSchedule withNodes(FaultSchedule s, int index, int[] nodes) {
        ScheduleEntry e = s.entries().get(index);
        return replaced(s, index, new ScheduleEntry(e.startNanos(), e.fault(), new Target.Nodes(nodes), e.durationNanos(), e.seed()));
    }

    /** Entry {@code index} aimed at {@code target} (say, "the leader" for the replica that was the leader when it started). */
    static FaultSchedule withTarget(FaultSchedule s, int index, Target target) {
        ScheduleEntry e = s.entries().get(index);
        return replaced(s, index, new ScheduleEntry(e.startNanos(), e.fault(), target, e.durationNanos(), e.seed()));
    }

    static FaultSchedule withDuration(FaultSchedule s, int index, long durationNanos) {
        ScheduleEntry e = s.entries().get(index);
        return replaced(s, index, new ScheduleEntry(e.startNanos(), e.fault(), e.targets(), durationNanos, e.seed()));
    }

    /** Entries {@code from} onwards start {@code earlierNanos} sooner; their order and spacing stay as they were. */
    static FaultSchedule shiftedEarlier(FaultSchedule s, int from, long earlierNanos) {
        List<ScheduleEntry> entries = new ArrayList<>(s.entries());
        for (int i = from; i < entries.size(); i++) {
            ScheduleEntry e = entries.get(i);
            long start = e.startNanos() - earlierNanos;
            assert start >= 0 : "shifted before time zero: " + e.describe();
            entries.set(i, new ScheduleEntry(start, e.fault(), e.targets(), e.durationNanos(), e.seed()));
        }
        return s.withEntries(entries);
    }

    private static FaultSchedule replaced(FaultSchedule s, int index, ScheduleEntry entry) {
        List<ScheduleEntry> entries = new ArrayList<>(s.entries());
        entries.set(index, entry);
        return s.withEntries(entries);
    }
}
