package io.paxsim.paxos;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each fault class over many seeds: zero invariant violations, every client finishes after the
 * heal, and every replica converges. 200 seeds per class by default (about 30 s for all classes on 2 cores);
 * -Dpaxsim.seeds=N for N per class.
 */
class FaultClassTest {
    static int seedsPerClass() {
        int deep = Integer.getInteger("paxsim.seeds", 0);
        return deep > 0 ? deep : 200;
    }

    @ParameterizedTest
    @EnumSource(FaultScenario.FaultClass.class)
    void survivesFaultClass(FaultScenario.FaultClass faultClass) {
        List<String> failures = new ArrayList<>();
        RunStats total = new RunStats();
        for (long seed = 1; seed <= seedsPerClass(); seed++) {
            int n = seed % 2 == 0 ? 3 : 5;
            PaxosConfig config = PaxosConfig.defaults(n).withSnapshotIntervalSlots(new long[] {20, 1_000, 0}[(int) (seed % 3)]);
            FaultScenario.Outcome o = new FaultScenario(faultClass, seed, config, 3, 100_000).run();
            total.add(o.stats());
            if (!o.safe() || !o.live() || !o.converged()) {
                failures.add("seed " + seed + " n=" + n + ": " + o.detail());
            }
        }
        System.out.println(faultClass + ": " + total);
        assertTrue(failures.isEmpty(), faultClass + " failed on " + failures.size() + " seeds:\n" + String.join("\n", failures));
        assertTrue(total.leaderChanges > seedsPerClass(), "sometimes: leaders change under " + faultClass + " (" + total + ")");
        assertTrue(total.compactions > 0, "sometimes: the WAL is compacted (" + total + ")");
        if (faultClass == FaultScenario.FaultClass.CRASH) {
            assertTrue(total.truncations > 0, "sometimes: a torn or lost tail is truncated (" + total + ")");
        }
        if (faultClass == FaultScenario.FaultClass.DISK) {
            assertTrue(total.repairedCopies > 0, "sometimes: a damaged mirror copy is repaired (" + total + ")");
        }
    }
}
