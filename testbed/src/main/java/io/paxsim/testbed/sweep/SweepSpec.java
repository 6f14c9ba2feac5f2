package io.paxsim.testbed.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paxsim.testbed.client.ClientTimeouts;
import io.paxsim.testbed.load.LoadModel;
import io.paxsim.testbed.pipeline.Environments;
import io.paxsim.testbed.pipeline.Scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * What a sweep runs: every variant × fault profile × workload × seed, each a {@link Scenario} that
 * differs from the others only in those four names. Cells are numbered seed-major, so a sweep cut
 * short (or one shard of it) still covers every combination evenly.
 *
 * @param variants      protocol variants, in the order given
 * @param profiles      fault profiles (a nemesis mix is written with {@code +} between nemeses)
 * @param workloads     workload names
 * @param seedFrom      first seed
 * @param seedTo        last seed, inclusive
 * @param nodes         replicas per run
 * @param mutant        a planted bug for every run, or "none"
 * @param safetyNanos   safety-phase length of every run
 * @param opLimit       operations per run (0: the duration decides)
 * @param clients       closed-loop client processes
 * @param livenessNanos liveness bound after healing
 */
public record SweepSpec(List<String> variants, List<String> profiles, List<String> workloads, long seedFrom, long seedTo,
                        int nodes, String mutant, long safetyNanos, long opLimit, int clients, long livenessNanos) {
    /** At most this many runs in one sweep: more is a typo in --seeds, not a plan. */
    public static final long MAX_CELLS = 100_000_000L;

    public SweepSpec {
        variants = List.copyOf(variants);
        profiles = List.copyOf(profiles);
        workloads = List.copyOf(workloads);
        if (variants.isEmpty() || profiles.isEmpty() || workloads.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one variant, fault profile and workload");
        }
        requireDistinct("variant", variants);
        requireDistinct("fault profile", profiles);
        requireDistinct("workload", workloads);
        if (seedTo < seedFrom) {
            throw new IllegalArgumentException("seed range " + seedFrom + ".." + seedTo + " is empty");
        }
        long combos = (long) variants.size() * profiles.size() * workloads.size();
        if (seedTo - seedFrom + 1 <= 0 || seedTo - seedFrom + 1 > MAX_CELLS / combos) {
            throw new IllegalArgumentException("too many runs: at most " + MAX_CELLS + " in one sweep");
        }
    }

    private static void requireDistinct(String what, List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            if (names.indexOf(names.get(i)) != i) {
                throw new IllegalArgumentException(what + " '" + names.get(i) + "' is given twice");
            }
        }
    }

    public long seedCount() {
        return seedTo - seedFrom + 1;
    }

    private int combos() {
        return variants.size() * profiles.size() * workloads.size();
    }

    public long cellCount() {
        return seedCount() * combos();
    }

    /** Cell {@code index} of {@link #cellCount()}: seed-major, then variant, profile, workload. */
    public SweepCell cell(long index) {
        if (index < 0 || index >= cellCount()) {
            throw new IndexOutOfBoundsException("cell " + index + " of " + cellCount());
        }
        int combos = combos();
        long seed = seedFrom + index / combos;
        int rem = (int) (index % combos);
        int w = rem % workloads.size();
        int p = (rem / workloads.size()) % profiles.size();
        int v = rem / (workloads.size() * profiles.size());
        return new SweepCell(index, variants.get(v), profiles.get(p), workloads.get(w), seed);
    }

    /** The cells a shard runs: every {@code count}-th, starting at {@code index}. */
    public List<SweepCell> cells(Shard shard) {
        List<SweepCell> cells = new ArrayList<>();
        for (long i = shard.index(); i < cellCount(); i += shard.count()) {
            cells.add(cell(i));
        }
        return cells;
    }

    /** The run a cell stands for. */
    public Scenario scenario(SweepCell c) {
        return new Scenario(c.seed(), nodes, c.variant(), mutant, c.workload(), profileSpec(c.profile()), opLimit,
                safetyNanos, livenessNanos, new LoadModel.ClosedLoop(clients, 0), ClientTimeouts.defaults(),
                Environments.LAN);
    }

    /** A sweep names a nemesis mix with '+' (its lists are comma-separated); the fault parser wants ','. */
    static String profileSpec(String profile) {
        return profile.replace('+', ',');
    }

    /** Sort position of a row in the canonical result order: variant, profile, workload as given, then seed. */
    public long canonicalOrder(String variant, String profile, String workload, long seed) {
        int v = variants.indexOf(variant);
        int p = profiles.indexOf(profile);
        int w = workloads.indexOf(workload);
        if (v < 0 || p < 0 || w < 0 || seed < seedFrom || seed > seedTo) {
            return -1;
        }
        return ((long) (v * profiles.size() + p) * workloads.size() + w) * seedCount() + (seed - seedFrom);
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        strings(o.putArray("variants"), variants);
        strings(o.putArray("profiles"), profiles);
        strings(o.putArray("workloads"), workloads);
        o.put("seedFrom", seedFrom);
        o.put("seedTo", seedTo);
        o.put("nodes", nodes);
        o.put("mutant", mutant);
        o.put("safetyNanos", safetyNanos);
        o.put("opLimit", opLimit);
        o.put("clients", clients);
        o.put("livenessNanos", livenessNanos);
        return o;
    }

    /** @throws IllegalArgumentException when {@code json} is not a sweep spec */
    public static SweepSpec fromJson(JsonNode json) {
        try {
            return new SweepSpec(strings(json, "variants"), strings(json, "profiles"), strings(json, "workloads"),
                    number(json, "seedFrom"), number(json, "seedTo"), (int) number(json, "nodes"),
                    json.path("mutant").asText(Scenario.NO_MUTANT), number(json, "safetyNanos"),
                    number(json, "opLimit"), (int) number(json, "clients"), number(json, "livenessNanos"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a sweep spec: " + e.getMessage());
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static List<String> strings(JsonNode json, String field) {
        JsonNode array = json.get(field);
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a list");
        }
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static long number(JsonNode json, String field) {
        JsonNode n = json.get(field);
        if (n == null || !n.canConvertToLong()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a number");
        }
        return n.asLong();
    }
}
