package io.paxsim.testbed.cli;

import io.paxsim.testbed.explore.ParallelLevelExecutor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of an explore, twice: the whole process's (JIT compilers and the collector included, which
 * on a short search are about half of it) and the search threads' alone (the thread that runs the
 * command and the {@code --jobs} pool's workers), so "states per CPU-second per core" can be read both
 * ways. Thread CPU is the JVM's own per-thread clock ({@link ThreadMXBean}); where it is unsupported the
 * search figure is absent (NaN), never guessed.
 */
final class ExploreCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long processStartNanos;
    private final long threadStartNanos;
    private long workerNanos;
    private int workers;

    private ExploreCpu() {
        this.processStartNanos = processCpuNanos();
        this.threadStartNanos = threadCpuSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    static ExploreCpu start() {
        return new ExploreCpu();
    }

    /** Adds the live pool workers' CPU; call once, after the search and before the pool closes (workers die with it). */
    void readWorkers() {
        if (!threadCpuSupported()) {
            return;
        }
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t != null && ParallelLevelExecutor.THREAD_NAME.equals(t.getThreadName())) {
                long nanos = THREADS.getThreadCpuTime(t.getThreadId());
                if (nanos > 0) {
                    workerNanos += nanos;
                    workers++;
                }
            }
        }
    }

    /** The readings since {@link #start}; taken on the thread that called start. */
    Reading stop() {
        double process = Math.max(1e-9, (processCpuNanos() - processStartNanos) / 1e9);
        double search = threadStartNanos < 0 ? Double.NaN
                : Math.max(1e-9, (THREADS.getCurrentThreadCpuTime() - threadStartNanos + workerNanos) / 1e9);
        return new Reading(process, search, 1 + workers);
    }

    /**
     * CPU seconds: {@code process} of every thread since the command started (after the JVM's start-up),
     * {@code search} of the search threads alone (NaN if the JVM cannot tell), {@code searchThreads} how many.
     */
    record Reading(double process, double search, int searchThreads) {
        /** The text after "(x CPU s)" on the speed line: the search threads' own rate, and what the rest was. */
        String describeSearch(long states) {
            if (Double.isNaN(search)) {
                return "search threads' CPU not measurable on this JVM";
            }
            return String.format(java.util.Locale.ROOT, "%.0f per CPU-second of the %s (%.1f CPU s; the rest "
                    + "is the JVM's JIT compilers and collector)", states / search,
                    searchThreads == 1 ? "search thread" : searchThreads + " search threads", search);
        }
    }

    private static boolean threadCpuSupported() {
        return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
    }

    /** CPU time of the whole process (all threads), so a loaded machine does not distort the rate. */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : System.nanoTime();
    }
}
