package io.paxsim.testbed.bench;

/**
 * {@code paxsim bench runtime}: the simulation runtime's delivered messages per second on one
 * core, with the {@link MessageStorm} workload the JMH benchmark in {@code bench} also uses.
 */
final class RuntimeBench implements BenchTarget {
    private static final long BATCH = 100_000;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    @Override
    public String name() {
        return "runtime";
    }

    @Override
    public String description() {
        return "simulation runtime: delivered messages/s, 5 nodes, random latency, one core";
    }

    @Override
    public BenchResult run(BenchOptions options) {
        MessageStorm warmup = MessageStorm.standard(options.seed());
        runFor(warmup, options.warmupMillis());
        MessageStorm storm = MessageStorm.standard(options.seed());
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        long[] measured = runFor(storm, options.measureMillis());
        long cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuBefore;
        String fingerprint = String.format("trace hash %016x after %d messages",
                storm.simulation().traceHash(), storm.simulation().stats().messagesDelivered());
        return new BenchResult(name(), measured[0], "delivered messages", measured[1], cpuNanos, fingerprint);
    }

    /** Delivers batches until {@code millis} of wall-clock time passed; returns {messages, nanos}. */
    private static long[] runFor(MessageStorm storm, long millis) {
        long start = System.nanoTime();
        long deadline = start + millis * 1_000_000L;
        long messages = 0;
        long now = start;
        while (now < deadline) {
            storm.deliver(BATCH);
            messages += BATCH;
            now = System.nanoTime();
        }
        return new long[] {messages, now - start};
    }
}
