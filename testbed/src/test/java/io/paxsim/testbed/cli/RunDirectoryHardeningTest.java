package io.paxsim.testbed.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paxsim.testbed.pipeline.StandardPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Run directories: never two writers, nothing left half-written, edits told apart from nondeterminism. */
class RunDirectoryHardeningTest {
    private static final long DEAD_PID = Long.MAX_VALUE - 1;

    private static CliTest.Result run(Path out) {
        return CliTest.paxsim("run", "--seed", "3", "--nodes", "3", "--ops", "60", "--out", out.toString());
    }

    @Test
    void aSecondRunIntoADirectoryBeingWrittenRefuses(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("shared");
        Files.writeString(RunDirs.lockFile(out), ProcessHandle.current().pid() + "\n"); // a live writer holds it
        CliTest.Result second = run(out);
        assertEquals(ExitCode.USAGE, second.code(), second.toString());
        assertEquals("paxsim: --out " + out + " is being written by another paxsim run (pid " + ProcessHandle.current().pid()
                + "); wait for it to finish, or choose another --out", second.err().strip());
        assertFalse(Files.exists(out), "the refused run wrote nothing");
        Files.delete(RunDirs.lockFile(out));
        assertEquals(ExitCode.PASS, run(out).code());
        assertFalse(Files.exists(RunDirs.lockFile(out)), "the lock goes with the run");
        CliTest.Result again = run(out);
        assertEquals(ExitCode.USAGE, again.code(), "a finished run is not overwritten without --force");
    }

    @Test
    void whatAKilledRunLeftBehindIsRemovedByTheNextRun(@TempDir Path tmp) throws IOException {
        Path partial = Files.createDirectories(tmp.resolve(".old.partial-" + DEAD_PID + "-42"));
        Files.writeString(partial.resolve("history.edn"), "{:type :invoke");
        Files.writeString(tmp.resolve(".old.lock"), DEAD_PID + "\n");
        Path live = Files.createDirectories(tmp.resolve(".busy.partial-" + ProcessHandle.current().pid() + "-7"));
        assertEquals(ExitCode.PASS, run(tmp.resolve("new")).code());
        assertFalse(Files.exists(partial), "a dead run's partial directory is removed");
        assertFalse(Files.exists(tmp.resolve(".old.lock")), "a dead run's lock is removed");
        assertTrue(Files.exists(live), "a live run's work is left alone");
        Files.writeString(RunDirs.lockFile(tmp.resolve("old")), DEAD_PID + "\n");
        assertEquals(ExitCode.PASS, run(tmp.resolve("old")).code(), "a dead writer's lock is taken over");
    }

    @Test
    void anInterruptedRunRemovesItsPartialDirectoryAndLock(@TempDir Path tmp) throws IOException {
        RunDirs.Target target = RunDirs.prepare(tmp.resolve("interrupted"), false, "x");
        Files.writeString(target.workDir().resolve("history.edn"), "{:type :invoke");
        assertTrue(Files.exists(target.lock()));
        target.cleanup().run(); // what the JVM runs on SIGINT/SIGTERM
        assertFalse(Files.exists(target.workDir()));
        assertFalse(Files.exists(target.lock()));
        assertFalse(Files.exists(target.finalDir()));
        target.abandon();
    }

    @Test
    void aFullDiskIsOneLine() {
        IOException full = new java.nio.file.FileSystemException("/runs/x/history.edn", null, "No space left on device");
        assertEquals("the disk is full (No space left on device); free some space, e.g. remove old runs under runs/",
                DiskErrors.describe(new java.io.UncheckedIOException(full)));
        assertEquals("/runs/x: Permission denied",
                DiskErrors.describe(new java.nio.file.AccessDeniedException("/runs/x", null, "Permission denied")));
        assertEquals("/proc/.x.lock: no such file or directory",
                DiskErrors.describe(new java.nio.file.NoSuchFileException("/proc/.x.lock")), "no JDK class name for a reason");
    }

    @Test
    void replayNamesAnEditedScheduleInsteadOfBlamingNondeterminism(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("r");
        CliTest.Result recorded = CliTest.paxsim(StandardPipeline::create, "run", "--seed", "4", "--nodes", "3", "--duration", "500ms",
                "--faults", "crash-random@10", "--out", dir.toString());
        assertEquals(ExitCode.PASS, recorded.code(), recorded.toString());
        ObjectNode run = (ObjectNode) new ObjectMapper().readTree(dir.resolve("run.json").toFile());
        assertEquals(64, run.path("contentSha256").path("faults.json").asText().length(), run.toString());
        Path history = io.paxsim.testbed.output.RunFiles.historyFile(dir);
        Files.write(history, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
        CliTest.Result historyEdited = CliTest.paxsim(StandardPipeline::create, "replay", "--from", dir.toString());
        assertEquals(ExitCode.PASS, historyEdited.code(), historyEdited.toString());
        assertTrue(historyEdited.out().contains("files       " + history + " was edited since the run"), historyEdited.out());
        String faults = Files.readString(dir.resolve("faults.json"));
        String edited = faults.replaceFirst("\"startNanos\" : \\d", "\"startNanos\" : ");
        assertFalse(edited.equals(faults), faults);
        Files.writeString(dir.resolve("faults.json"), edited);
        CliTest.Result scheduleEdited = CliTest.paxsim(StandardPipeline::create, "replay", "--from", dir.toString());
        assertTrue(scheduleEdited.out().contains("faults.json was edited after the run, so this replay ran another schedule "
                + "(not nondeterminism)"), scheduleEdited.out());
        assertEquals(ExitCode.USAGE, scheduleEdited.code());
    }

    @Test
    void replayComparesEachVerdictWithTheRecordedOne(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("v");
        assertEquals(ExitCode.PASS, run(dir).code());
        ObjectMapper json = new ObjectMapper();
        ObjectNode verdict = (ObjectNode) json.readTree(dir.resolve("verdict.json").toFile());
        CliTest.Result same = CliTest.paxsim("replay", "--from", dir.toString());
        assertTrue(same.out().contains("verdicts    MATCH the recording"), same.out());
        ObjectNode first = (ObjectNode) verdict.get("checkers").get(0);
        String checker = first.get("checker").asText();
        first.put("status", "unknown");
        Files.writeString(dir.resolve("verdict.json"), json.writeValueAsString(verdict));
        CliTest.Result differs = CliTest.paxsim("replay", "--from", dir.toString());
        assertEquals(ExitCode.VIOLATION, differs.code(), differs.toString());
        assertTrue(differs.out().contains("verdicts    DIFFER: " + checker + " recorded UNKNOWN, replayed OK"), differs.out());
    }

    @Test
    void checkOnARunDirectorySaysWhenItsHistoryIsNotWhatTheRunWrote(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("c");
        assertEquals(ExitCode.PASS, run(dir).code());
        CliTest.Result intact = CliTest.paxsim("check", "--model", "kv", dir.toString());
        assertEquals(ExitCode.PASS, intact.code(), intact.toString());
        assertFalse(intact.err().contains("since the run wrote it"), intact.err());
        Path history = io.paxsim.testbed.output.RunFiles.historyFile(dir);
        java.util.List<String> lines;
        try (java.io.BufferedReader in = io.paxsim.history.HistoryFormat.openText(history)) {
            lines = in.lines().toList();
        }
        try (java.io.Writer out = new java.io.OutputStreamWriter(new java.util.zip.GZIPOutputStream(Files.newOutputStream(history)),
                java.nio.charset.StandardCharsets.UTF_8)) {
            out.write(String.join("\n", lines.subList(0, 2)) + "\n");
        }
        CliTest.Result check = CliTest.paxsim("check", "--model", "kv", dir.toString());
        assertTrue(check.err().contains(history.getFileName() + ": edited since the run wrote it (its hash differs from run.json); "
                + "checked as it is now"), check.err());
    }

    static long count(Path dir, String glob) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches(glob)).count();
        }
    }
}
