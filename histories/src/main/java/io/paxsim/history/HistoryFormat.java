package io.paxsim.history;

import java.io.IOException;
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
     * optionally followed by {@code .gz}), else by content ({@link #sniff}), else EDN.
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
        HistoryFormat sniffed = sniff(file);
        return sniffed != null ? sniffed : EDN;
    }

    /**
     * The format the first few kilobytes look like (Porcupine's kv {@code .txt} files are EDN op maps,
     * its etcd ones Jepsen logs), or null when they look like no history: {@code {"} opens JSON
     * lines, {@code {}, {@code [} or {@code (} EDN, a {@code jepsen.util} line a Jepsen log.
     */
    public static HistoryFormat sniff(Path file) throws IOException {
        byte[] head = new byte[4096];
        int n;
        try (java.io.InputStream in = openStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        String text = new String(head, 0, n, StandardCharsets.ISO_8859_1);
        if (text.contains("jepsen.util")) {
            return JEPSEN_LOG;
        }
        String start = text.stripLeading();
        if (start.startsWith("{")) {
            return start.substring(1).stripLeading().startsWith("\"") ? JSONL : EDN;
        }
        return start.startsWith("[") || start.startsWith("(") || start.startsWith("#") ? EDN : null;
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
        return new java.io.BufferedReader(new java.io.InputStreamReader(openStream(file), StandardCharsets.UTF_8), 1 << 16);
    }

    /** The file's bytes, gunzipped when its name ends in {@code .gz}. */
    public static java.io.InputStream openStream(Path file) throws IOException {
        java.io.InputStream in = Files.newInputStream(file);
        if (!file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
            return in;
        }
        try {
            return new java.util.zip.GZIPInputStream(in, 1 << 16);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }
}
