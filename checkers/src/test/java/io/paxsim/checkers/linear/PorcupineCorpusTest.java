package io.paxsim.checkers.linear;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.Checker;
import io.paxsim.checkers.CheckerOptions;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.History;
import io.paxsim.history.HistoryFormat;
import io.paxsim.history.HistoryReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Porcupine's own test data as it is (its 103 Jepsen etcd logs and its kv files), each with the
 * verdict Porcupine's tests expect: paxsim must agree on every file, within the default
 * (deterministic) budget.
 */
class PorcupineCorpusTest {
    private static Path expectedVerdicts() throws Exception {
        return Path.of(PorcupineCorpusTest.class.getResource("/porcupine/expected.txt").toURI());
    }

    /** Porcupine's data is another project's: it is read from outside the repository (see the README beside expected.txt). */
    private static Path dataDir() {
        String given = System.getProperty("paxsim.porcupine.dir");
        if (given != null) {
            return Path.of(given);
        }
        return Path.of(System.getProperty("paxsim.shared", "../../shared"), "reference", "histories", "porcupine");
    }

    @TestFactory
    List<DynamicTest> everyFileGetsPorcupinesVerdict() throws Exception {
        Path root = dataDir();
        Assumptions.assumeTrue(Files.isDirectory(root.resolve("etcd")) && Files.isDirectory(root.resolve("kv")),
                "Porcupine's test data not found at " + root.toAbsolutePath() + " (-Dpaxsim.porcupine.dir=DIR)");
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : Files.readAllLines(expectedVerdicts())) {
            String[] parts = line.trim().split("\\s+");
            String file = parts[0];
            String expected = parts[1].equals("empty") ? "ok" : parts[1];
            boolean kv = file.endsWith(".txt");
            Path path = root.resolve(kv ? "kv" : "etcd").resolve(file);
            tests.add(DynamicTest.dynamicTest(file + " is " + expected, () -> {
                Checker checker = Models.checker(kv ? "kv" : "cas-register", CheckerOptions.defaults());
                History history = HistoryReader.read(path, kv ? HistoryFormat.EDN : HistoryFormat.JEPSEN_LOG,
                        checker.valueTyping());
                Verdict v = checker.check(history, Budget.defaults());
                assertEquals(expected, v.status(), v::describe);
            }));
        }
        assertEquals(109, tests.size());
        return tests;
    }
}
