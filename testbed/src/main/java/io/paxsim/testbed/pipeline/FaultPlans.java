package io.paxsim.testbed.pipeline;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads a saved fault schedule back (faults.json), so a replay applies it exactly as recorded. */
public final class FaultPlans {
    private FaultPlans() {
    }

    /** @throws IllegalArgumentException when the JSON is not a fault schedule */
    public static FaultPlan fromJson(Scenario scenario, JsonNode json) {
        JsonNode entries = json.get("entries");
        if (entries == null || !entries.isArray()) {
            throw new IllegalArgumentException("faults.json has no 'entries' array");
        }
        if (entries.isEmpty()) {
            return FaultPlan.NONE;
        }
        throw new IllegalArgumentException("faults.json holds a schedule this build cannot read");
    }
}
