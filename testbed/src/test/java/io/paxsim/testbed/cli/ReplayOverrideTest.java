package io.paxsim.testbed.cli;

import io.paxsim.testbed.pipeline.StandardPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code replay --from DIR} with scenario options: --mutant is honoured (the recorded schedule with
 * another planted bug, or none: does the failure need the bug?) and nothing is compared with the
 * recording; any other scenario option is refused in one line. Before, every one of them was
 * silently ignored and the recorded run replayed as if it had not been given.
 */
class ReplayOverrideTest {
    @Test
    void replayFromHonoursMutantAndRefusesOtherScenarioOptions(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        CliTest.Result run = CliTest.paxsim(StandardPipeline::create, "run", "--seed", "3", "--nodes", "3", "--ops", "60",
                "--mutant", "local-read", "--out", dir.toString());
        assertTrue(run.code() == ExitCode.PASS || run.code() == ExitCode.VIOLATION, run.toString());
        byte[] recordedVerdict = Files.readAllBytes(dir.resolve("verdict.json"));

        CliTest.Result same = CliTest.paxsim(StandardPipeline::create, "replay", "--from", dir.toString(), "--mutant", "local-read");
        assertTrue(same.out().contains("MATCHES"), "naming the recorded mutant is a plain replay: " + same.out());

        CliTest.Result none = CliTest.paxsim(StandardPipeline::create, "replay", "--from", dir.toString(), "--mutant", "none");
        assertEquals(ExitCode.PASS, none.code(), none.toString());
        assertFalse(none.out().contains("(mutant local-read)"), "the correct log ran: " + none.out());
        assertTrue(none.out().contains("not compared: --mutant none replaces the recorded mutant local-read"), none.out());
        assertTrue(none.out().contains("./paxsim replay --from " + dir + " --mutant none"), none.out());
        assertFalse(none.out().contains("MATCHES") || none.out().contains("DIFFERS"), none.out());
        assertEquals(new String(recordedVerdict), Files.readString(dir.resolve("verdict.json")), "the recording is left alone");

        for (String[] bad : new String[][] {{"--nodes", "5"}, {"--faults", "chaos"}, {"--duration", "1s"}, {"--mutant", "no-such-bug"}}) {
            String[] args = {"replay", "--from", dir.toString(), bad[0], bad[1]};
            CliTest.Result r = CliTest.paxsim(StandardPipeline::create, args);
            assertEquals(ExitCode.USAGE, r.code(), String.join(" ", args) + " -> " + r);
            assertTrue(r.err().startsWith("paxsim: ") && r.err().lines().count() == 1, r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
    }
}
