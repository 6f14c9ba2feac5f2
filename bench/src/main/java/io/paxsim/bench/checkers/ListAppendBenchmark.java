package io.paxsim.bench.checkers;

import io.paxsim.checkers.Verdict;
import io.paxsim.checkers.elle.ConsistencyModel;
import io.paxsim.checkers.elle.ListAppendChecker;
import io.paxsim.checkers.synthetic.SyntheticHistories;
import io.paxsim.history.History;
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

/**
 * Strict-serializable list-append checking in the shape of Elle's benchmark: 5 processes, 2–4
 * micro-ops per transaction, 10 active keys (each retired after 32 appends).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class ListAppendBenchmark {
    @Param({"1000", "10000", "100000"})
    public int txns;

    private History history;
    private final ListAppendChecker checker = new ListAppendChecker(ConsistencyModel.STRICT_SERIALIZABLE);

    @Setup
    public void generate() {
        history = SyntheticHistories.listAppend(txns, txns, 5, 10, 32);
    }

    @Benchmark
    public Verdict check() {
        Verdict v = checker.check(history);
        if (!(v instanceof Verdict.Ok)) {
            throw new IllegalStateException("a strict-serializable history was judged " + v.describe());
        }
        return v;
    }
}
