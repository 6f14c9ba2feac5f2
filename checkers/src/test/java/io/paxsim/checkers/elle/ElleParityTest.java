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

    /** A history of the other workload is bad input naming the op, never a verdict (Elle would throw or misread it). */
    @org.junit.jupiter.api.Test
    void aHistoryOfTheOtherWorkloadIsBadInput() throws Exception {
        History listAppend = HistoryReader.read(dir().resolve("la-read-skew.edn"), HistoryFormat.EDN, ValueTyping.JEPSEN);
        io.paxsim.checkers.ModelMismatch e = org.junit.jupiter.api.Assertions.assertThrows(io.paxsim.checkers.ModelMismatch.class,
                () -> new RwRegisterChecker(ConsistencyModel.SERIALIZABLE).check(listAppend));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(":append"), e.getMessage());
        History register = HistoryReader.read(dir().resolve("rw-read-skew.edn"), HistoryFormat.EDN, ValueTyping.JEPSEN);
        org.junit.jupiter.api.Assertions.assertThrows(io.paxsim.checkers.ModelMismatch.class,
                () -> new ListAppendChecker(ConsistencyModel.SERIALIZABLE).check(register));
    }

    /** Elle's rules: which anomalies each model forbids (as real Elle 0.2.7 listed them for these models). */
    @org.junit.jupiter.api.Test
    void modelsForbidWhatElleSaysTheyForbid() {
        assertEquals("[G0, G1, G1a, G1b, G1c, PL-1-cycle-exists, PL-2-cycle-exists, cyclic-versions, dirty-update,"
                + " duplicate-elements, future-read, incompatible-order]",
                ConsistencyModel.fromWireName("read-committed").prohibitedAnomalies().toString());
        assertEquals("[G-cursor, G-nonadjacent-item, G-single-item, G0, G1, G1a, G1b, G1c, G2-item, PL-1-cycle-exists,"
                + " PL-2-cycle-exists, PL-2.99-cycle-exists, cyclic-versions, dirty-update, duplicate-elements, future-read,"
                + " incompatible-order, lost-update]",
                ConsistencyModel.fromWireName("repeatable-read").prohibitedAnomalies().toString());
        assertEquals("[G-MSR, G-SI, G-SIb, G-cursor, G-monotonic, G-nonadjacent, G-nonadjacent-item, G-single, G-single-item,"
                + " G0, G1, G1a, G1b, G1c, PL-1-cycle-exists, PL-2-cycle-exists, PL-SI-cycle-exists, cyclic-versions,"
                + " dirty-update, duplicate-elements, future-read, incompatible-order, internal, lost-update]",
                ConsistencyModel.SNAPSHOT_ISOLATION.prohibitedAnomalies().toString());
        assertEquals(String.join(" ", ConsistencyModel.STRICT_SERIALIZABLE.prohibitedAnomalies()),
                "G-MSR G-SI G-SIb G-cursor G-monotonic G-nonadjacent G-nonadjacent-item G-nonadjacent-item-process G-"
                + "nonadjacent-item-realtime G-nonadjacent-process G-nonadjacent-realtime G-single G-single-item G-sing"
                + "le-item-process G-single-item-realtime G-single-process G-single-realtime G-update G0 G0-process G0-"
                + "realtime G1 G1-process G1-realtime G1a G1b G1c G1c-process G1c-realtime G2 G2-item G2-item-process G"
                + "2-item-realtime G2-process G2-realtime PL-1-cycle-exists PL-2-cycle-exists PL-2.99-cycle-exists PL-3"
                + "-cycle-exists PL-SI-cycle-exists PL-SS-cycle-exists cyclic-versions dirty-update duplicate-elements "
                + "future-read incompatible-order internal lost-update predicate-read-miss strong-PL-1-cycle-exists str"
                + "ong-PL-2-cycle-exists strong-session-PL-1-cycle-exists strong-session-PL-2-cycle-exists strong-sessi"
                + "on-serializable-cycle-exists strong-session-snapshot-isolation-cycle-exists strong-snapshot-isolatio"
                + "n-cycle-exists write-skew");
        org.junit.jupiter.api.Assertions.assertTrue(ConsistencyModel.STRICT_SERIALIZABLE.realtime());
        assertEquals(ConsistencyModel.ExtraOrder.PROCESS,
                ConsistencyModel.fromWireName("strong-session-serializable").extraOrder());
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
