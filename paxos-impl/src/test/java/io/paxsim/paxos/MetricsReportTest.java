package io.paxsim.paxos;

import io.paxsim.paxos.api.Command;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.disk.DiskConfig;
import io.paxsim.sim.net.LatencyModel;
import io.paxsim.sim.net.LinkConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protocol metrics in simulated time (not wall-clock speed): commit latency against the floor of
 * two one-way delays plus two fsyncs (a vote is sent only once the fsync after the one that made it
 * durable has synced a superblock vouching for it: see {@link Superblock}), messages per command,
 * and throughput against batch size.
 * Prints a table; asserts the no-fault p50 is within 10% of the floor.
 */
class MetricsReportTest {
    static final long ONE_WAY_NANOS = 100_000;
    static final long FSYNC_NANOS = 100_000;
    static final long FLOOR_NANOS = 2 * ONE_WAY_NANOS + 2 * FSYNC_NANOS;

    record Row(String variant, int nodes, int clients, long p50, long p99, double messagesPerCommand,
               double commandsPerSecond) {
    }

    static Row measure(String variant, PaxosConfig config, int clients, long opsPerClient) {
        CommitLatencyRecorder latency = new CommitLatencyRecorder();
        LinkConfig link = LinkConfig.lan().withLatency(new LatencyModel.Constant(ONE_WAY_NANOS));
        DiskConfig disk = DiskConfig.defaults().withFsyncLatencyNanos(FSYNC_NANOS, FSYNC_NANOS);
        Simulation.Builder b = PaxosCluster.configure(Simulation.builder(7), config)
                .defaultLink(link).disk(disk).observer(latency);
        List<TestClient> cs = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            TestClient c = new TestClient(config.clusterSize(), opsPerClient, seq -> new Command.Write("k" + (seq % 64), seq),
                    50_000_000);
            cs.add(c);
            b.node(id -> c);
        }
        Simulation sim = b.build();
        sim.start();
        sim.runUntil(50_000_000);
        long startNanos = sim.nowNanos();
        long sentBefore = sim.stats().messagesSent();
        long doneBefore = completed(cs);
        long limit = startNanos + 60_000_000_000L;
        while (completed(cs) < clients * opsPerClient && sim.nowNanos() < limit && !sim.stopped()) {
            sim.runUntil(sim.nowNanos() + 1_000_000);
        }
        long done = completed(cs) - doneBefore;
        double seconds = (sim.nowNanos() - startNanos) / 1e9;
        return new Row(variant, config.clusterSize(), clients, latency.percentileNanos(50), latency.percentileNanos(99),
                (sim.stats().messagesSent() - sentBefore) / (double) done, done / seconds);
    }

    private static long completed(List<TestClient> cs) {
        long n = 0;
        for (TestClient c : cs) {
            n += c.completed();
        }
        return n;
    }

    static String format(Row r) {
        return String.format(Locale.ROOT, "%-14s %2d %4d %9.1f %9.1f %6.2fx %8.2f %11.0f", r.variant(), r.nodes(), r.clients(),
                r.p50() / 1e3, r.p99() / 1e3, r.p50() / (double) FLOOR_NANOS, r.messagesPerCommand(), r.commandsPerSecond());
    }

    static String header() {
        return String.format(Locale.ROOT, "%-14s %2s %4s %9s %9s %7s %8s %11s", "variant", "n", "cli", "p50(us)", "p99(us)",
                "p50/fl", "msg/cmd", "cmd/s(sim)");
    }

    @Test
    void singleClientCommitLatencyIsWithinTenPercentOfTheFloor() {
        for (int n : new int[] {3, 5}) {
            Row r = measure("majority", PaxosConfig.defaults(n), 1, 2_000);
            System.out.println(header() + "\n" + format(r) + "   (floor " + FLOOR_NANOS / 1e3 + " us)");
            assertTrue(r.p50() <= FLOOR_NANOS * 1.1 && r.p50() >= FLOOR_NANOS,
                    "p50 " + r.p50() + "ns vs floor " + FLOOR_NANOS + "ns");
        }
    }

    /** Client-observed read latency p50/p99 (us) with 8 readers and 8 writers, for one read mode. */
    static String readLatency(ReadMode mode, int n) {
        LinkConfig link = LinkConfig.lan().withLatency(new LatencyModel.Constant(ONE_WAY_NANOS));
        DiskConfig disk = DiskConfig.defaults().withFsyncLatencyNanos(FSYNC_NANOS, FSYNC_NANOS);
        PaxosConfig config = PaxosConfig.defaults(n).withReadMode(mode);
        Simulation.Builder b = PaxosCluster.configure(Simulation.builder(7), config).defaultLink(link).disk(disk);
        List<TestClient> readers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            boolean reader = i % 2 == 0;
            TestClient c = new TestClient(n, 500, reader ? seq -> new Command.Read("k") : seq -> new Command.Write("k", seq),
                    50_000_000);
            if (reader) {
                readers.add(c);
            }
            b.node(id -> c);
        }
        Simulation sim = b.build();
        sim.start();
        sim.runUntil(2_000_000_000L);
        long[] all = readers.stream().flatMap(c -> c.latenciesNanos().stream()).mapToLong(Long::longValue).sorted().toArray();
        long p50 = all[all.length / 2];
        long p99 = all[(int) (all.length * 0.99)];
        return String.format(Locale.ROOT, "%-10s n=%d reads=%5d p50=%6.1f us p99=%6.1f us", mode.cliName(), n, all.length,
                p50 / 1e3, p99 / 1e3);
    }

    /** The full table for the report: every variant at n=3 and n=5 under load, then batch size against throughput. */
    public static void main(String[] args) {
        StringBuilder out = new StringBuilder("floor = 2 x " + ONE_WAY_NANOS / 1e3 + " us + 2 x fsync " + FSYNC_NANOS / 1e3
                + " us = " + FLOOR_NANOS / 1e3 + " us (constant links and fsync)\n" + header() + "\n");
        for (int n : new int[] {3, 5}) {
            out.append(format(measure("majority/1cl", PaxosConfig.defaults(n), 1, 2_000))).append('\n');
            for (Variants.Variant v : Variants.all()) {
                out.append(format(measure(v.name(), v.configForClusterSize().apply(n), 32, 300))).append('\n');
            }
        }
        out.append("\nbatch size vs throughput (n=3, window 8, 128 clients)\n").append(header()).append('\n');
        for (int batch : new int[] {1, 4, 16, 64}) {
            PaxosConfig c = PaxosConfig.defaults(3).withBatchSize(batch);
            out.append(format(measure("batch-" + batch, c, 128, 200))).append('\n');
        }
        out.append("\nclient-observed read latency by read mode (8 readers + 8 writers, same links)\n");
        for (ReadMode mode : ReadMode.values()) {
            out.append(readLatency(mode, 3)).append('\n');
        }
        System.out.print(out);
    }
}
