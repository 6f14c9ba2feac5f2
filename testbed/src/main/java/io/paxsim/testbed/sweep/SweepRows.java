package io.paxsim.testbed.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paxsim.checkers.Verdict;
import io.paxsim.faults.ScheduleEntry;
import io.paxsim.testbed.pipeline.RunResult;
import io.paxsim.testbed.pipeline.ScheduledFaults;

import java.util.BitSet;
import java.util.Map;

/**
 * One finished run as one results.jsonl line. Everything in a row is a function of the run alone
 * (no wall time, no host), so the same sweep gives the same rows whatever --jobs or sharding.
 */
public final class SweepRows {
    static final ObjectMapper JSON = new ObjectMapper();

    private SweepRows() {
    }

    public static ObjectNode row(SweepCell cell, RunResult r, SweepProbe probe, String replayCommand) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("variant", cell.variant());
        o.put("profile", cell.profile());
        o.put("workload", cell.workload());
        o.put("seed", cell.seed());
        o.put("nodes", r.scenario().nodes());
        o.put("outcome", !r.passed() ? "violation" : r.unknown() ? "unknown" : "pass");
        if (r.failure() != null) {
            o.put("failureKind", r.failure().kind().name());
            o.put("failure", firstLine(r.failure().message()));
        }
        ObjectNode verdicts = o.putObject("verdicts");
        for (Verdict v : r.verdicts()) {
            verdicts.put(v.checker(), v.status());
        }
        Map<String, Object> m = r.metrics();
        o.put("opsInvoked", number(m.get("opsInvoked")));
        o.put("opsOk", number(m.get("opsOk")));
        o.put("opsFail", number(m.get("opsFail")));
        o.put("opsIndeterminate", number(m.get("opsIndeterminate")));
        Object latency = m.get("latencyMicros");
        if (latency instanceof Map<?, ?> l) {
            for (String p : new String[] {"p50", "p90", "p99", "p999", "max"}) {
                o.put("latency" + p.toUpperCase(java.util.Locale.ROOT) + "Micros", number(l.get(p)));
            }
        }
        o.put("throughputOpsPerSecond", round(((Number) m.get("throughputOpsPerSecond")).doubleValue()));
        o.put("messagesPerOp", round(((Number) m.get("messagesPerOp")).doubleValue()));
        o.put("fsyncsPerOp", round(((Number) m.get("fsyncsPerOp")).doubleValue()));
        o.put("leaderChanges", number(m.get("leaderChanges")));
        o.put("faults", r.faults().size());
        availability(o, r, probe);
        o.put("simulatedNanos", r.simulatedNanos());
        o.put("traceHash", r.traceHashHex());
        o.put("replay", replayCommand);
        o.set("latencyBuckets", probe.latency().toJson());
        return o;
    }

    /**
     * Fault time is the {@value SweepProbe#WINDOW_MILLIS} ms windows of the safety phase in which a
     * fault was active (a point fault counts for its window); a fault window is unavailable when no
     * operation completed in it. Also the longest stretch of the safety phase with no completion.
     */
    private static void availability(ObjectNode o, RunResult r, SweepProbe probe) {
        int windows = (int) (r.healAtNanos() / SweepProbe.WINDOW_NANOS);
        BitSet faulty = new BitSet(windows);
        if (r.faults() instanceof ScheduledFaults sf) {
            for (ScheduleEntry e : sf.schedule().entries()) {
                if (e.startNanos() >= r.healAtNanos()) {
                    continue;
                }
                int from = (int) (e.startNanos() / SweepProbe.WINDOW_NANOS);
                int to = (int) Math.min(windows, (Math.min(e.endNanos(), r.healAtNanos()) - 1) / SweepProbe.WINDOW_NANOS + 1);
                faulty.set(from, Math.max(from + 1, to));
            }
        }
        faulty.clear(windows, Integer.MAX_VALUE);
        long unavailable = 0;
        for (int w = faulty.nextSetBit(0); w >= 0; w = faulty.nextSetBit(w + 1)) {
            if (!probe.completedIn(w)) {
                unavailable++;
            }
        }
        long longestGap = 0;
        long gap = 0;
        for (int w = 0; w < windows; w++) {
            gap = probe.completedIn(w) ? 0 : gap + 1;
            longestGap = Math.max(longestGap, gap);
        }
        long faultWindows = faulty.cardinality();
        o.put("faultMillis", faultWindows * SweepProbe.WINDOW_MILLIS);
        o.put("unavailableMillisDuringFaults", unavailable * SweepProbe.WINDOW_MILLIS);
        if (faultWindows > 0) {
            o.put("availabilityDuringFaults", round(1.0 - (double) unavailable / faultWindows));
        } else {
            o.putNull("availabilityDuringFaults");
        }
        o.put("longestUnavailableMillis", longestGap * SweepProbe.WINDOW_MILLIS);
    }

    public static String key(JsonNode row) {
        return SweepCell.key(row.path("variant").asText(), row.path("profile").asText(), row.path("workload").asText(),
                row.path("seed").asLong());
    }

    /** The row as its results.jsonl line (no newline). */
    public static String line(JsonNode row) {
        try {
            return JSON.writeValueAsString(row);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a result row did not serialise", e);
        }
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    /** Four decimals: enough for any plot, and the same text on every JVM. */
    static double round(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 297) + "..." : line;
    }
}
