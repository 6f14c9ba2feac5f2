package io.paxsim.bench.checkers;

import io.paxsim.checkers.Checker;
import io.paxsim.checkers.CheckerOptions;
import io.paxsim.checkers.NilReads;
import io.paxsim.checkers.Verdict;
import io.paxsim.checkers.linear.Models;
import io.paxsim.checkers.synthetic.SyntheticHistories;
import io.paxsim.history.History;
import io.paxsim.history.Value;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/** KV linearizability (per-key WGL): 100k ops, 10 processes, 1,000 keys by default. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KvLinearizabilityBenchmark {
    @Param("100000")
    public int ops;

    @Param("10")
    public int processes;

    @Param("1000")
    public int keys;

    private History history;
    private Checker checker;

    @Setup
    public void generate() {
        history = SyntheticHistories.keyValue(1, ops, processes, keys);
        checker = Models.checker("kv", new CheckerOptions(Value.of(0), NilReads.VALUE));
    }

    @Benchmark
    public Verdict check() {
        Verdict v = checker.check(history);
        if (!(v instanceof Verdict.Ok)) {
            throw new IllegalStateException("a linearizable history was judged " + v.describe());
        }
        return v;
    }
}
