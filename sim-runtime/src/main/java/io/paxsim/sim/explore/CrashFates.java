package io.paxsim.sim.explore;

import java.util.ArrayList;
import java.util.List;

/**
 * The distinct disk outcomes of a crash, from the per-op fate counts of
 * {@link io.paxsim.sim.disk.SimDisk#crashFateCounts()}.
 */
final class CrashFates {
    /** More outcomes than this per crash is a configuration the explorer cannot exhaust anyway. */
    static final int MAX_OUTCOMES = 4096;

    private CrashFates() {
    }

    static List<List<Integer>> enumerate(int[][] countsPerFile, ExploreOptions.CrashFates mode) {
        List<List<Integer>> outcomes = new ArrayList<>();
        outcomes.add(List.of());
        for (int[] counts : countsPerFile) {
            List<List<Integer>> fileOutcomes = mode == ExploreOptions.CrashFates.ALL ? all(counts) : prefixes(counts);
            List<List<Integer>> product = new ArrayList<>(outcomes.size() * fileOutcomes.size());
            for (List<Integer> before : outcomes) {
                for (List<Integer> file : fileOutcomes) {
                    List<Integer> joined = new ArrayList<>(before);
                    joined.addAll(file);
                    product.add(joined);
                }
            }
            if (product.size() > MAX_OUTCOMES) {
                throw new IllegalStateException("a crash here has over " + MAX_OUTCOMES
                        + " disk outcomes; use prefix crash fates or fewer unsynced writes");
            }
            outcomes = product;
        }
        return outcomes;
    }

    /**
     * Ops reach the platter in issue order: the first k survive whole, op k+1 is lost or torn
     * (one outcome per sector prefix), the rest are lost.
     */
    private static List<List<Integer>> prefixes(int[] counts) {
        List<List<Integer>> out = new ArrayList<>();
        for (int whole = 0; whole <= counts.length; whole++) {
            int lastFate = whole < counts.length ? counts[whole] - 1 : 0;
            for (int cut = 0; cut <= lastFate; cut++) {
                if (cut == 1) {
                    continue; // "survives whole" is the next value of whole
                }
                List<Integer> fates = new ArrayList<>(counts.length);
                for (int i = 0; i < counts.length; i++) {
                    fates.add(i < whole ? 1 : i == whole ? cut : 0);
                }
                out.add(fates);
            }
        }
        return out;
    }

    /** Every op independently lost, whole or torn at any sector (disks reorder writes). */
    private static List<List<Integer>> all(int[] counts) {
        List<List<Integer>> out = new ArrayList<>();
        out.add(new ArrayList<>());
        for (int count : counts) {
            List<List<Integer>> next = new ArrayList<>();
            for (List<Integer> prefix : out) {
                for (int fate = 0; fate < count; fate++) {
                    List<Integer> extended = new ArrayList<>(prefix);
                    extended.add(fate);
                    next.add(extended);
                }
            }
            out = next;
            if (out.size() > MAX_OUTCOMES) {
                throw new IllegalStateException("a crash here has over " + MAX_OUTCOMES + " disk outcomes");
            }
        }
        return out;
    }
}
