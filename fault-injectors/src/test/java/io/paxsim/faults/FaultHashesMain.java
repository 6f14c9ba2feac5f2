package io.paxsim.faults;

/** Prints schedule and trace-hash fingerprints of a fixed set of runs (compared across JVMs). */
public final class FaultHashesMain {
    private FaultHashesMain() {
    }

    static String fingerprints() {
        StringBuilder out = new StringBuilder();
        for (String profile : new String[] {"partitions", "crashes", "clocks", "disk", "chaos", "swarm"}) {
            for (long seed = 1; seed <= 2; seed++) {
                FaultSchedule s = DeterminismTest.schedule(profile, seed);
                long hash = Harness.run(seed, s, 4_000_000_000L, 500_000_000L).traceHash();
                out.append(profile).append(' ').append(seed).append(' ').append(Long.toHexString(hash)).append(' ')
                        .append(Long.toHexString(io.paxsim.sim.random.RandomStream.fnv1a64(FaultScheduleJson.write(s))))
                        .append('\n');
            }
        }
        return out.toString();
    }

    public static void main(String[] args) {
        System.out.print(fingerprints());
    }
}
