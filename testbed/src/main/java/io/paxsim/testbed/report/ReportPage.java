package io.paxsim.testbed.report;


import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Assembles the page: the template with its stylesheet and script inlined and the data embedded as
 * JSON in a non-executed script element. The page states its own size, filled in after assembly.
 */
final class ReportPage {
    private static final String SIZE_SLOT = "\"__PAGE_BYTES_SLOT__\"";

    private ReportPage() {
    }

    static RunReport.Written write(Path file, ReportData.Inputs in, int ops, String shortNote) throws IOException {
        String data = ReportData.build(in);
        String page = resource("report.html")
                .replace("/*REPORT_CSS*/", resource("report.css"))
                .replace("/*REPORT_JS*/", resource("report.js"))
                .replace("/*REPORT_TITLE*/", escapeHtml(String.valueOf(in.meta().get("title"))))
                .replace("/*REPORT_DATA*/", "{\"pageBytes\":" + SIZE_SLOT + ",\"data\":" + data + "}");
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        String size = String.valueOf(bytes.length);
        String padded = " ".repeat(SIZE_SLOT.length() - size.length()) + size;
        bytes = page.replace(SIZE_SLOT, padded).getBytes(StandardCharsets.UTF_8);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new RunReport.Written(file, bytes.length, ops, shortNote);
    }

    private static String resource(String name) {
        try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("report resource missing from the build: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
