package io.paxsim.testbed.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The files a finished sweep (or a merge) leaves: results.jsonl in canonical order (so equal sweeps
 * give equal files whatever --jobs, order of completion or sharding), results.csv, summary.json
 * and report.html. Each is written to a temporary file and renamed into place.
 */
public final class SweepOutputs {
    public static final String CSV = "results.csv";
    public static final String SUMMARY = "summary.json";
    public static final String REPORT = "report.html";

    private static final List<String> CSV_COLUMNS = List.of("variant", "profile", "workload", "seed", "nodes", "outcome",
            "failureKind", "opsInvoked", "opsOk", "opsFail", "opsIndeterminate", "latencyP50Micros", "latencyP90Micros",
            "latencyP99Micros", "latencyP999Micros", "latencyMAXMicros", "throughputOpsPerSecond", "messagesPerOp",
            "fsyncsPerOp", "leaderChanges", "faults", "faultMillis", "unavailableMillisDuringFaults",
            "availabilityDuringFaults", "longestUnavailableMillis", "simulatedNanos", "traceHash", "verdicts", "failure",
            "replay");

    private SweepOutputs() {
    }

    public static SweepSummary write(Path dir, SweepSpec spec, List<ObjectNode> rows) throws IOException {
        SweepSummary s = new SweepSummary(spec, rows);
        StringBuilder jsonl = new StringBuilder();
        for (ObjectNode r : s.rows()) {
            jsonl.append(SweepRows.line(r)).append('\n');
        }
        atomicWrite(dir.resolve(ResultsLog.FILE), jsonl.toString());
        atomicWrite(dir.resolve(CSV), csv(s.rows()));
        atomicWrite(dir.resolve(SUMMARY), SweepRows.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s.toJson()) + "\n");
        atomicWrite(dir.resolve(REPORT), SweepReport.html(s));
        return s;
    }

    static String csv(List<ObjectNode> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
        for (ObjectNode r : rows) {
            for (int i = 0; i < CSV_COLUMNS.size(); i++) {
                String col = CSV_COLUMNS.get(i);
                sb.append(i == 0 ? "" : ",").append(quote(col.equals("verdicts") ? verdicts(r.get(col)) : text(r.get(col))));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String verdicts(JsonNode v) {
        if (v == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sb.append(sb.length() == 0 ? "" : ";").append(e.getKey()).append('=').append(e.getValue().asText());
        }
        return sb.toString();
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Writes {@code text} next to {@code file} and renames it into place, so readers never see half a file. */
    static void atomicWrite(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
