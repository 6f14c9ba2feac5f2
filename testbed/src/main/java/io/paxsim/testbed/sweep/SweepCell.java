package io.paxsim.testbed.sweep;

/** One run of a sweep: its position in the sweep and the four names that vary. */
public record SweepCell(long index, String variant, String profile, String workload, long seed) {
    /** Identifies the run in results.jsonl, whatever order rows were written in. */
    public String key() {
        return key(variant, profile, workload, seed);
    }

    public static String key(String variant, String profile, String workload, long seed) {
        return variant + '|' + profile + '|' + workload + '|' + seed;
    }
}
