package io.paxsim.testbed.report;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Loads reports in headless Chromium and reads back the DOM the page's script built: lanes, fault
 * shading, highlighted ops, the Elle cycle, no script errors (the page copies errors, console.error
 * calls and CSP violations into #js-errors), and a screenshot. Without Chromium the test is skipped,
 * except in CI ({@code CI} or {@code PAXSIM_REQUIRE_BROWSER} set), where a missing browser fails it.
 * Screenshots land in testbed/target/report-screens/.
 */
class ReportBrowserTest {
    private static final long TIMEOUT_SECONDS = 120;
    private static String chromium;

    @BeforeAll
    static void findBrowser() {
        chromium = locate();
        if (chromium == null) {
            boolean required = System.getenv("CI") != null || System.getenv("PAXSIM_REQUIRE_BROWSER") != null;
            if (required) {
                fail("Chromium is required here (CI or PAXSIM_REQUIRE_BROWSER set) but neither PAXSIM_CHROMIUM, "
                        + "chromium nor chromium-browser was found; .ci/run installs Debian's chromium");
            }
            Assumptions.abort("no Chromium on this machine (apt-get install chromium to run the browser test)");
        }
    }

    @Test
    void linearizabilityFailureShowsLanesFaultAndHighlightedOps(@TempDir Path tmp) throws Exception {
        Path page = ReportFixtures.linReport(tmp, 400);
        String dom = load(page, tmp, "lin");
        assertTrue(count(dom, "class=\"lane\"") >= 8, "a lane per process");
        assertTrue(count(dom, "class=\"fault\"") >= 1, "the partition is shaded");
        assertTrue(dom.contains("class=\"op hl"), "the unlinearizable read is highlighted");
        assertTrue(dom.contains("class=\"op prefix"), "the end of the linearizable prefix is marked");
        assertTrue(dom.contains("could have read"), "the explanation is on the page");
    }

    @Test
    void elleAnomalyShowsItsCycleWithEdgeKinds(@TempDir Path tmp) throws Exception {
        String dom = load(ReportFixtures.elleReport(tmp), tmp, "elle");
        assertEquals(3, count(dom, "<svg class=\"cycle\""), "one picture per cycle");
        for (String kind : List.of("wr", "rw", "realtime")) {
            assertTrue(dom.contains("class=\"edge " + kind + "\""), "an edge of kind " + kind);
        }
        assertTrue(dom.contains("class=\"op hl"), "the cycle's transactions are highlighted on the timeline");
    }

    @Test
    void runShowsNodesLeadersCrashesAndMessages(@TempDir Path tmp) throws Exception {
        Path page = ReportFixtures.runReport(tmp.resolve("run"));
        String dom = load(page, tmp, "run");
        assertTrue(count(dom, "class=\"lane\"") >= 5, "client lanes");
        assertTrue(dom.contains("class=\"fault\""), "fault periods shaded");
        assertTrue(dom.contains("class=\"leader\""), "leader periods marked");
        assertTrue(count(dom, "class=\"msg") > 10, "messages drawn in the space-time diagram");
        assertTrue(dom.contains("<td>SEND</td>"), "the event log lists trace records");
    }

    @Test
    void exploreCounterexampleShowsItsStepsAndMessages(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("cx");
        picocli.CommandLine cli = io.paxsim.testbed.cli.Paxsim.commandLine();
        cli.setOut(new java.io.PrintWriter(new java.io.StringWriter(), true));
        cli.setErr(new java.io.PrintWriter(new java.io.StringWriter(), true));
        int exit = cli.execute("explore", "--nodes", "1", "--clients", "1", "--ops", "2", "--max-timeouts", "2",
                "--max-crashes", "1", "--mutant", "promise-not-durable", "--eventually", "none", "--out", dir.toString());
        assertEquals(1, exit, "explore finds the planted bug");
        String dom = load(dir.resolve(RunReport.FILE), tmp, "explore");
        Matcher steps = Pattern.compile("<ol class=\"steps\">(.*?)</ol>", Pattern.DOTALL).matcher(dom);
        assertTrue(steps.find(), "the counterexample's steps are listed");
        assertEquals(6, count(steps.group(1), "<li"), "one list item per step (promise-not-durable's shortest counterexample)");
        assertTrue(dom.contains("<li class=\"last\">restart node 0</li>"), "the last step is marked");
        assertTrue(count(dom, "class=\"msg") >= 3, "messages drawn in the space-time diagram");
        assertTrue(dom.contains("class=\"crash\"") && dom.contains("class=\"restart\""), "the crash and restart drawn");
        assertTrue(dom.contains("MATCHES the recording"), "the page re-executed the counterexample with the same hash");
    }

    /** Dumps the DOM after the page's script ran, checks it finished without errors, and takes a screenshot. */
    private static String load(Path page, Path tmp, String name) throws Exception {
        String url = page.toUri().toString();
        // Only what the script built counts: the embedded data and the script itself are cut out.
        String dom = chromium(tmp, "--dump-dom", url).replaceAll("(?s)<script[^>]*>.*?</script>", "");
        assertTrue(dom.contains("data-ready=\"1\""), name + ": the page's script did not finish:\n" + tail(dom));
        Matcher errors = Pattern.compile("<pre id=\"js-errors\"[^>]*>(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertTrue(errors.find(), name + ": no error box in the page");
        assertEquals("", errors.group(1).trim(), name + ": the page reported script errors");
        Path screens = Path.of("target", "report-screens");
        Files.createDirectories(screens);
        Path shot = screens.resolve(name + ".png").toAbsolutePath();
        Files.deleteIfExists(shot);
        chromium(tmp, "--screenshot=" + shot, url);
        assertTrue(Files.size(shot) > 10_000, name + ": screenshot missing or blank: " + shot);
        return dom;
    }

    private static String chromium(Path tmp, String mode, String url) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(tmp, "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--window-size=1400,2200", "--user-data-dir=" + profile, mode, url));
        Path out = tmp.resolve("chromium-out.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in " + TIMEOUT_SECONDS + " s: " + String.join(" ", cmd));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static String locate() {
        String given = System.getenv("PAXSIM_CHROMIUM");
        if (given != null && new File(given).canExecute()) {
            return given;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                File f = new File(dir, name);
                if (f.canExecute()) {
                    return f.getPath();
                }
            }
        }
        return null;
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String tail(String s) {
        return s.length() <= 2000 ? s : s.substring(s.length() - 2000);
    }
}
