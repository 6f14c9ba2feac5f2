package io.paxsim.testbed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckCommandTest {
    /** Exit code and captured streams of one in-process CLI run. */
    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = Paxsim.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String resource(String name) {
        try {
            return Path.of(CheckCommandTest.class.getResource("/check/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String[] KNOSSOS = {"--model", "cas-register", "--init", "0", "--nil-reads", "unconstrained"};

    private static String[] knossos(String... more) {
        String[] args = new String[KNOSSOS.length + more.length + 1];
        args[0] = "check";
        System.arraycopy(KNOSSOS, 0, args, 1, KNOSSOS.length);
        System.arraycopy(more, 0, args, 1 + KNOSSOS.length, more.length);
        return args;
    }

    @Test
    void directoryOfGoodHistoriesPasses() {
        Run r = run(knossos(resource("good")));
        assertEquals(ExitCode.PASS, r.exit(), r.err());
        assertEquals(2, r.out().lines().filter(l -> l.contains("OK")).count(), r.out());
    }

    @Test
    void nilReadsAsValuesRejectsKnossosConventionHistories() {
        Run r = run("check", "--model", "cas-register", "--init", "0", resource("good/mongodb-v0-ack-rollback-1.edn"));
        assertEquals(ExitCode.VIOLATION, r.exit(), r.out());
    }

    @Test
    void worstVerdictDecidesAndJsonStreamsOneLinePerFile() throws Exception {
        Run r = run(knossos("--json", resource("mixed")));
        assertEquals(ExitCode.VIOLATION, r.exit(), r.err());
        java.util.List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : r.out().lines().toList()) {
            lines.add(new ObjectMapper().readTree(line));
        }
        assertEquals(3, lines.size(), r.out());
        JsonNode bad = lines.get(1);
        assertEquals("illegal", bad.get("status").asText());
        assertEquals("nonlinearizable", bad.get("verdict").get("findings").get(0).get("kind").asText());
        assertTrue(bad.get("parseMillis").isNumber() && bad.get("checkMillis").isNumber());
        assertEquals("ok", lines.get(0).get("status").asText());
        JsonNode end = lines.get(2);
        assertEquals(1, end.get("exitCode").asInt());
        assertEquals(1, end.get("totals").get("illegal").asInt());
        assertEquals(1, end.get("totals").get("ok").asInt());
    }

    @Test
    void malformedInputIsOneLineWithFileAndLine() {
        Run r = run(knossos(resource("malformed.edn")));
        assertEquals(ExitCode.USAGE, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("malformed.edn:2:"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void outOfStepBudgetIsUnknownAndTheSameEveryTime() {
        Run r = run(knossos("--max-steps", "1000", resource("hard.edn")));
        assertEquals(ExitCode.UNKNOWN, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("UNKNOWN") && r.out().contains("step budget of 1000 steps"), r.out());
        Run again = run(knossos("--max-steps", "1000", resource("hard.edn")));
        assertEquals(verdictText(r.out()), verdictText(again.out()));
    }

    @Test
    void wallClockGuardSaysItIsMachineDependent() {
        Run r = run(knossos("--timeout", "1ms", "--max-steps", "100000000000", resource("hard.edn")));
        if (r.exit() == ExitCode.UNKNOWN) {
            assertTrue(r.out().contains("wall-clock timeout (machine-dependent"), r.out());
        } else {
            assertEquals(ExitCode.PASS, r.exit(), r.out() + r.err());
        }
    }

    @Test
    void outOfSearchMemoryIsUnknownNamingTheBudget() {
        Run r = run(knossos("--max-search-mb", "1", resource("hard.edn")));
        if (r.exit() == ExitCode.UNKNOWN) {
            assertTrue(r.out().contains("search memory budget of 1 MB"), r.out());
        } else {
            assertEquals(ExitCode.PASS, r.exit(), r.out() + r.err());
        }
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertEquals(ExitCode.USAGE, run(knossos("/no/such/file.edn")).exit());
        assertEquals(ExitCode.USAGE, run("check", "--model", "nope", resource("hard.edn")).exit());
        assertEquals(ExitCode.USAGE, run(knossos("--timeout", "soon", resource("hard.edn"))).exit());
        assertEquals(ExitCode.USAGE, run("check", "--model", "register", "--init", "[1 2", resource("hard.edn")).exit());
        // An --init the model cannot use is a mistake to report, not a default to fall back on silently.
        assertEquals(ExitCode.USAGE, run("check", "--model", "mutex", "--init", "abc", resource("hard.edn")).exit());
        assertEquals(ExitCode.USAGE, run("check", "--model", "list-append", "--init", "0", resource("hard.edn")).exit());
        Run missingModel = run("check", resource("hard.edn"));
        assertEquals(ExitCode.USAGE, missingModel.exit());
    }

    /** A kv history whose read of x1 returns a value never written to x1; {@code bad} decides which. */
    private static final String KV_EDN = """
            {:index 0, :type :invoke, :process 0, :f :write, :value [:x1 7]}
            {:index 1, :type :ok, :process 0, :f :write, :value [:x1 7]}
            {:index 2, :type :invoke, :process 1, :f :write, :value [:x2 9]}
            {:index 3, :type :ok, :process 1, :f :write, :value [:x2 9]}
            {:index 4, :type :invoke, :process 0, :f :read, :value [:x1 nil]}
            {:index 5, :type :ok, :process 0, :f :read, :value [:x1 READ]}
            """;
    private static final String KV_JSONL = """
            {"index":0,"type":"invoke","process":0,"f":"write","value":["x1",7]}
            {"index":1,"type":"ok","process":0,"f":"write","value":["x1",7]}
            {"index":2,"type":"invoke","process":1,"f":"write","value":["x2",9]}
            {"index":3,"type":"ok","process":1,"f":"write","value":["x2",9]}
            {"index":4,"type":"invoke","process":0,"f":"read","value":["x1",null]}
            {"index":5,"type":"ok","process":0,"f":"read","value":["x1",READ]}
            """;

    private static Path write(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void runDirectoryChecksItsHistoryOnceAndSkipsRunFiles(@TempDir Path dir) throws IOException {
        write(dir, "history.edn", KV_EDN.replace("READ", "7"));
        write(dir, "history.jsonl", KV_JSONL.replace("READ", "7"));
        write(dir, "run.json", "{\"seed\":1,\"nodes\":5}\n");
        write(dir, "faults.json", "{\"format\":\"paxsim-faults/1\",\"entries\":[]}\n");
        write(dir, "metrics.json", "{\n  \"opsInvoked\": 3\n}\n");
        write(dir, "verdict.json", "{\"outcome\":\"pass\"}\n");
        write(dir, "trace.jsonl", "{\"event\":\"send\"}\n");
        write(dir, "notes.txt", "not a history\n");
        Run r = run("check", "--model", "kv", dir.toString());
        assertEquals(ExitCode.PASS, r.exit(), r.out() + r.err());
        assertEquals(1, r.out().lines().filter(l -> l.contains(": kv: OK")).count(), r.out());
        assertTrue(r.out().contains("history.jsonl: kv: OK"), r.out());
        assertTrue(r.err().contains("history.edn: skipped, the same run as history.jsonl"), r.err());
        assertFalse(r.err().contains("run.json") || r.err().contains("metrics.json"), r.err());
    }

    @Test
    void formatEdnPicksTheEdnCopyOfARun(@TempDir Path dir) throws IOException {
        write(dir, "history.edn", KV_EDN.replace("READ", "7"));
        write(dir, "history.jsonl", KV_JSONL.replace("READ", "7"));
        Run r = run("check", "--model", "kv", "--format", "edn", dir.toString());
        assertEquals(ExitCode.PASS, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("history.edn: kv: OK"), r.out());
        assertTrue(r.err().contains("history.jsonl: skipped"), r.err());
    }

    @Test
    void namedNonHistoryIsAnErrorQuotingOnlyAnExcerpt(@TempDir Path dir) throws IOException {
        Path metrics = write(dir, "metrics.json", "{\"opsInvoked\":3,\"padding\":\"" + "x".repeat(5000) + "\"}\n");
        Path other = write(dir, "stats.jsonl", "{\"opsInvoked\":3,\"padding\":\"" + "x".repeat(5000) + "\"}\n");
        Run named = run("check", "--model", "kv", metrics.toString());
        assertEquals(ExitCode.USAGE, named.exit());
        assertTrue(named.err().contains("a paxsim run file, not a history"), named.err());
        Run foreign = run("check", "--model", "kv", other.toString());
        assertEquals(ExitCode.USAGE, foreign.exit());
        assertEquals(1, foreign.err().lines().count(), foreign.err());
        assertTrue(foreign.err().length() < 400, foreign.err());
        assertTrue(foreign.err().contains("stats.jsonl:1: op has no valid \"type\""), foreign.err());
    }

    @Test
    void emptyHistoryIsValidAsPorcupineAnswersWithAWarningAndNemesisOnlyToo(@TempDir Path dir) throws IOException {
        Run empty = run("check", "--model", "kv", write(dir, "empty.edn", "").toString());
        assertEquals(ExitCode.PASS, empty.exit(), empty.out() + empty.err());
        assertTrue(empty.err().contains("empty.edn: empty history (no operations)"), empty.err());
        // Knossos' own corpus has such a file among its valid histories (mongodb-v0-ack-rollback-.edn).
        Run nemesis = run("check", "--model", "kv",
                write(dir, "nemesis.edn", "{:type :info, :process :nemesis, :f :start, :value nil}\n").toString());
        assertEquals(ExitCode.PASS, nemesis.exit(), nemesis.err());
        assertTrue(nemesis.out().contains("0 calls"), nemesis.out());
    }

    @Test
    void explanationSaysWhatTheReadCouldHaveReturnedAndTimingHasItsOwnLine() {
        Run r = run(knossos(resource("mixed/rethink-fail-minimal.edn")));
        assertEquals(ExitCode.VIOLATION, r.exit(), r.err());
        assertTrue(r.out().contains("could have read 0 or 4, read 3"), r.out());
        java.util.List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(lines.size() - 2).matches("\\s*\\(parse [0-9.]+ ms, check [0-9.]+ ms\\)"), r.out());
        assertEquals("checked 1 file: 0 ok, 1 illegal, 0 unknown, 0 bad input (exit 1)", lines.get(lines.size() - 1));
        assertEquals(1, lines.stream().filter(l -> l.contains("(parse ")).count(), r.out());
    }

    @Test
    void keysReadTheSameFromEdnAndJsonLines(@TempDir Path dir) throws IOException {
        Run edn = run("check", "--model", "kv", write(dir, "bad.edn", KV_EDN.replace("READ", "9")).toString());
        Run jsonl = run("check", "--model", "kv", write(dir, "bad.jsonl", KV_JSONL.replace("READ", "9")).toString());
        assertEquals(ExitCode.VIOLATION, edn.exit(), edn.err());
        assertEquals(ExitCode.VIOLATION, jsonl.exit(), jsonl.err());
        assertTrue(edn.out().contains("[key :x1]") && edn.out().contains("could have read 7, read 9"), edn.out());
        assertEquals(verdictText(edn.out()), verdictText(jsonl.out()));
    }

    /** The report without the file name and the timings, which differ between two files of one history. */
    @Test
    void aViolationIsNeverMaskedByAnotherFilesBadInputAndEveryFileIsCounted(@TempDir Path dir) throws IOException {
        write(dir, "a-bad.edn", KV_EDN.replace("READ", "9"));
        write(dir, "b-empty.edn", "");
        write(dir, "c-malformed.edn", "{:type :invoke, :process 0, :f :read\n");
        write(dir, "d-good.edn", KV_EDN.replace("READ", "7"));
        write(dir, "e-bad.edn", KV_EDN.replace("READ", "8"));
        Run r = run("check", "--model", "kv", dir.toString());
        assertEquals(ExitCode.VIOLATION, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("checked 5 files: 2 ok, 2 illegal, 0 unknown, 1 bad input (exit 1)"), r.out());
        assertTrue(r.err().contains("c-malformed.edn"), r.err());
        Run withoutViolations = run("check", "--model", "kv", dir.resolve("b-empty.edn").toString(),
                dir.resolve("c-malformed.edn").toString(), dir.resolve("d-good.edn").toString());
        assertEquals(ExitCode.USAGE, withoutViolations.exit(), withoutViolations.out());
    }

    @Test
    void anOpTheModelCannotInterpretIsBadInputNamingFileLineAndOp(@TempDir Path dir) throws IOException {
        Path register = write(dir, "register.edn", """
                {:type :invoke, :process 0, :f :write, :value 3}
                {:type :ok, :process 0, :f :write, :value 3}
                {:type :invoke, :process 0, :f :read, :value nil}
                {:type :ok, :process 0, :f :read, :value 3}
                """);
        Run checksum = run("check", "--model", "checksum", register.toString());
        assertEquals(ExitCode.USAGE, checksum.exit(), checksum.out() + checksum.err());
        assertEquals(1, checksum.err().lines().count(), checksum.err());
        assertTrue(checksum.err().contains("register.edn:1: model checksum cannot interpret op")
                && checksum.err().contains(":write"), checksum.err());
        Path txns = write(dir, "txns.edn", """
                {:type :invoke, :process 0, :f :txn, :value [[:append :x 1]]}
                {:type :ok, :process 0, :f :txn, :value [[:append :x 1]]}
                """);
        Run register2 = run("check", "--model", "register", txns.toString());
        assertEquals(ExitCode.USAGE, register2.exit(), register2.out() + register2.err());
        assertTrue(register2.err().contains("txns.edn:1: model register cannot interpret op"), register2.err());
        Run mutex = run("check", "--model", "mutex", register.toString());
        assertEquals(ExitCode.USAGE, mutex.exit());
    }

    /** Porcupine's kv file format: get/put/append with the key in its own field. */
    private static final String PORCUPINE_KV = """
            {:process 0, :type :invoke, :f :put, :key "k", :value "a"}
            {:process 0, :type :ok, :f :put, :key "k", :value "a"}
            {:process 1, :type :invoke, :f :append, :key "k", :value "b"}
            {:process 1, :type :ok, :f :append, :key "k", :value "b"}
            {:process 2, :type :invoke, :f :append, :key "j", :value "z"}
            {:process 2, :type :ok, :f :append, :key "j", :value "z"}
            {:process 0, :type :invoke, :f :get, :key "k", :value nil}
            {:process 0, :type :ok, :f :get, :key "k", :value "GOT"}
            {:process 1, :type :invoke, :f :get, :key "never", :value nil}
            {:process 1, :type :ok, :f :get, :key "never", :value ""}
            """;

    @Test
    void porcupineKvTextFilesLoadFromADirectoryAndAppendConcatenatesPerKey(@TempDir Path dir) throws IOException {
        write(dir, "ok.txt", PORCUPINE_KV.replace("GOT", "ab"));
        write(dir, "notes.txt", "not a history\n");
        Run ok = run("check", "--model", "kv", dir.toString());
        assertEquals(ExitCode.PASS, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("ok.txt: kv: OK") && ok.out().contains("3 partitions"), ok.out());
        assertTrue(ok.out().contains("checked 1 file:"), ok.out());
        write(dir, "bad.txt", PORCUPINE_KV.replace("GOT", "ba"));
        Run bad = run("check", "--model", "kv", dir.resolve("bad.txt").toString());
        assertEquals(ExitCode.VIOLATION, bad.exit(), bad.out() + bad.err());
        assertTrue(bad.out().contains("(key \"k\")"), bad.out());
    }

    private static String verdictText(String out) {
        return out.substring(out.indexOf(": ") + 2).replaceAll("\\(parse .*\\)", "");
    }
}
