package io.paxsim.testbed.output;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paxsim.history.EdnHistoryWriter;
import io.paxsim.history.JsonlHistoryWriter;
import io.paxsim.history.Op;
import io.paxsim.testbed.pipeline.RunResult;
import io.paxsim.testbed.pipeline.Scenario;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The files of one run directory. Each is written to a temporary file and moved into place, so
 * a crash mid-write never leaves a corrupt file where a good one is expected.
 */
public final class RunFiles {
    public static final String RUN = "run.json";
    public static final String HISTORY_EDN = "history.edn";
    public static final String HISTORY_JSONL = "history.jsonl";
    public static final String FAULTS = "faults.json";
    public static final String METRICS = "metrics.json";
    public static final String VERDICT = "verdict.json";
    public static final String TRACE = "trace.jsonl";
    /** Written after the run (io.paxsim.testbed.report.RunReport), on failure or by {@code paxsim report}. */
    public static final String REPORT = "report.html";
    /** Every file a run may write; --force replaces only these. */
    public static final List<String> ALL = List.of(RUN, HISTORY_EDN, HISTORY_JSONL, FAULTS, METRICS, VERDICT, TRACE, REPORT);

    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunFiles() {
    }

    @FunctionalInterface
    public interface WriterBody {
        void write(Writer out) throws IOException;
    }

    /** Writes everything but the trace (streamed during the run) and the verdict (written last). */
    public static void writeRun(Path dir, RunResult r) throws IOException {
        writeJson(dir.resolve(RUN), ScenarioJson.toJson(JSON, r.scenario()));
        atomic(dir.resolve(HISTORY_EDN), out -> {
            try (EdnHistoryWriter w = new EdnHistoryWriter(out)) {
                w.writeAll(r.history().ops());
            }
        });
        atomic(dir.resolve(HISTORY_JSONL), out -> {
            try (JsonlHistoryWriter w = new JsonlHistoryWriter(out)) {
                for (Op op : r.history().ops()) {
                    w.write(op);
                }
            }
        });
        atomic(dir.resolve(FAULTS), out -> out.write(r.faults().toJson() + "\n"));
        writeJson(dir.resolve(METRICS), JSON.valueToTree(r.metrics()));
        recordContentHashes(dir);
    }

    /** The run.json field holding each written file's SHA-256, so a replay can tell an edited file from nondeterminism. */
    public static final String CONTENT_HASHES = "contentSha256";

    /** Adds to run.json the SHA-256 of every other file written so far (the verdict and trace excepted). */
    static void recordContentHashes(Path dir) throws IOException {
        ObjectNode run = readJson(dir.resolve(RUN));
        ObjectNode hashes = run.putObject(CONTENT_HASHES);
        for (String name : ALL) {
            Path file = dir.resolve(name);
            if (!name.equals(RUN) && !name.equals(VERDICT) && !name.equals(TRACE) && Files.isRegularFile(file)) {
                hashes.put(name, sha256(file));
            }
        }
        writeJson(dir.resolve(RUN), run);
    }

    /**
     * The files of a run directory whose content no longer matches the hash recorded in its run.json,
     * each with what happened to it ("edited", "missing"); empty for runs recorded before hashes were.
     */
    public static java.util.Map<String, String> changedFiles(Path dir) {
        java.util.Map<String, String> changed = new java.util.TreeMap<>();
        JsonNode hashes = readJson(dir.resolve(RUN)).path(CONTENT_HASHES);
        for (java.util.Iterator<String> names = hashes.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            Path file = dir.resolve(name);
            try {
                if (!Files.isRegularFile(file)) {
                    changed.put(name, "missing");
                } else if (!sha256(file).equals(hashes.get(name).asText())) {
                    changed.put(name, "edited");
                }
            } catch (IOException e) {
                changed.put(name, "unreadable");
            }
        }
        return changed;
    }

    static String sha256(Path file) throws IOException {
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    public static void writeJson(Path file, JsonNode node) throws IOException {
        atomic(file, out -> out.write(JSON.writeValueAsString(node) + "\n"));
    }

    /** @throws IllegalArgumentException with one line naming the file and what is wrong with it */
    public static ObjectNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": " + (Files.exists(file) ? "not a regular file" : "missing"));
        }
        JsonNode n;
        try {
            n = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw new IllegalArgumentException(file + ": not valid JSON" + (where == null ? ""
                    : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read it (" + e.getMessage() + ")");
        }
        if (!(n instanceof ObjectNode o)) {
            throw new IllegalArgumentException(file + ": " + (n == null || n.isMissingNode() ? "empty" : "not a JSON object"));
        }
        return o;
    }

    public static Scenario readScenario(Path dir) {
        Path file = dir.resolve(RUN);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dir + " is not a run directory (no " + RUN + ")");
        }
        ObjectNode json = readJson(file);
        try {
            return ScenarioJson.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    public static void atomic(Path file, WriterBody body) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), 1 << 16)) {
            body.write(out);
        } catch (IOException | UncheckedIOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
