package io.paxsim.testbed.paxos;

import io.paxsim.paxos.CoverageMonitor;
import io.paxsim.paxos.Mutant;
import io.paxsim.testbed.load.LoadModel;
import io.paxsim.testbed.pipeline.Pipeline;
import io.paxsim.testbed.pipeline.RunOptions;
import io.paxsim.testbed.pipeline.RunResult;
import io.paxsim.testbed.pipeline.Scenario;
import io.paxsim.testbed.pipeline.StandardPipeline;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every planted bug's mutated branch runs (the replica publishes MutantReached when it does
 * something the correct protocol would not), in a short run of the fault class that leads there:
 * a mutant that is never reached cannot be caught, and an escape would prove nothing.
 */
class MutantReachTest {
    /**
     * Seeds tried per row; a row that reaches its branch early stops there, so only rare branches pay for more.
     * 48 (was 24) since leaders count their own votes locally: no-hole-fill's row needed more.
     */
    private static final int SEEDS = 48;

    @ParameterizedTest(name = "{0} reached under {1}, variant {2}")
    @CsvSource({
            "local-read, none, majority",
            "promise-not-durable, none, majority",
            "accept-not-durable, none, majority",
            "ignore-prior-accepts, crash-leader@8, majority",
            "accept-below-promise, 'isolate-leader@6,stale-redelivery@6', majority",
            "no-dedup, 'isolate-leader@6,loss-burst@4', majority",
            "early-ack, none, majority",
            "ballot-reuse, 'crash-leader@8,isolate-leader@4', majority",
            "lease-no-drift, none, lease",
            // A hole needs a later slot chosen while an earlier one's votes lag: a stalled fsync makes them lag (with one
            // fsync completion per WAL group commit, isolation and loss alone left a hole in 1 of 48 seeds, the 31st).
            "no-hole-fill, 'isolate-leader@8,loss-burst@8,fsync-stall@6', batch-1+window=32",
            "bad-flexible-quorum, none, majority",
            "truncate-on-corruption, 'bit-rot@10,crash-random@8', majority+snapshot=1000",
            "commit-past-match, 'isolate-leader@8,loss-burst@6', majority",
            "eager-gc, 'crash-random@6,isolate-node@6', majority+snapshot=2",
            // A torn tail needs a crash while WAL writes are unsynced: with adaptive batching a few clients fill a slot per
            // round, so fewer writes are in flight when a crash hits (0 of 24 seeds); eager proposals, one slot per command.
            "torn-tail-panic, 'crash-torn-writes@10,crash-random@8', eager",
            "mixed-ballot-commit, 'crash-leader@8,loss-burst@6', majority",
            "false-fail, 'isolate-leader@8', majority",
            "stale-truncate, 'isolate-leader@6,stale-redelivery@6', majority",
            "snapshot-no-sessions, none, majority+snapshot=2",
            "wal-body-unchecked, 'corrupt-then-restart@20,bit-rot@10', majority+snapshot=1000",
            "snapshot-crc-unchecked, 'corrupt-then-restart@20,bit-rot@10', majority+snapshot=5",
            // A stale snapshot answer must land after a restart, once the replica re-applied past it but before its own
            // next snapshot is durable: with votes released one fsync later (WAL superblock) snapshot=2 closed that window.
            // Eager proposals (a slot per command) move snapshots along faster than adaptive batches (0 of 24 seeds).
            "install-older-snapshot, 'isolate-node@6,crash-random@6,stale-redelivery@8', eager+snapshot=20",
            "catchup-sends-accepted, 'isolate-node@8,loss-burst@6', majority",
            "ballot-round-only, 'isolate-leader@8,crash-leader@6', fast-election",
            "reads-before-noop, 'isolate-leader@8,crash-leader@6', read-index",
            "lease-from-ack, none, lease",
            "restart-forgets-lease, 'restart-fast@30,partition-bridge@10', lease",
            "stale-reply-counted, 'delay-burst@8,isolate-leader@6', majority+election=2ms",
            "lease-checked-at-arrival, 'slow-apply@10,isolate-leader@8', lease",
            "read-index-from-applied, 'slow-apply@10', read-index",
            "promise-from-promise-records, 'crash-leader@8,isolate-node@8,crash-random@8', majority",
            "read-confirmed-by-inflight-heartbeat, none, read-index",
            "lease-sized-by-election-timeout, none, lease",
            "install-drops-votes, 'crash-random@6,isolate-node@6', majority+snapshot=2",
            "catchup-trusts-own-vote, 'isolate-node@8,crash-leader@6,loss-burst@6', majority",
            "accept-keeps-first-vote, 'crash-leader@8,isolate-leader@6', majority",
            "skip-damaged-record, 'rot-every-copy-then-restart@4', majority+snapshot=20",
    })
    void mutantIsReached(String mutant, String faults, String variant) {
        Pipeline pipeline = StandardPipeline.create();
        for (long seed = 1; seed <= SEEDS; seed++) {
            Scenario s = Scenario.defaults(seed).withNodes(seed % 2 == 1 ? 3 : 5).withMutant(mutant).withVariant(variant)
                    .withFaultProfile(faults).withSafetyNanos(500_000_000L).withLoad(new LoadModel.ClosedLoop(4, 0));
            RunResult r = pipeline.run(s, RunOptions.quiet());
            if (reached(r) > 0) {
                return;
            }
        }
        throw new AssertionError(mutant + ": the mutated branch never ran in " + SEEDS + " seeds of " + faults);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"none, majority", "'isolate-leader@6,crash-leader@6,stale-redelivery@6', read-index"})
    void theCorrectProtocolNeverReportsAMutantBranch(String faults, String variant) {
        Scenario s = Scenario.defaults(3).withVariant(variant).withFaultProfile(faults).withSafetyNanos(500_000_000L)
                .withLoad(new LoadModel.ClosedLoop(4, 0));
        RunResult r = StandardPipeline.create().run(s, RunOptions.quiet());
        assertTrue(r.passed(), () -> "the correct protocol failed: " + r.failure());
        assertTrue(reached(r) == 0, "a mutant branch ran with no mutant planted");
    }

    @SuppressWarnings("unchecked")
    static long reached(RunResult r) {
        Map<String, Long> coverage = (Map<String, Long>) r.metrics().get("coverage");
        return coverage.getOrDefault(CoverageMonitor.MUTANT_REACHED, 0L);
    }

    /**
     * Keeps the table above complete: a new mutant needs a row. stale-reply-counted's branch needs a
     * reply to an older ballot reaching the same node as candidate or leader again: delays near and
     * past a short election timeout (delay bursts reorder messages by up to 50 ms) with leader changes.
     */
    @org.junit.jupiter.api.Test
    void everyMutantHasARow() {
        assertTrue(Mutant.values().length == 37, "update the reach table for the new mutant(s)");
    }
}
