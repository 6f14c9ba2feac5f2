package io.paxsim.testbed.explore;

import io.paxsim.sim.explore.ExploreOptions;
import io.paxsim.sim.explore.ExploreResult;
import io.paxsim.sim.explore.Explorer;
import io.paxsim.sim.explore.StateHasher;
import io.paxsim.sim.explore.World;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * For the explicit-hash audits (ExplicitShellHashTest, ExplicitNodeHashTest): a fast hasher must
 * partition states exactly as its reference, the reflective walk, does; neither may merge two
 * states the other tells apart.
 */
final class HashPartitions {
    private HashPartitions() {
    }

    /** Fast and reference fingerprints of the same states, and whether each is a function of the other. */
    static final class Pairs {
        final Map<Long, Long> referenceOfFast = new HashMap<>();
        final Map<Long, Long> fastOfReference = new HashMap<>();
        private final String fastName;
        int states;

        /** {@code fastName} names the fast hasher in failures ("the explicit node hashes"). */
        Pairs(String fastName) {
            this.fastName = fastName;
        }

        void add(long fast, long reference, String where) {
            states++;
            Long r = referenceOfFast.putIfAbsent(fast, reference);
            if (r != null && r != reference) {
                fail(fastName + " merge two states the reflective walk tells apart (" + where + ")");
            }
            Long f = fastOfReference.putIfAbsent(reference, fast);
            if (f != null && f != fast) {
                fail(fastName + " tell apart two states the reflective walk merges (" + where + ")");
            }
        }
    }

    /** Searches with {@code fast}, checking each state it hashes against {@code reference}. */
    record Checking(StateHasher fast, StateHasher reference, Pairs pairs) implements StateHasher {
        @Override
        public long hash(World world) {
            long h = fast.hash(world);
            pairs.add(h, reference.hash(world), "depth " + world.depth());
            return h;
        }

        @Override
        public long valueHash(Object value) {
            return fast.valueHash(value);
        }

        @Override
        public long valueHash(World world, Object value) {
            return fast.valueHash(world, value);
        }
    }

    /**
     * A whole search with {@code fast}, every state it hashes checked against {@code reference},
     * has the counts of a search with {@code reference} alone.
     */
    static void compareSearches(PaxosExploreModel model, ExploreOptions options, StateHasher fast, StateHasher reference,
                                String fastName) {
        Pairs pairs = new Pairs(fastName);
        ExploreResult checked = new Explorer(model, options).withStateHasher(new Checking(fast, reference, pairs)).run();
        ExploreResult reflective = new Explorer(model, options).withStateHasher(reference).run();
        String what = model.spec() + ": " + fastName + " " + checked.uniqueStates() + " states, " + checked.transitions()
                + " transitions; reflective " + reflective.uniqueStates() + ", " + reflective.transitions();
        assertEquals(reflective.uniqueStates(), checked.uniqueStates(), what);
        assertEquals(reflective.transitions(), checked.transitions(), what);
        assertEquals(reflective.terminalStates(), checked.terminalStates(), what);
        assertEquals(reflective.depthReached(), checked.depthReached(), what);
        assertTrue(pairs.referenceOfFast.size() >= checked.uniqueStates() && checked.uniqueStates() > 500, what);
    }

    /**
     * {@code audited} lists, per class name, every field its {@code hashMethod} covers ("-name" for
     * one left out on purpose): a field gained or lost fails here until the list says so.
     */
    static void assertEveryFieldListed(Map<String, String> audited, String hashMethod) {
        for (Map.Entry<String, String> e : audited.entrySet()) {
            TreeSet<String> listed = new TreeSet<>();
            for (String name : e.getValue().split(" ")) {
                listed.add(name.startsWith("-") ? name.substring(1) : name);
            }
            Class<?> type;
            try {
                type = Class.forName(e.getKey());
            } catch (ClassNotFoundException notFound) {
                throw new AssertionError("audited class not found: " + e.getKey(), notFound);
            }
            assertEquals(listed, ObjectGraphs.fieldNames(type), () -> e.getKey() + " gained or lost a field: "
                    + "cover it in its " + hashMethod + " (or leave it out on purpose) and list it in AUDITED");
        }
    }
}
