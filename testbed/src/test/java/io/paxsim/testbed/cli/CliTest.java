package io.paxsim.testbed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paxsim.testbed.pipeline.ToySystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI's contract: exit codes, one-line errors, run directories that parse, replay that matches. */
class CliTest {
    record Result(int code, String out, String err) {
    }

    static Result paxsim(String... args) {
        return paxsim(ToySystem::pipeline, args);
    }

    static Result paxsim(java.util.function.Supplier<io.paxsim.testbed.pipeline.Pipeline> pipelines, String... args) {
        CommandLine cli = Paxsim.commandLine(pipelines);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void badInputIsExitTwoWithOneLineAndNoStackTrace(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        List<String[]> bad = List.of(
                new String[] {"run", "--nodes", "0"},
                new String[] {"run", "--workload", "nope"},
                new String[] {"run", "--duration", "soon"},
                new String[] {"run", "--ops", "-3"},
                new String[] {"run", "--rate", "-5"},
                new String[] {"run", "--rate", "100", "--rate-shape", "zigzag"},
                new String[] {"run", "--log-level", "loud"},
                new String[] {"run", "--scenario", "meteor-strike"},
                new String[] {"run", "--environment", "mars"},
                new String[] {"run", "--checker-timeout", "0s"},
                new String[] {"replay", "--seed", "1", "--stop-at", "-1s"},
                new String[] {"run", "--bogus"},
                new String[] {"run", "--seed", "x"},
                new String[] {"run", "--out", file.toString()},
                new String[] {"replay"},
                new String[] {"replay", "--from", tmp.resolve("missing").toString()},
                new String[] {"replay", "--from", tmp.toString()},
                new String[] {"shrink", "--from", tmp.resolve("missing").toString()},
                new String[] {"shrink"});
        for (String[] args : bad) {
            Result r = paxsim(args);
            String cmd = String.join(" ", args);
            assertEquals(ExitCode.USAGE, r.code(), cmd + " -> " + r);
            String firstLine = r.err().lines().findFirst().orElse("");
            assertTrue(firstLine.startsWith("paxsim: "), cmd + " -> " + r.err());
            assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), cmd + " -> " + r.err());
            assertTrue(r.err().lines().count() <= 2, cmd + " -> " + r.err());
        }
    }

    @Test
    void runWritesFilesThatParseAndReplayMatchesTheHash(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("run1");
        Result run = paxsim("run", "--seed", "5", "--nodes", "3", "--ops", "200", "--out", dir.toString(), "--trace");
        assertEquals(ExitCode.PASS, run.code(), run.toString());
        assertTrue(run.out().contains("trace       hash"), run.out());
        ObjectMapper json = new ObjectMapper();
        for (String name : List.of("run.json", "faults.json", "metrics.json", "verdict.json")) {
            assertTrue(json.readTree(dir.resolve(name).toFile()).isObject(), name);
        }
        JsonNode verdict = json.readTree(dir.resolve("verdict.json").toFile());
        assertEquals("pass", verdict.get("outcome").asText());
        List<String> history = gunzippedLines(dir.resolve("history.jsonl.gz"));
        for (String line : history) {
            assertTrue(json.readTree(line).has("type"), line);
        }
        for (String line : Files.readAllLines(dir.resolve("trace.jsonl"))) {
            assertTrue(json.readTree(line).has("kind"), line);
        }
        assertFalse(Files.exists(dir.resolve("history.edn.gz")) || Files.exists(dir.resolve("history.edn")),
                "one history file per run by default");
        Path edn = tmp.resolve("run-edn");
        assertEquals(ExitCode.PASS, paxsim("run", "--seed", "5", "--nodes", "3", "--ops", "200", "--out", edn.toString(),
                "--format", "edn").code());
        assertEquals(history.size(), gunzippedLines(edn.resolve("history.edn.gz")).size(), "--format edn: the same ops as EDN");
        assertFalse(Files.exists(edn.resolve("history.jsonl.gz")));
        Result check = paxsim("check", "--model", "kv", dir.toString());
        assertTrue(check.code() == ExitCode.PASS && check.out().contains("history.jsonl.gz: kv: OK"), "check finds the run's history: " + check);
        Result replay = paxsim("replay", "--from", dir.toString());
        assertEquals(ExitCode.PASS, replay.code(), replay.toString());
        assertTrue(replay.out().contains("MATCHES"), replay.out());
        assertTrue(replay.out().contains(verdict.get("traceHash").asText()), replay.out());
    }

    @Test
    void aLostWriteIsAViolationWithReplayAndShrinkCommandsAndShrinkMakesItSmaller(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("bad");
        Result run = paxsim(ToySystem::losingWrites, "run", "--seed", "2", "--nodes", "3", "--ops", "2000",
                "--out", dir.toString());
        assertEquals(ExitCode.VIOLATION, run.code(), run.toString());
        assertTrue(run.out().contains("kv") && run.out().contains("ILLEGAL"), run.out());
        assertTrue(run.out().contains("./paxsim replay --from " + dir), run.out());
        assertTrue(run.out().contains("./paxsim shrink --from " + dir), run.out());
        Result shrink = paxsim(ToySystem::losingWrites, "shrink", "--from", dir.toString(), "--max-runs", "30");
        assertEquals(ExitCode.VIOLATION, shrink.code(), shrink.toString());
        assertTrue(shrink.out().matches("(?s).*faults \\d+ -> \\d+, ops \\d+ -> \\d+, simulated [0-9.]+ [a-z]+ -> [0-9.]+ [a-z]+\n.*"),
                shrink.out());
        Path shrunk = Path.of(dir + "-shrunk");
        long opsBefore = new ObjectMapper().readTree(dir.resolve("run.json").toFile()).get("opLimit").asLong();
        long opsAfter = new ObjectMapper().readTree(shrunk.resolve("run.json").toFile()).get("opLimit").asLong();
        assertTrue(opsAfter < opsBefore, "ops " + opsBefore + " -> " + opsAfter);
        Result replay = paxsim(ToySystem::losingWrites, "replay", "--from", shrunk.toString());
        assertEquals(ExitCode.VIOLATION, replay.code());
        assertTrue(replay.out().contains("MATCHES"), replay.out());
    }

    @Test
    void aNonEmptyOutIsRefusedUnlessForced(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("notes.txt"), "mine");
        Result refused = paxsim("run", "--seed", "1", "--nodes", "3", "--ops", "20", "--out", tmp.toString());
        assertEquals(ExitCode.USAGE, refused.code());
        Result forced = paxsim("run", "--seed", "1", "--nodes", "3", "--ops", "20", "--out", tmp.toString(), "--force");
        assertEquals(ExitCode.PASS, forced.code(), forced.toString());
        assertEquals("mine", Files.readString(tmp.resolve("notes.txt")), "--force keeps files that are not paxsim's");
    }

    @Test
    void checkDeterminismRunsTwiceAndJsonPrintsTheVerdict(@TempDir Path tmp) {
        Result r = paxsim("run", "--seed", "9", "--nodes", "3", "--ops", "100", "--workload", "ycsb-b",
                "--check-determinism", "--out", tmp.resolve("d").toString());
        assertEquals(ExitCode.PASS, r.code(), r.toString());
        assertTrue(r.out().contains("determinism OK"), r.out());
        Result j = paxsim("run", "--seed", "9", "--nodes", "3", "--ops", "100", "--json", "--out", tmp.resolve("j").toString());
        assertTrue(j.out().trim().startsWith("{") && j.out().contains("\"traceHash\""), j.out());
    }

    private static List<String> gunzippedLines(Path file) throws IOException {
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                new java.util.zip.GZIPInputStream(Files.newInputStream(file)), java.nio.charset.StandardCharsets.UTF_8))) {
            return in.lines().toList();
        }
    }
}
