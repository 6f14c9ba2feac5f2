package io.paxsim.bench.histories;

import io.paxsim.checkers.synthetic.SyntheticHistories;
import io.paxsim.history.EdnHistoryWriter;
import io.paxsim.history.History;
import io.paxsim.history.HistoryFormat;
import io.paxsim.history.HistoryReader;
import io.paxsim.history.JsonlHistoryWriter;
import io.paxsim.history.Op;
import io.paxsim.history.ValueTyping;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reading a 100k-transaction list-append history (Elle's benchmark shape, with Jepsen's
 * {@code :index} and {@code :time}) from EDN and JSON lines held in memory into a validated
 * {@link History}. MB/s = the {@code megabytes} counter divided by the score's seconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-XX:+UseParallelGC"})
public class HistoryReadBenchmark {
    @Param({"EDN", "JSONL"})
    public HistoryFormat format;

    private byte[] text;

    /** The size of what one call reads, reported beside the time per call. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Bytes {
        public double megabytes;
    }

    @Setup
    public void encode() throws IOException {
        History history = SyntheticHistories.listAppend(1, 100_000, 10, 20, 100);
        List<Op> ops = new ArrayList<>(history.size());
        long time = 0;
        for (Op op : history.ops()) {
            time += 17_000 + (ops.size() * 7919L) % 50_000;
            ops.add(op.withIndex(ops.size()).withTime(time));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(ops.size() * 200);
        try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            if (format == HistoryFormat.EDN) {
                new EdnHistoryWriter(w).writeAll(ops);
            } else {
                new JsonlHistoryWriter(w).writeAll(ops);
            }
        }
        text = out.toByteArray();
    }

    @Benchmark
    public History read(Bytes bytes) {
        bytes.megabytes += text.length / 1e6;
        return HistoryReader.read(new ByteArrayInputStream(text), format, ValueTyping.JEPSEN);
    }
}
