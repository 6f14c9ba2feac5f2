package io.paxsim.testbed.cli;

import io.paxsim.testbed.pipeline.ToySystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.paxsim.testbed.cli.CliTest.paxsim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** report.html: written on its own after a failing run, replay and shrink; by `report DIR`; bad input is one line. */
class ReportCommandTest {
    @Test
    void aFailingRunWritesItsReportAndSaysWhere(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("bad");
        CliTest.Result run = paxsim(ToySystem::losingWrites, "run", "--seed", "2", "--nodes", "3", "--ops", "2000",
                "--out", dir.toString());
        assertEquals(ExitCode.VIOLATION, run.code(), run.toString());
        Path report = dir.resolve("report.html");
        assertTrue(run.out().contains("  report      " + report), run.out());
        String page = Files.readString(report);
        assertTrue(page.contains("\"outcome\":\"violation\"") && page.contains("\"trace\":{\"note\":\"trace window"), "run data and trace");
        Files.delete(report);
        CliTest.Result replay = paxsim(ToySystem::losingWrites, "replay", "--from", dir.toString());
        assertEquals(ExitCode.VIOLATION, replay.code(), replay.toString());
        assertTrue(Files.isRegularFile(report), "a failing replay of a run directory rewrites its report");
    }

    @Test
    void aPassingRunHasNoReportUntilAskedAndTheWindowCanBeChosen(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("ok");
        CliTest.Result run = paxsim("run", "--seed", "5", "--nodes", "3", "--ops", "300", "--out", dir.toString());
        assertEquals(ExitCode.PASS, run.code(), run.toString());
        assertFalse(Files.exists(dir.resolve("report.html")));
        CliTest.Result report = paxsim("report", dir.toString(), "--window-from", "1ms", "--window-to", "3ms", "--trace-cap", "50");
        assertEquals(ExitCode.PASS, report.code(), report.toString());
        assertTrue(report.out().startsWith("paxsim report: wrote " + dir.resolve("report.html")), report.out());
        String page = Files.readString(dir.resolve("report.html"));
        assertTrue(page.contains("\"fromNs\":1000000,\"toNs\":3000000"), "the chosen window");
        assertTrue(page.contains("\"cap\":50"), "the chosen cap");
    }

    @Test
    void badInputIsOneLineExitTwo(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path run = tmp.resolve("run");
        assertEquals(ExitCode.PASS, paxsim("run", "--seed", "1", "--nodes", "3", "--ops", "20", "--out", run.toString()).code());
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(run.resolve("history.jsonl.gz")))) {
            out.write("{not json\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        List<String[]> bad = List.of(
                new String[] {"report"},
                new String[] {"report", tmp.resolve("missing").toString()},
                new String[] {"report", file.toString()},
                new String[] {"report", empty.toString()},
                new String[] {"report", run.toString()},
                new String[] {"report", empty.toString(), "--trace-cap", "-1"},
                new String[] {"report", empty.toString(), "--window-from", "2s", "--window-to", "1s"});
        for (String[] args : bad) {
            CliTest.Result r = paxsim(args);
            String cmd = String.join(" ", args);
            assertEquals(ExitCode.USAGE, r.code(), cmd + " -> " + r);
            assertTrue(r.err().startsWith("paxsim: "), cmd + " -> " + r.err());
            assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), cmd + " -> " + r.err());
            assertTrue(r.err().lines().count() <= 2, cmd + " -> " + r.err());
        }
    }
}
