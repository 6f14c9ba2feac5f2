package io.paxsim.testbed.bench;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.Checker;
import io.paxsim.checkers.CheckerOptions;
import io.paxsim.checkers.CheckerRegistry;
import io.paxsim.checkers.NilReads;
import io.paxsim.checkers.Verdict;
import io.paxsim.checkers.synthetic.SyntheticHistories;
import io.paxsim.history.History;
import io.paxsim.history.HistoryFormat;
import io.paxsim.history.HistoryReader;
import io.paxsim.history.Value;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code paxsim bench checkers}: the linearizability checker on a Porcupine-format corpus this
 * project generates (Jepsen etcd-style register logs, large single-key histories, Porcupine kv
 * text), written to a directory so Porcupine can be run on the very same files; plus kv on a
 * 100k-op, 50-client, 1,000-key history and list-append. Each history is valid by construction,
 * so each check does the full search and must say OK. Per file: the fastest check's wall and
 * thread-CPU milliseconds, and the search's deterministic steps and peak memo. Then the memory
 * targets, each checked in a child JVM with the stated heap.
 */
final class CheckersBench implements BenchTarget {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One history and the checker that decides it, with what the measurement saw. */
    private static final class Case {
        final String label;
        final History history;
        final Checker checker;
        long checks;
        long bestNanos = Long.MAX_VALUE;
        long bestCpuNanos = Long.MAX_VALUE;
        Verdict last;

        Case(String label, History history, Checker checker) {
            this.label = label;
            this.history = history;
            this.checker = checker;
        }

        void checkOnce() {
            long cpu = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            last = checker.check(history, Budget.defaults());
            bestNanos = Math.min(bestNanos, System.nanoTime() - start);
            bestCpuNanos = Math.min(bestCpuNanos, THREADS.getCurrentThreadCpuTime() - cpu);
            checks++;
        }
    }

    @Override
    public String name() {
        return "checkers";
    }

    @Override
    public String description() {
        return "linearizability on a generated Porcupine-format corpus (etcd-style logs, large single-key, kv text), "
                + "kv 100k ops/50 clients/1k keys, list-append; memory targets in child JVMs";
    }

    @Override
    public BenchResult run(BenchOptions options) {
        Path corpus = writeCorpus(options.seed());
        List<Case> cases = cases(corpus, options.seed());
        runFor(cases, options.warmupMillis());
        for (Case c : cases) {
            c.bestNanos = Long.MAX_VALUE;
            c.bestCpuNanos = Long.MAX_VALUE;
            c.checks = 0;
        }
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long checkedOps = runFor(cases, options.measureMillis());
        long elapsed = System.nanoTime() - start;
        long cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuBefore;
        StringBuilder detail = new StringBuilder("corpus (Porcupine formats) in ").append(corpus);
        double corpusMillis = 0;
        for (Case c : cases) {
            detail.append(String.format(Locale.ROOT, "%n  %-34s %-7s best %9.2f ms wall, %9.2f ms CPU (%d checks)  %s",
                    c.label, c.last.status().toUpperCase(Locale.ROOT), c.bestNanos / 1e6, c.bestCpuNanos / 1e6, c.checks,
                    searchFigures(c.last)));
            corpusMillis += c.label.startsWith("corpus/") ? c.bestNanos / 1e6 : 0;
        }
        detail.append(String.format(Locale.ROOT, "%n  corpus total (best per file): %.2f ms", corpusMillis));
        detail.append(memoryTargets(options.seed()));
        return new BenchResult(name(), checkedOps, "history ops checked", elapsed, cpuNanos, detail.toString());
    }

    /** "(search: ... steps, ... states, peak memo ... MB)" from an OK verdict's summary. */
    private static String searchFigures(Verdict v) {
        String s = v.summary();
        int at = s.indexOf("(search:");
        return at < 0 ? s : s.substring(at);
    }

    /** The generated corpus: what Porcupine reads too ({@code .log} with its etcd model, {@code .txt} with its kv model). */
    static Path writeCorpus(long seed) {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "paxsim-checkers-corpus-seed" + seed);
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < 10; i++) {
                int clients = 5 + 5 * (i % 3);
                write(dir.resolve(String.format(Locale.ROOT, "etcd-like-%02d.log", i)),
                        SyntheticHistories.register(seed + i, 1000 + 500 * i, clients, 5 + i), false);
            }
            write(dir.resolve("single-key-50k-ops.log"), SyntheticHistories.register(seed, 25_000, 10, 20), false);
            write(dir.resolve("sequential-160k-calls.log"), SyntheticHistories.register(seed, 160_000, 1, 0), false);
            write(dir.resolve("kv-c10.txt"), SyntheticHistories.porcupineKv(seed, 1000, 10, 10), true);
            write(dir.resolve("kv-c50.txt"), SyntheticHistories.porcupineKv(seed, 5000, 50, 10), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bench corpus to " + dir, e);
        }
        return dir;
    }

    private static void write(Path file, History history, boolean kvText) throws IOException {
        if (kvText) {
            PorcupineFormats.writeKvText(history, file);
        } else {
            PorcupineFormats.writeJepsenLog(history, file);
        }
    }

    private static List<Case> cases(Path corpus, long seed) {
        List<Case> cases = new ArrayList<>();
        try (var files = Files.list(corpus)) {
            for (Path f : files.sorted().toList()) {
                boolean kv = f.toString().endsWith(".txt");
                Checker checker = CheckerRegistry.create(kv ? "kv" : "cas-register", CheckerOptions.defaults());
                History h = HistoryReader.read(f, kv ? HistoryFormat.EDN : HistoryFormat.JEPSEN_LOG, checker.valueTyping());
                cases.add(new Case("corpus/" + f.getFileName(), h, checker));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bench corpus in " + corpus, e);
        }
        cases.add(new Case("kv 100k ops 50 clients 1000 keys", SyntheticHistories.keyValue(seed, 100_000, 50, 1000),
                CheckerRegistry.create("kv", new CheckerOptions(Value.of(0), NilReads.VALUE))));
        cases.add(new Case("list-append 10k txns", SyntheticHistories.listAppend(seed, 10_000, 5, 10, 32),
                CheckerRegistry.create("list-append", CheckerOptions.defaults())));
        return cases;
    }

    /** Checks every case in turn until {@code millis} passed (each at least once); returns history ops checked. */
    private static long runFor(List<Case> cases, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long ops = 0;
        do {
            for (Case c : cases) {
                c.checkOnce();
                ops += c.history.size();
            }
        } while (System.nanoTime() < deadline);
        return ops;
    }

    /** Each memory target checked in a child JVM with its heap: verdict and peak heap used. */
    private static String memoryTargets(long seed) {
        StringBuilder sb = new StringBuilder("\n  memory targets (child JVMs):");
        sb.append(HeapBoundCheck.runChild("kv-100k-50c-1000k", seed, "-Xmx1g"));
        sb.append(HeapBoundCheck.runChild("sequential-160k", seed, "-Xmx256m"));
        sb.append(HeapBoundCheck.runChild("register-10k-32-timeouts", seed, null));
        return sb.toString();
    }
}
