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
        runFor(warmup::deliver, options.warmupMillis());
        MessageStorm storm = MessageStorm.standard(options.seed());
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        long[] measured = runFor(storm::deliver, options.measureMillis());
        long cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuBefore;
        BareEventLoop bareWarmup = BareEventLoop.standard(options.seed());
        runFor(bareWarmup::deliver, options.warmupMillis());
        BareEventLoop bare = BareEventLoop.standard(options.seed());
        long bareCpuBefore = THREADS.getCurrentThreadCpuTime();
        long[] bareMeasured = runFor(bare::deliver, options.measureMillis());
        long bareCpuNanos = THREADS.getCurrentThreadCpuTime() - bareCpuBefore;
        double runtimePerCpuSecond = measured[0] / (cpuNanos / 1e9);
        double barePerCpuSecond = bareMeasured[0] / (bareCpuNanos / 1e9);
        String fingerprint = String.format(java.util.Locale.ROOT, "trace hash %016x after %d messages; "
                        + "bare PriorityQueue loop %,.0f per CPU-second: it is %.2fx the runtime (target <= 1.2x)",
                storm.simulation().traceHash(), storm.simulation().stats().messagesDelivered(),
                barePerCpuSecond, barePerCpuSecond / runtimePerCpuSecond);
        return new BenchResult(name(), measured[0], "delivered messages", measured[1], cpuNanos, fingerprint);
    }

    /** Delivers batches until {@code millis} of wall-clock time passed; returns {messages, nanos}. */
    private static long[] runFor(java.util.function.LongUnaryOperator deliver, long millis) {
        long start = System.nanoTime();
        long deadline = start + millis * 1_000_000L;
        long messages = 0;
        long now = start;
        while (now < deadline) {
            deliver.applyAsLong(BATCH);
            messages += BATCH;
            now = System.nanoTime();
        }
        return new long[] {messages, now - start};
    }
}
