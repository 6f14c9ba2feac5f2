package io.paxsim.checkers.harness;

import io.paxsim.checkers.Checker;
import io.paxsim.checkers.CheckerOptions;
import io.paxsim.checkers.NilReads;
import io.paxsim.checkers.Verdict;
import io.paxsim.checkers.elle.ConsistencyModel;
import io.paxsim.checkers.elle.ListAppendChecker;
import io.paxsim.checkers.linear.Models;
import io.paxsim.checkers.synthetic.SyntheticHistories;
import io.paxsim.history.History;
import io.paxsim.history.Value;

import java.util.Arrays;

/**
 * Measures the figures issue 3 asks for outside JUnit (a plain main, warm-up rounds first):
 * KV linearizability on 100k ops / 10 processes / 1000 keys, and strict-serializable list-append
 * on 1k / 10k / 100k transactions (5 processes, 2–4 micro-ops, 10 active keys).
 */
public final class CheckerHarness {
    private CheckerHarness() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        History kv = SyntheticHistories.keyValue(1, 100_000, 10, 1000);
        measure("kv 100k ops, 10 procs, 1000 keys", kv,
                Models.checker("kv", new CheckerOptions(Value.of(0), NilReads.VALUE)), rounds);
        for (int txns : new int[]{1_000, 10_000, 100_000}) {
            History h = SyntheticHistories.listAppend(txns, txns, 5, 10, 32);
            measure("list-append " + txns + " txns (strict-serializable)", h,
                    new ListAppendChecker(ConsistencyModel.STRICT_SERIALIZABLE), rounds);
        }
    }

    private static void measure(String label, History h, Checker checker, int rounds) {
        double[] millis = new double[rounds];
        Verdict v = null;
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            v = checker.check(h);
            millis[i] = (System.nanoTime() - t0) / 1e6;
        }
        double first = millis[0];
        Arrays.sort(millis);
        System.out.printf("%-50s first %8.1f ms, median %8.1f ms, best %8.1f ms — %s%n", label, first,
                millis[rounds / 2], millis[0], v.status() + ": " + v.summary());
    }
}
