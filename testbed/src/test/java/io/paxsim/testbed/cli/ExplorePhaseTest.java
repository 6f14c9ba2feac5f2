package io.paxsim.testbed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The explore phase of `paxsim mutants`: blind (one configuration for all), catches a planted bug, never the correct log. */
class ExplorePhaseTest {
    @Test
    void catchesAPlantedBugWithAReplayableRunAndNothingOnTheCorrectLog(@TempDir Path tmp) throws Exception {
        ExplorePhase.Finding clean = ExplorePhase.run("none", 100, 2_000, 1, tmp);
        assertFalse(clean.caught(), clean.toString());
        ExplorePhase.Finding bug = ExplorePhase.run("accept-below-promise", 100, 0, 1, tmp);
        assertTrue(bug.caught() && bug.steps() > 0 && bug.strategy().equals("walks"), bug.toString());
        CommandLine cli = Paxsim.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        int exit = cli.execute("replay", "--from", tmp.resolve("accept-below-promise-explore").toString());
        assertEquals(ExitCode.VIOLATION, exit, out.toString());
        assertTrue(out.toString().contains("hash        MATCHES") && out.toString().contains(bug.traceHash()), out.toString());
    }

    /** The phase's delay-bounded search runs on the same configuration for all, and a budget cut is reported, not OK. */
    @Test
    void theDelayBoundedSearchIsBlindAndSaysWhereItStopped(@TempDir Path tmp) throws Exception {
        ExplorePhase.Finding clean = ExplorePhase.run("none", 0, 0, 500, 1, tmp);
        assertFalse(clean.caught(), clean.toString());
        assertTrue(clean.note().contains("delay-bounded 2: 3 replicas") && clean.note().contains("state budget 500"),
                clean.note());
        assertEquals(ExplorePhase.delayConfig("none", 1, 500).name(), ExplorePhase.delayConfig("ballot-reuse", 1, 500).name());
    }

    /** Where a breadth-first configuration of the phase shows the bug, the catch is its shortest counterexample. */
    @Test
    void breadthFirstFirstGivesTheShortestCounterexample(@TempDir Path tmp) throws Exception {
        ExplorePhase.Finding f = ExplorePhase.run("promise-not-durable", 0, 10_000, 1, tmp);
        assertTrue(f.caught() && f.strategy().equals("bfs") && f.note().contains("1 replica, 2 ops, 1 crash"), f.toString());
        // 6: a promise is sent after its record's fsync and the next fsync, whose WAL superblock vouches for it
        // (one completion per group commit of both mirrors; 8 when each mirror's fsync completed on its own).
        assertEquals(6, f.steps(), f.toString());
    }

    /**
     * A second catch into the same directory replaces every file of the first, explore.json included: a stale
     * explore.json beside a new trace would make `replay --from` re-execute the old counterexample.
     */
    @Test
    void aSecondCatchReplacesTheFirstRunFileAndAll(@TempDir Path tmp) throws Exception {
        ExplorePhase.Finding walked = ExplorePhase.run("promise-not-durable", 100, 0, 1, tmp);
        Path dir = tmp.resolve("promise-not-durable-explore");
        String first = java.nio.file.Files.readString(dir.resolve("explore.json"));
        ExplorePhase.Finding shortest = ExplorePhase.run("promise-not-durable", 0, 10_000, 1, tmp);
        assertTrue(walked.caught() && shortest.caught(), walked + " / " + shortest);
        assertTrue(walked.steps() != shortest.steps() || !walked.traceHash().equals(shortest.traceHash()),
                "the two catches must differ for this test to mean anything: " + walked + " / " + shortest);
        String second = java.nio.file.Files.readString(dir.resolve("explore.json"));
        assertTrue(!first.equals(second), "explore.json was not replaced");
        assertTrue(second.contains(shortest.traceHash()), second);
        assertTrue(java.nio.file.Files.readString(dir.resolve("verdict.json")).contains(shortest.traceHash()));
    }
}
