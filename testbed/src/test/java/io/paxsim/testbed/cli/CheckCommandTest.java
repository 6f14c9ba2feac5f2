package io.paxsim.testbed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
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
    void worstVerdictDecidesAndJsonReportsTimes() throws Exception {
        Run r = run(knossos("--json", resource("mixed")));
        assertEquals(ExitCode.VIOLATION, r.exit(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(1, doc.get("exitCode").asInt());
        assertEquals(2, doc.get("files").size());
        JsonNode bad = doc.get("files").get(1);
        assertEquals("illegal", bad.get("status").asText());
        assertEquals("nonlinearizable", bad.get("verdict").get("findings").get(0).get("kind").asText());
        assertTrue(bad.get("parseMillis").isNumber() && bad.get("checkMillis").isNumber());
        assertEquals("ok", doc.get("files").get(0).get("status").asText());
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
    void outOfBudgetIsUnknown() {
        Run r = run(knossos("--timeout", "0ms", resource("hard.edn")));
        assertEquals(ExitCode.UNKNOWN, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("UNKNOWN"), r.out());
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertEquals(ExitCode.USAGE, run(knossos("/no/such/file.edn")).exit());
        assertEquals(ExitCode.USAGE, run("check", "--model", "nope", resource("hard.edn")).exit());
        assertEquals(ExitCode.USAGE, run(knossos("--timeout", "soon", resource("hard.edn"))).exit());
        assertEquals(ExitCode.USAGE, run("check", "--model", "register", "--init", "[1 2", resource("hard.edn")).exit());
        Run missingModel = run("check", resource("hard.edn"));
        assertEquals(ExitCode.USAGE, missingModel.exit());
    }
}
