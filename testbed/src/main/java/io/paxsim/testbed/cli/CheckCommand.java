package io.paxsim.testbed.cli;

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
import java.util.stream.Stream;

/** {@code paxsim check}: runs one checker over history files, the last stage of a run on its own. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check Jepsen-format histories (EDN or JSON lines) with one checker.",
            "FILE may be a directory: every .edn/.jsonl/.json/.ndjson file under it is checked in this JVM.",
            "Exit code: the worst verdict (2 bad input, 1 invalid, 3 unknown, 0 valid)."})
public final class CheckCommand implements java.util.concurrent.Callable<Integer> {
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
        List<Path> files = expand(inputs, fixedFormat == HistoryFormat.JEPSEN_LOG);
        List<FileResult> results = new ArrayList<>();
        for (Path file : files) {
            FileResult result = checkFile(file, checker, fixedFormat, budget);
            results.add(result);
            if (!json) {
                printText(result);
            }
        }
        int exit = worst(results);
        if (json) {
            printJson(checker, results, exit);
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

    /** Files as given, directories expanded to their history files in name order. */
    private static List<Path> expand(List<Path> inputs, boolean logs) {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> walk = Files.walk(input)) {
                    List<Path> found = walk.filter(Files::isRegularFile).filter(p -> looksLikeHistory(p, logs)).sorted().toList();
                    if (found.isEmpty()) {
                        throw new UserError(input + ": directory holds no .edn/.jsonl/.json/.ndjson files");
                    }
                    files.addAll(found);
                } catch (IOException e) {
                    throw new UserError(input + ": cannot list directory: " + e.getMessage());
                }
            } else if (Files.isRegularFile(input)) {
                files.add(input);
            } else {
                throw new UserError(input + ": no such file or directory");
            }
        }
        return files;
    }

    private static boolean looksLikeHistory(Path p, boolean logs) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return logs && name.endsWith(".log") || name.endsWith(".edn") || name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson");
    }

    private static FileResult checkFile(Path file, Checker checker, HistoryFormat fixedFormat, Duration timeout) {
        long t0 = System.nanoTime();
        History history;
        try {
            HistoryFormat format = fixedFormat != null ? fixedFormat : HistoryFormat.detect(file);
            history = HistoryReader.read(file, format, checker.valueTyping());
        } catch (HistoryException e) {
            return new FileResult(file, null, e.getMessage(), millisSince(t0), 0);
        } catch (IOException | UncheckedIOException e) {
            return new FileResult(file, null, file + ": cannot read: " + e.getMessage(), millisSince(t0), 0);
        }
        double parseMillis = millisSince(t0);
        long t1 = System.nanoTime();
        try {
            Verdict verdict = checker.check(history, Budget.of(timeout));
            return new FileResult(file, verdict, null, parseMillis, millisSince(t1));
        } catch (HistoryException e) {
            return new FileResult(file, null, file + ": " + e.getMessage(), parseMillis, millisSince(t1));
        }
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

    private void printText(FileResult r) {
        if (r.error() != null) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("paxsim: " + r.error());
            err.flush();
            return;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: %s (parse %.1f ms, check %.1f ms)%n", r.file(), r.verdict().describe(), r.parseMillis(),
                r.checkMillis());
        out.flush();
    }

    private void printJson(Checker checker, List<FileResult> results, int exit) {
        List<Map<String, Object>> files = new ArrayList<>();
        for (FileResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", r.file().toString());
            if (r.error() != null) {
                m.put("status", "error");
                m.put("error", r.error());
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
