package io.paxsim.testbed.cli;

import io.paxsim.sim.explore.ExploreOptions;
import io.paxsim.sim.explore.ExploreResult;
import io.paxsim.sim.explore.Explorer;
import io.paxsim.testbed.explore.PaxosExploreModel;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The explore phase of {@code paxsim mutants}: before the randomized hunt, the model checker's
 * seeded walks search the Paxos core (3 replicas, 1 client, 2 ops, 1 crash with every prefix fate
 * of unsynced writes, up to 6 ticks and 3 ballot rounds). The configuration is the same for every
 * mutant and for the correct protocol (the hunt stays blind); a violation is shrunk, written as a
 * run directory and replayed to get its trace hash.
 */
final class ExplorePhase {
    /** What the phase found for one mutant. */
    record Finding(String mutant, boolean caught, String property, int steps, double wallSeconds, String traceHash,
                   String replay) {
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

    static Finding run(String mutant, long walks, long seed, Path outDir) throws IOException {
        long start = System.nanoTime();
        PaxosExploreModel.Spec spec = spec(mutant, seed);
        ExploreOptions options = options(walks, seed);
        ExploreResult r = new Explorer(new PaxosExploreModel(spec), options).run();
        double seconds = (System.nanoTime() - start) / 1e9;
        ExploreResult.Counterexample cx = r.counterexample();
        if (cx == null) {
            return new Finding(mutant, false, "-", 0, seconds, "-", "-");
        }
        String hash = ExploreCommand.replayHash(spec, options, cx, null);
        Path dir = ExploreCommand.writeRunDir(outDir.resolve(mutant + "-explore"), true, spec, options, cx, hash);
        return new Finding(mutant, true, cx.property(), cx.steps().size(), seconds, hash, "paxsim replay --from " + dir);
    }
}
