package io.paxsim.testbed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paxsim.testbed.output.RunFiles;
import io.paxsim.testbed.pipeline.FaultPlan;
import io.paxsim.testbed.pipeline.FaultPlans;
import io.paxsim.testbed.pipeline.Scenario;

import java.nio.file.Files;
import java.nio.file.Path;

/** A run directory read back: its scenario, its fault schedule as applied, its recorded verdict. */
record RecordedRun(Path dir, Scenario scenario, FaultPlan faults, ObjectNode verdict, java.util.Map<String, String> changedFiles) {
    static RecordedRun load(Path dir) {
        if (!Files.exists(dir)) {
            throw new UserError("--from " + dir + ": no such directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new UserError("--from " + dir + ": not a directory (give the run directory that holds "
                    + RunFiles.RUN + ")");
        }
        try {
            Scenario s = RunFiles.readScenario(dir);
            Path faultsFile = dir.resolve(RunFiles.FAULTS);
            FaultPlan plan;
            ObjectNode faultsJson = RunFiles.readJson(faultsFile);
            try {
                plan = FaultPlans.fromJson(faultsJson);
            } catch (IllegalArgumentException e) {
                throw new UserError(faultsFile + ": not a fault schedule (" + firstLine(e.getMessage()) + ")");
            }
            Path verdictFile = dir.resolve(RunFiles.VERDICT);
            ObjectNode verdict = RunFiles.readJson(verdictFile);
            JsonNode hash = verdict.get("traceHash");
            if (hash == null || !hash.isTextual() || hash.asText().isEmpty()) {
                throw new UserError(verdictFile + ": no traceHash recorded, so a replay has nothing to compare with");
            }
            return new RecordedRun(dir, s, plan, verdict, RunFiles.changedFiles(dir));
        } catch (IllegalArgumentException e) {
            throw new UserError(firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    String recordedTraceHash() {
        return verdict.path("traceHash").asText("");
    }

    /** Each checker's recorded status ("ok", "illegal", "unknown"), in recorded order. */
    java.util.Map<String, String> recordedStatuses() {
        java.util.Map<String, String> statuses = new java.util.LinkedHashMap<>();
        for (JsonNode c : verdict.path("checkers")) {
            statuses.put(c.path("checker").asText(), c.path("status").asText());
        }
        return statuses;
    }

    /** "faults.json was edited, history.edn is missing" — or null when every input is as the run wrote it. */
    String describeChanges() {
        if (changedFiles.isEmpty()) {
            return null;
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        changedFiles.forEach((name, what) -> parts.add(dir.resolve(name) + (what.equals("missing") ? " is missing" : " was " + what)));
        return String.join(", ", parts) + " since the run (content hash recorded in " + RunFiles.RUN + ")";
    }
}
