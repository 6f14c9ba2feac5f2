package io.paxsim.testbed.report;

import io.paxsim.checkers.Verdict;
import io.paxsim.history.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page as bytes: self-contained, carrying the checkers' explanations, deterministic, linear in size. */
class ReportPageTest {
    @Test
    void linearizabilityFailureCarriesTheStuckOpPrefixAndExplanation(@TempDir Path tmp) throws IOException {
        History h = ReportFixtures.staleReadHistory(0);
        Verdict v = ReportFixtures.checkRegister(h);
        Verdict.Illegal illegal = assertInstanceOf(Verdict.Illegal.class, v);
        var e = assertInstanceOf(io.paxsim.checkers.Finding.Explanation.Unlinearizable.class,
                illegal.findings().get(0).explanation());
        assertEquals(5, e.stuckOp(), "the stale read is the op that cannot be linearized");
        assertEquals(List.of(1L, 3L), e.prefixTailOps(), "both writes are in the linearizable prefix");
        assertEquals("could have read 2, read 1", e.expected());
        String page = Files.readString(ReportFixtures.linReport(tmp, 0));
        assertTrue(page.contains("\"stuckOp\":5") && page.contains("could have read 2, read 1"), "explanation embedded");
    }

    /** An explored path has no client ops: its report line gives no bytes per op (it said "65945 bytes/op" for 0 ops). */
    @Test
    void aReportOfNoOpsGivesNoBytesPerOp() {
        assertEquals("r.html (65,945 bytes, 0 ops; 112 trace records)",
                new RunReport.Written(Path.of("r.html"), 65_945, 0, "112 trace records").describe());
        assertEquals("r.html (1,000 bytes, 10 ops, 100 bytes/op; all)", new RunReport.Written(Path.of("r.html"), 1_000, 10, "all").describe());
    }

    @Test
    void elleCyclesCarryTheirEdgeKinds() throws IOException {
        History h = ReportFixtures.listAppendHistory();
        Verdict v = io.paxsim.checkers.CheckerRegistry.create("list-append", io.paxsim.checkers.CheckerOptions.defaults())
                .check(h, io.paxsim.checkers.Budget.of(java.time.Duration.ofSeconds(30)));
        Verdict.Illegal illegal = assertInstanceOf(Verdict.Illegal.class, v);
        List<String> edgeSets = illegal.findings().stream()
                .map(f -> assertInstanceOf(io.paxsim.checkers.Finding.Explanation.Cycle.class, f.explanation()))
                .map(c -> String.join(",", c.edges())).sorted().toList();
        assertEquals(List.of("realtime,rw", "rw,rw", "wr,wr"), edgeSets, illegal.describe());
    }

    @Test
    void pageIsSelfContainedAndDeterministic(@TempDir Path tmp) throws IOException {
        Path a = ReportFixtures.linReport(tmp.resolve("a"), 300);
        Path b = ReportFixtures.linReport(tmp.resolve("b"), 300);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "same history, same page");
        String page = Files.readString(a);
        for (String remote : List.of("http://", "https://", "<link", "src=\"")) {
            assertFalse(page.replace("http://www.w3.org/2000/svg", "").contains(remote), "fetches nothing: " + remote);
        }
        assertEquals(1, count(page, "<script type=\"application/json\" id=\"report-data\">"));
        assertTrue(page.contains("Content-Security-Policy"), "the page forbids itself the network");
        int stated = Integer.parseInt(page.replaceAll("(?s).*\"pageBytes\":\\s*(\\d+).*", "$1"));
        assertEquals(Files.size(a), stated, "the page states its own size");
    }

    @Test
    void pageGrowsLinearlyAtFewBytesPerOp(@TempDir Path tmp) throws IOException {
        long small = Files.size(ReportFixtures.linReport(tmp.resolve("s"), 10_000));
        long large = Files.size(ReportFixtures.linReport(tmp.resolve("l"), 40_000));
        double perOp = (large - small) / 30_000.0;
        assertTrue(perOp <= 200, "bytes per added op: " + perOp);
        assertTrue(large / 40_003.0 <= 200, "bytes per op at 40k ops: " + large / 40_003.0);
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
