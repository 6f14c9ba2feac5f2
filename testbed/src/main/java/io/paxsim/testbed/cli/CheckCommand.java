package io.paxsim.testbed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paxsim.checkers.Budget;
import io.paxsim.checkers.Checker;
import io.paxsim.checkers.CheckerOptions;
import io.paxsim.checkers.CheckerRegistry;
import io.paxsim.checkers.ModelMismatch;
import io.paxsim.checkers.NilReads;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.EdnHistoryReader;
import io.paxsim.history.History;
import io.paxsim.history.HistoryException;
import io.paxsim.history.HistoryFormat;
import io.paxsim.history.HistoryReader;
import io.paxsim.history.Value;
import io.paxsim.testbed.output.RunFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** {@code paxsim check}: runs one checker over history files, the last stage of a run on its own. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check Jepsen-format histories (EDN or JSON lines) with one checker.",
            "FILE may be a directory (a paxsim run directory, say): every history file under it (*.edn, *.jsonl,",
            "*.ndjson, op-per-line *.json, *.txt whose content is a history; *.log with --format jepsen-log; each also",
            "gzipped as *.gz) is checked in this JVM; paxsim's run files",
            "are skipped, and when one run is there as both history.edn and history.jsonl only the .jsonl is checked.",
            "Porcupine's kv files (*.txt, get/put/append with :key) are read as EDN; check them with --model kv.",
            "An empty history (no operations) is valid, as Porcupine and Knossos answer; a warning names it.",
            "Budgets are counts (--max-steps, --max-search-mb), so a file gets the same verdict on any machine;",
            "--timeout is an optional wall-clock guard whose UNKNOWN says it is machine-dependent.",
            "Every file's status is printed, then a totals line. Exit code: 1 if any file is invalid, else 2 if any",
            "is bad input (unreadable, or an op the model cannot interpret), else 3 if any is unknown (out of budget",
            "or memory), else 0."})
public final class CheckCommand implements java.util.concurrent.Callable<Integer> {
    private static final int MAX_ERROR_CHARS = 400;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "NAME",
            description = "checker: ${COMPLETION-CANDIDATES}", completionCandidates = ModelNames.class)
    String model;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "edn|jsonl|jepsen-log|auto",
            description = "history format (default: ${DEFAULT-VALUE}, by extension then content, e.g. Porcupine's .txt; .log is a Jepsen text log)")
    String format;

    @Option(names = "--init", paramLabel = "EDN", description = "the model's initial state (default nil / empty / free)")
    String init;

    @Option(names = "--nil-reads", defaultValue = "value", paramLabel = "value|unconstrained",
            description = "a nil read is a value (Porcupine) or matches any state (Knossos); default ${DEFAULT-VALUE}")
    String nilReads;

    @Option(names = "--consistency-model", defaultValue = "strict-serializable", paramLabel = "MODEL",
            description = "list-append / rw-register / elle-*: any Elle model, e.g. strict-serializable, serializable, "
                    + "snapshot-isolation, repeatable-read, read-committed, strong-session-serializable")
    String consistencyModel;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "optional wall-clock guard per file, e.g. 30s, 500ms, 2m (default: none; machine-dependent, "
                    + "so its UNKNOWN says so)")
    String timeout;

    @Option(names = "--max-steps", paramLabel = "N",
            description = "search steps per file (deterministic budget; default ${DEFAULT-VALUE}); out of it: unknown, exit 3")
    long maxSteps = io.paxsim.checkers.Budget.DEFAULT_MAX_SEARCH_STEPS;

    @Option(names = "--max-search-mb", paramLabel = "MB",
            description = "memory the search memo may hold, per key (deterministic budget; default ${DEFAULT-VALUE} MB)")
    long maxSearchMegabytes = io.paxsim.checkers.Budget.DEFAULT_MAX_SEARCH_MEGABYTES;

    @Option(names = "--json", description = "stream JSON lines: one object per file as it finishes "
            + "(file, status, verdict or error, parse/check ms), then one with the totals and exit code")
    boolean json;

    @Option(names = "--report", paramLabel = "DIR", description = "also write DIR/report.html (one file checked) or "
            + "DIR/<name>.report.html per file: timeline, highlighted ops, cycles, latencies")
    Path report;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "history files or directories")
    List<Path> inputs;

    /** For --help: the registered checker names. */
    static final class ModelNames extends ArrayList<String> {
        ModelNames() {
            super(CheckerRegistry.entries().keySet());
        }
    }

    /** The outcome for one file: a verdict, or an error (bad input); {@code warning} is printed beside it. */
    private record FileResult(Path file, Verdict verdict, String error, double parseMillis, double checkMillis, String warning) {
        FileResult(Path file, Verdict verdict, String error, double parseMillis, double checkMillis) {
            this(file, verdict, error, parseMillis, checkMillis, null);
        }

        String status() {
            return error != null ? "bad-input" : verdict.status();
        }
    }

    @Override
    public Integer call() {
        Checker checker = checker();
        Budget budget = budget();
        HistoryFormat fixedFormat = parseFormat(format);
        Selection selection = expand(inputs, fixedFormat);
        if (json) {
            selection.notes().forEach(n -> printJsonLine(Map.of("note", n)));
        } else {
            printNotes(selection.notes());
        }
        Map<String, Integer> totals = new LinkedHashMap<>();
        for (String status : List.of("ok", "illegal", "unknown", "bad-input")) {
            totals.put(status, 0);
        }
        for (Path file : selection.files()) {
            FileResult result = checkFileGuarded(file, checker, fixedFormat, budget);
            totals.merge(result.status(), 1, Integer::sum);
            if (json) {
                printJsonLine(jsonOf(result));
            } else {
                printText(result);
            }
            if (report != null && result.verdict() != null) {
                writeReport(file, selection.files().size() == 1, checker, fixedFormat, result.verdict());
            }
        }
        int exit = exitCode(totals);
        if (json) {
            Map<String, Object> end = new LinkedHashMap<>();
            end.put("model", checker.name());
            end.put("files", selection.files().size());
            end.put("totals", totals);
            end.put("exitCode", exit);
            printJsonLine(end);
        } else {
            printTotals(selection.files().size(), totals, exit);
        }
        return exit;
    }

    /** 1 if any file is invalid, else 2 if any is bad input, else 3 if any is unknown, else 0: a violation is never masked. */
    static int exitCode(Map<String, Integer> totals) {
        if (totals.getOrDefault("illegal", 0) > 0) {
            return ExitCode.VIOLATION;
        }
        if (totals.getOrDefault("bad-input", 0) > 0) {
            return ExitCode.USAGE;
        }
        return totals.getOrDefault("unknown", 0) > 0 ? ExitCode.UNKNOWN : ExitCode.PASS;
    }

    private Budget budget() {
        if (maxSteps <= 0) {
            throw new UserError("--max-steps must be positive, not " + maxSteps);
        }
        if (maxSearchMegabytes <= 0 || maxSearchMegabytes > 1L << 24) {
            throw new UserError("--max-search-mb must be within 1.." + (1L << 24) + ", not " + maxSearchMegabytes);
        }
        Budget b = Budget.defaults().withMaxSearchSteps(maxSteps).withMaxSearchMegabytes(maxSearchMegabytes);
        return timeout == null ? b : b.withWallClockTimeout(parseDuration(timeout));
    }

    /**
     * Checks one file; running out of heap is that file's UNKNOWN (its history and search are
     * garbage once this returns), and the batch goes on.
     */
    private static FileResult checkFileGuarded(Path file, Checker checker, HistoryFormat fixedFormat, Budget budget) {
        try {
            return checkFile(file, checker, fixedFormat, budget);
        } catch (OutOfMemoryError e) {
            long heapMegabytes = Runtime.getRuntime().maxMemory() >> 20;
            return new FileResult(file, new Verdict.Unknown(checker.name(), "out of memory checking " + file
                    + " (JVM heap " + heapMegabytes + " MB): raise it with PAXSIM_JAVA_OPTS=-Xmx<size> or lower --max-search-mb"),
                    null, 0, 0);
        }
    }

    private Checker checker() {
        if (!CheckerRegistry.entries().containsKey(model)) {
            throw new UserError("unknown model '" + model + "' (known: "
                    + String.join(", ", CheckerRegistry.entries().keySet()) + ")");
        }
        NilReads nil = switch (nilReads) {
            case "value" -> NilReads.VALUE;
            case "unconstrained" -> NilReads.UNCONSTRAINED;
            default -> throw new UserError("--nil-reads must be 'value' or 'unconstrained', not '" + nilReads + "'");
        };
        Value initial = null;
        if (init != null) {
            try {
                initial = EdnHistoryReader.parseValue(init);
            } catch (HistoryException e) {
                throw new UserError("--init: " + e.getMessage());
            }
        }
        try {
            return CheckerRegistry.create(model, new CheckerOptions(initial, nil, consistencyModel));
        } catch (IllegalArgumentException | HistoryException e) {
            throw new UserError(e.getMessage());
        }
    }

    static Duration parseDuration(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(text.trim());
        if (!m.matches()) {
            throw new UserError("--timeout must look like 30s, 500ms, 2m or 1h, not '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private static HistoryFormat parseFormat(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "auto" -> null;
            case "edn" -> HistoryFormat.EDN;
            case "jsonl", "json" -> HistoryFormat.JSONL;
            case "jepsen-log" -> HistoryFormat.JEPSEN_LOG;
            default -> throw new UserError("--format must be edn, jsonl, jepsen-log or auto, not '" + text + "'");
        };
    }

    /** What a directory holds that is not a history: paxsim's own run files. */
    private static final Set<String> RUN_FILES = Set.of("run.json", "faults.json", "metrics.json", "verdict.json", "trace.jsonl");
    /** History extensions, most preferred first when one run is in a directory in several formats. */
    private static final List<String> HISTORY_EXTENSIONS = List.of(".jsonl", ".ndjson", ".json", ".edn", ".txt", ".log");

    /** The files to check, and what a directory walk chose to leave out and why. */
    private record Selection(List<Path> files, List<String> notes) {
    }

    /** Files as given, directories expanded to their history files in name order. */
    private static Selection expand(List<Path> inputs, HistoryFormat fixedFormat) {
        List<Path> files = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                files.addAll(historiesIn(input, fixedFormat, notes));
            } else if (Files.isRegularFile(input)) {
                files.add(input);
            } else {
                throw new UserError(input + ": no such file or directory");
            }
        }
        return new Selection(files, notes);
    }

    private static List<Path> historiesIn(Path dir, HistoryFormat fixedFormat, List<String> notes) {
        boolean logs = fixedFormat == HistoryFormat.JEPSEN_LOG;
        List<Path> found;
        try (Stream<Path> walk = Files.walk(dir)) {
            found = walk.filter(Files::isRegularFile).filter(p -> looksLikeHistory(p, logs)).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new UserError(dir + ": cannot list directory: " + e.getMessage());
        }
        if (found.isEmpty()) {
            throw new UserError(dir + ": directory holds no history files (*.edn, *.jsonl, *.ndjson, op-per-line *.json"
                    + (logs ? ", *.log" : "") + "; paxsim's run.json, faults.json, metrics.json, verdict.json, trace.jsonl are not histories)");
        }
        return asTheRunWroteThem(onePerRun(found, fixedFormat == HistoryFormat.EDN, notes), notes);
    }

    /**
     * In a run directory, the history the run wrote: run.json records each file's SHA-256, so a
     * history edited since is swapped for its intact twin (history.edn / history.jsonl), or, with
     * none, checked as it is with a note saying it is not what the run wrote.
     */
    private static List<Path> asTheRunWroteThem(List<Path> chosen, List<String> notes) {
        List<Path> result = new ArrayList<>(chosen.size());
        for (Path file : chosen) {
            Map<String, String> changed = Files.isRegularFile(file.resolveSibling(RunFiles.RUN))
                    ? changedSafely(file.getParent()) : Map.of();
            String name = file.getFileName().toString();
            if (!changed.containsKey(name)) {
                result.add(file);
                continue;
            }
            String twinName = name.equals(RunFiles.HISTORY_JSONL) ? RunFiles.HISTORY_EDN
                    : name.equals(RunFiles.HISTORY_EDN) ? RunFiles.HISTORY_JSONL : null;
            Path twin = twinName == null ? null : file.resolveSibling(twinName);
            if (twin != null && Files.isRegularFile(twin) && !changed.containsKey(twinName)) {
                notes.add(file + ": " + changed.get(name) + " since the run wrote it (its hash differs from "
                        + RunFiles.RUN + "); checked " + twinName + ", the history the run wrote, instead");
                result.add(twin);
            } else {
                notes.add(file + ": " + changed.get(name) + " since the run wrote it (its hash differs from "
                        + RunFiles.RUN + "); checked as it is now");
                result.add(file);
            }
        }
        return result;
    }

    private static Map<String, String> changedSafely(Path runDir) {
        try {
            return RunFiles.changedFiles(runDir);
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }

    /**
     * history.edn and history.jsonl side by side are one run written twice: keep the faster-to-parse
     * JSON lines, or the EDN when {@code --format edn} asks for it.
     */
    private static List<Path> onePerRun(List<Path> found, boolean preferEdn, List<String> notes) {
        Map<Path, Path> chosen = new LinkedHashMap<>();
        for (Path p : found) {
            Path run = p.resolveSibling(stem(p));
            Path other = chosen.get(run);
            if (other == null) {
                chosen.put(run, p);
                continue;
            }
            Path keep = extensionRank(p, preferEdn) < extensionRank(other, preferEdn) ? p : other;
            Path drop = keep == p ? other : p;
            chosen.put(run, keep);
            notes.add(drop + ": skipped, the same run as " + keep.getFileName() + " (checked that one"
                    + (preferEdn ? ", as --format edn asks)" : "; JSON lines parse faster)"));
        }
        return chosen.values().stream().sorted().toList();
    }

    private static String stem(Path p) {
        String name = p.getFileName().toString();
        name = name.toLowerCase(Locale.ROOT).endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static int extensionRank(Path p, boolean preferEdn) {
        String name = HistoryFormat.uncompressedName(p);
        if (preferEdn && name.endsWith(".edn")) {
            return -1;
        }
        for (int i = 0; i < HISTORY_EXTENSIONS.size(); i++) {
            if (name.endsWith(HISTORY_EXTENSIONS.get(i))) {
                return i;
            }
        }
        return HISTORY_EXTENSIONS.size();
    }

    private static boolean looksLikeHistory(Path p, boolean logs) {
        String name = HistoryFormat.uncompressedName(p);
        if (RUN_FILES.contains(name)) {
            return false;
        }
        if (name.endsWith(".json")) {
            return firstLineIsOp(p);
        }
        if (name.endsWith(".txt")) {
            return sniffed(p) != null;
        }
        return logs && name.endsWith(".log") || name.endsWith(".edn") || name.endsWith(".jsonl") || name.endsWith(".ndjson");
    }

    /** A .txt file (Porcupine's kv and etcd data) is a history when its content looks like one. */
    private static HistoryFormat sniffed(Path p) {
        try {
            return HistoryFormat.sniff(p);
        } catch (IOException e) {
            return null;
        }
    }

    /** A .json file is a history only when written one op per line; a pretty-printed document is something else. */
    private static boolean firstLineIsOp(Path p) {
        try (java.io.BufferedReader in = HistoryFormat.openText(p)) {
            String line = in.readLine();
            while (line != null && line.isBlank()) {
                line = in.readLine();
            }
            JsonNode first = line == null ? null : new ObjectMapper().readTree(line);
            return first != null && first.isObject() && first.has("type") && first.has("f");
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static FileResult checkFile(Path file, Checker checker, HistoryFormat fixedFormat, Budget budget) {
        long t0 = System.nanoTime();
        History history;
        try {
            HistoryFormat format = fixedFormat != null ? fixedFormat : HistoryFormat.detect(file);
            history = HistoryReader.read(file, format, checker.valueTyping());
        } catch (HistoryException e) {
            return new FileResult(file, null, notAHistory(file, e.getMessage()), millisSince(t0), 0);
        } catch (IOException | UncheckedIOException e) {
            return new FileResult(file, null, file + ": cannot read: " + e.getMessage(), millisSince(t0), 0);
        }
        double parseMillis = millisSince(t0);
        String warning = history.ops().isEmpty()
                ? file + ": empty history (no operations): valid, as Porcupine and Knossos answer" : null;
        long t1 = System.nanoTime();
        try {
            Verdict verdict = checker.check(history, budget);
            return new FileResult(file, verdict, null, parseMillis, millisSince(t1), warning);
        } catch (ModelMismatch e) {
            long line = history.lineOf(e.position());
            return new FileResult(file, null, file + (line > 0 ? ":" + line : "") + ": " + e.getMessage(), parseMillis,
                    millisSince(t1));
        } catch (HistoryException e) {
            return new FileResult(file, null, file + ": " + e.getMessage(), parseMillis, millisSince(t1));
        }
    }

    /** The report of one checked file (read again: a batch does not hold every history in memory). */
    private void writeReport(Path file, boolean single, Checker checker, HistoryFormat fixedFormat, Verdict verdict) {
        Path target = report.resolve(single ? io.paxsim.testbed.report.RunReport.FILE : stem(file) + ".report.html");
        PrintWriter err = spec.commandLine().getErr();
        try {
            HistoryFormat format = fixedFormat != null ? fixedFormat : HistoryFormat.detect(file);
            History history = HistoryReader.read(file, format, checker.valueTyping());
            var written = io.paxsim.testbed.report.RunReport.writeHistory(target,
                    "paxsim check --model " + model + " " + file.getFileName(), history, List.of(verdict));
            err.println("paxsim: report " + written.describe());
        } catch (IOException | UncheckedIOException | HistoryException e) {
            err.println("paxsim: report " + target + " not written: " + e.getMessage());
        }
        err.flush();
    }

    private static String notAHistory(Path file, String readError) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (RUN_FILES.contains(name)) {
            return file + ": a paxsim run file, not a history (check the run's history.jsonl, or the run directory)";
        }
        return readError;
    }

    private static double millisSince(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e4) / 100.0;
    }

    private void printNotes(List<String> notes) {
        PrintWriter err = spec.commandLine().getErr();
        notes.forEach(n -> err.println("paxsim: " + n));
        err.flush();
    }

    private void printText(FileResult r) {
        if (r.warning() != null) {
            spec.commandLine().getErr().println("paxsim: warning: " + r.warning());
            spec.commandLine().getErr().flush();
        }
        if (r.error() != null) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("paxsim: " + oneLine(r.error()));
            err.flush();
            return;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: %s%n  (parse %.1f ms, check %.1f ms)%n", r.file(), r.verdict().describe(), r.parseMillis(),
                r.checkMillis());
        out.flush();
    }

    /** An error is one line of bounded length whatever the input held (sources already cut quoted ops short). */
    private static String oneLine(String error) {
        String line = error.replaceAll("\\s*\\R\\s*", " ");
        return line.length() <= MAX_ERROR_CHARS ? line : line.substring(0, MAX_ERROR_CHARS - 1) + "…";
    }

    /** {@code checked 103 files: 23 ok, 79 illegal, 0 unknown, 1 bad input (exit 1)}. */
    private void printTotals(int files, Map<String, Integer> totals, int exit) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("checked %d file%s: %d ok, %d illegal, %d unknown, %d bad input (exit %d)%n", files, files == 1 ? "" : "s",
                totals.get("ok"), totals.get("illegal"), totals.get("unknown"), totals.get("bad-input"), exit);
        out.flush();
    }

    private static Map<String, Object> jsonOf(FileResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", r.file().toString());
        m.put("status", r.status());
        if (r.error() != null) {
            m.put("error", oneLine(r.error()));
        } else {
            m.put("verdict", r.verdict().asMap());
        }
        if (r.warning() != null) {
            m.put("warning", r.warning());
        }
        m.put("parseMillis", r.parseMillis());
        m.put("checkMillis", r.checkMillis());
        return m;
    }

    /** One compact JSON object on one line, flushed: what is printed survives a later crash. */
    private void printJsonLine(Map<String, ?> object) {
        try {
            PrintWriter out = spec.commandLine().getOut();
            out.println(Json.MAPPER.writeValueAsString(object));
            out.flush();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Jackson's databind is hundreds of classes: loaded only when --json asks for it, not on every cold start. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
