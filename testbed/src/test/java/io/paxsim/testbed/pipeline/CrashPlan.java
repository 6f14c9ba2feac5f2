package io.paxsim.testbed.pipeline;

import io.paxsim.sim.Simulation;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntSupplier;

/** A test fault plan: crash a node at a time, restart it 10 ms later; entries guarded by the safety phase. */
record CrashPlan(List<long[]> entries) implements FaultPlan {
    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public long lastEndNanos() {
        long end = 0;
        for (long[] e : entries) {
            end = Math.max(end, e[0] + 10_000_000L);
        }
        return end;
    }

    @Override
    public FaultPlan keep(BitSet kept) {
        List<long[]> result = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (kept.get(i)) {
                result.add(entries.get(i));
            }
        }
        return new CrashPlan(result);
    }

    @Override
    public Injection prepare() {
        boolean[] healed = {false};
        return new Injection() {
            @Override
            public void install(Simulation sim, int[] replicas, IntSupplier leader) {
                for (long[] e : entries) {
                    int node = (int) e[1];
                    sim.schedule(e[0], s -> {
                        if (!healed[0]) {
                            s.crash(node);
                        }
                    });
                    sim.schedule(e[0] + 10_000_000L, s -> {
                        if (!healed[0]) {
                            s.restart(node);
                        }
                    });
                }
            }

            @Override
            public void heal(Simulation sim) {
                healed[0] = true;
            }
        };
    }

    @Override
    public String toJson() {
        return "{\"entries\":[]}";
    }

    @Override
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (long[] e : entries) {
            lines.add("crash n" + e[1] + " @" + e[0] + "ns");
        }
        return lines;
    }
}
