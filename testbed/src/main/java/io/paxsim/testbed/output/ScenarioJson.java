package io.paxsim.testbed.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paxsim.testbed.client.ClientTimeouts;
import io.paxsim.testbed.load.LoadModel;
import io.paxsim.testbed.load.RateProfile;
import io.paxsim.testbed.pipeline.Scenario;

/** A scenario as run.json: everything replay needs to run it again. */
public final class ScenarioJson {
    private ScenarioJson() {
    }

    public static ObjectNode toJson(ObjectMapper mapper, Scenario s) {
        ObjectNode n = mapper.createObjectNode();
        n.put("seed", s.seed());
        n.put("nodes", s.nodes());
        n.put("variant", s.variant());
        n.put("mutant", s.mutant());
        n.put("workload", s.workload());
        n.put("faults", s.faultProfile());
        n.put("opLimit", s.opLimit());
        n.put("safetyNanos", s.safetyNanos());
        n.put("livenessNanos", s.livenessNanos());
        n.put("environment", s.environment());
        n.set("load", load(mapper, s.load()));
        ObjectNode t = n.putObject("timeouts");
        t.put("attemptNanos", s.timeouts().attemptNanos());
        t.put("operationNanos", s.timeouts().operationNanos());
        t.put("noLeaderBackoffNanos", s.timeouts().noLeaderBackoffNanos());
        return n;
    }

    /** @throws IllegalArgumentException when a field is missing or malformed */
    public static Scenario fromJson(JsonNode n) {
        JsonNode t = required(n, "timeouts");
        return new Scenario(required(n, "seed").asLong(), required(n, "nodes").asInt(),
                required(n, "variant").asText(), required(n, "mutant").asText(), required(n, "workload").asText(),
                required(n, "faults").asText(), required(n, "opLimit").asLong(), required(n, "safetyNanos").asLong(),
                required(n, "livenessNanos").asLong(), load(required(n, "load")),
                new ClientTimeouts(required(t, "attemptNanos").asLong(), required(t, "operationNanos").asLong(),
                        required(t, "noLeaderBackoffNanos").asLong()), required(n, "environment").asText());
    }

    private static ObjectNode load(ObjectMapper mapper, LoadModel load) {
        ObjectNode n = mapper.createObjectNode();
        n.put("clients", load.clients());
        if (load instanceof LoadModel.ClosedLoop c) {
            n.put("type", "closed");
            n.put("thinkNanos", c.thinkNanos());
        } else if (load instanceof LoadModel.OpenLoop o) {
            n.put("type", "open");
            n.put("backlogLimit", o.backlogLimit());
            n.set("rate", rate(mapper, o.rate()));
        }
        return n;
    }

    private static LoadModel load(JsonNode n) {
        int clients = required(n, "clients").asInt();
        return switch (required(n, "type").asText()) {
            case "closed" -> new LoadModel.ClosedLoop(clients, required(n, "thinkNanos").asLong());
            case "open" -> new LoadModel.OpenLoop(clients, rate(required(n, "rate")), required(n, "backlogLimit").asInt());
            default -> throw new IllegalArgumentException("unknown load type " + n.get("type"));
        };
    }

    private static ObjectNode rate(ObjectMapper mapper, RateProfile p) {
        ObjectNode n = mapper.createObjectNode();
        if (p instanceof RateProfile.Constant c) {
            n.put("shape", "constant").put("opsPerSecond", c.opsPerSecond());
        } else if (p instanceof RateProfile.Ramp r) {
            n.put("shape", "ramp").put("from", r.fromOpsPerSecond()).put("to", r.toOpsPerSecond())
                    .put("rampNanos", r.rampNanos());
        } else if (p instanceof RateProfile.Step s) {
            n.put("shape", "step").put("before", s.beforeOpsPerSecond()).put("after", s.afterOpsPerSecond())
                    .put("atNanos", s.stepAtNanos());
        } else if (p instanceof RateProfile.Bursts b) {
            n.put("shape", "bursts").put("base", b.baseOpsPerSecond()).put("burst", b.burstOpsPerSecond())
                    .put("periodNanos", b.periodNanos()).put("burstNanos", b.burstNanos());
        } else if (p instanceof RateProfile.Sinusoid s) {
            n.put("shape", "sinusoid").put("mean", s.meanOpsPerSecond()).put("amplitude", s.amplitudeOpsPerSecond())
                    .put("periodNanos", s.periodNanos());
        }
        return n;
    }

    private static RateProfile rate(JsonNode n) {
        return switch (required(n, "shape").asText()) {
            case "constant" -> new RateProfile.Constant(required(n, "opsPerSecond").asDouble());
            case "ramp" -> new RateProfile.Ramp(required(n, "from").asDouble(), required(n, "to").asDouble(),
                    required(n, "rampNanos").asLong());
            case "step" -> new RateProfile.Step(required(n, "before").asDouble(), required(n, "after").asDouble(),
                    required(n, "atNanos").asLong());
            case "bursts" -> new RateProfile.Bursts(required(n, "base").asDouble(), required(n, "burst").asDouble(),
                    required(n, "periodNanos").asLong(), required(n, "burstNanos").asLong());
            case "sinusoid" -> new RateProfile.Sinusoid(required(n, "mean").asDouble(),
                    required(n, "amplitude").asDouble(), required(n, "periodNanos").asLong());
            default -> throw new IllegalArgumentException("unknown rate shape " + n.get("shape"));
        };
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return v;
    }
}
