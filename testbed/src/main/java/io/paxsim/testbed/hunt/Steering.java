package io.paxsim.testbed.hunt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Coverage feedback, as FoundationDB's and Antithesis's swarms do it: after each batch of runs,
 * arms (a fault profile, a workload, a snapshot interval ...) that reached rare "sometimes" events
 * get drawn more often. Half of each dimension's weight stays uniform so nothing is starved; the
 * other half goes to arms in proportion to the rarity-weighted events their runs reached. An arm
 * not yet tried counts as promising. Steering depends only on the runs already folded in, in
 * order, so a hunt draws the same runs whatever the thread count.
 */
public final class Steering {
    private final Map<String, List<String>> dimensions;
    /** Per arm key ("dimension=arm"): runs drawn with it. */
    private final TreeMap<String, Long> armRuns = new TreeMap<>();
    /** Per arm key, per event: runs with that arm that reached the event. */
    private final TreeMap<String, TreeMap<String, Long>> armReached = new TreeMap<>();
    /** Per event: runs that reached it. */
    private final TreeMap<String, Long> eventRuns = new TreeMap<>();
    /** Per event: total count over all runs. */
    private final TreeMap<String, Long> eventCounts = new TreeMap<>();
    private long runs;
    private final boolean enabled;

    public Steering(Map<String, List<String>> dimensions, boolean enabled) {
        this.dimensions = dimensions;
        this.enabled = enabled;
    }

    /** Folds in one finished run: the arms it drew and the sometimes-events it reached. */
    public void record(List<String> arms, Map<String, Long> coverage) {
        runs++;
        int d = 0;
        for (String dim : dimensions.keySet()) {
            String key = dim + "=" + arms.get(d++);
            armRuns.merge(key, 1L, Long::sum);
            TreeMap<String, Long> reached = armReached.computeIfAbsent(key, k -> new TreeMap<>());
            coverage.forEach((event, count) -> {
                if (count > 0) {
                    reached.merge(event, 1L, Long::sum);
                }
            });
        }
        coverage.forEach((event, count) -> {
            if (count > 0) {
                eventRuns.merge(event, 1L, Long::sum);
                eventCounts.merge(event, count, Long::sum);
            }
        });
    }

    /** Draw weights for the arms of {@code dimension}, in its order. */
    public double[] weights(String dimension) {
        List<String> arms = dimensions.get(dimension);
        double[] w = new double[arms.size()];
        if (!enabled || runs == 0) {
            java.util.Arrays.fill(w, 1.0);
            return w;
        }
        double[] score = new double[arms.size()];
        double best = 0;
        double total = 0;
        for (int i = 0; i < arms.size(); i++) {
            score[i] = score(dimension + "=" + arms.get(i));
            best = Math.max(best, score[i]);
        }
        for (int i = 0; i < arms.size(); i++) {
            if (score[i] < 0) {
                score[i] = best > 0 ? best : 1;
            }
            total += score[i];
        }
        for (int i = 0; i < arms.size(); i++) {
            w[i] = 0.5 / arms.size() + (total > 0 ? 0.5 * score[i] / total : 0.5 / arms.size());
        }
        return w;
    }

    /** Rarity-weighted events reached per run of this arm; -1 when the arm was never tried. */
    private double score(String armKey) {
        Long n = armRuns.get(armKey);
        if (n == null) {
            return -1;
        }
        double s = 0;
        TreeMap<String, Long> reached = armReached.getOrDefault(armKey, new TreeMap<>());
        for (Map.Entry<String, Long> e : reached.entrySet()) {
            s += (double) e.getValue() / n / (1 + eventRuns.getOrDefault(e.getKey(), 0L));
        }
        return s;
    }

    public long runs() {
        return runs;
    }

    /** Per event: {runs that reached it, total count}, in the order given, zeros included. */
    public Map<String, long[]> coverage(List<String> events) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String e : events) {
            out.put(e, new long[] {eventRuns.getOrDefault(e, 0L), eventCounts.getOrDefault(e, 0L)});
        }
        for (String e : eventRuns.keySet()) {
            if (!out.containsKey(e)) {
                out.put(e, new long[] {eventRuns.get(e), eventCounts.get(e)});
            }
        }
        return out;
    }

    /** The current weights of every dimension, for the report. */
    public Map<String, List<String>> describeWeights() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String dim : dimensions.keySet()) {
            double[] w = weights(dim);
            double total = 0;
            for (double x : w) {
                total += x;
            }
            List<String> arms = new ArrayList<>();
            for (int i = 0; i < w.length; i++) {
                arms.add(dimensions.get(dim).get(i) + " " + Math.round(100 * w[i] / total) + "%");
            }
            out.put(dim, arms);
        }
        return out;
    }
}
