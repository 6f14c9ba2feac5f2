package io.paxsim.sim.example;

/** Prints "seed traceHash stateFingerprint drawFingerprint" per seed, for cross-JVM comparison. */
public final class GossipHashMain {
    private GossipHashMain() {
    }

    public static void main(String[] args) {
        long first = Long.parseLong(args[0]);
        int count = Integer.parseInt(args[1]);
        for (long seed = first; seed < first + count; seed++) {
            System.out.println(line(seed));
        }
    }

    static String line(long seed) {
        GossipScenario.Outcome o = GossipScenario.run(seed);
        return seed + " " + Long.toHexString(o.traceHash()) + " " + Long.toHexString(o.stateFingerprint())
                + " " + Long.toHexString(o.drawFingerprint());
    }
}
