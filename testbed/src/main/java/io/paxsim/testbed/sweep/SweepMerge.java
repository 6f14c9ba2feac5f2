package io.paxsim.testbed.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines the directories of a sharded sweep (or of several partial runs of one sweep) into one:
 * every directory must hold the same sweep; a run found twice must have the same row both times.
 * The result is a whole sweep's directory, so running `paxsim sweep` on it fills in what is missing.
 */
public final class SweepMerge {
    public record Merged(SweepSpec spec, List<ObjectNode> rows, List<String> shards) {
    }

    private SweepMerge() {
    }

    /** @throws IllegalArgumentException when the directories do not hold shards of one sweep */
    public static Merged read(List<Path> dirs) throws IOException {
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException("give at least one sweep directory to merge");
        }
        SweepSpec spec = null;
        Path first = null;
        Map<String, ObjectNode> rows = new LinkedHashMap<>();
        List<String> shards = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException(dir + ": no such directory (a shard is a sweep's --out directory)");
            }
            Path manifest = dir.resolve(SweepRunner.MANIFEST);
            if (!Files.isRegularFile(manifest)) {
                throw new IllegalArgumentException(dir + ": no " + SweepRunner.MANIFEST + " (not a sweep directory)");
            }
            JsonNode m = SweepRows.JSON.readTree(manifest.toFile());
            SweepSpec s = SweepSpec.fromJson(m.path("spec"));
            if (spec == null) {
                spec = s;
                first = dir;
            } else if (!spec.equals(s)) {
                throw new IllegalArgumentException(dir + " holds a different sweep from " + first + " (compare their "
                        + SweepRunner.MANIFEST + ")");
            }
            shards.add(m.path("shard").asText("?"));
            Path results = dir.resolve(ResultsLog.FILE);
            if (!Files.exists(results)) {
                continue;
            }
            for (Map.Entry<String, ObjectNode> e : ResultsLog.read(results).entrySet()) {
                ObjectNode previous = rows.putIfAbsent(e.getKey(), e.getValue());
                if (previous != null && !SweepRows.line(previous).equals(SweepRows.line(e.getValue()))) {
                    throw new IllegalArgumentException("run " + e.getKey() + " has different results in two directories ("
                            + dir + " and an earlier one): nondeterminism or different builds");
                }
            }
        }
        return new Merged(spec, new ArrayList<>(rows.values()), shards);
    }
}
