package io.paxsim.testbed.metrics;

import io.paxsim.sim.SimObserver;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.trace.TraceKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The rare node-level events of a whole run — leader changes, crashes, restarts, pauses, clock
 * jumps — kept (up to a cap) so a report can mark them on the timeline without a trace.
 */
public final class NodeEventLog implements SimObserver {
    /** Enough for any realistic run; beyond it events are counted, not kept. */
    static final int CAP = 20_000;

    private final Predicate<Object> isLeaderChange;
    private final List<List<Object>> events = new ArrayList<>();
    private long dropped;

    public NodeEventLog(Predicate<Object> isLeaderChange) {
        this.isLeaderChange = isLeaderChange;
    }

    @Override
    public void onEvent(Simulation sim, TraceKind kind, int node, int peer, Object payload) {
        switch (kind) {
            case CRASH, RESTART, PAUSE, RESUME -> add(sim.nowNanos(), node, kind.name().toLowerCase(java.util.Locale.ROOT), "");
            case CLOCK -> add(sim.nowNanos(), node, "clock", String.valueOf(payload));
            default -> {
            }
        }
    }

    @Override
    public void onObservation(Simulation sim, int node, Object observation) {
        if (isLeaderChange.test(observation)) {
            add(sim.nowNanos(), node, "leader", observation.toString());
        }
    }

    private void add(long timeNanos, int node, String kind, String detail) {
        if (events.size() >= CAP) {
            dropped++;
            return;
        }
        events.add(List.of(timeNanos, node, kind, detail));
    }

    /** For metrics.json: {@code events} as [timeNanos, node, kind, detail] and how many were {@code dropped}. */
    public Map<String, Object> report() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dropped", dropped);
        m.put("events", events);
        return m;
    }
}
