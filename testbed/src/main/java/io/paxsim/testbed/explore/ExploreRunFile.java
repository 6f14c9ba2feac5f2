package io.paxsim.testbed.explore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paxsim.sim.explore.Action;
import io.paxsim.sim.explore.ExploreOptions;
import io.paxsim.sim.explore.ExploreResult;
import io.paxsim.testbed.output.RunFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code explore.json} in a run directory: what was explored (the model by stable names and the
 * search bounds) and the counterexample as a list of actions, with the trace hash its replay in
 * the simulator produced. {@code paxsim replay --from DIR} re-executes the list and compares.
 */
public final class ExploreRunFile {
    public static final String NAME = RunFiles.EXPLORE;

    /** A counterexample read back. */
    public record Loaded(PaxosExploreModel.Spec spec, ExploreOptions options, List<Action> actions, String property,
                         String traceHash, String strategy) {
    }

    private ExploreRunFile() {
    }

    public static boolean isExploreRun(Path dir) {
        return Files.isRegularFile(dir.resolve(NAME));
    }

    public static ObjectNode toJson(PaxosExploreModel.Spec spec, ExploreOptions options,
                                    ExploreResult.Counterexample cx, String traceHash) {
        ObjectNode root = RunFiles.JSON.createObjectNode();
        root.put("kind", "explore-counterexample");
        ObjectNode model = root.putObject("model");
        model.put("nodes", spec.nodes());
        model.put("clients", spec.clients());
        model.put("ops", spec.ops());
        model.put("variant", spec.variant());
        model.put("mutant", spec.mutant());
        model.put("maxBallots", spec.maxBallots());
        model.put("seed", spec.seed());
        PaxosExploreModel.Restrictions r = spec.restrictions();
        ObjectNode restricted = model.putObject("restrictions");
        restricted.put("fsync", r.fsyncAtOnce() ? "at-once" : "choice");
        restricted.put("clientTo", r.clientTarget());
        restricted.put("links", options.fifoLinks() ? "fifo" : "any-order");
        if (r.candidates() != -1L) {
            ArrayNode candidates = restricted.putArray("candidates");
            r.candidateList(spec.nodes()).forEach(candidates::add);
        }
        ObjectNode bounds = root.putObject("bounds");
        bounds.put("maxCrashes", options.maxCrashes());
        bounds.put("maxDrops", options.maxDrops());
        bounds.put("maxDuplicates", options.maxDuplicates());
        bounds.put("maxTimeouts", options.maxTimeouts());
        bounds.put("crashFates", options.crashFates().name().toLowerCase(Locale.ROOT));
        root.put("strategy", options.strategy().name().toLowerCase(Locale.ROOT));
        root.put("property", cx.property());
        root.put("message", cx.message());
        root.put("traceHash", traceHash);
        if (cx.deviations() >= 0) {
            root.put("deviations", cx.deviations());
        }
        ArrayNode actions = root.putArray("actions");
        for (int i = 0; i < cx.actions().size(); i++) {
            ObjectNode a = actions.addObject();
            write(a, cx.actions().get(i));
            a.put("step", cx.steps().get(i));
        }
        return root;
    }

    public static Loaded read(Path dir) {
        Path file = dir.resolve(NAME);
        ObjectNode root = RunFiles.readJson(file);
        try {
            JsonNode m = required(root, "model");
            PaxosExploreModel.Spec spec = new PaxosExploreModel.Spec(m.path("nodes").asInt(3), m.path("clients").asInt(2),
                    m.path("ops").asInt(0), m.path("variant").asText("majority"), m.path("mutant").asText("none"),
                    m.path("maxBallots").asInt(2), m.path("seed").asLong(1), restrictions(m.path("restrictions")));
            JsonNode b = required(root, "bounds");
            ExploreOptions options = ExploreOptions.defaults()
                    .withFaults(b.path("maxCrashes").asInt(), b.path("maxDrops").asInt(), b.path("maxDuplicates").asInt())
                    .withMaxTimeouts(b.path("maxTimeouts").asInt())
                    .withFifoLinks(m.path("restrictions").path("links").asText("any-order").equals("fifo"))
                    .withCrashFates(ExploreOptions.CrashFates.valueOf(b.path("crashFates").asText("prefix").toUpperCase(Locale.ROOT)));
            List<Action> actions = new ArrayList<>();
            for (JsonNode a : required(root, "actions")) {
                actions.add(read(a));
            }
            return new Loaded(spec, options, actions, root.path("property").asText(""), root.path("traceHash").asText(""),
                    root.path("strategy").asText("?"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": not an explore counterexample (" + e.getMessage() + ")");
        }
    }

    /** Absent (files written before restrictions existed): none; candidates absent: every replica. */
    private static PaxosExploreModel.Restrictions restrictions(JsonNode r) {
        if (r.isMissingNode()) {
            return PaxosExploreModel.Restrictions.NONE;
        }
        long candidates = -1L;
        if (r.has("candidates")) {
            List<Integer> list = new ArrayList<>();
            r.path("candidates").forEach(c -> list.add(c.asInt()));
            candidates = PaxosExploreModel.Restrictions.candidateMask(list);
        }
        return new PaxosExploreModel.Restrictions(r.path("fsync").asText("choice").equals("at-once"),
                r.path("clientTo").asInt(-1), candidates);
    }

    public static void write(Path dir, ObjectNode json) throws IOException {
        RunFiles.writeJson(dir.resolve(NAME), json);
    }

    private static void write(ObjectNode out, Action action) {
        if (action instanceof Action.Deliver a) {
            out.put("kind", "deliver").put("seq", a.seq());
        } else if (action instanceof Action.Drop a) {
            out.put("kind", "drop").put("seq", a.seq());
        } else if (action instanceof Action.Duplicate a) {
            out.put("kind", "duplicate").put("seq", a.seq());
        } else if (action instanceof Action.FireTimer a) {
            out.put("kind", "timer").put("seq", a.seq());
        } else if (action instanceof Action.CompleteFsync a) {
            out.put("kind", "fsync").put("seq", a.seq());
        } else if (action instanceof Action.Crash a) {
            out.put("kind", "crash").put("node", a.node());
            ArrayNode fates = out.putArray("fates");
            a.fates().forEach(fates::add);
        } else if (action instanceof Action.Recover a) {
            out.put("kind", "recover").put("node", a.node());
        } else {
            throw new AssertionError("unknown action " + action);
        }
    }

    private static Action read(JsonNode a) {
        String kind = a.path("kind").asText("");
        long seq = a.path("seq").asLong();
        return switch (kind) {
            case "deliver" -> new Action.Deliver(seq);
            case "drop" -> new Action.Drop(seq);
            case "duplicate" -> new Action.Duplicate(seq);
            case "timer" -> new Action.FireTimer(seq);
            case "fsync" -> new Action.CompleteFsync(seq);
            case "crash" -> {
                List<Integer> fates = new ArrayList<>();
                a.path("fates").forEach(f -> fates.add(f.asInt()));
                yield new Action.Crash(a.path("node").asInt(), fates);
            }
            case "recover" -> new Action.Recover(a.path("node").asInt());
            default -> throw new IllegalArgumentException("unknown action kind '" + kind + "'");
        };
    }

    private static JsonNode required(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("missing '" + field + "'");
        }
        return n;
    }
}
