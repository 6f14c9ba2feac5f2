package io.paxsim.testbed.pipeline;

import io.paxsim.faults.Fault;
import io.paxsim.faults.ScheduleEntry;
import io.paxsim.paxos.Variants;
import io.paxsim.testbed.client.ClientTimeouts;
import io.paxsim.testbed.load.LoadModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Leased runs draw no clock fault beyond what leases assume, unless the fault list asks for steps by name. */
class LeaseClockBoundTest {
    private static final String LEASED = "window-1+snapshot=20+election=12ms+reads=lease";

    /**
     * The false alarm MutantHuntTest's clean hunt hit (run 19): the clocks profile stepped the clock of
     * an isolated leader (node 2, ballot 2.2) back 864 ms at 416.8 ms; its lease, measured on that clock,
     * then ran for 864 ms more in true time, and at 441.4 ms it served a log scan at positions ~333
     * while the new leader (3.1) had acknowledged appends up to ~356-382: a lost tail on the correct log.
     * Failed before the bound (checksum: 7 checksum violations in 100 scans).
     */
    @Test
    void steppedClockNoLongerFailsTheCorrectLeasedLog() {
        Scenario s = new Scenario(8709300023080308850L, 3, LEASED, Scenario.NO_MUTANT, "log",
                "clocks,isolate-leader@3.6,failover-restart@3.7", 0, 1_173_081_266L, 5_000_000_000L,
                new LoadModel.ClosedLoop(7, 0), new ClientTimeouts(5_000_000L, 250_000_000L, 2_000_000L), "lan");
        RunResult r = StandardPipeline.create().run(s, RunOptions.quiet());
        assertTrue(r.passed(), () -> r.failure().message());
    }

    @Test
    void leasedSchedulesKeepClocksWithinTheLeaseAssumption() {
        long bound = Variants.config(LEASED, 3).leaseDriftBoundPpm();
        for (long seed = 1; seed <= 20; seed++) {
            for (String profile : List.of("clocks", "chaos", "swarm", "corners,clock-drift-large@4")) {
                Scenario s = Scenario.defaults(seed).withNodes(3).withVariant(LEASED).withFaultProfile(profile);
                io.paxsim.faults.FaultSchedule planned = ScheduledFaults.plan(s).schedule();
                // faults.json's comment says what runs: a schedule the bound changed says so.
                assertEquals(!planned.entries().equals(rawPlan(s)), planned.comment().contains("lease clock bound: "),
                        profile + " seed " + seed + ": " + planned.comment());
                for (ScheduleEntry e : planned.entries()) {
                    if (e.fault() instanceof Fault.ClockDrift d) {
                        assertTrue(Math.abs(d.driftPpm()) <= bound, profile + " seed " + seed + ": " + e.describe());
                    }
                    long step = e.fault() instanceof Fault.ClockJump j ? j.deltaNanos()
                            : e.fault() instanceof Fault.ClockSkew k ? k.offsetNanos() : 0;
                    assertTrue(Math.abs(step) <= LeaseClockBound.MAX_STEP_NANOS, profile + " seed " + seed + ": " + e.describe());
                }
            }
        }
    }

    @Test
    void namedStepsAndUnleasedVariantsAreLeftAlone() {
        for (long seed = 1; seed <= 5; seed++) {
            Scenario leasedAsked = Scenario.defaults(seed).withNodes(3).withVariant(LEASED).withFaultProfile("clock-jump@5");
            Scenario unleased = Scenario.defaults(seed).withNodes(3).withVariant("majority").withFaultProfile("clocks");
            assertEquals(rawPlan(leasedAsked), ScheduledFaults.plan(leasedAsked).schedule().entries());
            assertEquals(rawPlan(unleased), ScheduledFaults.plan(unleased).schedule().entries());
        }
        assertTrue(rawPlan(Scenario.defaults(1).withNodes(3).withVariant(LEASED).withFaultProfile("clock-jump@5")).stream()
                .anyMatch(e -> e.fault() instanceof Fault.ClockJump j && Math.abs(j.deltaNanos()) > LeaseClockBound.MAX_STEP_NANOS),
                "the explicit clock-jump list should draw a large step (else this test proves nothing)");
    }

    /**
     * The hunt composes fault lists and may draw clock-jump or clock-skew by name; on a leased run that
     * must not count as the user's opt-out of the lease's clock assumption (run 905 of the 2,000-run
     * false-alarm row: "isolate-leader@5.8,...,clock-jump@5.8" on reads=lease failed the checksum
     * checker on the correct log). Over 3,000 draws, no leased run names a stepping nemesis.
     */
    @Test
    void theHuntNeverOptsLeasedRunsOutOfTheClockAssumption() {
        io.paxsim.testbed.hunt.HuntPlan plan = new io.paxsim.testbed.hunt.HuntPlan(1, Scenario.NO_MUTANT, 5_000_000_000L);
        io.paxsim.testbed.hunt.Steering steering =
                new io.paxsim.testbed.hunt.Steering(io.paxsim.testbed.hunt.HuntPlan.DIMENSIONS, false);
        int leased = 0;
        int unleasedWithSteps = 0;
        for (int i = 0; i < 3000; i++) {
            Scenario s = plan.draw(i, steering).scenario();
            if (LeaseClockBound.readsByLease(s.variant(), s.nodes())) {
                leased++;
                assertTrue(!LeaseClockBound.namesDeliberateSteps(s.faultProfile()), "draw " + i + ": " + s.faultProfile());
            } else if (LeaseClockBound.namesDeliberateSteps(s.faultProfile())) {
                unleasedWithSteps++;
            }
        }
        assertTrue(leased > 100, "too few leased draws to prove anything: " + leased);
        assertTrue(unleasedWithSteps > 0, "no unleased draw names a stepping nemesis, so the hunt draws none at all");
        assertEquals("isolate-leader@5.8,clock-nudge@5.8,clock-nudge@2",
                LeaseClockBound.withoutDeliberateSteps("isolate-leader@5.8,clock-jump@5.8,clock-skew@2"));
    }

    private static List<ScheduleEntry> rawPlan(Scenario s) {
        io.paxsim.faults.FaultContext context = io.paxsim.faults.FaultContext.of(s.nodes(), ScheduledFaults.horizonNanos(s));
        return io.paxsim.faults.FaultProfiles.parse(s.faultProfile())
                .schedule(io.paxsim.sim.random.RandomStream.derive(s.seed(), "faults"), context).entries();
    }
}
