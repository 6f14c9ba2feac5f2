package io.paxsim.testkit;

import io.paxsim.faults.Fault;
import io.paxsim.faults.FaultAction;
import io.paxsim.paxos.CoverageMonitor;
import io.paxsim.paxos.PaxosObservation;
import io.paxsim.sim.SimObserver;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.trace.TraceKind;
import io.paxsim.testbed.client.ClientEvent;

import java.util.List;
import java.util.function.Supplier;

/**
 * A "sometimes" goal: something a run should reach at least once across a suite, or the suite
 * tested less than it claims (Stateright's {@code sometimes}, FoundationDB's coverage macros). A
 * goal watches one run through the observer hook and says whether the run reached it.
 *
 * @param name     stable name, used in the coverage table
 * @param detector a fresh detector for each run
 */
public record Sometimes(String name, Supplier<Detector> detector) {
    /** Watches one run; {@link #reached()} once it saw what the goal is about. */
    public interface Detector extends SimObserver {
        boolean reached();
    }

    /** A goal reached when one observation a node published matches. */
    public static Sometimes observed(String name, java.util.function.Predicate<Object> matches) {
        return new Sometimes(name, () -> new Detector() {
            boolean hit;

            @Override
            public void onObservation(Simulation sim, int node, Object observation) {
                hit |= matches.test(observation);
            }

            @Override
            public boolean reached() {
                return hit;
            }
        });
    }

    /** A goal reached when observations matching {@code matches} number at least {@code count}. */
    public static Sometimes observedAtLeast(String name, int count, java.util.function.Predicate<Object> matches) {
        return new Sometimes(name, () -> new Detector() {
            int seen;

            @Override
            public void onObservation(Simulation sim, int node, Object observation) {
                if (matches.test(observation)) {
                    seen++;
                }
            }

            @Override
            public boolean reached() {
                return seen >= count;
            }
        });
    }

    /** A goal reached when one traced event matches (kind, node, payload). */
    public static Sometimes event(String name, EventPredicate matches) {
        return new Sometimes(name, () -> new Detector() {
            boolean hit;

            @Override
            public void onEvent(Simulation sim, TraceKind kind, int node, int peer, Object payload) {
                hit |= matches.test(kind, node, payload);
            }

            @Override
            public boolean reached() {
                return hit;
            }
        });
    }

    @FunctionalInterface
    public interface EventPredicate {
        boolean test(TraceKind kind, int node, Object payload);
    }

    // ---- goals for any protocol ----------------------------------------------------------------

    /** A crashed replica came back (its {@code onRecover} ran). */
    public static final Sometimes CRASH_RECOVERED = event("crash recovered", (kind, node, payload) -> kind == TraceKind.RESTART);

    /** A network fault (partition, cut, clog, loss, duplication, delay) ended while the run went on. */
    public static final Sometimes PARTITION_HEALED = event("partition healed", (kind, node, payload) ->
            kind == TraceKind.FAULT && payload instanceof FaultAction.End end && isNetwork(end));

    /** A client operation timed out: the system was unavailable to someone for a while. */
    public static final Sometimes OPERATION_TIMED_OUT = observed("operation timed out", o -> o instanceof ClientEvent.TimedOut);

    /** A client operation completed (a suite that reaches nothing else should at least reach this). */
    public static final Sometimes OPERATION_COMPLETED = observed("operation completed", o -> o instanceof ClientEvent.Completed);

    // ---- goals for the Paxos log of paxos-impl --------------------------------------------------

    /** A second replica (or the same one again) became leader in one run. */
    public static final Sometimes LEADER_CHANGED = observedAtLeast("leader changed", 2,
            o -> o instanceof PaxosObservation.BecameLeader);

    public static final Sometimes SNAPSHOT_INSTALLED = paxosCoverage("snapshot-installed");

    /** A replica rebuilt its state from its disk after a crash. */
    public static final Sometimes RECOVERED_FROM_DISK = paxosCoverage("recovered");

    /** A read was answered outside the log (by lease or read-index). */
    public static final Sometimes READ_OUTSIDE_LOG = observed("read served by lease or read-index",
            o -> o instanceof PaxosObservation.Replied r && !r.throughLog());

    /**
     * A goal reached when paxos-impl's {@link CoverageMonitor} counts {@code event} (one of
     * {@link CoverageMonitor#EVENTS}: catch-up-by-snapshot, stale-accept, session-hit, ...).
     */
    public static Sometimes paxosCoverage(String event) {
        if (!CoverageMonitor.EVENTS.containsKey(event)) {
            throw new IllegalArgumentException("unknown coverage event '" + event + "' (known: "
                    + String.join(", ", CoverageMonitor.eventNames()) + ")");
        }
        return new Sometimes(event, () -> new Detector() {
            final CoverageMonitor monitor = new CoverageMonitor();

            @Override
            public void onEvent(Simulation sim, TraceKind kind, int node, int peer, Object payload) {
                monitor.onEvent(sim, kind, node, peer, payload);
            }

            @Override
            public void onObservation(Simulation sim, int node, Object observation) {
                monitor.onObservation(sim, node, observation);
            }

            @Override
            public boolean reached() {
                return monitor.counts().getOrDefault(event, 0L) > 0;
            }
        });
    }

    /** The goals a Paxos suite is expected to reach. */
    public static List<Sometimes> paxosGoals() {
        return List.of(LEADER_CHANGED, CRASH_RECOVERED, RECOVERED_FROM_DISK, PARTITION_HEALED, SNAPSHOT_INSTALLED,
                READ_OUTSIDE_LOG);
    }

    private static boolean isNetwork(FaultAction.End end) {
        Fault f = end.injector().schedule().entries().get(end.entryIndex()).fault();
        return f instanceof Fault.PartitionHalves || f instanceof Fault.PartitionMajorityMinority || f instanceof Fault.Isolate
                || f instanceof Fault.PartitionRing || f instanceof Fault.PartitionBridge || f instanceof Fault.CutOneWay
                || f instanceof Fault.ClogSwizzle || f instanceof Fault.LossBurst || f instanceof Fault.OutboundLoss
                || f instanceof Fault.DuplicateBurst
                || f instanceof Fault.DelayBurst;
    }
}
