package io.paxsim.testbed.bench;

import io.paxsim.checkers.synthetic.SyntheticHistories;
import io.paxsim.history.EdnHistoryWriter;
import io.paxsim.history.History;
import io.paxsim.history.HistoryFormat;
import io.paxsim.history.HistoryReader;
import io.paxsim.history.JsonlHistoryWriter;
import io.paxsim.history.Op;
import io.paxsim.history.ValueTyping;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code paxsim bench histories}: MB/s reading a 100k-transaction list-append history (the shape
 * of Elle's benchmark, with Jepsen's {@code :index} and {@code :time}) from EDN and from JSON
 * lines into a validated {@link History}, as {@code paxsim check} reads a file. The text is held
 * in memory, so the figure is the parser's, not the disk's.
 */
final class HistoriesBench implements BenchTarget {
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final int TXNS = 100_000;

    /** One encoded history and what reading it has cost so far. */
    private static final class Case {
        final HistoryFormat format;
        final byte[] text;
        final int expectedOps;
        long reads;
        long nanos;
        long cpuNanos;

        Case(HistoryFormat format, byte[] text, int expectedOps) {
            this.format = format;
            this.text = text;
            this.expectedOps = expectedOps;
        }

        void readOnce() {
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            History h = HistoryReader.read(new ByteArrayInputStream(text), format, ValueTyping.JEPSEN);
            nanos += System.nanoTime() - start;
            cpuNanos += THREADS.getCurrentThreadCpuTime() - cpuStart;
            reads++;
            if (h.size() != expectedOps) {
                throw new AssertionError("read " + h.size() + " ops of " + expectedOps);
            }
        }

        double megabytesPerSecond() {
            return reads * (double) text.length / 1e6 / (nanos / 1e9);
        }
    }

    @Override
    public String name() {
        return "histories";
    }

    @Override
    public String description() {
        return "MB/s reading a 100k-txn list-append history from EDN and from JSON lines into a History";
    }

    @Override
    public BenchResult run(BenchOptions options) {
        List<Case> cases = cases(options.seed());
        List<String> cold = new ArrayList<>();
        for (Case c : cases) {
            c.readOnce(); // the first read in this JVM: interpreted and compiling, as a one-off `paxsim check` reads
            cold.add(String.format(Locale.ROOT, "%s %.0f ms (%.0f MB/s)", c.format.name().toLowerCase(Locale.ROOT),
                    c.nanos / 1e6, c.text.length / 1e6 / (c.nanos / 1e9)));
        }
        runFor(cases, options.warmupMillis());
        for (Case c : cases) {
            c.reads = 0;
            c.nanos = 0;
            c.cpuNanos = 0;
        }
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long bytes = runFor(cases, options.measureMillis());
        long elapsed = System.nanoTime() - start;
        long cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuBefore;
        List<String> perCase = new ArrayList<>();
        for (Case c : cases) {
            perCase.add(String.format(Locale.ROOT, "%s %.0f MB/s, %.0f MB per CPU-second (%.1f MB, %d ops, %.0f ms/read, %d reads)",
                    c.format.name().toLowerCase(Locale.ROOT), c.megabytesPerSecond(),
                    c.reads * (double) c.text.length / 1e6 / (Math.max(1, c.cpuNanos) / 1e9), c.text.length / 1e6,
                    c.expectedOps, c.nanos / 1e6 / Math.max(1, c.reads), c.reads));
        }
        return new BenchResult(name(), bytes / 1_000_000, "MB read", elapsed, cpuNanos,
                String.join("; ", perCase) + "; first (cold) read: " + String.join(", ", cold));
    }

    private static long runFor(List<Case> cases, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        long bytes = 0;
        do {
            for (Case c : cases) {
                c.readOnce();
                bytes += c.text.length;
            }
        } while (System.nanoTime() < deadline);
        return bytes;
    }

    /**
     * The history read: {@code -Dpaxsim.bench.history=FILE} (EDN or JSON lines, gzipped or not, e.g.
     * a run's history of {@code paxsim run --workload list-append --ops 100000 --format edn}), read
     * as it is and as its other format; else a synthetic 100k-txn list-append history.
     */
    private static List<Case> cases(long seed) {
        String file = System.getProperty("paxsim.bench.history");
        if (file != null) {
            return fileCases(java.nio.file.Path.of(file));
        }
        List<Op> ops = jepsenShaped(SyntheticHistories.listAppend(seed, TXNS, 10, 20, 100));
        return List.of(new Case(HistoryFormat.EDN, encode(ops, HistoryFormat.EDN), ops.size()),
                new Case(HistoryFormat.JSONL, encode(ops, HistoryFormat.JSONL), ops.size()));
    }

    private static List<Case> fileCases(java.nio.file.Path file) {
        try {
            HistoryFormat format = HistoryFormat.detect(file);
            byte[] text;
            try (java.io.InputStream in = HistoryFormat.openStream(file)) {
                text = in.readAllBytes();
            }
            History history = HistoryReader.read(new ByteArrayInputStream(text), format, ValueTyping.JEPSEN);
            HistoryFormat other = format == HistoryFormat.EDN ? HistoryFormat.JSONL : HistoryFormat.EDN;
            return List.of(new Case(format, text, history.size()), new Case(other, encode(history.ops(), other), history.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Numbers the ops and gives them increasing times, as Jepsen's history.edn has them. */
    private static List<Op> jepsenShaped(History history) {
        List<Op> ops = new ArrayList<>(history.size());
        long time = 0;
        for (Op op : history.ops()) {
            time += 17_000 + (ops.size() * 7919L) % 50_000;
            ops.add(op.withIndex(ops.size()).withTime(time));
        }
        return ops;
    }

    static byte[] encode(List<Op> ops, HistoryFormat format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ops.size() * 160);
        Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
        try (out) {
            if (format == HistoryFormat.EDN) {
                new EdnHistoryWriter(out).writeAll(ops);
            } else {
                new JsonlHistoryWriter(out).writeAll(ops);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
