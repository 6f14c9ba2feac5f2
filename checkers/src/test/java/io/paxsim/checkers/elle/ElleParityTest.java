package io.paxsim.checkers.elle;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.Checker;
import io.paxsim.checkers.Finding;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.History;
import io.paxsim.history.HistoryFormat;
import io.paxsim.history.HistoryReader;
import io.paxsim.history.ValueTyping;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One small hand-made history per anomaly class (test resources {@code elle-parity/}), each
 * checked at several consistency models, against what real Elle 0.2.7 answered on the same file
 * ({@code elle-parity/expected.tsv}): the same valid? and the same set of anomaly types.
 */
class ElleParityTest {
    /** A row of expected.tsv: Elle's answer for one file at one model. */
    record Expected(String file, String model, String valid, List<String> types) {
        @Override
        public String toString() {
            return file + " @ " + model + " -> " + valid + " " + types;
        }
    }

    static List<Expected> expected() throws IOException, URISyntaxException {
        return Files.readAllLines(dir().resolve("expected.tsv")).stream()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("\t", -1))
                .map(c -> new Expected(c[0], c[1], c[2], c[3].isBlank() ? List.of() : Arrays.asList(c[3].split(" "))))
                .toList();
    }

    static Path dir() throws URISyntaxException {
        return Path.of(ElleParityTest.class.getResource("/elle-parity/expected.tsv").toURI()).getParent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expected")
    void sameAnswerAsElle(Expected e) throws Exception {
        History h = HistoryReader.read(dir().resolve(e.file()), HistoryFormat.EDN, ValueTyping.JEPSEN);
        ConsistencyModel model = ConsistencyModel.fromWireName(e.model());
        Checker checker = e.file().startsWith("la-") ? new ListAppendChecker(model) : new RwRegisterChecker(model);
        Verdict v = checker.check(h, Budget.unlimited());
        assertEquals(e.valid() + " " + e.types(), validOf(v) + " " + typesOf(v), v::describe);
    }

    static String validOf(Verdict v) {
        return v instanceof Verdict.Ok ? "true" : v instanceof Verdict.Illegal ? "false" : "unknown";
    }

    /** The anomaly types a verdict names: the findings of an illegal one, the "TYPE ×n" tokens of an unknown one. */
    static List<String> typesOf(Verdict v) {
        TreeSet<String> types = new TreeSet<>();
        if (v instanceof Verdict.Illegal il) {
            il.findings().stream().map(Finding::kind).forEach(types::add);
        }
        Matcher m = Pattern.compile("(\\S+) ×").matcher(v.summary().split(" \\(")[0]);
        while (m.find()) {
            types.add(m.group(1));
        }
        return List.copyOf(types);
    }
}
