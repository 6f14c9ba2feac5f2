package io.paxsim.testbed.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A sweep's rows aggregated per variant × profile × workload, in the spec's order. */
public final class SweepSummary {
    /** One variant × profile × workload combination over all its seeds. */
    public static final class Group {
        public final String variant;
        public final String profile;
        public final String workload;
        public final List<JsonNode> rows = new ArrayList<>();
        public final LatencyBuckets latency = new LatencyBuckets();
        int pass;
        int violation;
        int unknown;

        Group(String variant, String profile, String workload) {
            this.variant = variant;
            this.profile = profile;
            this.workload = workload;
        }

        void add(JsonNode row) {
            rows.add(row);
            latency.addAll(LatencyBuckets.fromJson(row.get("latencyBuckets")));
            switch (row.path("outcome").asText()) {
                case "violation" -> violation++;
                case "unknown" -> unknown++;
                default -> pass++;
            }
        }

        public String label() {
            return variant + " / " + profile + " / " + workload;
        }

        public List<Double> values(String field) {
            List<Double> values = new ArrayList<>();
            for (JsonNode r : rows) {
                JsonNode v = r.get(field);
                if (v != null && v.isNumber()) {
                    values.add(v.asDouble());
                }
            }
            return values;
        }

        public double mean(String field) {
            List<Double> v = values(field);
            return v.isEmpty() ? Double.NaN : v.stream().mapToDouble(Double::doubleValue).sum() / v.size();
        }

        /** The pooled latency percentile over every operation of every run (bucket lower bound, microseconds). */
        public long latencyPercentileMicros(double percentile) {
            long rank = (long) Math.ceil(latency.total() * percentile / 100.0);
            long seen = 0;
            for (Map.Entry<Long, Long> e : latency.counts().entrySet()) {
                seen += e.getValue();
                if (seen >= Math.max(1, rank)) {
                    return e.getKey();
                }
            }
            return 0;
        }

        public int runs() {
            return rows.size();
        }
    }

    private final SweepSpec spec;
    private final List<ObjectNode> rows;
    private final Map<String, Group> groups = new LinkedHashMap<>();

    /** {@code rows} in any order; they are sorted into the spec's canonical order. */
    public SweepSummary(SweepSpec spec, List<ObjectNode> rows) {
        this.spec = spec;
        List<ObjectNode> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> Long.compare(order(a), order(b)));
        this.rows = Collections.unmodifiableList(sorted);
        for (String v : spec.variants()) {
            for (String p : spec.profiles()) {
                for (String w : spec.workloads()) {
                    groups.put(v + '|' + p + '|' + w, new Group(v, p, w));
                }
            }
        }
        for (ObjectNode r : sorted) {
            groups.get(r.path("variant").asText() + '|' + r.path("profile").asText() + '|' + r.path("workload").asText()).add(r);
        }
    }

    private long order(JsonNode row) {
        long o = spec.canonicalOrder(row.path("variant").asText(), row.path("profile").asText(),
                row.path("workload").asText(), row.path("seed").asLong());
        if (o < 0) {
            throw new IllegalArgumentException("run " + SweepRows.key(row) + " is not part of this sweep");
        }
        return o;
    }

    public SweepSpec spec() {
        return spec;
    }

    public List<ObjectNode> rows() {
        return rows;
    }

    public List<Group> groups() {
        return new ArrayList<>(groups.values());
    }

    public long missing() {
        return spec.cellCount() - rows.size();
    }

    public List<JsonNode> violations() {
        List<JsonNode> v = new ArrayList<>();
        for (ObjectNode r : rows) {
            if (!"pass".equals(r.path("outcome").asText())) {
                v.add(r);
            }
        }
        return v;
    }

    public int count(String outcome) {
        int n = 0;
        for (ObjectNode r : rows) {
            if (outcome.equals(r.path("outcome").asText())) {
                n++;
            }
        }
        return n;
    }

    public ObjectNode toJson() {
        ObjectNode s = SweepRows.JSON.createObjectNode();
        s.set("spec", spec.toJson());
        s.put("runs", spec.cellCount());
        s.put("finished", rows.size());
        s.put("missing", missing());
        s.put("pass", count("pass"));
        s.put("violation", count("violation"));
        s.put("unknown", count("unknown"));
        ArrayNode gs = s.putArray("groups");
        for (Group g : groups.values()) {
            ObjectNode o = gs.addObject();
            o.put("variant", g.variant);
            o.put("profile", g.profile);
            o.put("workload", g.workload);
            o.put("runs", g.runs());
            o.put("pass", g.pass);
            o.put("violation", g.violation);
            o.put("unknown", g.unknown);
            o.put("ops", g.latency.total());
            o.put("latencyP50Micros", g.latencyPercentileMicros(50));
            o.put("latencyP99Micros", g.latencyPercentileMicros(99));
            o.put("latencyP999Micros", g.latencyPercentileMicros(99.9));
            for (String f : new String[] {"throughputOpsPerSecond", "messagesPerOp", "fsyncsPerOp", "leaderChanges",
                    "availabilityDuringFaults", "unavailableMillisDuringFaults", "longestUnavailableMillis"}) {
                double m = g.mean(f);
                if (Double.isNaN(m)) {
                    o.putNull("mean" + Character.toUpperCase(f.charAt(0)) + f.substring(1));
                } else {
                    o.put("mean" + Character.toUpperCase(f.charAt(0)) + f.substring(1), SweepRows.round(m));
                }
            }
        }
        ArrayNode vs = s.putArray("violations");
        for (JsonNode r : violations()) {
            ObjectNode o = vs.addObject();
            for (String f : new String[] {"variant", "profile", "workload", "seed", "outcome", "failureKind", "failure", "replay"}) {
                if (r.has(f)) {
                    o.set(f, r.get(f));
                }
            }
        }
        return s;
    }
}
