package io.paxsim.checkers.linear;

import io.paxsim.checkers.CheckerOptions;
import io.paxsim.checkers.NilReads;
import io.paxsim.checkers.Verdict;
import io.paxsim.history.History;
import io.paxsim.history.Value;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class LinearizabilityProperties {
    private static final CheckerOptions FROM_ZERO = new CheckerOptions(Value.of(0), NilReads.VALUE);

    @Property(tries = 200)
    void sequentialObjectHistoriesAreLinearizable(@ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int ops) {
        History h = SequentialObjectHistories.generate(seed, ops, 0);
        Verdict v = Models.checker("cas-register", FROM_ZERO).check(h);
        assertInstanceOf(Verdict.Ok.class, v, v::describe);
    }

    @Property(tries = 200)
    void anImpossibleReadIsIllegal(@ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int ops) {
        History bad = SequentialObjectHistories.withImpossibleRead(SequentialObjectHistories.generate(seed, ops, 0), 0);
        Assume.that(bad != null);
        Verdict v = Models.checker("cas-register", FROM_ZERO).check(bad);
        assertInstanceOf(Verdict.Illegal.class, v, v::describe);
    }

    @Property(tries = 100)
    void keyValueHistoriesAreLinearizablePerKey(@ForAll long seed, @ForAll @IntRange(min = 1, max = 150) int ops) {
        History h = SequentialObjectHistories.generate(seed, ops, 3);
        Verdict v = Models.checker("kv", FROM_ZERO).check(h);
        assertInstanceOf(Verdict.Ok.class, v, v::describe);
        History bad = SequentialObjectHistories.withImpossibleRead(h, 3);
        Assume.that(bad != null);
        Verdict badVerdict = Models.checker("kv", FROM_ZERO).check(bad);
        assertInstanceOf(Verdict.Illegal.class, badVerdict, badVerdict::describe);
    }
}
