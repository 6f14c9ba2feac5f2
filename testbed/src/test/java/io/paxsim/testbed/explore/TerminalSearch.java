package io.paxsim.testbed.explore;

import io.paxsim.sim.explore.ExploreOptions;
import io.paxsim.sim.explore.ExploreResult;
import io.paxsim.sim.explore.Explorer;

import java.util.HashSet;
import java.util.Set;

/** A search with the structural fingerprint that also collects its terminal states' fingerprints. */
record TerminalSearch(ExploreResult result, Set<Long> terminals) {
    static TerminalSearch run(PaxosExploreModel model, ExploreOptions options) {
        Set<Long> terminals = new HashSet<>();
        ExploreResult r = new Explorer(model, options).withStateHasher(new StructuralHasher(model))
                .withTerminalListener(terminals::add).run();
        return new TerminalSearch(r, terminals);
    }

    /** The same, depth-first without a depth bound, each successor's world kept on the stack (the CLI's dfs). */
    static TerminalSearch runDepthFirst(PaxosExploreModel model, ExploreOptions options) {
        Set<Long> terminals = new HashSet<>();
        ExploreResult r = new Explorer(model, options.withStrategy(ExploreOptions.Strategy.DFS))
                .withStateHasher(new StructuralHasher(model)).withKeptWorlds(Integer.MAX_VALUE)
                .withCopier(new DeepCopier(model), 0).withTerminalListener(terminals::add).run();
        return new TerminalSearch(r, terminals);
    }
}
