package io.paxsim.testbed.pipeline;

import io.paxsim.faults.Fault;
import io.paxsim.faults.FaultSchedule;
import io.paxsim.faults.ScheduleEntry;
import io.paxsim.paxos.PaxosConfig;
import io.paxsim.paxos.ReadMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps a leased run's clock faults inside what leases assume (bounded drift, no large steps), so a
 * correct log is never failed by a fault the protocol declares out of scope. A lease promises
 * nothing across a clock step: an isolated leader whose clock stepped back 864 ms kept serving
 * lease reads for 864 ms after a new leader took over, and the checksum checker reported a lost tail
 * on the correct log (the lease monitors rightly excuse steps). Drift past
 * {@link PaxosConfig#leaseDriftBoundPpm()} likewise outruns the margin once two clocks drift apart.
 * So on leased variants: drift is clamped to the bound, and steps larger than a nudge are dropped
 * unless the fault list names {@code clock-jump} or {@code clock-skew} itself (a deliberate test of
 * what leases do beyond their assumption). Other variants' schedules are returned unchanged.
 */
public final class LeaseClockBound {
    /** The largest step kept (clock-nudge's range): small steps are within the election timeout's slack. */
    static final long MAX_STEP_NANOS = 8_000_000L;
    private static final Set<String> DELIBERATE_STEPS = Set.of("clock-jump", "clock-skew");

    private LeaseClockBound() {
    }

    static FaultSchedule apply(PaxosConfig config, String faultList, FaultSchedule schedule) {
        if (config.readMode() != ReadMode.LEASE) {
            return schedule;
        }
        boolean stepsWanted = namesDeliberateSteps(faultList);
        long boundPpm = config.leaseDriftBoundPpm();
        List<ScheduleEntry> kept = new ArrayList<>(schedule.entries().size());
        int clamped = 0;
        int dropped = 0;
        for (ScheduleEntry e : schedule.entries()) {
            ScheduleEntry bounded = bound(e, boundPpm, stepsWanted);
            clamped += bounded != null && bounded != e ? 1 : 0;
            dropped += bounded == null ? 1 : 0;
            if (bounded != null) {
                kept.add(bounded);
            }
        }
        if (clamped + dropped == 0) {
            return schedule;
        }
        String note = "lease clock bound: " + clamped + " drift(s) clamped to " + boundPpm + " ppm, " + dropped
                + " clock step(s) over " + MAX_STEP_NANOS / 1_000_000 + " ms dropped";
        String comment = schedule.comment();
        return schedule.withEntries(kept).withComment(comment + (comment.isEmpty() ? "" : "; ") + note);
    }

    /** The entry within the lease's clock assumption, the entry itself if it already is, or null to drop it. */
    static ScheduleEntry bound(ScheduleEntry e, long boundPpm, boolean stepsWanted) {
        Fault f = e.fault();
        if (f instanceof Fault.ClockDrift d && Math.abs(d.driftPpm()) > boundPpm) {
            return new ScheduleEntry(e.startNanos(), new Fault.ClockDrift(Long.signum(d.driftPpm()) * boundPpm),
                    e.targets(), e.durationNanos(), e.seed());
        }
        long step = f instanceof Fault.ClockJump j ? j.deltaNanos() : f instanceof Fault.ClockSkew k ? k.offsetNanos() : 0;
        return !stepsWanted && Math.abs(step) > MAX_STEP_NANOS ? null : e;
    }

    /**
     * The fault list with every stepping nemesis it names replaced by {@code clock-nudge} at the same
     * rate. Naming {@code clock-jump} is how a user opts a leased run out of the lease's clock
     * assumption; a generator that composes fault lists (the hunt) draws such names by chance and
     * must not opt out on nobody's behalf: run 905 of the 2,000-run false-alarm row did, and a
     * stepped leader's lease reads failed the checksum checker on the correct log.
     */
    public static String withoutDeliberateSteps(String spec) {
        StringBuilder out = new StringBuilder();
        for (String part : spec.split(",")) {
            String name = part.trim().split("@")[0];
            out.append(out.length() == 0 ? "" : ",")
                    .append(DELIBERATE_STEPS.contains(name) ? "clock-nudge" + part.trim().substring(name.length()) : part.trim());
        }
        return out.toString();
    }

    /** Whether the variant serves reads under leases (and so assumes bounded clocks). */
    public static boolean readsByLease(String variant, int nodes) {
        PaxosConfig config = ScheduledFaults.configOrNull(variant, nodes);
        return config != null && config.readMode() == ReadMode.LEASE;
    }

    /** Whether the fault list names a stepping nemesis itself (not through a profile). */
    static boolean namesDeliberateSteps(String spec) {
        for (String part : spec.split(",")) {
            if (DELIBERATE_STEPS.contains(part.trim().split("@")[0])) {
                return true;
            }
        }
        return false;
    }
}
