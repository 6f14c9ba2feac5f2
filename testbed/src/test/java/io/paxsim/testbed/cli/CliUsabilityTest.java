package io.paxsim.testbed.cli;

import io.paxsim.testbed.pipeline.Pipeline;
import io.paxsim.testbed.pipeline.RunOptions;
import io.paxsim.testbed.pipeline.RunResult;
import io.paxsim.testbed.pipeline.Scenario;
import io.paxsim.testbed.pipeline.ScheduledFaults;
import io.paxsim.testbed.pipeline.StandardPipeline;
import io.paxsim.testbed.pipeline.ToySystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.paxsim.testbed.cli.CliTest.paxsim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a new user meets first: the README's commands, and clear one-line answers to mistakes. */
class CliUsabilityTest {
    /** Exactly the README's planted-bug command line (no --out: it writes under runs/, removed afterwards). */
    @Test
    void theReadmePlantedBugCommandIsCaught() throws IOException {
        String documented = "run --faults partitions --mutant local-read --seed 1 --duration 6s";
        CliTest.Result r = paxsim(StandardPipeline::create, documented.split(" "));
        Path dir = filesDir(r.out());
        try {
            assertEquals(ExitCode.VIOLATION, r.code(), r.toString());
            assertTrue(r.out().contains("ILLEGAL"), r.out());
            assertTrue(r.out().contains("./paxsim replay --from " + dir), r.out());
        } finally {
            deleteTree(dir);
        }
    }

    /** A failure of paxsim itself is one line and exit 3 (unknown), never 2 (which blames the user's input). */
    @Test
    void anInternalErrorIsUnknownNotBadInput() {
        java.io.StringWriter text = new java.io.StringWriter();
        int code = Paxsim.internalError(new java.io.PrintWriter(text), new AssertionError("a stale cached part"));
        assertEquals(ExitCode.UNKNOWN, code);
        assertEquals(1, text.toString().lines().count(), text.toString());
        assertTrue(text.toString().startsWith("paxsim: internal error (the result is unknown): "), text.toString());
    }

    @Test
    void anUnknownCommandIsNamedAsOneWithTheCommandsThereAre() {
        CliTest.Result top = paxsim("nosuch");
        assertEquals(ExitCode.USAGE, top.code());
        assertTrue(top.err().startsWith("paxsim: unknown command 'nosuch' (commands: ") && top.err().contains("explore"), top.err());
        CliTest.Result runs = paxsim("runs", "tidy");
        assertEquals(ExitCode.USAGE, runs.code());
        assertTrue(runs.err().startsWith("paxsim: unknown command 'tidy' (commands: gc)"), runs.err());
        CliTest.Result option = paxsim("run", "--no-such-option");
        assertTrue(option.err().startsWith("paxsim: Unknown option: '--no-such-option'"), option.err());
    }

    @Test
    void aForcedRunThatDiesLeavesTheOldRunIntact(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("r");
        assertEquals(ExitCode.PASS, paxsim("run", "--seed", "1", "--nodes", "3", "--ops", "50", "--out", dir.toString()).code());
        String verdictBefore = Files.readString(dir.resolve("verdict.json"));
        Set<String> filesBefore = names(dir);
        AtomicInteger builds = new AtomicInteger();
        Supplier<Pipeline> dying = () -> new Pipeline(s -> {
            if (builds.incrementAndGet() > 1) { // the first build is validation; the run's own one dies
                throw new IllegalStateException("the machine caught fire mid-run");
            }
            return ToySystem.cluster();
        }, s -> ScheduledFaults.none());
        CliTest.Result r = paxsim(dying, "run", "--seed", "2", "--nodes", "3", "--ops", "50", "--out", dir.toString(), "--force");
        assertFalse(r.code() == ExitCode.PASS, r.toString());
        assertEquals(verdictBefore, Files.readString(dir.resolve("verdict.json")));
        assertEquals(filesBefore, names(dir));
        assertEquals(Set.of("r"), names(tmp), "no work directory is left beside the run");
    }

    @Test
    void badDemoFaultsLeaveNoRunDirectory() throws IOException {
        Set<String> before = names(Path.of("runs"));
        CliTest.Result r = paxsim(StandardPipeline::create, "demo", "--faults", "bogus");
        assertEquals(ExitCode.USAGE, r.code(), r.toString());
        assertEquals("", r.out(), "nothing printed before the options are checked");
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals(before, names(Path.of("runs")));
    }

    @Test
    void corruptRunDirectoriesGetOneLineNamingTheFile(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("r");
        assertEquals(ExitCode.PASS, paxsim("run", "--seed", "1", "--nodes", "3", "--ops", "50", "--out", dir.toString()).code());
        Path verdict = dir.resolve("verdict.json");
        String good = Files.readString(verdict);

        Files.writeString(verdict, "{\"outcome\": \"pass\",, }");
        assertOneLineError(List.of("paxsim: " + verdict + ": not valid JSON (line 1, column 20)"),
                "replay", "--from", dir.toString());
        assertOneLineError(List.of("paxsim: " + verdict + ": not valid JSON (line 1, column 20)"),
                "shrink", "--from", dir.toString());

        Files.writeString(verdict, good.replaceAll("\"traceHash\"[^,]*,", ""));
        assertOneLineError(List.of(verdict.toString(), "no traceHash"), "replay", "--from", dir.toString());

        Files.writeString(verdict, good);
        Files.writeString(dir.resolve("run.json"), "");
        assertOneLineError(List.of(dir.resolve("run.json") + ": empty"), "replay", "--from", dir.toString());
        Files.delete(dir.resolve("run.json"));
        assertOneLineError(List.of("run.json"), "replay", "--from", dir.toString());

        Path faults = Files.writeString(tmp.resolve("faults-only"), "x");
        assertOneLineError(List.of("not a directory"), "replay", "--from", faults.toString());
    }

    @Test
    void aMissingFaultsFileIsNamed(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("r");
        assertEquals(ExitCode.PASS, paxsim("run", "--seed", "1", "--nodes", "3", "--ops", "50", "--out", dir.toString()).code());
        Files.delete(dir.resolve("faults.json"));
        assertOneLineError(List.of(dir.resolve("faults.json") + ": missing"), "replay", "--from", dir.toString());
    }

    @Test
    void mistakesAreOneLineUserErrors(@TempDir Path tmp) throws IOException {
        assertOneLineError(List.of("--dump-trace", "does not exist"), "replay", "--seed", "1", "--ops", "10",
                "--dump-trace", "/nonexistent/x.jsonl");
        assertOneLineError(List.of("--rate-shape", "--rate"), "run", "--rate-shape", "sinusoid");
        assertOneLineError(List.of("--duration", "too large"), "run", "--duration", "99999999h");
        assertOneLineError(List.of("--duration", "too large"), "run", "--duration", "9999999999999999999s");
        Path dir = tmp.resolve("r");
        assertEquals(ExitCode.PASS, paxsim("run", "--seed", "1", "--nodes", "3", "--ops", "50", "--out", dir.toString()).code());
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("keep.txt"), "mine");
        CliTest.Result shrink = paxsim("shrink", "--from", dir.toString(), "--out", full.toString());
        assertEquals(ExitCode.USAGE, shrink.code(), shrink.toString());
        assertEquals("", shrink.out(), "refused before any re-run");
    }

    @Test
    void everyCommandPrintsTheVersion() {
        for (String command : List.of("run", "replay", "shrink", "demo", "bench", "check")) {
            CliTest.Result r = paxsim(command, "-V");
            assertEquals(ExitCode.PASS, r.code(), command + " -> " + r);
            assertEquals(Paxsim.VERSION, r.out().strip(), command + " -> " + r);
        }
    }

    @Test
    void aCustomNemesisMixIsAFaultProfile() {
        Scenario s = Scenario.defaults(3).withFaultProfile("isolate-leader@2,crash-random@1");
        Set<String> kinds = new TreeSet<>(ScheduledFaults.plan(s).kinds());
        assertEquals(Set.of("isolate", "crash-restart"), kinds);
        CliTest.Result bad = paxsim(StandardPipeline::create, "run", "--faults", "isolate-leader,meteor@2");
        assertEquals(ExitCode.USAGE, bad.code(), bad.toString());
        assertTrue(bad.err().contains("'meteor'"), bad.err());
    }

    @Test
    void aPassingSummaryCountsEveryFaultKindAndGivesTheReplayCommand(@TempDir Path tmp) {
        Path dir = tmp.resolve("r");
        CliTest.Result r = paxsim(StandardPipeline::create, "run", "--seed", "3", "--nodes", "3", "--faults",
                "isolate-leader@3,crash-random@3,loss-burst@3", "--duration", "2s", "--out", dir.toString());
        assertEquals(ExitCode.PASS, r.code(), r.toString());
        Matcher faults = Pattern.compile("faults +(\\d+) faults: (.*)").matcher(r.out());
        assertTrue(faults.find(), r.out());
        int total = Integer.parseInt(faults.group(1));
        int counted = 0;
        for (String part : faults.group(2).split(", ")) {
            counted += Integer.parseInt(part.substring(part.lastIndexOf(" x") + 2));
        }
        assertEquals(total, counted, r.out());
        assertFalse(faults.group(2).contains("..."), r.out());
        assertTrue(r.out().contains("replay      ./paxsim replay --from " + dir), r.out());
    }

    private static void assertOneLineError(List<String> expectedParts, String... args) {
        CliTest.Result r = paxsim(args);
        String cmd = String.join(" ", args);
        assertEquals(ExitCode.USAGE, r.code(), cmd + " -> " + r);
        assertEquals(1, r.err().lines().count(), cmd + " -> " + r.err());
        String line = r.err().strip();
        assertTrue(line.startsWith("paxsim: "), line);
        assertFalse(line.contains("internal error") || line.contains("Exception") || line.contains("jackson")
                || line.contains("Unexpected character"), line);
        for (String part : expectedParts) {
            assertTrue(line.contains(part), cmd + " -> " + line + " (expected " + part + ")");
        }
    }

    private static Path filesDir(String out) {
        Matcher m = Pattern.compile("\\(files in (.*)\\)").matcher(out);
        assertTrue(m.find(), out);
        return Path.of(m.group(1));
    }

    private static Set<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return new TreeSet<>(entries.map(p -> p.getFileName().toString()).toList());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
