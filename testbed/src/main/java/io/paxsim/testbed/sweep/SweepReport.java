package io.paxsim.testbed.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.paxsim.testbed.sweep.plot.Svg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.paxsim.testbed.sweep.plot.Svg.esc;

/** report.html: one self-contained page (inline CSS and SVG, no script, no network) for a sweep. */
public final class SweepReport {
    private static final int MAX_VIOLATIONS_LISTED = 500;

    private SweepReport() {
    }

    public static String html(SweepSummary s) {
        StringBuilder h = new StringBuilder();
        SweepSpec spec = s.spec();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>paxsim sweep</title>\n<style>")
                .append("body{font-family:sans-serif;margin:20px;color:#222}table{border-collapse:collapse;font-size:12px;margin:8px 0}")
                .append("th,td{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#f3f3f3}")
                .append("td.l,th.l{text-align:left}.bad{color:#b00020;font-weight:bold}.warn{color:#a06000}")
                .append("code{font-size:11px;background:#f6f6f6;padding:1px 3px}.charts{display:flex;flex-wrap:wrap;gap:8px}")
                .append("svg.chart{border:1px solid #eee;background:#fff}h2{margin-top:28px;border-bottom:1px solid #ddd}")
                .append("</style></head><body>\n");
        h.append("<h1>paxsim sweep</h1>\n<p>").append(spec.variants().size()).append(" variants × ")
                .append(spec.profiles().size()).append(" fault profiles × ").append(spec.workloads().size())
                .append(" workloads × seeds ").append(spec.seedFrom()).append("..").append(spec.seedTo()).append(" = ")
                .append(spec.cellCount()).append(" runs; ").append(spec.nodes()).append(" replicas, ")
                .append(spec.clients()).append(" clients, ")
                .append(spec.opLimit() > 0 ? spec.opLimit() + " ops" : (spec.safetyNanos() / 1_000_000) + " ms simulated")
                .append(" per run").append(spec.mutant().equals("none") ? "" : ", mutant <b>" + esc(spec.mutant()) + "</b>")
                .append(".</p>\n<p>Finished ").append(s.rows().size()).append(" of ").append(spec.cellCount());
        if (s.missing() > 0) {
            h.append(" <span class=\"warn\">(").append(s.missing()).append(" missing: the sweep or a shard did not finish)</span>");
        }
        h.append(": ").append(s.count("pass")).append(" pass, ");
        int bad = s.count("violation");
        h.append(bad > 0 ? "<span class=\"bad\">" + bad + " violation" + (bad == 1 ? "" : "s") + "</span>" : "0 violations")
                .append(", ").append(s.count("unknown")).append(" unknown.</p>\n");
        groupTable(h, s);
        for (String w : spec.workloads()) {
            charts(h, s, w);
        }
        violations(h, s);
        h.append("<p style=\"color:#888;font-size:11px\">All times are simulated. Latency is per operation, pooled over every run of a row ")
                .append("(log buckets, four per power of two). Availability during faults: share of the ")
                .append(SweepProbe.WINDOW_MILLIS).append(" ms windows with an active fault in which some operation completed.</p>\n");
        return h.append("</body></html>\n").toString();
    }

    private static void groupTable(StringBuilder h, SweepSummary s) {
        h.append("<h2>Per variant × profile</h2>\n<table><tr><th class=\"l\">variant</th><th class=\"l\">profile</th>")
                .append("<th class=\"l\">workload</th><th>runs</th><th>pass</th><th>violation</th><th>unknown</th>")
                .append("<th>p50</th><th>p99</th><th>p99.9</th><th>throughput ops/s</th><th>msgs/op</th><th>fsyncs/op</th>")
                .append("<th>leader changes</th><th>availability during faults</th><th>unavailable ms</th><th>longest gap ms</th></tr>\n");
        for (SweepSummary.Group g : s.groups()) {
            h.append("<tr><td class=\"l\">").append(esc(g.variant)).append("</td><td class=\"l\">").append(esc(g.profile))
                    .append("</td><td class=\"l\">").append(esc(g.workload)).append("</td><td>").append(g.runs())
                    .append("</td><td>").append(g.pass).append("</td><td").append(g.violation > 0 ? " class=\"bad\"" : "")
                    .append(">").append(g.violation).append("</td><td").append(g.unknown > 0 ? " class=\"warn\"" : "")
                    .append(">").append(g.unknown).append("</td>");
            cell(h, micros(g.latencyPercentileMicros(50)));
            cell(h, micros(g.latencyPercentileMicros(99)));
            cell(h, micros(g.latencyPercentileMicros(99.9)));
            cell(h, num(g.mean("throughputOpsPerSecond"), "%.0f"));
            cell(h, num(g.mean("messagesPerOp"), "%.1f"));
            cell(h, num(g.mean("fsyncsPerOp"), "%.2f"));
            cell(h, num(g.mean("leaderChanges"), "%.1f"));
            double a = g.mean("availabilityDuringFaults");
            cell(h, Double.isNaN(a) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * a));
            cell(h, num(g.mean("unavailableMillisDuringFaults"), "%.0f"));
            cell(h, num(g.mean("longestUnavailableMillis"), "%.0f"));
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void charts(StringBuilder h, SweepSummary s, String workload) {
        SweepSpec spec = s.spec();
        h.append("<h2>Workload ").append(esc(workload)).append("</h2>\n<div class=\"charts\">\n");
        for (String p : spec.profiles()) {
            List<Svg.Series> cdfs = new ArrayList<>();
            for (String v : spec.variants()) {
                SweepSummary.Group g = group(s, v, p, workload);
                cdfs.add(cdf(v, g.latency));
            }
            h.append(Svg.lineChart("latency CDF, faults " + p, "latency (simulated)", "fraction of ops", cdfs, true, 1.0,
                    SweepReport::microsLabel));
        }
        List<String> labels = new ArrayList<>();
        List<List<Double>> throughput = new ArrayList<>();
        List<List<Double>> gaps = new ArrayList<>();
        List<Integer> colors = new ArrayList<>();
        for (String p : spec.profiles()) {
            for (String v : spec.variants()) {
                colors.add(spec.variants().indexOf(v));
                SweepSummary.Group g = group(s, v, p, workload);
                labels.add(v + " / " + p);
                throughput.add(g.values("throughputOpsPerSecond"));
                gaps.add(g.values("longestUnavailableMillis"));
            }
        }
        h.append(Svg.boxPlot("throughput per run", "ops per simulated second", labels, throughput, colors));
        double[][] availability = new double[spec.variants().size()][spec.profiles().size()];
        for (int v = 0; v < spec.variants().size(); v++) {
            for (int p = 0; p < spec.profiles().size(); p++) {
                availability[v][p] = 100 * group(s, spec.variants().get(v), spec.profiles().get(p), workload)
                        .mean("availabilityDuringFaults");
            }
        }
        h.append(Svg.barChart("availability during faults (mean per run)", "% of fault windows", spec.profiles(),
                spec.variants(), availability, 100));
        h.append(Svg.boxPlot("longest stretch without a completion", "ms (simulated)", labels, gaps, colors));
        h.append("</div>\n");
    }

    private static Svg.Series cdf(String label, LatencyBuckets b) {
        double[] xs = new double[b.counts().size()];
        double[] ys = new double[xs.length];
        long seen = 0;
        int i = 0;
        for (Map.Entry<Long, Long> e : b.counts().entrySet()) {
            seen += e.getValue();
            xs[i] = Math.max(1, e.getKey());
            ys[i] = (double) seen / b.total();
            i++;
        }
        return new Svg.Series(label, xs, ys);
    }

    private static void violations(StringBuilder h, SweepSummary s) {
        List<JsonNode> v = s.violations();
        h.append("<h2>Violations and unknowns (").append(v.size()).append(")</h2>\n");
        if (v.isEmpty()) {
            h.append("<p>None: every finished run passed every checker and monitor.</p>\n");
            return;
        }
        h.append("<table><tr><th class=\"l\">variant</th><th class=\"l\">profile</th><th class=\"l\">workload</th><th>seed</th>")
                .append("<th class=\"l\">outcome</th><th class=\"l\">failure</th><th class=\"l\">replay</th></tr>\n");
        for (JsonNode r : v.subList(0, Math.min(v.size(), MAX_VIOLATIONS_LISTED))) {
            h.append("<tr><td class=\"l\">").append(esc(r.path("variant").asText())).append("</td><td class=\"l\">")
                    .append(esc(r.path("profile").asText())).append("</td><td class=\"l\">").append(esc(r.path("workload").asText()))
                    .append("</td><td>").append(r.path("seed").asLong()).append("</td><td class=\"l bad\">")
                    .append(esc(r.path("outcome").asText())).append("</td><td class=\"l\">")
                    .append(esc(r.path("failureKind").asText("")) + " " + esc(r.path("failure").asText("")))
                    .append("</td><td class=\"l\"><code>").append(esc(r.path("replay").asText())).append("</code></td></tr>\n");
        }
        h.append("</table>\n");
        if (v.size() > MAX_VIOLATIONS_LISTED) {
            h.append("<p>… and ").append(v.size() - MAX_VIOLATIONS_LISTED).append(" more in results.jsonl.</p>\n");
        }
    }

    private static SweepSummary.Group group(SweepSummary s, String v, String p, String w) {
        for (SweepSummary.Group g : s.groups()) {
            if (g.variant.equals(v) && g.profile.equals(p) && g.workload.equals(w)) {
                return g;
            }
        }
        throw new IllegalStateException("no group " + v + "/" + p + "/" + w);
    }

    private static void cell(StringBuilder h, String text) {
        h.append("<td>").append(esc(text)).append("</td>");
    }

    private static String num(double v, String format) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, format, v);
    }

    static String micros(long us) {
        if (us >= 1_000_000) {
            return String.format(Locale.ROOT, "%.2f s", us / 1e6);
        }
        return us >= 1000 ? String.format(Locale.ROOT, "%.2f ms", us / 1000.0) : us + " µs";
    }

    private static String microsLabel(double us) {
        long v = Math.round(us);
        if (v >= 1_000_000) {
            return (v / 1_000_000) + "s";
        }
        return v >= 1000 ? (v / 1000) + "ms" : v + "µs";
    }
}
