package io.paxsim.testbed.cli;

import io.paxsim.testbed.pipeline.StandardPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small things a new user hit: options that were silently accepted, help that left things out, clumsy output. */
class CliPolishTest {
    /** A fresh folder per test: fixed /tmp names by PID collided with leftovers of earlier runs when a PID came round again. */
    @TempDir
    Path tmp;

    @Test
    void anEmptyFaultListEntryIsRejected() {
        for (String faults : List.of(",", "crash-random,", ",pause", "crash-random,,pause")) {
            CliTest.Result r = CliTest.paxsim(StandardPipeline::create, "run", "--faults", faults, "--duration", "100ms");
            assertEquals(ExitCode.USAGE, r.code(), faults + " -> " + r);
            assertTrue(r.err().startsWith("paxsim: ") && r.err().contains("empty entry") && r.err().lines().count() == 1,
                    faults + " -> " + r.err());
        }
    }

    @Test
    void aTraceNodeOutsideTheClusterIsRejected() {
        CliTest.Result r = CliTest.paxsim("replay", "--seed", "1", "--nodes", "3", "--dump-trace", "-", "--trace-node", "99");
        assertEquals(ExitCode.USAGE, r.code(), r.toString());
        assertEquals("paxsim: --trace-node 99: the cluster has nodes 0..2", r.err().strip());
    }

    @Test
    void runHelpListsEveryWorkload() {
        CliTest.Result r = CliTest.paxsim("run", "--help");
        for (String workload : io.paxsim.testbed.workload.Workloads.descriptions().keySet()) {
            assertTrue(r.out().contains(workload), workload + " missing from run --help:\n" + r.out());
        }
        assertTrue(r.out().contains("hot-key") && r.out().contains("large-entries") && r.out().contains(" log"), r.out());
    }

    @Test
    void everyCommandsSummaryInTopLevelHelpIsAWholeSentence() {
        picocli.CommandLine root = Paxsim.commandLine();
        for (var sub : root.getSubcommands().entrySet()) {
            String[] description = sub.getValue().getCommandSpec().usageMessage().description();
            assertTrue(description.length > 0 && description[0].strip().endsWith("."),
                    sub.getKey() + "'s first description line (all that `paxsim --help` shows) is cut off: "
                            + (description.length > 0 ? description[0] : "(none)"));
        }
    }

    @Test
    void runHelpListsEveryFaultProfile() {
        CliTest.Result r = CliTest.paxsim("run", "--help");
        String help = r.out().replaceAll("\\s+", " ");
        for (io.paxsim.faults.FaultProfile profile : io.paxsim.faults.FaultProfiles.all()) {
            assertTrue(help.contains(" " + profile.name() + ",") || help.contains(" " + profile.name() + ";"), profile.name() + " missing from run --help:\n" + r.out());
        }
    }

    @Test
    void aSweepOutThatIsAFileIsOneLineNotAnInternalError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.writeString(tmp.resolve("notes.txt"), "mine");
        java.nio.file.Path sweep = tmp.resolve("s");
        CliTest.Result made = CliTest.paxsim("sweep", "--seeds", "0", "--ops", "20", "--nodes", "3", "--quiet", "--out", sweep.toString());
        assertEquals(ExitCode.PASS, made.code(), made.toString());
        for (String[] args : List.of(
                new String[] {"sweep", "--seeds", "0", "--ops", "20", "--nodes", "3", "--quiet", "--out", file.toString()},
                new String[] {"sweep-merge", sweep.toString(), "--out", file.toString()})) {
            CliTest.Result r = CliTest.paxsim(args);
            assertEquals(ExitCode.USAGE, r.code(), r.toString());
            assertEquals("paxsim: --out " + file + " is a file, not a directory", r.err().strip(), r.toString());
            assertEquals("mine", java.nio.file.Files.readString(file), "the file is left alone");
        }
    }

    @Test
    void durationsReadLikeAPersonWroteThem() {
        assertEquals("886.6 ms", Durations.human(886_636_060L));
        assertEquals("1.50 s", Durations.human(1_500_000_000L));
        assertEquals("12.0 us", Durations.human(12_000L));
        assertEquals("3 m 20 s", Durations.human(200_000_000_000L));
        assertEquals("886.63606ms", Durations.format(886_636_060L), "command lines keep the exact form");
    }

    @Test
    void oneLeaderChangeIsSingular() {
        CliTest.Result r = CliTest.paxsim("run", "--seed", "5", "--nodes", "3", "--ops", "50", "--out",
                tmp.resolve("polish").toString());
        assertTrue(r.out().matches("(?s).*leaders     (1 leader change|\\d+ leader changes|0 leader changes)\n.*"), r.out());
        assertTrue(!r.out().contains(" 1 leader changes"), r.out());
    }

    @Test
    void aColdStartBuildsOnlyTheSubcommandItRuns() {
        picocli.CommandLine check = Paxsim.leanCommandLine("check");
        assertEquals(java.util.Set.of("check"), check.getSubcommands().keySet());
        assertEquals(Paxsim.VERSION, check.getSubcommands().get("check").getCommandSpec().version()[0]);
        assertEquals(null, Paxsim.leanCommandLine("--help"), "help lists every subcommand, so it gets the whole CLI");
        assertEquals(null, Paxsim.leanCommandLine("chekc"), "a typo gets the whole CLI and its suggestions");
        java.util.Set<String> all = Paxsim.commandLine().getSubcommands().keySet();
        for (String name : all) {
            if (!name.equals("help")) {
                assertEquals(java.util.Set.of(name), Paxsim.leanCommandLine(name).getSubcommands().keySet(), name);
            }
        }
    }

    @Test
    void theProgressLineSaysSimulatedTimeOpsRateAndEta() {
        assertEquals("run: 15.00 s of 1 m 00 s simulated, 30,000 ops, 3,000 ops/s, ETA 30.00 s",
                ProgressLine.render(15_000_000_000L, 60_000_000_000L, 30_000, 0, 10_000_000_000L));
        assertEquals("run: 1.00 s of 10.00 s simulated, 2,500 of 10,000 ops, 500 ops/s, ETA 15.00 s",
                ProgressLine.render(1_000_000_000L, 10_000_000_000L, 2_500, 10_000, 5_000_000_000L));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ProgressLine line = new ProgressLine(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8), true);
        line.update(1, 10, 1, 0);
        line.finish();
        String drawn = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(drawn.startsWith("\rrun: ") && drawn.endsWith("\r"), drawn);
    }

    @Test
    void withoutATerminalOrProgressARunKeepsStderrClean() {
        CliTest.Result r = CliTest.paxsim("run", "--seed", "5", "--nodes", "3", "--ops", "50", "--out",
                tmp.resolve("quiet").toString());
        assertEquals("", r.err());
        assertEquals(null, ProgressLine.forRun(false), "surefire has no console");
    }
}
