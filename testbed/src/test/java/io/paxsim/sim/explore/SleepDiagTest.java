package io.paxsim.sim.explore;

import io.paxsim.testbed.explore.PaxosExploreModel;
import io.paxsim.testbed.explore.StructuralHasher;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

class SleepDiagTest {
    @Test
    void findNonCommuting() {
        if (false) run("brief", new PaxosExploreModel(new PaxosExploreModel.Spec(3, 1, 1, "majority", "none", 2, 1,
                new PaxosExploreModel.Restrictions(true, 0, 1L))), ExploreOptions.defaults().withMaxTimeouts(1).withFaults(0, 0, 0).withFifoLinks(true));
        if (false) run("noclient", new PaxosExploreModel(new PaxosExploreModel.Spec(3, 0, 0, "majority", "none", 2, 1,
                new PaxosExploreModel.Restrictions(true, -1, 1L))), ExploreOptions.defaults().withMaxTimeouts(1).withFaults(0, 0, 0));
        run("crash", new PaxosExploreModel(new PaxosExploreModel.Spec(2, 1, 1, "majority", "none", 2, 1,
                new PaxosExploreModel.Restrictions(true, -1, -1L))), ExploreOptions.defaults().withMaxTimeouts(1).withFaults(1, 1, 1));
        if (false) run("choice", new PaxosExploreModel(new PaxosExploreModel.Spec(1, 1, 2, "majority", "none", 2, 1,
                new PaxosExploreModel.Restrictions(false, -1, -1L))), ExploreOptions.defaults().withMaxTimeouts(1).withFaults(1, 0, 0));
    }

    void run(String name, PaxosExploreModel model, ExploreOptions options0) {
        ExploreOptions options = options0.withSleepSets(false).withPersistentSets(false);
        long deadline = System.nanoTime() + 90_000_000_000L;
        java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();
        StructuralHasher hasher = new StructuralHasher(model);
        Set<Long> seen = new HashSet<>();
        List<List<Action>> frontier = new ArrayList<>(List.of(List.of()));
        int failures = 0;
        for (int depth = 0; !frontier.isEmpty() && System.nanoTime() < deadline; depth++) {
            List<List<Action>> next = new ArrayList<>();
            for (List<Action> path : frontier) {
                World s = Explorer.replayExplored(model, options, hasher, path);
                List<Action> enabled = s.enabled();
                for (int i = 0; i < enabled.size() && System.nanoTime() < deadline; i++) {
                    for (int j = i + 1; j < enabled.size() && System.nanoTime() < deadline; j++) {
                        Action a = enabled.get(i);
                        Action b = enabled.get(j);
                        if (!s.independent(a, b)) {
                            continue;
                        }
                        String problem = check(model, options, hasher, path, s, a, b);
                        if (problem != null && kinds.merge(problem.split("\n")[0] + (problem.contains("\n") ? problem.split("\n")[1].replaceAll(" = .*", "") : ""), 1, Integer::sum) == 1) {
                            failures++;
                            System.out.println("CONFIG " + name);
                            System.out.println("DEPTH " + depth + " " + problem);
                            World w = Explorer.replayExplored(model, options, hasher, List.of());
                            for (Action x : path) {
                                System.out.println("   " + w.describe(x));
                                w.apply(x);
                            }
                            System.out.println("   a = " + s.describe(a) + "  b = " + s.describe(b));
                        }
                    }
                }
                for (Action a : enabled) {
                    World w = Explorer.replayExplored(model, options, hasher, path);
                    w.apply(a);
                    if (w.violation() == null && seen.add(hasher.hash(w))) {
                        List<Action> longer = new ArrayList<>(path);
                        longer.add(a);
                        next.add(longer);
                    }
                }
            }
            frontier = next;
            System.out.println("depth " + depth + " states " + seen.size());
        }
        System.out.println("SUMMARY " + name + " " + seen.size() + " " + kinds);
    }

    private static String check(PaxosExploreModel model, ExploreOptions options, StructuralHasher hasher, List<Action> path,
                                World s, Action a, Action b) {
        long keyA = s.actionKey(a);
        long keyB = s.actionKey(b);
        World ab = Explorer.replayExplored(model, options, hasher, path);
        ab.apply(a);
        Action bAfterA = find(ab, keyB);
        if (bAfterA == null) {
            return "a disables b";
        }
        ab.apply(bAfterA);
        World ba = Explorer.replayExplored(model, options, hasher, path);
        ba.apply(b);
        Action aAfterB = find(ba, keyA);
        if (aAfterB == null) {
            return "b disables a";
        }
        ba.apply(aAfterB);
        if (hasher.hash(ab) != hasher.hash(ba)) {
            List<String> x = hasher.uncached().explain(ab);
            List<String> y = hasher.uncached().explain(ba);
            StringBuilder sb = new StringBuilder("a.b != b.a\n");
            Set<String> ys = new HashSet<>(y);
            Set<String> xs = new HashSet<>(x);
            for (String l : x) if (!ys.contains(l)) sb.append("  AB ").append(l).append('\n');
            for (String l : y) if (!xs.contains(l)) sb.append("  BA ").append(l).append('\n');
            return sb.toString();
        }
        return null;
    }

    private static Action find(World w, long key) {
        for (Action x : w.enabled()) {
            if (w.actionKey(x) == key) {
                return x;
            }
        }
        return null;
    }
}
