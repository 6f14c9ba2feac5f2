package io.paxsim.testbed.report;

import io.paxsim.checkers.Budget;
import io.paxsim.checkers.CheckerOptions;
import io.paxsim.checkers.CheckerRegistry;
import io.paxsim.checkers.NilReads;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.History;
import io.paxsim.history.HistoryFormat;
import io.paxsim.history.HistoryReader;
import io.paxsim.history.Op;
import io.paxsim.history.OpType;
import io.paxsim.history.Value;
import io.paxsim.history.ValueTyping;
import io.paxsim.testbed.cli.Paxsim;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The reports the tests look at: a real run, a linearizability failure, an Elle anomaly. */
final class ReportFixtures {
    private ReportFixtures() {
    }

    /**
     * A short real run with crashes and a leader isolation drawn densely enough to land in it, written
     * by {@code paxsim run} and drawn by {@code paxsim report}. Returns report.html.
     */
    static Path runReport(Path dir) {
        String out = paxsim("run", "--seed", "3", "--faults", "crash-random@12,isolate-leader@12", "--duration", "400ms",
                "--out", dir.toString());
        String report = paxsim("report", dir.toString());
        if (!report.contains("paxsim report: wrote")) {
            throw new AssertionError("report not written:\n" + out + "\n" + report);
        }
        return dir.resolve(RunReport.FILE);
    }

    private static String paxsim(String... args) {
        CommandLine cli = Paxsim.commandLine();
        StringWriter text = new StringWriter();
        cli.setOut(new PrintWriter(text));
        cli.setErr(new PrintWriter(text));
        cli.execute(args);
        return text.toString();
    }

    /**
     * A register history with a stale read: p1 writes 2 after p0's 1 completed, and p2, invoked after
     * both, reads 1 — during a partition. Around it, {@code fillerOps} well-behaved ops.
     */
    static History staleReadHistory(int fillerOps) {
        List<Op> ops = new ArrayList<>();
        long t = 1_000_000;
        long value = 0;
        for (int i = 0; i < fillerOps; i++) {
            int p = 3 + i % 5;
            boolean write = i % 3 == 0;
            long v = write ? ++value : value;
            ops.add(op(ops, OpType.INVOKE, p, write ? "write" : "read", write ? Value.of(v) : Value.NIL, t));
            ops.add(op(ops, OpType.OK, p, write ? "write" : "read", Value.of(v), t + 200_000));
            t += 250_000;
            if (i == fillerOps / 2) {
                t = stalePart(ops, t, value);
                value = 2 + value;
            }
        }
        if (fillerOps == 0) {
            stalePart(ops, t, value);
        }
        return History.of(ops);
    }

    private static long stalePart(List<Op> ops, long t, long base) {
        ops.add(nemesis(ops, "start-partition", Value.kw("majority"), t));
        ops.add(op(ops, OpType.INVOKE, 0, "write", Value.of(base + 1), t + 100_000));
        ops.add(op(ops, OpType.OK, 0, "write", Value.of(base + 1), t + 400_000));
        ops.add(op(ops, OpType.INVOKE, 1, "write", Value.of(base + 2), t + 500_000));
        ops.add(op(ops, OpType.OK, 1, "write", Value.of(base + 2), t + 800_000));
        ops.add(op(ops, OpType.INVOKE, 2, "read", Value.NIL, t + 900_000));
        ops.add(op(ops, OpType.OK, 2, "read", Value.of(base + 1), t + 1_200_000));
        ops.add(nemesis(ops, "stop-partition", Value.NIL, t + 1_500_000));
        return t + 1_600_000;
    }

    private static Op op(List<Op> ops, OpType type, long process, String f, Value v, long t) {
        return Op.of(type, process, f, v).withTime(t).withIndex(ops.size());
    }

    private static Op nemesis(List<Op> ops, String f, Value v, long t) {
        return new Op(ops.size(), t, OpType.INFO, Value.kw("nemesis"), f, v, null, null);
    }

    static Verdict checkRegister(History h) {
        return CheckerRegistry.create("cas-register", new CheckerOptions(Value.of(0), NilReads.VALUE))
                .check(h, Budget.of(Duration.ofSeconds(30)));
    }

    static Path linReport(Path dir, int fillerOps) throws IOException {
        History h = staleReadHistory(fillerOps);
        return RunReport.writeHistory(dir.resolve(RunReport.FILE), "stale read", h, List.of(checkRegister(h))).file();
    }

    static History listAppendHistory() throws IOException {
        Path file = Files.createTempFile("list-append", ".edn");
        try (InputStream in = ReportFixtures.class.getResourceAsStream("/report/list-append-anomalies.edn")) {
            Files.write(file, in.readAllBytes());
            return HistoryReader.read(file, HistoryFormat.EDN, ValueTyping.JEPSEN);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static Path elleReport(Path dir) throws IOException {
        History h = listAppendHistory();
        Verdict v = CheckerRegistry.create("list-append", CheckerOptions.defaults()).check(h, Budget.of(Duration.ofSeconds(30)));
        return RunReport.writeHistory(dir.resolve(RunReport.FILE), "list-append anomalies", h, List.of(v)).file();
    }
}
