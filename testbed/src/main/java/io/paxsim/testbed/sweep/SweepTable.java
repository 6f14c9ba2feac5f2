package io.paxsim.testbed.sweep;

import java.io.PrintWriter;
import java.util.Locale;

/** The per-group table a sweep prints when it ends (the report has the same numbers and plots). */
public final class SweepTable {
    private SweepTable() {
    }

    public static void print(PrintWriter out, SweepSummary s) {
        out.printf(Locale.ROOT, "%-14s %-12s %-12s %5s %5s %5s %5s %9s %9s %9s %8s %8s %7s %7s%n", "variant", "profile",
                "workload", "runs", "pass", "viol", "unkn", "p50", "p99", "ops/s", "msgs/op", "fsync/op", "leaders", "avail%");
        for (SweepSummary.Group g : s.groups()) {
            double a = g.mean("availabilityDuringFaults");
            out.printf(Locale.ROOT, "%-14s %-12s %-12s %5d %5d %5d %5d %9s %9s %9.0f %8.1f %8.2f %7.1f %7s%n", g.variant,
                    g.profile, g.workload, g.runs(), g.pass, g.violation, g.unknown,
                    SweepReport.micros(g.latencyPercentileMicros(50)), SweepReport.micros(g.latencyPercentileMicros(99)),
                    zeroIfNaN(g.mean("throughputOpsPerSecond")), zeroIfNaN(g.mean("messagesPerOp")),
                    zeroIfNaN(g.mean("fsyncsPerOp")), zeroIfNaN(g.mean("leaderChanges")),
                    Double.isNaN(a) ? "-" : String.format(Locale.ROOT, "%.1f", 100 * a));
        }
        out.flush();
    }

    private static double zeroIfNaN(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
