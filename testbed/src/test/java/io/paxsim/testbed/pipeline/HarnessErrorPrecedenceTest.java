package io.paxsim.testbed.pipeline;

import io.paxsim.sim.SimObserver;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.trace.TraceKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A harness error (the testbed threw) is never a catch, but it must not hide one either: a run an
 * invariant monitor stopped, or whose history a checker finds illegal, fails by that culprit even
 * when a harness observer throws too. Before, the harness error won and the hunt counted the run
 * as a testbed bug, not a detection.
 */
class HarnessErrorPrecedenceTest {
    private static final long MS = 1_000_000;

    @Test
    void aMonitorStopIsNotHiddenByAHarnessErrorInTheSameEvent() {
        SimObserver monitor = new SimObserver() {
            @Override
            public void onEvent(Simulation sim, TraceKind kind, int node, int peer, Object payload) {
                if (sim.nowNanos() >= 50 * MS && !sim.stopped()) {
                    sim.stop("invariant made-up violated at t=" + sim.nowNanos() + "ns");
                }
            }
        };
        RunResult r = run(false, List.of(monitor, throwingFrom(50 * MS)));
        assertEquals("monitor made-up", r.failure().culprit(), r.failure().message());
        assertTrue(r.failure().message().contains("harness"), "the harness error is still reported: " + r.failure().message());
    }

    @Test
    void aCheckerViolationIsNotHiddenByAHarnessError() {
        RunResult r = run(true, List.of(throwingFrom(400 * MS)));
        assertEquals("checker kv", r.failure().culprit(), r.failure().message());
    }

    @Test
    void aHarnessErrorAloneIsStillOne() {
        RunResult r = run(false, List.of(throwingFrom(50 * MS)));
        assertTrue(r.failure().harnessError(), r.failure().message());
    }

    private static RunResult run(boolean loseWrites, List<SimObserver> monitors) {
        Cluster cluster = new Cluster(id -> new ToyReplica(loseWrites), monitors, o -> false, o -> -1);
        Scenario s = Scenario.defaults(3).withNodes(3).withSafetyNanos(500 * MS);
        return new Pipeline(x -> cluster, x -> ScheduledFaults.none()).run(s, RunOptions.quiet());
    }

    /** An observer with a bug: it throws on every event from {@code fromNanos} on. */
    private static SimObserver throwingFrom(long fromNanos) {
        return new SimObserver() {
            @Override
            public void onEvent(Simulation sim, TraceKind kind, int node, int peer, Object payload) {
                if (sim.nowNanos() >= fromNanos) {
                    throw new IllegalStateException("a bug in the harness");
                }
            }
        };
    }
}
