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

    /**
     * By extension ({@code .edn}, {@code .jsonl}/{@code .json}/{@code .ndjson}, {@code .log}, each
     * optionally followed by {@code .gz}), else by first character.
     */
    public static HistoryFormat detect(Path file) throws IOException {
        String name = uncompressedName(file);
        if (name.endsWith(".edn")) {
            return EDN;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
            return JSONL;
        }
        if (name.endsWith(".log")) {
            return JEPSEN_LOG;
        }
        try (Reader r = openText(file)) {
            int c;
            do {
                c = r.read();
            } while (c != -1 && Character.isWhitespace(c));
            int next = r.read();
            return c == '{' && next == '"' ? JSONL : EDN;
        }
    }

    /** The file's name in lower case without a trailing {@code .gz}. */
    public static String uncompressedName(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }

    /** A UTF-8 reader over the file, gunzipped when its name ends in {@code .gz} (paxsim's run directories). */
    public static java.io.BufferedReader openText(Path file) throws IOException {
        if (!file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        }
        java.io.InputStream in = Files.newInputStream(file);
        try {
            return new java.io.BufferedReader(new java.io.InputStreamReader(
                    new java.util.zip.GZIPInputStream(in, 1 << 16), StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }
}
