package io.paxsim.testbed.output;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paxsim.history.EdnHistoryWriter;
import io.paxsim.history.JsonlColumnWriter;
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
    /** Older runs wrote both of these, uncompressed; --force still replaces them. */
    public static final String HISTORY_EDN = "history.edn";
    public static final String HISTORY_JSONL = "history.jsonl";
    public static final String FAULTS = "faults.json";
    public static final String METRICS = "metrics.json";
    public static final String VERDICT = "verdict.json";
    public static final String TRACE = "trace.jsonl";
    /** The run directory's history file: the gzipped one a run writes, else an older run's plain one; null if none. */
    public static Path historyFile(Path runDir) {
        for (String name : List.of(HistoryFile.JSONL.fileName, HistoryFile.EDN.fileName, HISTORY_JSONL, HISTORY_EDN)) {
            if (Files.isRegularFile(runDir.resolve(name))) {
                return runDir.resolve(name);
            }
        }
        return null;
    }

    /** Written after the run (io.paxsim.testbed.report.RunReport), on failure or by {@code paxsim report}. */
    public static final String REPORT = "report.html";
    /** Marks a run {@code paxsim runs gc} never deletes: made with {@code --keep} or {@code --out}. */
    public static final String KEEP = ".keep";
    /** An explore counterexample's run file (io.paxsim.testbed.explore.ExploreRunFile): what replay re-executes. */
    public static final String EXPLORE = "explore.json";
    /** Every file a run may write; --force replaces only these. */
    public static final List<String> ALL = List.of(RUN, EXPLORE, HistoryFile.JSONL.fileName, HistoryFile.EDN.fileName,
            HISTORY_EDN, HISTORY_JSONL, FAULTS, METRICS, VERDICT, TRACE, REPORT, KEEP);

    /**
     * The one history file a run writes, gzip-compressed (a 20 s chaos run's 37 MB of JSON lines
     * is ~2 MB); every history reader and {@code paxsim check} open .gz files as they are.
     */
    public enum HistoryFile {
        JSONL("history.jsonl.gz"),
        EDN("history.edn.gz");

        public final String fileName;

        HistoryFile(String fileName) {
            this.fileName = fileName;
        }
    }

    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunFiles() {
    }

    @FunctionalInterface
    public interface WriterBody {
        void write(Writer out) throws IOException;
    }

    /** Writes everything but the trace (streamed during the run) and the verdict (written last); the history as JSON lines. */
    public static void writeRun(Path dir, RunResult r) throws IOException {
        writeRun(dir, r, HistoryFile.JSONL);
    }

    /**
     * As {@link #writeRun(Path, RunResult)}, the history in {@code history}'s format. run.json is
     * written last, once, with the hashes of the files written before it (taken as they are written).
     */
    public static void writeRun(Path dir, RunResult r, HistoryFile history) throws IOException {
        java.util.Map<String, String> known = new java.util.HashMap<>();
        switch (history) {
            case EDN -> atomicGzip(dir.resolve(history.fileName), out -> {
                try (EdnHistoryWriter w = new EdnHistoryWriter(out)) {
                    w.writeAll(r.history().ops());
                }
            });
            // Straight from the history's columns to bytes: the same bytes as JsonlHistoryWriter (JsonlColumnWriter).
            case JSONL -> known.put(history.fileName, atomicGzipBytes(dir.resolve(history.fileName),
                    out -> JsonlColumnWriter.write(r.history(), out)));
        }
        known.put(FAULTS, atomicBytes(dir.resolve(FAULTS), (r.faults().toJson() + "\n").getBytes(StandardCharsets.UTF_8)));
        known.put(METRICS, atomicBytes(dir.resolve(METRICS), jsonBytes(JSON.valueToTree(r.metrics()))));
        ObjectNode run = ScenarioJson.toJson(JSON, r.scenario());
        putContentHashes(dir, run, known);
        writeJson(dir.resolve(RUN), run);
    }

    /** The run.json field holding each written file's SHA-256, so a replay can tell an edited file from nondeterminism. */
    public static final String CONTENT_HASHES = "contentSha256";

    /** Adds to run.json the SHA-256 of every other file written so far (the verdict and trace excepted). */
    static void recordContentHashes(Path dir) throws IOException {
        recordContentHashes(dir, java.util.Map.of());
    }

    /** As {@link #recordContentHashes(Path)}, taking the hashes of files just written from {@code known} instead of reading them again. */
    private static void recordContentHashes(Path dir, java.util.Map<String, String> known) throws IOException {
        ObjectNode run = readJson(dir.resolve(RUN));
        putContentHashes(dir, run, known);
        writeJson(dir.resolve(RUN), run);
    }

    /** Puts into {@code run} the SHA-256 of every file of the directory but run.json, the verdict and the trace. */
    private static void putContentHashes(Path dir, ObjectNode run, java.util.Map<String, String> known) throws IOException {
        ObjectNode hashes = run.putObject(CONTENT_HASHES);
        for (String name : ALL) {
            Path file = dir.resolve(name);
            if (!name.equals(RUN) && !name.equals(VERDICT) && !name.equals(TRACE) && Files.isRegularFile(file)) {
                String hash = known.get(name);
                hashes.put(name, hash != null ? hash : sha256(file));
            }
        }
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
        java.security.MessageDigest digest = sha256();
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    @FunctionalInterface
    public interface StreamBody {
        void write(java.io.OutputStream out) throws IOException;
    }

    /**
     * As {@link #atomicGzip}, for a body that writes bytes (UTF-8 text) itself; returns the SHA-256 of
     * the file's (compressed) bytes, taken as they are written.
     */
    public static String atomicGzipBytes(Path file, StreamBody body) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        java.security.MessageDigest digest = sha256();
        try (java.io.OutputStream out = new FastGzipOutputStream(new java.security.DigestOutputStream(Files.newOutputStream(tmp), digest))) {
            body.write(out);
        } catch (IOException | UncheckedIOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    /** As {@link #atomic}, gzip-compressed by {@link FastGzipOutputStream}: writing must not cost more than the run. */
    public static void atomicGzip(Path file, WriterBody body) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (Writer out = new BufferedWriter(new java.io.OutputStreamWriter(new FastGzipOutputStream(Files.newOutputStream(tmp)),
                StandardCharsets.UTF_8), 1 << 16)) {
            body.write(out);
        } catch (IOException | UncheckedIOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes {@code bytes} to {@code file} through a temporary file; returns their SHA-256. */
    private static String atomicBytes(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.write(tmp, bytes);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return java.util.HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static byte[] jsonBytes(JsonNode node) throws JsonProcessingException {
        return (JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
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
