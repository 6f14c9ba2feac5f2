package io.paxsim.testbed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.paxsim.checkers.Budget;
import io.paxsim.checkers.Checker;
import io.paxsim.checkers.CheckerOptions;
import io.paxsim.checkers.CheckerRegistry;
import io.paxsim.checkers.NilReads;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.EdnHistoryReader;
import io.paxsim.history.History;
import io.paxsim.history.HistoryException;
import io.paxsim.history.HistoryFormat;
import io.paxsim.history.HistoryReader;
import io.paxsim.history.Value;
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
            "*.ndjson, op-per-line *.json; *.log with --format jepsen-log; each also gzipped as *.gz) is checked in this",
            "JVM; paxsim's run files",
            "are skipped, and when one run is there as both history.edn and history.jsonl only the .jsonl is checked.",
            "An empty history is bad input; one of only nemesis ops is checked (vacuously valid).",
            "Exit code: the worst verdict (2 bad input, 1 invalid, 3 unknown, 0 valid)."})
public final class CheckCommand implements java.util.concurrent.Callable<Integer> {
    private static final int MAX_ERROR_CHARS = 400;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "NAME",
            description = "checker: ${COMPLETION-CANDIDATES}", completionCandidates = ModelNames.class)
    String model;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "edn|jsonl|jepsen-log|auto",
            description = "history format (default: ${DEFAULT-VALUE}, by extension then content; .log is a Jepsen text log)")
    String format;

    @Option(names = "--init", paramLabel = "EDN", description = "the model's initial state (default nil / empty / free)")
    String init;

    @Option(names = "--nil-reads", defaultValue = "value", paramLabel = "value|unconstrained",
            description = "a nil read is a value (Porcupine) or matches any state (Knossos); default ${DEFAULT-VALUE}")
    String nilReads;

    @Option(names = "--consistency-model", defaultValue = "strict-serializable", paramLabel = "MODEL",
            description = "list-append / rw-register: strict-serializable, serializable or snapshot-isolation")
    String consistencyModel;

    @Option(names = "--timeout", defaultValue = "30s", paramLabel = "DURATION",
            description = "checking budget per file, e.g. 30s, 500ms, 2m (out of budget: unknown, exit 3)")
    String timeout;

    @Option(names = "--json", description = "print one JSON document with each file's verdict and parse/check milliseconds")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "history files or directories")
    List<Path> inputs;

    /** For --help: the registered checker names. */
    static final class ModelNames extends ArrayList<String> {
        ModelNames() {
            super(CheckerRegistry.entries().keySet());
        }
    }

    /** The outcome for one file. */
    private record FileResult(Path file, Verdict verdict, String error, double parseMillis, double checkMillis) {
        int exitCode() {
            if (error != null) {
                return ExitCode.USAGE;
            }
            if (verdict instanceof Verdict.Illegal) {
                return ExitCode.VIOLATION;
            }
            return verdict instanceof Verdict.Unknown ? ExitCode.UNKNOWN : ExitCode.PASS;
        }
    }

    @Override
    public Integer call() {
        Checker checker = checker();
        Duration budget = parseDuration(timeout);
        HistoryFormat fixedFormat = parseFormat(format);
        Selection selection = expand(inputs, fixedFormat);
        if (!json) {
            printNotes(selection.notes());
        }
        List<FileResult> results = new ArrayList<>();
        for (Path file : selection.files()) {
            FileResult result = checkFile(file, checker, fixedFormat, budget);
            results.add(result);
            if (!json) {
                printText(result);
            }
        }
        int exit = worst(results);
        if (json) {
            printJson(checker, results, selection.notes(), exit);
        }
        return exit;
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
    private static final List<String> HISTORY_EXTENSIONS = List.of(".jsonl", ".ndjson", ".json", ".edn", ".log");

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
        return onePerRun(found, fixedFormat == HistoryFormat.EDN, notes);
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
        return logs && name.endsWith(".log") || name.endsWith(".edn") || name.endsWith(".jsonl") || name.endsWith(".ndjson");
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

    private static FileResult checkFile(Path file, Checker checker, HistoryFormat fixedFormat, Duration timeout) {
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
        String empty = emptiness(history);
        if (empty != null) {
            return new FileResult(file, null, file + ": " + empty, parseMillis, 0);
        }
        long t1 = System.nanoTime();
        try {
            Verdict verdict = checker.check(history, Budget.of(timeout));
            return new FileResult(file, verdict, null, parseMillis, millisSince(t1));
        } catch (HistoryException e) {
            return new FileResult(file, null, file + ": " + e.getMessage(), parseMillis, millisSince(t1));
        }
    }

    private static String notAHistory(Path file, String readError) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (RUN_FILES.contains(name)) {
            return file + ": a paxsim run file, not a history (check the run's history.jsonl, or the run directory)";
        }
        return readError;
    }

    /**
     * An empty file is bad input, not a pass. A history of only nemesis ops is a real (if vacuous)
     * history: Knossos' corpus counts one as valid, so it is checked like any other.
     */
    private static String emptiness(History history) {
        return history.ops().isEmpty() ? "no operations (empty history)" : null;
    }

    private static double millisSince(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e4) / 100.0;
    }

    private static int worst(List<FileResult> results) {
        int[] severity = {ExitCode.PASS, ExitCode.UNKNOWN, ExitCode.VIOLATION, ExitCode.USAGE};
        int worstRank = 0;
        for (FileResult r : results) {
            for (int rank = 0; rank < severity.length; rank++) {
                if (severity[rank] == r.exitCode()) {
                    worstRank = Math.max(worstRank, rank);
                }
            }
        }
        return severity[worstRank];
    }

    private void printNotes(List<String> notes) {
        PrintWriter err = spec.commandLine().getErr();
        notes.forEach(n -> err.println("paxsim: " + n));
        err.flush();
    }

    private void printText(FileResult r) {
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

    private void printJson(Checker checker, List<FileResult> results, List<String> notes, int exit) {
        List<Map<String, Object>> files = new ArrayList<>();
        for (FileResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", r.file().toString());
            if (r.error() != null) {
                m.put("status", "error");
                m.put("error", oneLine(r.error()));
            } else {
                m.put("status", r.verdict().status());
                m.put("verdict", r.verdict().asMap());
            }
            m.put("parseMillis", r.parseMillis());
            m.put("checkMillis", r.checkMillis());
            files.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("model", checker.name());
        doc.put("exitCode", exit);
        doc.put("notes", notes);
        doc.put("files", files);
        try {
            PrintWriter out = spec.commandLine().getOut();
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
            out.flush();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
