package io.paxsim.testbed.paxos;

import io.paxsim.testbed.load.LoadModel;
import io.paxsim.testbed.pipeline.Pipeline;
import io.paxsim.testbed.pipeline.PaxosClusters;
import io.paxsim.testbed.pipeline.RunOptions;
import io.paxsim.testbed.pipeline.RunResult;
import io.paxsim.testbed.pipeline.Scenario;
import io.paxsim.testbed.pipeline.ScheduledFaults;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each of the stronger online monitors earns its place: on a planted bug, it is the monitor that
 * stops the run, and with it switched off the same run gets past every other monitor (a checker
 * may still catch it later, from the history, or nothing does).
 */
class MonitorAloneTest {
    /**
     * Mode "alone": with the monitor off, no other monitor stops the run. Mode "first": it stops the
     * run before any other does (others may catch the damage later, which is the point of layers).
     */
    @ParameterizedTest(name = "{0} catches {1} ({5}, {6})")
    @CsvSource({
            "quorum-at-ballot, mixed-ballot-commit, 'crash-leader@8,loss-burst@6', majority+snapshot=20, register, first, lan",
            "quorum-at-ballot, stale-reply-counted, 'delay-burst@8,isolate-leader@6', majority+election=2ms, register, alone, lan",
            "one-value-per-ballot, ballot-reuse, 'power-loss-slow-disks@4', majority, register, first, lan",
            "rejected-no-effect, false-fail, 'isolate-leader@8,loss-burst@4', majority+snapshot=20, register, alone, lan",
            "read-freshness, local-read, 'isolate-leader@8', majority+snapshot=20, register, alone, lan",
            "state-agreement, snapshot-no-sessions, 'isolate-node@6,loss-burst@6', majority+snapshot=2, register, alone, lan",
            "recovered-state, snapshot-no-sessions, 'crash-random@6,crash-loop@4', majority+snapshot=2, register, first, lan",
            "learned-is-chosen, commit-past-match, partitions, majority+snapshot=2+election=2ms, register, first, lan",
            "votes-kept, stale-truncate, 'stall-leader@10', majority+snapshot=20, register, alone, lan",
            // lease-exclusive's grant check also catches it (after lease-grants), so "first", not "alone".
            "lease-grants, lease-from-ack, 'slow-link-one-way@8,isolate-leader@4', lease, register, first, lan",
            "votes-durable, wal-body-unchecked, 'corrupt-then-restart@20', majority+snapshot=1000, register, first, lan",
            "read-freshness, reads-before-noop, 'isolate-leader@8,crash-leader@6,fsync-stall@4', read-index, register, first, lan",
            "promise-monotonic, ballot-round-only, 'isolate-leader@8,crash-leader@6', fast-election, register, first, lan",
            // Reads racing a slow apply: the stale read is behind what a follower had already applied.
            "read-freshness, local-read, 'slow-apply@8', majority+snapshot=20, register, alone, lan",
            // A lease read answered after its lease ran out: the read-time grant check sees it before any write goes stale.
            "lease-exclusive, lease-checked-at-arrival, 'slow-apply@10,isolate-leader@8', lease, register, alone, lan",
    })
    void monitorCatches(String invariant, String mutant, String faults, String variant, String workload, String mode,
                        String environment) {
        for (long seed = 1; seed <= 8; seed++) {
            Scenario s = Scenario.defaults(seed).withNodes(seed % 2 == 0 ? 3 : 5).withMutant(mutant).withVariant(variant)
                    .withWorkload(workload).withFaultProfile(faults).withSafetyNanos(600_000_000L)
                    .withLoad(new LoadModel.ClosedLoop(5, 0)).withEnvironment(environment);
            RunResult all = pipeline(Set.of()).run(s, RunOptions.quiet());
            if (all.passed() || !all.failure().message().startsWith("invariant violated")) {
                continue;
            }
            assertTrue(all.failure().message().contains("invariant " + invariant + " "),
                    () -> mutant + " was stopped first by another monitor: " + all.failure().message());
            if (mode.equals("alone")) {
                RunResult without = pipeline(Set.of(invariant)).run(s, RunOptions.quiet());
                assertFalse(!without.passed() && without.failure().message().startsWith("invariant violated"),
                        () -> "with " + invariant + " off, another monitor still stops the run: " + without.failure().message());
            }
            return;
        }
        throw new AssertionError(mutant + " was not stopped by a monitor in 8 seeds of " + faults);
    }

    private static Pipeline pipeline(Set<String> unchecked) {
        return new Pipeline(s -> PaxosClusters.create(s, unchecked), ScheduledFaults::plan);
    }
}
