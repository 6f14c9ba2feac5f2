package io.paxsim.checkers.harness;

import io.paxsim.checkers.Checker;
import io.paxsim.checkers.CheckerOptions;
import io.paxsim.checkers.NilReads;
import io.paxsim.checkers.Verdict;
import io.paxsim.checkers.linear.Models;
import io.paxsim.history.History;
import io.paxsim.history.HistoryReader;
import io.paxsim.history.Value;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Measures the Knossos corpus outside JUnit: parses every file once, then checks the whole corpus
 * repeatedly (warm-up rounds first) and prints total and slowest check time per round.
 * Run: {@code java -cp ... io.paxsim.checkers.harness.KnossosHarness <knossos-dir> [rounds]}.
 */
public final class KnossosHarness {
    private KnossosHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".edn")).sorted().toList();
        }
        List<History> histories = new ArrayList<>();
        List<Checker> checkers = new ArrayList<>();
        long parseStart = System.nanoTime();
        for (Path f : files) {
            histories.add(HistoryReader.read(f));
            checkers.add(checkerFor(root.relativize(f).toString()));
        }
        System.out.printf("parsed %d files in %.1f ms (cold JVM, includes Clojure start-up)%n",
                files.size(), (System.nanoTime() - parseStart) / 1e6);
        for (int round = 0; round < rounds; round++) {
            long total = 0;
            long slowest = 0;
            String slowestName = "";
            int illegal = 0;
            for (int i = 0; i < files.size(); i++) {
                long t0 = System.nanoTime();
                Verdict v = checkers.get(i).check(histories.get(i));
                long took = System.nanoTime() - t0;
                illegal += v instanceof Verdict.Illegal ? 1 : 0;
                total += took;
                if (took > slowest) {
                    slowest = took;
                    slowestName = files.get(i).getFileName().toString();
                }
            }
            if (round == 0 || round == rounds - 1 || round % 10 == 9) {
                System.out.printf("round %d: total %.1f ms, slowest %.2f ms (%s), illegal %d%n",
                        round + 1, total / 1e6, slowest / 1e6, slowestName, illegal);
            }
        }
    }

    static Checker checkerFor(String relativePath) {
        if (relativePath.startsWith("multi-register")) {
            Value init = new Value.Dict(Map.of(Value.kw("x"), Value.of(0), Value.kw("y"), Value.of(0)));
            return Models.checker("multi-register", new CheckerOptions(init, NilReads.UNCONSTRAINED));
        }
        if (relativePath.startsWith("mutex")) {
            return Models.checker("mutex", CheckerOptions.defaults());
        }
        return Models.checker("cas-register", new CheckerOptions(Value.of(0), NilReads.UNCONSTRAINED));
    }
}
