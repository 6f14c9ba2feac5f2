package io.paxsim.testbed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code paxsim explore} end to end: an exhausted correct configuration exits 0; each planted bug
 * is found, written as a run directory, and {@code paxsim replay --from} re-executes it in the
 * simulator with the same trace hash. Mutants that random walks need thousands of tries for run
 * only with {@code -Dpaxsim.explore.deep=true}.
 */
class ExploreCommandTest {
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

    @Test
    void anExhaustedCorrectConfigurationPasses() {
        Run r = run("explore", "--nodes", "1", "--clients", "1", "--ops", "0", "--max-timeouts", "1", "--max-crashes", "1");
        assertEquals(ExitCode.PASS, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("EXHAUSTED within the bounds"), r.out());
        assertTrue(r.out().contains("value-chosen reached") && r.out().contains("crash-recovered reached"), r.out());
    }

    @Test
    void stderrIsNoTerminalSoNoCarriageReturnAndTheHeapFigureSaysWhatItCounts() {
        Run r = run("explore", "--nodes", "1", "--clients", "1", "--ops", "1", "--max-timeouts", "1");
        assertEquals(ExitCode.PASS, r.exit(), r.out() + r.err());
        assertEquals("", r.err(), "a short explore with stderr no terminal writes no progress");
        assertTrue(r.out().contains("peak live heap") || r.out().contains("no GC ran (live and garbage)"), r.out());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--nodes -1|--nodes must be 1..",
            "--max-states -5|--max-states must be >= 0: -5",
            "--max-timeouts -1|--max-timeouts must be >= 0: -1",
            "--strategy random --walks 0|--walks must be >= 1: 0",
            "--max-ballots 0|--max-ballots must be >= 1: 0",
            "--ops -1|--clients and --ops must be >= 0"})
    void aBadOptionValueIsExitTwoWithOneLineNamingIt(String args, String expected) {
        Run r = run(("explore " + args).split(" "));
        assertEquals(ExitCode.USAGE, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith("paxsim: " + expected) && r.err().strip().lines().count() == 1, r.err());
    }

    @Test
    void aBudgetCutIsUnknownNotPass() {
        Run r = run("explore", "--nodes", "3", "--max-states", "300", "--json");
        assertEquals(ExitCode.UNKNOWN, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("\"status\" : \"unknown\""), r.out());
    }

    @Test
    void depthFirstWithADepthBoundRunsAndACutIsUnknown() {
        Run r = run("explore", "--strategy", "dfs", "--max-depth", "5", "--nodes", "1", "--clients", "1", "--ops", "1",
                "--max-timeouts", "1");
        assertEquals(ExitCode.UNKNOWN, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("strategy dfs") && r.out().contains("depth bound 5 cut some paths"), r.out());
    }

    /**
     * Depth-first search without a depth bound exhausts a space (the visited set ends it) and
     * visits exactly the states breadth-first search does, with kept worlds (the dfs default) and
     * by re-execution; the default strategy (auto) runs it and says so.
     */
    @Test
    void depthFirstWithoutABoundExhaustsTheStatesBreadthFirstVisits() {
        // 804 states, 34 terminal; depth-first re-expands some (sleep sets woken), breadth-first none
        String[] config = {"explore", "--nodes", "1", "--clients", "1", "--ops", "1", "--max-timeouts", "1",
                "--max-crashes", "1", "--eventually", "none", "--max-states", "0", "--json"};
        Run bfs = run(concat(config, "--strategy", "bfs"));
        Run dfs = run(concat(config, "--strategy", "dfs"));
        Run dfsReplay = run(concat(config, "--strategy", "dfs", "--branch", "replay"));
        Run auto = run(config);
        assertSameCounts(ExitCode.PASS, java.util.List.of(bfs, dfs, dfsReplay, auto), "uniqueStates", "terminalStates");
        assertTrue(Long.parseLong(field(dfs.out(), "reexpansions")) > 0, "a terminal state re-expanded counts once: "
                + dfs.out());
        assertTrue(auto.out().contains("\"strategy\" : \"dfs\"")
                && auto.out().contains("\"strategyNote\" : \"auto: depth-first, exhausted\""), auto.out());
    }

    /**
     * The default strategy (auto) reports breadth-first search's result when its depth-first pass is
     * cut (so the cut covers every state to some depth) or finds a violation (so it is shortest:
     * see bfsFindsTheShortestCounterexample...); when that breadth-first pass is cut before it finds
     * one, the depth-first violation is reported, shrunk.
     */
    @Test
    void autoFallsBackToBreadthFirstWhenCutOrViolated(@TempDir Path tmp) {
        Run cut = run("explore", "--nodes", "3", "--max-states", "300", "--json");
        assertEquals(ExitCode.UNKNOWN, cut.exit(), cut.out() + cut.err());
        assertTrue(cut.out().contains("\"strategy\" : \"bfs\"") && cut.out().contains("after a depth-first search was cut"),
                cut.out());
        Run found = run("explore", "--nodes", "1", "--clients", "1", "--ops", "2", "--max-timeouts", "2",
                "--max-crashes", "1", "--mutant", "promise-not-durable", "--eventually", "none", "--out",
                tmp.resolve("cx").toString());
        assertEquals(ExitCode.VIOLATION, found.exit(), found.out() + found.err());
        assertTrue(found.out().contains("strategy bfs (auto: breadth-first, after a depth-first search found a violation")
                && found.out().contains("shortest counterexample, 6 steps"), found.out());
        // Depth-first finds it in 307 states, breadth-first needs 1,156 to reach depth 6: a budget between
        // the two must not lose the violation depth-first found (it was UNKNOWN once).
        Run kept = run("explore", "--nodes", "1", "--clients", "1", "--ops", "2", "--max-timeouts", "2",
                "--max-crashes", "1", "--mutant", "promise-not-durable", "--eventually", "none", "--max-states", "600",
                "--out", tmp.resolve("cx2").toString());
        assertEquals(ExitCode.VIOLATION, kept.exit(), kept.out() + kept.err());
        assertTrue(kept.out().contains("strategy dfs (auto: depth-first (shrunk), after a breadth-first search for a "
                + "shorter counterexample was cut (state budget 600") && kept.out().contains("shrunk counterexample"),
                kept.out());
    }

    /** The symmetry line follows the header, and the reduction line says why sleep sets are off. */
    @Test
    void symmetryIsReportedInItsPlace() {
        Run r = run("explore", "--nodes", "3", "--clients", "0", "--ops", "0", "--max-timeouts", "1", "--candidates", "0",
                "--fsync", "at-once", "--eventually", "none", "--max-states", "0", "--symmetry");
        assertEquals(ExitCode.PASS, r.exit(), r.out() + r.err());
        int header = r.out().indexOf("explore: 3 replicas");
        int symmetryLine = r.out().indexOf("  symmetry    replicas [1, 2] interchangeable");
        assertTrue(header >= 0 && symmetryLine > header, r.out());
        assertTrue(r.out().contains("sleep sets off (--symmetry)") && !r.out().contains("--por none"), r.out());
    }

    /** A cut auto search prints its bfs result and, on a line of its own, what the deeper dfs pass covered. */
    @Test
    void aCutAutoSearchAlsoReportsItsDepthFirstPass() throws Exception {
        String[] config = {"explore", "--nodes", "1", "--clients", "1", "--ops", "1", "--max-states", "300"};
        Run text = run(config);
        assertEquals(ExitCode.UNKNOWN, text.exit(), text.out() + text.err());
        assertTrue(text.out().contains("NOT exhausted"), text.out());
        assertTrue(text.out().contains("  dfs pass    300 unique states, depth "), text.out());
        Run json = run(concat(config, "--json"));
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        com.fasterxml.jackson.databind.JsonNode pass = root.path("depthFirstPass");
        assertEquals(300, pass.path("uniqueStates").asLong(), json.out());
        assertTrue(pass.path("depthReached").asInt() > root.path("depth").asInt(), json.out());
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(ExitCode.USAGE, run("explore", "--strategy", "sideways").exit());
        assertEquals(ExitCode.USAGE, run("explore", "--strategy", "dfs", "--branch", "ancestor").exit());
        for (String oneThread : new String[] {"dfs", "random", "delay-bounded"}) {
            Run jobs = run("explore", "--strategy", oneThread, "--jobs", "2");
            assertEquals(ExitCode.USAGE, jobs.exit(), jobs.out() + jobs.err());
            assertTrue(jobs.err().contains("--jobs 2 needs --strategy bfs or auto"), jobs.err());
        }
        assertEquals(ExitCode.USAGE, run("explore", "--mutant", "no-such-bug").exit());
        assertEquals(ExitCode.USAGE, run("explore", "--ops", "2", "--clients", "0").exit());
        Run slowDisks = run("explore", "--symmetry", "--candidates", "0", "--client-to", "0", "--eventually", "none");
        assertEquals(ExitCode.USAGE, slowDisks.exit(), slowDisks.out() + slowDisks.err());
        assertTrue(slowDisks.err().contains("--symmetry needs --fsync at-once"), slowDisks.err());
    }

    @ParameterizedTest
    @CsvSource({
        "promise-not-durable, 4, 2, 50",
        "accept-below-promise, 6, 3, 50",
        "ignore-prior-accepts, 6, 3, 300",
    })
    void plantedBugIsFoundAndItsCounterexampleReplaysWithTheSameTraceHash(String mutant, String timeouts, String ballots,
                                                                         String walks, @TempDir Path tmp) throws Exception {
        findAndReplay(mutant, timeouts, ballots, walks, "mixed", tmp);
    }

    /**
     * Breadth-first search returns the shortest counterexample: promise-not-durable in 6 actions
     * (1 replica, 1 crash), and the same search cut at depth 5 finds none, so none shorter exists.
     */
    @Test
    void bfsFindsTheShortestCounterexampleAndItReplaysWithTheSameTraceHash(@TempDir Path tmp) {
        String[] config = {"explore", "--nodes", "1", "--clients", "1", "--ops", "2", "--max-timeouts", "2",
                "--max-crashes", "1", "--mutant", "promise-not-durable", "--eventually", "none"};
        Path dir = tmp.resolve("cx");
        Run found = run(concat(config, "--out", dir.toString()));
        assertEquals(ExitCode.VIOLATION, found.exit(), found.out() + found.err());
        // 6 steps: a promise waits for its record's fsync and the next one (whose WAL superblock vouches for it),
        // each one completion for both mirrors.
        assertTrue(found.out().contains("shortest counterexample, 6 steps"), found.out());
        Run replay = run("replay", "--from", dir.toString());
        assertTrue(replay.out().contains("hash        MATCHES"), replay.out());
        Run shorter = run(concat(config, "--max-depth", "5"));
        assertEquals(ExitCode.UNKNOWN, shorter.exit(), shorter.out());
        assertTrue(shorter.out().contains("depth bound 5 reached"), shorter.out());
    }

    /**
     * Depth counts steps (actions) from the initial state, and a search cut by a depth bound D
     * reached states D steps deep: the bound, the depth reached and the cut say the same number
     * (the depth reached read one less, the deepest level expanded, beside "depth bound 5 reached").
     */
    @Test
    void aDepthBoundAndTheDepthReachedCountTheSameSteps() {
        Run bfs = run("explore", "--max-depth", "5", "--nodes", "1", "--clients", "1", "--ops", "2", "--max-timeouts", "2");
        assertEquals(ExitCode.UNKNOWN, bfs.exit(), bfs.out() + bfs.err());
        assertTrue(bfs.out().contains("depth 5 steps, states"), "the bound, in steps: " + bfs.out());
        assertTrue(bfs.out().contains("depth 5 (" + ExploreCommand.DEPTH_MEANS + ")"), "the depth reached: " + bfs.out());
        assertTrue(bfs.out().contains("depth bound 5 reached"), bfs.out());
        Run dfs = run("explore", "--strategy", "dfs", "--max-depth", "5", "--nodes", "1", "--clients", "1", "--ops", "1",
                "--max-timeouts", "1", "--json");
        assertEquals("5", field(dfs.out(), "depth"), dfs.out());
    }

    /**
     * A delay-bounded counterexample says how many deviations from the default schedule it takes
     * and marks the steps that deviate, in print, in --json and in its run directory; and a
     * client's steps name it as a client ("at client 1", "client 1->0"), not as a node a reader
     * would take for a replica, in print, JSON, explore.json, the report and the replay.
     */
    @Test
    void aDelayBoundedCounterexampleCountsItsDeviationsAndNamesItsClient(@TempDir Path tmp) throws Exception {
        String[] search = {"explore", "--strategy", "delay-bounded", "--max-delays", "2", "--nodes", "1", "--clients", "1",
            "--ops", "2", "--max-timeouts", "2", "--max-crashes", "1", "--mutant", "promise-not-durable", "--eventually", "none"};
        Path dir = tmp.resolve("cx");
        Run found = run(concat(search, "--out", dir.toString()));
        assertEquals(ExitCode.VIOLATION, found.exit(), found.out() + found.err());
        assertTrue(found.out().contains("9 steps, 1 deviation from the default schedule (marked):"), found.out());
        assertEquals(1, found.out().lines().filter(l -> l.contains("[deviation 1]")).count(), found.out());
        assertTrue(found.out().contains("crash node 0") && found.out().lines()
                .anyMatch(l -> l.contains("crash node 0") && l.endsWith("[deviation 1]")), found.out());
        String explore = Files.readString(dir.resolve("explore.json"));
        assertTrue(explore.contains("\"deviations\" : 1"), explore);
        Run json = run(concat(search, "--json", "--out", tmp.resolve("cx-json").toString()));
        assertTrue(json.out().contains("\"deviations\" : 1"), json.out());

        for (String text : new String[]{found.out(), json.out(), explore, Files.readString(dir.resolve("report.html")),
            run("replay", "--from", dir.toString()).out()}) {
            assertTrue(text.contains("at client 1") && text.contains("client 1->0 Request")
                    && text.contains("0->client 1 NotLeader"), text);
            assertTrue(!text.contains("at node 1") && !text.contains("deliver 1->0 Request"), text);
        }
    }

    /**
     * Breadth-first search finds each named mutant's shortest counterexample in the smallest
     * configuration that shows it, under restrictions that keep it cheap (printed and recorded);
     * the same search cut one step shorter finds none, so none shorter exists there; the
     * counterexample replays in the simulator with the recorded trace hash, and its report renders.
     * State counts move with the protocol (stale-reply-counted reached 3,650 states on main 3d5acf7); the steps are
     * what this pins.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "stale-reply-counted  | 10 | quorum-at-ballot      | --nodes 3 --clients 0 --ops 0 --max-timeouts 2 --candidates 0",
        // 13 steps since the leader counts its own vote without an Accepted to itself (14 since adaptive batching,
        // 12 when the write was proposed at once): the write waits for the leader's opening no-op to be chosen, then
        // goes out in the next slot (14 was also found with persistent sets and with sleep sets only; not re-run since).
        "ignore-prior-accepts | 13 | single-value-per-slot | --nodes 1 --clients 1 --ops 1 --max-timeouts 2 --max-crashes 1",
        // The restarted replica reuses ballot 1.0 and proposes a no-op in the slot its earlier incarnation proposed
        // the write in: one-value-per-ballot checks proposals (14 steps by learned-is-chosen before it did, once that
        // earlier Accept, still in flight, was accepted; 13 on e406bc4).
        "ballot-reuse         | 11 | one-value-per-ballot  | --nodes 1 --clients 1 --ops 1 --max-timeouts 2 --max-crashes 1",
    })
    void bfsFindsEachMutantsShortestCounterexample(String mutant, int steps, String property, String config,
                                                  @TempDir Path tmp) throws Exception {
        findShortestAndReplay(mutant, steps, property, config, tmp);
    }

    /** The same for the mutants whose breadth-first search takes minutes. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "accept-below-promise | 12 | promise-monotonic | --nodes 3 --clients 0 --ops 0 --max-timeouts 2",
    })
    void bfsFindsTheShortestCounterexampleOfSlowMutants(String mutant, int steps, String property, String config,
                                                       @TempDir Path tmp) throws Exception {
        assumeTrue(Boolean.getBoolean("paxsim.explore.deep"), "run with -Dpaxsim.explore.deep=true");
        findShortestAndReplay(mutant, steps, property, config, tmp);
    }

    private static void findShortestAndReplay(String mutant, int steps, String property, String config, Path tmp)
            throws Exception {
        String[] search = concat(concat(new String[]{"explore", "--mutant", mutant}, config.trim().split("\\s+")),
                "--max-ballots", "2", "--fsync", "at-once", "--eventually", "none", "--max-states", "2000000");
        Path dir = tmp.resolve("cx");
        Run found = run(concat(search, "--out", dir.toString()));
        assertEquals(ExitCode.VIOLATION, found.exit(), found.out() + found.err());
        assertTrue(found.out().contains("shortest counterexample, " + steps + " steps"), found.out());
        assertTrue(found.out().contains("VIOLATION " + property + ":"), found.out());
        assertTrue(found.out().contains("restricted  fsyncs complete at once"), found.out());
        Run replay = run("replay", "--from", dir.toString());
        assertEquals(ExitCode.VIOLATION, replay.exit(), replay.out() + replay.err());
        assertTrue(replay.out().contains("hash        MATCHES") && replay.out().contains("VIOLATION " + property), replay.out());
        String page = Files.readString(dir.resolve("report.html"));
        assertTrue(page.contains("explore counterexample, mutant " + mutant + ", " + steps + " steps"), "report title");
        Run shorter = run(concat(search, "--max-depth", String.valueOf(steps - 1)));
        assertEquals(ExitCode.UNKNOWN, shorter.exit(), shorter.out());
        assertTrue(shorter.out().contains("depth bound " + (steps - 1) + " reached"), shorter.out());
    }

    @Test
    void theReportCommandRendersAnExploreRun(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("cx");
        Run found = run("explore", "--nodes", "1", "--clients", "1", "--ops", "2", "--max-timeouts", "2",
                "--max-crashes", "1", "--mutant", "promise-not-durable", "--eventually", "none", "--out", dir.toString());
        assertEquals(ExitCode.VIOLATION, found.exit(), found.out() + found.err());
        assertTrue(found.out().contains("  report      " + dir.resolve("report.html")), found.out());
        byte[] written = Files.readAllBytes(dir.resolve("report.html"));
        Files.delete(dir.resolve("report.html"));
        // Another spelling of the same directory: the page is a function of the directory's files, not of the path
        // it was given by (it quoted the path given in its replay command, so its size changed with the spelling).
        Run report = run("report", dir.resolve(".").toString());
        assertEquals(ExitCode.PASS, report.exit(), report.out() + report.err());
        assertTrue(java.util.Arrays.equals(written, Files.readAllBytes(dir.resolve("report.html"))),
                "report rewrote report.html differently from the run: " + written.length + " vs "
                        + Files.size(dir.resolve("report.html")) + " bytes");
        String page = Files.readString(dir.resolve("report.html"));
        assertTrue(page.contains("\"kind\":\"explore\"") && page.contains("MATCHES the recording"), "explore page data");
        assertTrue(page.contains("restart node 0") && page.contains("promise-monotonic"), "its steps and the property");
        Files.writeString(dir.resolve("explore.json"), "{\"model\": 1}");
        Run bad = run("report", dir.toString());
        assertEquals(ExitCode.USAGE, bad.exit(), bad.out() + bad.err());
        assertTrue(bad.err().lines().count() <= 2 && !bad.err().contains("Exception"), bad.err());
    }

    /** Parallel expansion of a 3-replica search: the same unique states and transitions as one thread. */
    @Test
    void parallelJobsExploreTheSameStateCountAsOne() {
        String[] config = {"explore", "--nodes", "3", "--clients", "1", "--ops", "1", "--max-timeouts", "2",
                "--fsync", "at-once", "--max-depth", "6", "--eventually", "none", "--json"};
        Run one = run(concat(config, "--jobs", "1"));
        Run two = run(concat(config, "--jobs", "2"));
        assertSameCounts(ExitCode.UNKNOWN, java.util.List.of(one, two), "uniqueStates", "transitions", "terminalStates", "depth");
        assertTrue(Long.parseLong(field(one.out(), "uniqueStates")) > 1_000, one.out());
    }

    /** Every run of {@code runs} exits {@code exit} and reports the first run's value of each JSON field in {@code fields}. */
    private static void assertSameCounts(int exit, java.util.List<Run> runs, String... fields) {
        for (Run r : runs) {
            assertEquals(exit, r.exit(), r.out() + r.err());
            for (String field : fields) {
                assertEquals(field(runs.get(0).out(), field), field(r.out(), field), field + ": " + r.out());
            }
        }
    }

    private static String field(String json, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\" : ([0-9]+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return m.group(1);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Measured before swarm walks spread their budgets (SwarmWalk): stale-reply-counted after ~16k walks (mixed),
     * ballot-reuse after ~10k (swarm) until protocol changes lost it. Since: stale-reply-counted at walk 8; ballot-reuse
     * not within 40,000 swarm walks (211 CPU-s). Since swarm walks draw a message age, crash mid-broadcast and let a
     * restarted node time out first (docs/performance.md, "walk2"): ballot-reuse at walk 10, and 1 walk in 280
     * over ten seeds, so 5,000 walks (a minute's budget at most) miss it with odds near e^-18.
     */
    @ParameterizedTest
    @CsvSource({
        "stale-reply-counted, 4, 2, 40000, mixed",
        "ballot-reuse, 6, 3, 5000, swarm",
    })
    void rareBugIsFoundByLongerWalks(String mutant, String timeouts, String ballots, String walks, String mix,
                                     @TempDir Path tmp) throws Exception {
        assumeTrue(Boolean.getBoolean("paxsim.explore.deep"), "run with -Dpaxsim.explore.deep=true");
        findAndReplay(mutant, timeouts, ballots, walks, mix, tmp);
    }

    /**
     * ballot-reuse on three replicas, by random walks alone (it needs a crash between the leader's Accept broadcast
     * and its own vote, a re-election by the restarted leader at the reused ballot, and its new Prepare answered
     * before the old Accepts arrive): found at swarm walk 10 with seed 1, a second or two.
     */
    @Test
    void swarmWalksFindBallotReuseOnThreeReplicas(@TempDir Path tmp) throws Exception {
        findAndReplay("ballot-reuse", "6", "3", "2000", "swarm", tmp);
    }

    private static void findAndReplay(String mutant, String timeouts, String ballots, String walks, String mix, Path tmp)
            throws Exception {
        Path dir = tmp.resolve("cx");
        Run found = run("explore", "--strategy", "random", "--mutant", mutant, "--ops", "2", "--max-crashes", "1",
                "--max-timeouts", timeouts, "--max-ballots", ballots, "--walks", walks, "--max-states", "0",
                "--seed", "1", "--walk-mix", mix, "--out", dir.toString());
        assertEquals(ExitCode.VIOLATION, found.exit(), found.out() + found.err());
        assertTrue(found.out().contains("shrunk counterexample"), found.out());
        assertTrue(Files.isRegularFile(dir.resolve("explore.json")) && Files.size(dir.resolve("trace.jsonl")) > 0);
        Run replay = run("replay", "--from", dir.toString());
        assertEquals(ExitCode.VIOLATION, replay.exit(), replay.out() + replay.err());
        assertTrue(replay.out().contains("hash        MATCHES"), replay.out());
        String property = found.out().lines().filter(l -> l.startsWith("VIOLATION ")).findFirst().orElseThrow()
                .substring("VIOLATION ".length()).split(":")[0];
        assertTrue(replay.out().contains("VIOLATION " + property), replay.out());
    }
}
