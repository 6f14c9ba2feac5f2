package io.paxsim.testbed.pipeline;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bench row says how many of its runs did not pass and why, never just a rate. */
class PipelineBenchRowTest {
    @Test
    void aRowWithRunsThatDidNotPassSaysWhichOutcome() {
        Map<String, Integer> notPassing = new TreeMap<>(Map.of("kv UNKNOWN", 1, "checker list-append CORRECTNESS", 1));
        PipelineBench.Row row = new PipelineBench.Row("register", 1_000_000, 3, 3_000_000, 10_000_000_000L, 9_000_000_000L,
                12_000_000_000L, 1_500, 1_200, 30_000_000_000L, 900_000_000L, Map.of("simulate", 1L), notPassing);
        String line = row.format();
        assertTrue(line.contains("NOT PASSING: 2 of 3 runs: checker list-append CORRECTNESS x1 kv UNKNOWN x1"), line);
        assertTrue(line.contains("peak live heap"), line);
        // 3M ops in 9 s of the bench thread's CPU and 12 s of the process's (GC and JIT threads included).
        assertTrue(line.contains("333,333 ops/CPU-s"), line);
        assertTrue(line.contains("250,000 ops/process-CPU-s (wall: GC pauses 1.5 s, JIT compiling 1.2 s)"), line);
    }

    @Test
    void aPassingRowSaysNothingOfFailures() {
        PipelineBench.Row row = new PipelineBench.Row("register", 10_000, 2, 20_000, 1_000_000_000L, 1_000_000_000L,
                1_000_000_000L, 0, 0, 1L, 1L, Map.of("simulate", 1L), Map.of());
        assertFalse(row.format().contains("NOT PASSING"), row.format());
    }

    @Test
    void theMeasuredSeedFollowsTheWarmUpUnlessNamed() {
        String before = System.getProperty("paxsim.bench.measuredSeed");
        try {
            System.clearProperty("paxsim.bench.measuredSeed");
            assertEquals(17, PipelineBench.measuredSeed(17));
            System.setProperty("paxsim.bench.measuredSeed", "11");
            assertEquals(11, PipelineBench.measuredSeed(17));
        } finally {
            if (before == null) {
                System.clearProperty("paxsim.bench.measuredSeed");
            } else {
                System.setProperty("paxsim.bench.measuredSeed", before);
            }
        }
    }

    @Test
    void theHeaderNamesTheSizesMeasured() {
        String before = System.getProperty("paxsim.bench.sizes");
        try {
            System.clearProperty("paxsim.bench.sizes");
            assertTrue(new PipelineBench().description().contains(", 10k/100k/1M ops;"), new PipelineBench().description());
            System.setProperty("paxsim.bench.sizes", "10000,2500000,1234");
            assertEquals("10k/2500k/1234", PipelineBench.sizesLabel());
            assertTrue(new PipelineBench().description().contains(", 10k/2500k/1234 ops;"), new PipelineBench().description());
        } finally {
            if (before == null) {
                System.clearProperty("paxsim.bench.sizes");
            } else {
                System.setProperty("paxsim.bench.sizes", before);
            }
        }
    }
}
