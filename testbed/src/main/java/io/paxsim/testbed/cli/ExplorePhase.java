package io.paxsim.testbed.cli;

import io.paxsim.sim.explore.ExploreOptions;
import io.paxsim.sim.explore.ExploreResult;
import io.paxsim.sim.explore.Explorer;
import io.paxsim.testbed.explore.PaxosExploreModel;
import io.paxsim.testbed.explore.StructuralHasher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The explore phase of {@code paxsim mutants}, before the randomized hunt, on configurations that
 * are the same for every mutant and for the correct protocol (the hunt stays blind). First
 * breadth-first searches of three small configurations, each within a state budget, whose
 * counterexamples are the shortest there are in that configuration; failing those, the model
 * checker's seeded walks (3 replicas, 1 client, 2 ops, 1 crash with every prefix fate of unsynced
 * writes, up to 6 ticks and 3 ballot rounds), whose counterexamples are shrunk. Between the two,
 * a delay-bounded search ({@link #delayConfig}) reaches long counterexamples breadth-first search
 * cannot (ballot-reuse's takes over 20 steps) within two deviations of a default schedule. A
 * violation is written as a run directory and replayed to get its trace hash.
 */
final class ExplorePhase {
    /**
     * What the phase found for one mutant; {@code strategy} says how (bfs: shortest in its
     * configuration; walks: shrunk) and {@code note} what the breadth-first searches covered.
     */
    record Finding(String mutant, boolean caught, String property, int steps, double wallSeconds, String traceHash,
                   String replay, String strategy, String note) {
    }

    /** A breadth-first configuration of the phase, by a name for humans. */
    record BfsConfig(String name, PaxosExploreModel.Spec spec, ExploreOptions options) {
    }

    private ExplorePhase() {
    }

    static PaxosExploreModel.Spec spec(String mutant, long seed) {
        return new PaxosExploreModel.Spec(3, 1, 2, "majority", mutant, 3, seed);
    }

    static ExploreOptions options(long walks, long seed) {
        return ExploreOptions.defaults().withStrategy(ExploreOptions.Strategy.RANDOM).withFaults(1, 0, 0)
                .withMaxTimeouts(6).withMaxStates(0).withRandomWalks(seed, walks);
    }

    /**
     * The breadth-first configurations, smallest first: a slow disk under one replica that crashes
     * once; the same replica with fsyncs at once and a restart (proposer bugs across a restart);
     * three replicas with fsyncs at once, one candidate ticking twice, no client (ballot handling).
     */
    static List<BfsConfig> bfsConfigs(String mutant, long seed, long statesMax) {
        ExploreOptions bfs = ExploreOptions.defaults().withMaxTimeouts(2).withMaxStates(statesMax);
        PaxosExploreModel.Restrictions atOnce = new PaxosExploreModel.Restrictions(true, -1, -1L);
        return List.of(
                new BfsConfig("1 replica, 2 ops, 1 crash", new PaxosExploreModel.Spec(1, 1, 2, "majority", mutant, 2, seed),
                        bfs.withFaults(1, 0, 0)),
                new BfsConfig("1 replica, 1 op, 1 crash, fsyncs at once",
                        new PaxosExploreModel.Spec(1, 1, 1, "majority", mutant, 2, seed, atOnce), bfs.withFaults(1, 0, 0)),
                new BfsConfig("3 replicas, no client, replica 0 elects, fsyncs at once",
                        new PaxosExploreModel.Spec(3, 0, 0, "majority", mutant, 2, seed,
                                new PaxosExploreModel.Restrictions(true, -1, 1L)), bfs));
    }

    /** Deviations from the default schedule the phase's delay-bounded search allows. */
    static final int DELAYS = 2;

    /**
     * The delay-bounded configuration: 3 replicas, one client writing once to replica 0, only
     * replica 0 elects (one proposer across a restart), 1 crash, 2 ticks, fsyncs at once; every
     * schedule within {@link #DELAYS} deviations of the lifo default schedule, up to {@code statesMax}.
     */
    static BfsConfig delayConfig(String mutant, long seed, long statesMax) {
        return new BfsConfig("delay-bounded " + DELAYS + ": 3 replicas, 1 op to replica 0, replica 0 elects, 1 crash, "
                + "fsyncs at once", new PaxosExploreModel.Spec(3, 1, 1, "majority", mutant, 2, seed,
                new PaxosExploreModel.Restrictions(true, 0, 1L)),
                ExploreOptions.defaults().withStrategy(ExploreOptions.Strategy.DELAY_BOUNDED).withFaults(1, 0, 0)
                        .withMaxTimeouts(2).withMaxStates(statesMax));
    }

    static Finding run(String mutant, long walks, long bfsStates, long seed, Path outDir) throws IOException {
        return run(mutant, walks, bfsStates, 0, seed, outDir);
    }

    static Finding run(String mutant, long walks, long bfsStates, long delayStates, long seed, Path outDir)
            throws IOException {
        long start = System.nanoTime();
        List<String> covered = new ArrayList<>();
        if (bfsStates > 0) {
            for (BfsConfig c : bfsConfigs(mutant, seed, bfsStates)) {
                PaxosExploreModel model = new PaxosExploreModel(c.spec());
                ExploreResult r = new Explorer(model, c.options()).withStateHasher(new StructuralHasher(model)).run();
                if (r.counterexample() != null) {
                    return found(mutant, c.spec(), c.options(), r.counterexample(), start, outDir, "bfs",
                            "shortest in " + c.name() + " (" + r.uniqueStates() + " states)");
                }
                covered.add(c.name() + ": none" + (r.exhaustive() ? ", exhausted" : " to depth " + r.depthReached()));
            }
        }
        if (delayStates > 0) {
            BfsConfig c = delayConfig(mutant, seed, delayStates);
            PaxosExploreModel model = new PaxosExploreModel(c.spec());
            ExploreResult r = new Explorer(model, c.options()).withStateHasher(new StructuralHasher(model))
                    .withCopier(new io.paxsim.testbed.explore.DeepCopier(model), 0)
                    .withDelayBound(DELAYS, io.paxsim.sim.explore.DefaultSchedule.LIFO, false).run();
            if (r.counterexample() != null) {
                return found(mutant, c.spec(), c.options(), r.counterexample(), start, outDir, "delay-bounded",
                        "fewest deviations (then shortest) in " + c.name() + " (" + r.uniqueStates() + " states); "
                                + String.join("; ", covered));
            }
            covered.add(c.name() + ": none in " + r.uniqueStates() + " states (" + r.cutReason() + ")");
        }
        String note = bfsStates > 0 || delayStates > 0 ? "bfs (" + bfsStates + " states each): " + String.join("; ", covered)
                : "no bfs";
        if (walks == 0) {
            return new Finding(mutant, false, "-", 0, seconds(start), "-", "-", "-", note);
        }
        PaxosExploreModel.Spec spec = spec(mutant, seed);
        ExploreOptions options = options(walks, seed);
        ExploreResult r = new Explorer(new PaxosExploreModel(spec), options).run();
        if (r.counterexample() == null) {
            return new Finding(mutant, false, "-", 0, seconds(start), "-", "-", "-", note + "; " + walks + " walks: none");
        }
        return found(mutant, spec, options, r.counterexample(), start, outDir, "walks",
                note + "; walks found it (" + r.uniqueStates() + " states), shrunk");
    }

    private static Finding found(String mutant, PaxosExploreModel.Spec spec, ExploreOptions options,
                                 ExploreResult.Counterexample cx, long start, Path outDir, String strategy, String note)
            throws IOException {
        String hash = ExploreCommand.replayHash(spec, options, cx, null);
        Path dir = ExploreCommand.writeRunDir(outDir.resolve(mutant + "-explore"), true, false, spec, options, cx, hash);
        return new Finding(mutant, true, cx.property(), cx.steps().size(), seconds(start), hash,
                "paxsim replay --from " + dir, strategy, note);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
