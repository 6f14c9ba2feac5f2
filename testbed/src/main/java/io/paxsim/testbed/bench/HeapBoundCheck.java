package io.paxsim.testbed.bench;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.Checker;
import io.paxsim.checkers.CheckerOptions;
import io.paxsim.checkers.CheckerRegistry;
import io.paxsim.checkers.NilReads;
import io.paxsim.checkers.Verdict;
import io.paxsim.checkers.synthetic.SyntheticHistories;
import io.paxsim.history.History;
import io.paxsim.history.Value;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One memory target of {@code bench checkers}, run as a child JVM with a given heap
 * ({@code java -Xmx256m -cp <this jar> ...HeapBoundCheck sequential-160k 1}): generates the
 * history, checks it with the default (deterministic) budget, prints the verdict and the peak
 * heap used. An out-of-memory error is printed as such, not hidden.
 */
public final class HeapBoundCheck {
    private HeapBoundCheck() {
    }

    public static void main(String[] args) {
        String target = args[0];
        long seed = Long.parseLong(args[1]);
        try {
            History history = history(target, seed);
            Checker checker = CheckerRegistry.create(target.startsWith("kv") ? "kv" : "cas-register",
                    new CheckerOptions(target.startsWith("kv") ? Value.of(0) : null, NilReads.VALUE));
            long start = System.nanoTime();
            Verdict v = checker.check(history, Budget.defaults());
            System.out.printf(Locale.ROOT, "%s %.0f ms, peak heap used %d MB of %d MB: %s%n", v.status().toUpperCase(Locale.ROOT),
                    (System.nanoTime() - start) / 1e6, peakHeapBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20, v.summary());
        } catch (OutOfMemoryError e) {
            System.out.printf(Locale.ROOT, "OUT OF MEMORY at heap %d MB%n", Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    static History history(String target, long seed) {
        return switch (target) {
            case "kv-100k-50c-1000k" -> SyntheticHistories.keyValue(seed, 100_000, 50, 1000);
            case "sequential-160k" -> SyntheticHistories.register(seed, 160_000, 1, 0);
            case "register-10k-32-timeouts" -> SyntheticHistories.register(seed, 10_000, 10, 32);
            default -> throw new IllegalArgumentException("unknown heap target " + target);
        };
    }

    private static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** Runs the target in a child JVM with {@code heapOption} (null: the JVM's default heap); one line. */
    static String runChild(String target, long seed, String heapOption) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        if (heapOption != null) {
            command.add(heapOption);
        }
        command.addAll(List.of("-Xss16m", "-cp", System.getProperty("java.class.path"), HeapBoundCheck.class.getName(),
                target, Long.toString(seed)));
        String label = String.format(Locale.ROOT, "%n    %-26s %-9s ", target, heapOption == null ? "(default)" : heapOption);
        try {
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int exit = child.waitFor();
            return label + (exit == 0 ? out : "child JVM exited " + exit + ": " + out);
        } catch (IOException e) {
            return label + "could not start a child JVM: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return label + "interrupted";
        }
    }
}
