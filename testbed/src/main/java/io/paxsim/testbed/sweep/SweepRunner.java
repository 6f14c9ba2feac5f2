package io.paxsim.testbed.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paxsim.testbed.pipeline.Cluster;
import io.paxsim.testbed.pipeline.ClusterFactory;
import io.paxsim.testbed.pipeline.FaultPlanner;
import io.paxsim.testbed.pipeline.Pipeline;
import io.paxsim.testbed.pipeline.RunOptions;
import io.paxsim.testbed.pipeline.RunResult;
import io.paxsim.testbed.pipeline.Scenario;
import io.paxsim.sim.SimObserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs a sweep's cells on {@code jobs} threads, one simulation per thread at a time (each stays
 * single-threaded and deterministic), appending each finished run to results.jsonl. Runs already
 * in results.jsonl are skipped, so a killed sweep picks up where it stopped.
 */
public final class SweepRunner {
    public static final String MANIFEST = "sweep.json";

    private final ClusterFactory clusters;
    private final FaultPlanner faults;
    private final Function<Scenario, String> replayCommand;
    private final RunOptions options;

    public SweepRunner(ClusterFactory clusters, FaultPlanner faults, Function<Scenario, String> replayCommand,
                       RunOptions options) {
        this.clusters = clusters;
        this.faults = faults;
        this.replayCommand = replayCommand;
        this.options = options;
    }

    /** What a finished (or resumed) sweep reports. */
    public record Outcome(int total, int resumed, int ran, long tornBytes, List<ObjectNode> rows) {
    }

    /** Called after each run with (runs done, runs to do); from any worker thread. */
    public interface Progress {
        void update(int done, int total, int violations);
    }

    /** Fails on a bad name before anything runs. */
    public void validate(SweepSpec spec) {
        Pipeline p = new Pipeline(clusters, faults);
        for (String v : spec.variants()) {
            for (String f : spec.profiles()) {
                for (String w : spec.workloads()) {
                    p.validate(spec.scenario(new SweepCell(0, v, f, w, spec.seedFrom())));
                }
            }
        }
    }

    /**
     * Writes (or checks, when resuming) the manifest in {@code dir}: a directory holds one sweep.
     * @throws IllegalArgumentException when {@code dir} holds another sweep or shard
     */
    public static void prepare(Path dir, SweepSpec spec, Shard shard) throws IOException {
        Files.createDirectories(dir);
        ObjectNode manifest = manifest(spec, shard);
        Path file = dir.resolve(MANIFEST);
        if (Files.exists(file)) {
            // Compared as text: numbers read back may be ints where the spec wrote longs.
            String existing = SweepRows.line(SweepRows.JSON.readTree(file.toFile()));
            if (!existing.equals(SweepRows.line(manifest))) {
                throw new IllegalArgumentException(dir + " holds a different sweep (" + file
                        + " differs from these options); resume it with the same options or use another --out");
            }
            return;
        }
        if (Files.exists(dir.resolve(ResultsLog.FILE))) {
            throw new IllegalArgumentException(dir + " has " + ResultsLog.FILE + " but no " + MANIFEST
                    + "; use another --out");
        }
        SweepOutputs.atomicWrite(file, SweepRows.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n");
    }

    /** Held while a process writes a sweep directory, so two processes never append to one results.jsonl. */
    public static final String LOCK = ".sweep.lock";

    /**
     * Locks {@code dir} for this process until the returned lock is closed.
     * @throws IllegalArgumentException when another process holds it
     */
    public static AutoCloseable lock(Path dir) throws IOException {
        Files.createDirectories(dir);
        java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(dir.resolve(LOCK),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        java.nio.channels.FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalArgumentException(dir + " is being written by another sweep (" + dir.resolve(LOCK)
                    + " is locked); give each shard its own --out");
        }
        java.nio.channels.FileLock held = lock;
        return () -> {
            held.release();
            channel.close();
        };
    }

    static ObjectNode manifest(SweepSpec spec, Shard shard) {
        ObjectNode m = SweepRows.JSON.createObjectNode();
        m.put("format", "paxsim-sweep-1");
        m.set("spec", spec.toJson());
        m.put("shard", shard.toString());
        return m;
    }

    public Outcome run(SweepSpec spec, Shard shard, int jobs, Path dir, Progress progress) throws IOException {
        List<SweepCell> cells = spec.cells(shard);
        try (ResultsLog log = ResultsLog.open(dir)) {
            java.util.Set<String> mine = new java.util.HashSet<>();
            cells.forEach(c -> mine.add(c.key()));
            for (String key : log.rows().keySet()) {
                if (!mine.contains(key)) {
                    throw new IllegalArgumentException(log.file() + " holds run " + key + ", which is not part of this sweep "
                            + "(shard " + shard + ")");
                }
            }
            List<SweepCell> pending = new ArrayList<>();
            for (SweepCell c : cells) {
                if (!log.done(c.key())) {
                    pending.add(c);
                }
            }
            int resumed = cells.size() - pending.size();
            int[] counters = {resumed, countViolations(log)};
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs), r -> {
                Thread t = new Thread(r, "sweep-worker");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (SweepCell c : pending) {
                    futures.add(pool.submit(() -> {
                        ObjectNode row = runCell(spec, c);
                        try {
                            log.append(row);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        synchronized (counters) {
                            counters[0]++;
                            if ("violation".equals(row.path("outcome").asText())) {
                                counters[1]++;
                            }
                            progress.update(counters[0], cells.size(), counters[1]);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    await(f);
                }
            } finally {
                pool.shutdownNow();
            }
            return new Outcome(cells.size(), resumed, pending.size(), log.tornBytes(), new ArrayList<>(log.rows().values()));
        }
    }

    private static int countViolations(ResultsLog log) {
        int n = 0;
        for (ObjectNode row : log.rows().values()) {
            if ("violation".equals(row.path("outcome").asText())) {
                n++;
            }
        }
        return n;
    }

    private static void await(Future<?> f) throws IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("a sweep run failed: " + cause, cause);
        }
    }

    /** One run, measured; a function of the cell alone. */
    public ObjectNode runCell(SweepSpec spec, SweepCell cell) {
        Scenario s = spec.scenario(cell);
        SweepProbe probe = new SweepProbe();
        Pipeline pipeline = new Pipeline(sc -> withObserver(clusters.create(sc), probe), faults);
        RunResult r = pipeline.run(s, options);
        return SweepRows.row(cell, r, probe, replayCommand.apply(s));
    }

    /** The cluster with one more observer; observers only watch, so the trace is unchanged. */
    static Cluster withObserver(Cluster c, SimObserver observer) {
        List<SimObserver> monitors = new ArrayList<>(c.monitors());
        monitors.add(observer);
        return new Cluster(c.replicaFactory(), monitors, c.isLeaderChange(), c.appliedSlotOf());
    }
}
