package io.paxsim.bench.checkers;

import io.paxsim.checkers.Checker;
import io.paxsim.checkers.CheckerOptions;
import io.paxsim.checkers.NilReads;
import io.paxsim.checkers.Verdict;
import io.paxsim.checkers.linear.Models;
import io.paxsim.history.History;
import io.paxsim.history.HistoryReader;
import io.paxsim.history.Value;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Linearizability of all 122 public Knossos histories (parsed once in setup), the way Knossos'
 * own tests check them. Corpus directory: system property {@code paxsim.knossos}, default
 * {@code ../shared/reference/histories/knossos}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KnossosCorpusBenchmark {
    private final List<History> histories = new ArrayList<>();
    private final List<Checker> checkers = new ArrayList<>();

    @Setup
    public void load() throws IOException {
        Path root = Path.of(System.getProperty("paxsim.knossos", "../shared/reference/histories/knossos"));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".edn")).sorted().toList();
        }
        Value multiInit = new Value.Dict(Map.of(Value.kw("x"), Value.of(0), Value.kw("y"), Value.of(0)));
        for (Path f : files) {
            String rel = root.relativize(f).toString();
            histories.add(HistoryReader.read(f));
            if (rel.startsWith("multi-register")) {
                checkers.add(Models.checker("multi-register", new CheckerOptions(multiInit, NilReads.UNCONSTRAINED)));
            } else if (rel.startsWith("mutex")) {
                checkers.add(Models.checker("mutex", CheckerOptions.defaults()));
            } else {
                checkers.add(Models.checker("cas-register", new CheckerOptions(Value.of(0), NilReads.UNCONSTRAINED)));
            }
        }
        if (histories.size() != 122) {
            throw new IllegalStateException("expected the 122 Knossos histories under " + root + ", found " + histories.size());
        }
    }

    /** Checks the whole corpus; returns the number of illegal verdicts (8 expected). */
    @Benchmark
    public int wholeCorpus() {
        int illegal = 0;
        for (int i = 0; i < histories.size(); i++) {
            illegal += checkers.get(i).check(histories.get(i)) instanceof Verdict.Illegal ? 1 : 0;
        }
        return illegal;
    }
}
