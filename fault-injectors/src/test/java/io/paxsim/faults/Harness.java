package io.paxsim.faults;

import io.paxsim.sim.NodeStatus;
import io.paxsim.sim.SimObserver;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.trace.TraceKind;
import io.paxsim.sim.trace.TraceRecord;

import java.util.ArrayList;
import java.util.List;

/** Runs the heartbeat cluster under a fault schedule: safety phase, heal, liveness phase. */
final class Harness {
    static final int REPLICAS = 5;

    /** What a run left behind. */
    record Outcome(long traceHash, List<TraceRecord> trace, boolean healedWorld, long healNanos,
                   long[][] lastDeliveryNanos, FaultInjector injector) {
        /** Whether every replica heard every other replica after the heal. */
        boolean allHeardAfterHeal() {
            for (int from = 0; from < REPLICAS; from++) {
                for (int to = 0; to < REPLICAS; to++) {
                    if (from != to && lastDeliveryNanos[from][to] <= healNanos) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    private Harness() {
    }

    static Outcome run(long seed, FaultSchedule schedule, long safetyNanos, long livenessNanos) {
        return run(seed, schedule, safetyNanos, livenessNanos, true);
    }

    static Outcome run(long seed, FaultSchedule schedule, long safetyNanos, long livenessNanos, boolean observe) {
        FaultInjector injector = new FaultInjector(schedule);
        List<TraceRecord> trace = new ArrayList<>();
        long[][] lastDelivery = new long[REPLICAS][REPLICAS];
        Simulation.Builder builder = Simulation.builder(seed)
                .nodes(REPLICAS, id -> new HeartbeatNode())
                .traceSink(trace::add)
                .observer(new SimObserver() {
                    @Override
                    public void onEvent(Simulation sim, TraceKind kind, int node, int peer, Object payload) {
                        if (kind == TraceKind.DELIVER) {
                            lastDelivery[peer][node] = sim.nowNanos();
                        }
                    }
                });
        if (observe) {
            builder.observer(injector);
        }
        Simulation sim = builder.build();
        ClusterView view = lowestLiveLeader(sim);
        sim.start();
        injector.install(sim, view);
        sim.runUntil(safetyNanos);
        injector.heal();
        boolean healed = Heal.healed(sim, view, injector.baseline());
        sim.runUntil(safetyNanos + livenessNanos);
        return new Outcome(sim.traceHash(), trace, healed, safetyNanos, lastDelivery, injector);
    }

    /** The lowest-numbered replica that is up leads (enough for targets to resolve). */
    static ClusterView lowestLiveLeader(Simulation sim) {
        return ClusterView.of(new int[] {0, 1, 2, 3, 4}, () -> {
            for (int i = 0; i < REPLICAS; i++) {
                if (sim.status(i) == NodeStatus.UP) {
                    return i;
                }
            }
            return -1;
        });
    }

    static FaultContext context(long durationNanos) {
        return FaultContext.of(REPLICAS, durationNanos);
    }
}
