package io.paxsim.paxos;

import io.paxsim.sim.Context;
import io.paxsim.sim.Message;
import io.paxsim.sim.Node;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.Timer;

import java.util.List;
import java.util.Optional;

/**
 * An {@link InvariantMonitor} fed replica observations directly, with no protocol running: a test
 * states the facts (node 1 applied slot 3 with value 7, every replica installed a snapshot of slot
 * 2^44) and reads the verdict. The simulation under it only keeps time and takes the monitor's
 * stop; its nodes do nothing.
 */
final class MonitorHarness {
    private final Simulation sim;
    private final InvariantMonitor monitor;

    MonitorHarness(int replicas) {
        this(PaxosConfig.defaults(replicas));
    }

    MonitorHarness(PaxosConfig config) {
        this.monitor = new InvariantMonitor(config);
        this.sim = Simulation.builder(1).nodes(config.clusterSize(), id -> new Idle()).observer(monitor).build();
        sim.start();
    }

    /** Simulated time moves on to {@code nanos} (the monitor stamps violations and leases with it). */
    MonitorHarness at(long nanos) {
        assert nanos >= sim.nowNanos() : "time runs forward: " + nanos + " < " + sim.nowNanos();
        sim.runUntil(nanos);
        return this;
    }

    MonitorHarness observe(PaxosObservation o) {
        monitor.onObservation(sim, o.node(), o);
        monitor.settle(sim);
        return this;
    }

    /** {@code message} from {@code from} reaches replica {@code to}, as the runtime's DELIVER record tells the monitor. */
    MonitorHarness delivered(int from, int to, Object message) {
        monitor.onEvent(sim, io.paxsim.sim.trace.TraceKind.DELIVER, to, from, message);
        monitor.settle(sim);
        return this;
    }

    /** Every replica applies {@code slot} with the same value and state. */
    MonitorHarness appliedEverywhere(long slot, long valueDigest) {
        for (int node = 0; node < sim.nodeCount(); node++) {
            applied(node, slot, valueDigest);
        }
        return this;
    }

    MonitorHarness applied(int node, long slot, long valueDigest) {
        return observe(new PaxosObservation.Applied(node, slot, valueDigest, List.of(), stateAfter(slot, valueDigest)));
    }

    /** A phase-2 quorum (the first {@code quorum} replicas) votes {@code valueDigest} in {@code slot} at {@code ballot}. */
    MonitorHarness chosen(long slot, Ballot ballot, long valueDigest, int quorum) {
        for (int node = 0; node < quorum; node++) {
            observe(new PaxosObservation.Voted(node, slot, ballot, valueDigest, false));
        }
        return this;
    }

    Optional<InvariantMonitor.Violation> violation() {
        return monitor.violation();
    }

    /** The invariant violated, or "" if none. */
    String violated() {
        return monitor.violation().map(InvariantMonitor.Violation::invariant).orElse("");
    }

    InvariantMonitor monitor() {
        return monitor;
    }

    Simulation sim() {
        return sim;
    }

    /** A state digest that depends on the slot and value only, so replicas that agree hold equal states. */
    static long stateAfter(long slot, long valueDigest) {
        return slot * 0x9E3779B97F4A7C15L ^ valueDigest;
    }

    /** A node that does nothing: the harness speaks for the replicas. */
    private static final class Idle implements Node {
        @Override
        public void onStart(Context ctx) {
        }

        @Override
        public void onRecover(Context ctx) {
        }

        @Override
        public void onMessage(Context ctx, int from, Message message) {
            throw new AssertionError("an idle node got " + message);
        }

        @Override
        public void onTimer(Context ctx, Timer timer) {
            throw new AssertionError("an idle node set no timer but got " + timer);
        }
    }
}
