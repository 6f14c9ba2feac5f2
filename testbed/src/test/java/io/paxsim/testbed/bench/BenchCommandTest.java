package io.paxsim.testbed.bench;

import io.paxsim.testbed.cli.ExitCode;
import io.paxsim.testbed.cli.Paxsim;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchCommandTest {
    private record Run(int exitCode, String out, String err) {
    }

    private static Run paxsim(String... args) {
        CommandLine cli = Paxsim.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // Buffered, no autoflush: what the command does not flush itself is lost, as with System.out at exit.
        cli.setOut(new PrintWriter(new BufferedWriter(out)));
        cli.setErr(new PrintWriter(new BufferedWriter(err)));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void unknownTargetIsOneLineAndExitTwo() {
        Run run = paxsim("bench", "nonsense");
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertEquals("paxsim: unknown bench target 'nonsense' (known: runtime, pipeline, checkers, histories)", run.err().strip());
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(ExitCode.USAGE, paxsim("bench", "runtime", "--seconds", "0").exitCode());
        assertEquals(ExitCode.USAGE, paxsim("bench", "runtime", "--seconds", "abc").exitCode());
        assertEquals(ExitCode.USAGE, paxsim("bench").exitCode());
    }

    @Test
    void listDescribesEveryTarget() {
        Run run = paxsim("bench", "--list");
        assertEquals(ExitCode.PASS, run.exitCode());
        for (BenchTarget target : BenchTargets.all().values()) {
            assertTrue(run.out().contains(target.name() + " ") && run.out().contains(target.description()), run.out());
        }
        assertTrue(run.out().contains("checkers "), run.out());
    }

    @Test
    void runtimeBenchRunsAndReportsARateWithItsFingerprint() {
        Run run = paxsim("bench", "runtime", "--warmup-seconds", "0", "--seconds", "0.2");
        assertEquals(ExitCode.PASS, run.exitCode(), run.err());
        assertTrue(run.out().matches("(?s).*runtime: [\\d,]+ delivered messages/s wall-clock.*trace hash [0-9a-f]{16}.*"), run.out());
    }

    @Test
    void theStormIsDeterministic() {
        MessageStorm a = MessageStorm.standard(3);
        MessageStorm b = MessageStorm.standard(3);
        a.deliver(20_000);
        b.deliver(20_000);
        assertEquals(a.simulation().traceHash(), b.simulation().traceHash());
        assertEquals(20_000, a.simulation().stats().messagesDelivered());
    }
}
