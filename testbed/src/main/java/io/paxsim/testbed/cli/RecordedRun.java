package io.paxsim.testbed.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paxsim.testbed.output.RunFiles;
import io.paxsim.testbed.pipeline.FaultPlan;
import io.paxsim.testbed.pipeline.FaultPlans;
import io.paxsim.testbed.pipeline.Scenario;

import java.nio.file.Files;
import java.nio.file.Path;

/** A run directory read back: its scenario, its fault schedule as applied, its recorded verdict. */
record RecordedRun(Path dir, Scenario scenario, FaultPlan faults, ObjectNode verdict) {
    static RecordedRun load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserError("--from " + dir + ": no such directory");
        }
        try {
            Scenario s = RunFiles.readScenario(dir);
            Path faultsFile = dir.resolve(RunFiles.FAULTS);
            Path verdictFile = dir.resolve(RunFiles.VERDICT);
            if (!Files.isRegularFile(faultsFile) || !Files.isRegularFile(verdictFile)) {
                throw new UserError(dir + " is missing " + RunFiles.FAULTS + " or " + RunFiles.VERDICT);
            }
            FaultPlan plan = FaultPlans.fromJson(RunFiles.readJson(faultsFile));
            return new RecordedRun(dir, s, plan, RunFiles.readJson(verdictFile));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    String recordedTraceHash() {
        return verdict.path("traceHash").asText("");
    }
}
