package io.paxsim.testbed.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** report.html from made-up rows: self-contained, every chart well-formed SVG, violations listed with replay commands. */
class SweepReportTest {
    private static ObjectNode row(String variant, String profile, long seed, String outcome, double throughput) {
        ObjectNode r = SweepRows.JSON.createObjectNode();
        r.put("variant", variant).put("profile", profile).put("workload", "register").put("seed", seed).put("outcome", outcome);
        if (!outcome.equals("pass")) {
            r.put("failureKind", "CORRECTNESS").put("failure", "kv: not linearizable <key x>");
        }
        r.put("throughputOpsPerSecond", throughput).put("availabilityDuringFaults", 0.9).put("longestUnavailableMillis", 40);
        r.put("replay", "./paxsim replay --seed " + seed + " --variant " + variant);
        LatencyBuckets b = new LatencyBuckets();
        for (long us = 100; us < 5000; us += 37 + seed) {
            b.record(us);
        }
        r.set("latencyBuckets", b.toJson());
        return r;
    }

    @Test
    void theReportIsSelfContainedWithWellFormedChartsAndReplayCommands() throws Exception {
        SweepSpec spec = new SweepSpec(List.of("majority", "lease"), List.of("none", "partitions"), List.of("register"), 0, 2,
                3, "none", 1_000_000_000L, 0, 3, 30_000_000_000L);
        List<ObjectNode> rows = new ArrayList<>();
        for (String v : spec.variants()) {
            for (String p : spec.profiles()) {
                for (long s = 0; s <= 2; s++) {
                    rows.add(row(v, p, s, v.equals("lease") && p.equals("partitions") && s == 1 ? "violation" : "pass", 3000 + 100 * s));
                }
            }
        }
        String html = SweepReport.html(new SweepSummary(spec, rows));
        assertFalse(html.contains("<script"), "no script");
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "no network");
        Matcher svg = Pattern.compile("(?s)<svg .*?</svg>").matcher(html);
        int charts = 0;
        while (svg.find()) {
            DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(svg.group().getBytes(StandardCharsets.UTF_8)));
            charts++;
        }
        assertEquals(2 + 3, charts, "a latency CDF per profile, throughput, availability and longest-gap charts");
        assertTrue(html.contains("./paxsim replay --seed 1 --variant lease"), "the violation's replay command");
        assertTrue(html.contains("&lt;key x&gt;"), "failure text is escaped");
        assertEquals(1, new SweepSummary(spec, rows).count("violation"));
    }
}
