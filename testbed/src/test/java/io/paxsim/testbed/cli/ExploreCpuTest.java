package io.paxsim.testbed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.paxsim.testbed.explore.ParallelLevelExecutor;
import io.paxsim.testbed.output.RunFiles;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * explore's two CPU figures: the search threads' own (the command's thread and the --jobs pool's
 * workers, found by their thread name) beside the whole process's.
 */
class ExploreCpuTest {

    @Test
    void thePoolsWorkersAreCountedByTheirThreadName() {
        ExploreCpu cpu = ExploreCpu.start();
        try (ParallelLevelExecutor pool = new ParallelLevelExecutor(2)) {
            List<Long> sums = pool.map(List.of(1, 2, 3, 4, 5, 6, 7, 8), ExploreCpuTest::spin);
            assertEquals(8, sums.size());
            cpu.readWorkers();
        }
        ExploreCpu.Reading reading = cpu.stop();
        assertEquals(3, reading.searchThreads(), "this thread and the pool's two workers");
        assertTrue(reading.search() > 0 && reading.process() > 0, reading.toString());
    }

    @Test
    void exploreReportsTheSearchThreadsCpuBesideTheProcesss() throws Exception {
        CommandLine cli = Paxsim.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        int exit = cli.execute("explore", "--nodes", "3", "--max-states", "3000", "--json");
        assertEquals(ExitCode.UNKNOWN, exit, out.toString());
        JsonNode json = RunFiles.JSON.readTree(out.toString());
        double process = json.get("cpuSeconds").asDouble();
        double search = json.get("searchCpuSeconds").asDouble();
        assertEquals(1, json.get("searchThreads").asInt());
        // The process's CPU time comes in clock ticks (10 ms on Linux), a thread's in nanoseconds: two ticks of slack.
        assertTrue(search > 0 && search <= process * 1.01 + 0.02, "search " + search + " s of process " + process + " s");
        assertEquals(json.get("uniqueStates").asDouble() / search, json.get("statesPerSearchCpuSecond").asDouble(), 1e-6);
        assertTrue(json.has("statesPerCpuSecond"), "the process figure stays");
    }

    /** Busy work a JIT cannot drop (its result is returned). */
    private static long spin(int seed) {
        long x = seed;
        for (int i = 0; i < 2_000_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }
}
