package io.paxsim.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How often each {@link Sometimes} goal was reached over a suite's runs. {@link #assertReached()}
 * fails a suite in which some goal was never reached: it exercised less than it claims.
 */
public final class Coverage {
    private final Map<String, Long> reachedRuns = new LinkedHashMap<>();
    private long runs;

    Coverage(List<Sometimes> goals) {
        for (Sometimes g : goals) {
            reachedRuns.put(g.name(), 0L);
        }
    }

    synchronized void record(List<String> reached) {
        runs++;
        for (String name : reached) {
            reachedRuns.merge(name, 1L, Long::sum);
        }
    }

    public synchronized long runs() {
        return runs;
    }

    /** Runs that reached goal {@code name}. */
    public synchronized long reached(String name) {
        Long n = reachedRuns.get(name);
        if (n == null) {
            throw new IllegalArgumentException("no goal named '" + name + "'");
        }
        return n;
    }

    public synchronized List<String> unreached() {
        List<String> missing = new ArrayList<>();
        reachedRuns.forEach((name, n) -> {
            if (n == 0) {
                missing.add(name);
            }
        });
        return missing;
    }

    /** One line per goal: runs that reached it, out of all runs. */
    public synchronized String table() {
        StringBuilder s = new StringBuilder("sometimes coverage over " + runs + " run" + (runs == 1 ? "" : "s") + ":");
        reachedRuns.forEach((name, n) -> s.append(String.format(Locale.ROOT, "%n  %-36s %6d  (%5.1f%%)%s", name, n,
                runs == 0 ? 0.0 : 100.0 * n / runs, n == 0 ? "  NEVER REACHED" : "")));
        return s.toString();
    }

    /** @throws AssertionError when no run happened or some goal was never reached */
    public synchronized void assertReached() {
        if (runs == 0) {
            throw new AssertionError("the suite ran no simulation: it tested nothing");
        }
        List<String> missing = unreached();
        if (!missing.isEmpty()) {
            throw new AssertionError("the suite never reached " + String.join(", ", missing)
                    + ": it exercised less than it claims (more tries, longer runs or other faults?)\n" + table());
        }
    }
}
