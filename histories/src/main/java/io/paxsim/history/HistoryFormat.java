package io.paxsim.history;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The on-disk history formats. */
public enum HistoryFormat {
    /** Jepsen EDN: one vector (or list) of op maps, or one op map per line. */
    EDN,
    /** One JSON object per line. */
    JSONL,
    /** A Jepsen text log (Porcupine's etcd test data): {@code INFO  jepsen.util - 3\t:ok\t:read\t2}. */
    JEPSEN_LOG;

    /** By extension ({@code .edn}, {@code .jsonl}/{@code .json}/{@code .ndjson}, {@code .log}), else by first character. */
    public static HistoryFormat detect(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".edn")) {
            return EDN;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
            return JSONL;
        }
        if (name.endsWith(".log")) {
            return JEPSEN_LOG;
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int c;
            do {
                c = r.read();
            } while (c != -1 && Character.isWhitespace(c));
            int next = r.read();
            return c == '{' && next == '"' ? JSONL : EDN;
        }
    }
}
