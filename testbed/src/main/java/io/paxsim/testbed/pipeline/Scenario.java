package io.paxsim.testbed.pipeline;

import io.paxsim.testbed.client.ClientTimeouts;
import io.paxsim.testbed.load.LoadModel;

/**
 * Everything that defines a run besides the code: the same scenario gives the same trace hash.
 *
 * @param seed          root of every random draw in the run
 * @param nodes         replica count
 * @param variant       protocol variant name
 * @param mutant        deliberately broken protocol behaviour, or "none"
 * @param workload      workload name
 * @param faultProfile  fault profile name
 * @param opLimit       operations the workload may invoke (0: no limit, the duration decides)
 * @param safetyNanos   length of the safety phase (faults on, workload running)
 * @param livenessNanos bound on the liveness phase: pending ops and final reads must finish in it
 * @param load          closed or open loop
 * @param timeouts      client attempt/operation timeouts
 * @param environment   the fault-free world: network shape (see {@link Environments})
 */
public record Scenario(long seed, int nodes, String variant, String mutant, String workload, String faultProfile,
                       long opLimit, long safetyNanos, long livenessNanos, LoadModel load, ClientTimeouts timeouts,
                       String environment) {
    public static final String NO_MUTANT = "none";

    public Scenario {
        if (nodes < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node: " + nodes);
        }
        if (opLimit < 0 || safetyNanos <= 0 || livenessNanos <= 0) {
            throw new IllegalArgumentException("bad run length: ops=" + opLimit + " safety=" + safetyNanos
                    + "ns liveness=" + livenessNanos + "ns");
        }
    }

    public static Scenario defaults(long seed) {
        return new Scenario(seed, 5, "majority", NO_MUTANT, "register", "none", 0, 5_000_000_000L,
                30_000_000_000L, new LoadModel.ClosedLoop(10, 0), ClientTimeouts.defaults(), Environments.LAN);
    }

    public Scenario withSeed(long s) {
        return new Scenario(s, nodes, variant, mutant, workload, faultProfile, opLimit, safetyNanos, livenessNanos, load, timeouts, environment);
    }

    public Scenario withNodes(int n) {
        return new Scenario(seed, n, variant, mutant, workload, faultProfile, opLimit, safetyNanos, livenessNanos, load, timeouts, environment);
    }

    public Scenario withVariant(String v) {
        return new Scenario(seed, nodes, v, mutant, workload, faultProfile, opLimit, safetyNanos, livenessNanos, load, timeouts, environment);
    }

    public Scenario withMutant(String m) {
        return new Scenario(seed, nodes, variant, m, workload, faultProfile, opLimit, safetyNanos, livenessNanos, load, timeouts, environment);
    }

    public Scenario withWorkload(String w) {
        return new Scenario(seed, nodes, variant, mutant, w, faultProfile, opLimit, safetyNanos, livenessNanos, load, timeouts, environment);
    }

    public Scenario withFaultProfile(String f) {
        return new Scenario(seed, nodes, variant, mutant, workload, f, opLimit, safetyNanos, livenessNanos, load, timeouts, environment);
    }

    public Scenario withOpLimit(long ops) {
        return new Scenario(seed, nodes, variant, mutant, workload, faultProfile, ops, safetyNanos, livenessNanos, load, timeouts, environment);
    }

    public Scenario withSafetyNanos(long t) {
        return new Scenario(seed, nodes, variant, mutant, workload, faultProfile, opLimit, t, livenessNanos, load, timeouts, environment);
    }

    public Scenario withEnvironment(String e) {
        return new Scenario(seed, nodes, variant, mutant, workload, faultProfile, opLimit, safetyNanos, livenessNanos, load, timeouts, e);
    }

    public Scenario withLoad(LoadModel l) {
        return new Scenario(seed, nodes, variant, mutant, workload, faultProfile, opLimit, safetyNanos, livenessNanos, l, timeouts, environment);
    }
}
