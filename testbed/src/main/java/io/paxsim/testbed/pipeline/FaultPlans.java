package io.paxsim.testbed.pipeline;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads a saved fault schedule back (faults.json), so a replay applies it exactly as recorded. */
public final class FaultPlans {
    private FaultPlans() {
    }

    /** @throws IllegalArgumentException when the JSON is not a fault schedule */
    public static FaultPlan fromJson(JsonNode json) {
        try {
            return ScheduledFaults.parse(json.toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(String.valueOf(e.getMessage()));
        }
    }
}
