package io.paxsim.testbed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.paxsim.testbed.cli.CliTest.paxsim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunsGcTest {
    private static Path run(Path root, String name, boolean kept) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.writeString(dir.resolve("run.json"), "{}\n");
        Files.writeString(dir.resolve("history.jsonl.gz"), "x");
        if (kept) {
            Files.writeString(dir.resolve(".keep"), "kept\n");
        }
        return dir;
    }

    @Test
    void aDirThatIsAFileIsAUsageErrorAndStaysUntouched(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("runs"), "mine");
        CliTest.Result r = paxsim("runs", "gc", "--keep", "0", "--dir", file.toString());
        assertEquals(ExitCode.USAGE, r.code(), r.toString());
        assertEquals("paxsim: --dir " + file + " is a file, not a directory", r.err().strip());
        assertEquals("mine", Files.readString(file));
    }

    @Test
    void keepsTheNewestNAndEveryMarkedRunAndTouchesNothingElse(@TempDir Path tmp) throws IOException {
        Path root = tmp.resolve("runs");
        Path oldest = run(root, "20260101-000000-seed1", false);
        Path marked = run(root, "20260101-000001-seed2", true);
        Path old = run(root, "20260101-000002-seed3", false);
        Path newer = run(root, "20260101-000003-seed4", false);
        Path newest = run(root, "20260101-000004-seed5", false);
        Path partial = run(root, ".20260101-000005-seed6.partial-123", false);
        Path notARun = Files.createDirectories(root.resolve("notes"));

        CliTest.Result dry = paxsim("runs", "gc", "--keep", "2", "--dir", root.toString(), "--dry-run");
        assertEquals(ExitCode.PASS, dry.code(), dry.toString());
        assertTrue(Files.exists(oldest) && Files.exists(old), "--dry-run deletes nothing");

        CliTest.Result gc = paxsim("runs", "gc", "--keep", "2", "--dir", root.toString());
        assertEquals(ExitCode.PASS, gc.code(), gc.toString());
        assertTrue(gc.out().contains("deleted 2 of 4 runs"), gc.out());
        assertFalse(Files.exists(oldest));
        assertFalse(Files.exists(old));
        for (Path kept : new Path[] {marked, newer, newest, partial, notARun}) {
            assertTrue(Files.exists(kept), kept + " must survive");
        }
        assertEquals(ExitCode.USAGE, paxsim("runs", "gc", "--keep", "-1", "--dir", root.toString()).code());
    }

    @Test
    void runsMadeWithOutOrKeepAreMarked(@TempDir Path tmp) {
        Path out = tmp.resolve("given");
        assertEquals(ExitCode.PASS, paxsim("run", "--seed", "3", "--nodes", "3", "--ops", "50", "--out", out.toString()).code());
        assertTrue(Files.exists(out.resolve(".keep")), "a run given with --out is never collected");
    }

    @Test
    void exploreCounterexamplesAreRunsToo(@TempDir Path tmp) throws IOException {
        Path root = tmp.resolve("runs");
        Path explored = Files.createDirectories(root.resolve("20260101-000000-explore-ballot-reuse"));
        Files.writeString(explored.resolve("explore.json"), "{}\n");
        Path newest = run(root, "20260101-000001-seed1", false);
        CliTest.Result gc = paxsim("runs", "gc", "--keep", "1", "--dir", root.toString());
        assertTrue(gc.out().contains("deleted 1 of 2 runs"), gc.out());
        assertFalse(Files.exists(explored));
        assertTrue(Files.exists(newest));
    }

    @Test
    void exploreCounterexamplesGivenWithOutAreMarked(@TempDir Path tmp) {
        Path out = tmp.resolve("given");
        CliTest.Result r = paxsim("explore", "--nodes", "1", "--mutant", "promise-not-durable", "--ops", "2", "--max-crashes", "1",
                "--max-timeouts", "2", "--out", out.toString());
        assertEquals(ExitCode.VIOLATION, r.code(), r.toString());
        assertTrue(Files.exists(out.resolve(".keep")), "a counterexample given with --out is never collected");
    }
}
