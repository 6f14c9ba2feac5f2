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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * `paxsim explore --strategy delay-bounded`: ballot-reuse, whose counterexample is out of
 * breadth-first reach, is found within two deviations of the default schedule and replays in the
 * simulator with the recorded trace hash; the correct log passes the same bounded search, which
 * says it is bounded (exit 3, never "exhausted"). The two searches at two deviations visit
 * ~40,000 states each (minutes on a loaded 2-core machine): run with -Dpaxsim.explore.deep=true.
 */
class DelayBoundedExploreTest {
    private record Run(int exit, String out) {
    }

    private static Run run(String... args) {
        CommandLine cli = Paxsim.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString());
    }

    /** One proposer (replica 0; the client writes once to it), one crash, two ticks, fsyncs at once. */
    private static String[] search(String mutant, int delays, String... more) {
        String[] base = {"explore", "--strategy", "delay-bounded", "--max-delays", String.valueOf(delays),
            "--no-partitions", "--mutant", mutant, "--nodes", "3", "--clients", "1", "--ops", "1", "--client-to", "0",
            "--candidates", "0", "--max-crashes", "1", "--max-timeouts", "2", "--max-ballots", "2", "--fsync", "at-once",
            "--eventually", "none", "--max-states", "0"};
        String[] out = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, out, base.length, more.length);
        return out;
    }

    @Test
    void ballotReuseIsFoundWithinTwoDeviationsAndReplaysWithTheSameTraceHash(@TempDir Path tmp) {
        assumeTrue(Boolean.getBoolean("paxsim.explore.deep"), "run with -Dpaxsim.explore.deep=true");
        Path dir = tmp.resolve("cx");
        Run found = run(search("ballot-reuse", 2, "--out", dir.toString()));
        assertEquals(ExitCode.VIOLATION, found.exit(), found.out());
        assertTrue(found.out().contains("VIOLATION one-value-per-ballot"), found.out());
        assertTrue(found.out().contains("fewest-deviations (shortest among those, not overall) counterexample"), found.out());
        Run replay = run("replay", "--from", dir.toString());
        assertEquals(ExitCode.VIOLATION, replay.exit(), replay.out());
        assertTrue(replay.out().contains("hash        MATCHES") && replay.out().contains("VIOLATION one-value-per-ballot"),
                replay.out());
        // One deviation is not enough: the same search bounded at 1 finds nothing and says it is bounded.
        Run one = run(search("ballot-reuse", 1));
        assertEquals(ExitCode.UNKNOWN, one.exit(), one.out());
        assertTrue(one.out().contains("NOT exhausted: delay-bounded: every schedule within 1 deviations"), one.out());
    }

    @Test
    void theCorrectLogPassesTheSameBoundedSearchAndItSaysBounded() {
        assumeTrue(Boolean.getBoolean("paxsim.explore.deep"), "run with -Dpaxsim.explore.deep=true");
        Run r = run(search("none", 2));
        assertEquals(ExitCode.UNKNOWN, r.exit(), r.out());
        assertFalse(r.out().contains("VIOLATION"), r.out());
        assertTrue(r.out().contains("NOT exhausted: delay-bounded: every schedule within 2 deviations"), r.out());
    }

    /** The default test run's share: one deviation, on the correct log and on ballot-reuse (which needs two). */
    @Test
    void oneDeviationFindsNothingOnEitherAndSaysSo() {
        for (String mutant : new String[]{"none", "ballot-reuse"}) {
            Run r = run(search(mutant, 1));
            assertEquals(ExitCode.UNKNOWN, r.exit(), r.out());
            assertTrue(r.out().contains("strategy delay-bounded") && !r.out().contains("VIOLATION"), r.out());
            assertTrue(r.out().contains("NOT exhausted: delay-bounded: every schedule within 1 deviations"), r.out());
        }
    }

    @Test
    void badDelayOptionsAreUsageErrors() {
        assertEquals(ExitCode.USAGE, run("explore", "--strategy", "delay-bounded", "--max-delays", "-1").exit());
        assertEquals(ExitCode.USAGE, run("explore", "--strategy", "delay-bounded", "--default-schedule", "sideways").exit());
    }
}
