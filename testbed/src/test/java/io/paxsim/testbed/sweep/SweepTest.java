package io.paxsim.testbed.sweep;

import io.paxsim.testbed.cli.Paxsim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `paxsim sweep` end to end on small Paxos runs: the same rows whatever --jobs, a killed sweep
 * resumed to the same rows, shards run as separate processes merged to the same rows. Bigger:
 * {@code -Dpaxsim.sweep.seeds=50 -Dpaxsim.sweep.shards=4}.
 */
class SweepTest {
    private static final int SEEDS = Integer.getInteger("paxsim.sweep.seeds", 3);
    private static final int SHARDS = Integer.getInteger("paxsim.sweep.shards", 2);

    private static List<String> args(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("sweep", "--variants", "majority,lease", "--faults", "none,chaos",
                "--seeds", "0.." + (SEEDS - 1), "--duration", "200ms", "--nodes", "3", "--clients", "2", "--quiet",
                "--out", out.toString()));
        a.addAll(List.of(more));
        return a;
    }

    private static int sweep(Path out, String... more) {
        return Paxsim.execute(args(out, more).toArray(String[]::new));
    }

    private static String results(Path dir) throws IOException {
        return Files.readString(dir.resolve(ResultsLog.FILE), StandardCharsets.UTF_8);
    }

    @Test
    void sameRowsWhateverJobsAndAResumedSweepEndsWithTheSameRows(@TempDir Path tmp) throws IOException {
        assertEquals(0, sweep(tmp.resolve("one"), "--jobs", "1"));
        assertEquals(0, sweep(tmp.resolve("two"), "--jobs", "2"));
        String expected = results(tmp.resolve("one"));
        assertEquals(4L * SEEDS, expected.lines().count());
        assertEquals(expected, results(tmp.resolve("two")), "rows differ between --jobs 1 and --jobs 2");
        for (String f : List.of(SweepOutputs.CSV, SweepOutputs.SUMMARY, SweepOutputs.REPORT)) {
            assertEquals(Files.readString(tmp.resolve("one").resolve(f)), Files.readString(tmp.resolve("two").resolve(f)), f);
        }

        // A sweep killed while appending: some rows, then half a row; no summary or report yet.
        Path killed = tmp.resolve("killed");
        Files.createDirectories(killed);
        Files.copy(tmp.resolve("one").resolve(SweepRunner.MANIFEST), killed.resolve(SweepRunner.MANIFEST));
        List<String> lines = expected.lines().toList();
        String partial = String.join("\n", lines.subList(0, 5)) + "\n" + lines.get(5).substring(0, 40);
        Files.writeString(killed.resolve(ResultsLog.FILE), partial);
        assertEquals(0, sweep(killed, "--jobs", "2"));
        assertEquals(expected, results(killed), "a resumed sweep must end with exactly the uninterrupted rows");
    }

    @Test
    void shardsRunAsSeparateProcessesMergeToTheUnshardedRows(@TempDir Path tmp) throws Exception {
        assertEquals(0, sweep(tmp.resolve("whole"), "--jobs", "2"));
        List<Process> shards = new ArrayList<>();
        List<String> dirs = new ArrayList<>(List.of("sweep-merge"));
        for (int i = 0; i < SHARDS; i++) {
            Path dir = tmp.resolve("shard" + i);
            dirs.add(dir.toString());
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "io.paxsim.testbed.cli.Paxsim"));
            // Kubernetes-style shards name their directory with the {shard} placeholder.
            cmd.addAll(args(i % 2 == 1 ? tmp.resolve("shard{shard}") : dir, "--jobs", "1"));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("shard" + i + ".log").toFile());
            // Half the shards take their index the way a Kubernetes Indexed Job gives it.
            if (i % 2 == 1) {
                pb.environment().put(Shard.K8S_INDEX_ENV, Integer.toString(i));
                pb.environment().put(Shard.COUNT_ENV, Integer.toString(SHARDS));
            } else {
                cmd.addAll(List.of("--shard", i + "/" + SHARDS));
                pb.command(cmd);
            }
            shards.add(pb.start());
        }
        for (int i = 0; i < shards.size(); i++) {
            assertTrue(shards.get(i).waitFor(10, TimeUnit.MINUTES), "shard " + i + " hung");
            assertEquals(0, shards.get(i).exitValue(), () -> "shard failed: " + read(tmp.resolve("shard0.log")));
        }
        dirs.addAll(List.of("--out", tmp.resolve("merged").toString()));
        assertEquals(0, Paxsim.execute(dirs.toArray(String[]::new)));
        List<String> whole = results(tmp.resolve("whole")).lines().toList();
        List<String> merged = results(tmp.resolve("merged")).lines().toList();
        assertEquals(whole.size(), merged.size());
        for (int i = 0; i < whole.size(); i++) {
            assertEquals(whole.get(i), merged.get(i), "row " + i);
        }
        assertEquals(Files.readString(tmp.resolve("whole").resolve(SweepOutputs.REPORT)),
                Files.readString(tmp.resolve("merged").resolve(SweepOutputs.REPORT)));
    }

    @Test
    void aMissingShardMakesTheMergeUnknownAndTheSweepFillsItIn(@TempDir Path tmp) throws IOException {
        Path shard = tmp.resolve("s0");
        assertEquals(0, sweep(shard, "--shard", "0/2"));
        Path merged = tmp.resolve("merged");
        assertEquals(3, Paxsim.execute("sweep-merge", shard.toString(), "--out", merged.toString()));
        assertEquals(0, sweep(merged));
        assertEquals(4L * SEEDS, results(merged).lines().count());
    }

    @Test
    void aMergeOfADirectoryThatIsNotThereSaysSo(@TempDir Path tmp) throws IOException {
        Path missing = tmp.resolve("shard-0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepMerge.read(List.of(missing)));
        assertTrue(e.getMessage().endsWith("shard-0: no such directory (a shard is a sweep's --out directory)"), e.getMessage());
        Files.createDirectories(missing);
        e = assertThrows(IllegalArgumentException.class, () -> SweepMerge.read(List.of(missing)));
        assertTrue(e.getMessage().contains("not a sweep directory"), e.getMessage());
        assertEquals(2, Paxsim.execute("sweep-merge", tmp.resolve("shard-1").toString(), "--out", tmp.resolve("m").toString()));
    }

    @Test
    void aDirectoryHoldsOneSweep(@TempDir Path tmp) {
        Path dir = tmp.resolve("s");
        assertEquals(0, Paxsim.execute("sweep", "--seeds", "0", "--ops", "50", "--nodes", "3", "--quiet", "--out", dir.toString()));
        assertEquals(2, Paxsim.execute("sweep", "--seeds", "0..1", "--ops", "50", "--nodes", "3", "--quiet", "--out", dir.toString()));
        assertEquals(2, Paxsim.execute("sweep", "--seeds", "5..1", "--out", tmp.resolve("t").toString()));
        assertEquals(2, Paxsim.execute("sweep", "--variants", "nope", "--out", tmp.resolve("u").toString()));
        assertEquals(2, Paxsim.execute("sweep", "--shard", "2/2", "--out", tmp.resolve("v").toString()));
    }

    @Test
    void twoSweepsNeverWriteOneDirectoryAtOnce(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("s");
        try (AutoCloseable held = SweepRunner.lock(dir)) {
            assertEquals(2, Paxsim.execute("sweep", "--seeds", "0", "--ops", "50", "--nodes", "3", "--quiet", "--out", dir.toString()));
        }
        assertEquals(0, Paxsim.execute("sweep", "--seeds", "0", "--ops", "50", "--nodes", "3", "--quiet", "--out", dir.toString()));
    }

    @Test
    void aCorruptRowInTheMiddleIsRefusedNotSilentlyDropped(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("s");
        assertEquals(0, Paxsim.execute("sweep", "--seeds", "0..1", "--ops", "50", "--nodes", "3", "--quiet", "--out", dir.toString()));
        List<String> lines = results(dir).lines().toList();
        Files.writeString(dir.resolve(ResultsLog.FILE), "{not json\n" + lines.get(1) + "\n");
        assertEquals(2, Paxsim.execute("sweep", "--seeds", "0..1", "--ops", "50", "--nodes", "3", "--quiet", "--out", dir.toString()));
        assertEquals("{not json\n" + lines.get(1) + "\n", results(dir), "nothing already written is lost");
    }

    @Test
    void latencyBucketsAreWithinAQuarterOfTheirValue() {
        for (long v : new long[] {0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 100, 1000, 123_456, 9_999_999}) {
            long b = LatencyBuckets.bucketOf(v);
            assertTrue(b <= v && (v < 4 || v - b <= b / 4), v + " -> " + b);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
