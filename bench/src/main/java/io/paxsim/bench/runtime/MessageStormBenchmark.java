package io.paxsim.bench.runtime;

import io.paxsim.sim.net.LatencyModel;
import io.paxsim.testbed.bench.MessageStorm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;


/**
 * Delivered messages per second of the simulation runtime on one core: five nodes keep messages
 * in flight over links with random latency (the same workload as {@code paxsim bench runtime}).
 * Each invocation delivers {@link #BATCH} messages; JMH reports operations (messages) per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms512m", "-Xmx512m"})
@Threads(1)
public class MessageStormBenchmark {
    static final int BATCH = 100_000;

    /** uniform: 50-150 us; lognormal: 100 us floor plus a log-normal tail (StrictMath draws). */
    @Param({"uniform", "lognormal"})
    public String latency;

    private MessageStorm storm;
    private io.paxsim.testbed.bench.BareEventLoop bare;

    @Setup(Level.Trial)
    public void setUp() {
        LatencyModel model = switch (latency) {
            case "uniform" -> new LatencyModel.Uniform(50_000, 150_000);
            case "lognormal" -> new LatencyModel.LogNormal(100_000, 50_000, 0.5);
            default -> throw new IllegalArgumentException("unknown latency model " + latency);
        };
        storm = new MessageStorm(1, MessageStorm.DEFAULT_NODES, MessageStorm.DEFAULT_IN_FLIGHT_PER_NODE, model);
        bare = io.paxsim.testbed.bench.BareEventLoop.standard(1);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long deliverMessages() {
        return storm.deliver(BATCH);
    }

    /**
     * The floor: the same storm (uniform latency) as a bare PriorityQueue event loop, no network
     * model or trace hash. Issue 10's target: deliverMessages within 1.2x of this.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long barePriorityQueueLoop() {
        return bare.deliver(BATCH) ^ bare.checksum();
    }

}
