package io.paxsim.testbed.metrics;

import io.paxsim.paxos.api.Result;
import io.paxsim.sim.SimObserver;
import io.paxsim.sim.Simulation;
import io.paxsim.testbed.client.ClientEvent;
import org.HdrHistogram.Histogram;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Measures a run from the observer hook only (it never sends, schedules or draws, so measuring
 * does not perturb the run): latency in simulated time, throughput per simulated second, leader
 * changes, and the simulation's message, byte and fsync counters per completed operation.
 */
public final class RunMetrics implements SimObserver {
    private static final long NANOS_PER_MICRO = 1_000L;
    private static final long BUCKET_NANOS = 1_000_000_000L;

    private final Predicate<Object> isLeaderChange;
    private final Histogram serviceLatencyMicros = new Histogram(3_600_000_000L, 3);
    private final Histogram responseLatencyMicros = new Histogram(3_600_000_000L, 3);
    // Keyed by process (Long, a stable hash); touched by lookup only, never iterated.
    private final Map<Long, Long> invokedAtNanos = new java.util.HashMap<>();
    private final Map<Integer, ArrayDeque<Long>> arrivalsAtNanos = new java.util.HashMap<>();
    private final TreeMap<Long, Long> completedPerSecond = new TreeMap<>();
    private long invoked;
    private long ok;
    private long failed;
    private long indeterminate;
    private long shed;
    private long leaderChanges;
    private final NodeEventLog nodeEvents;

    /** {@code isLeaderChange} recognises the protocol's "a new leader took over" observation. */
    public RunMetrics(Predicate<Object> isLeaderChange) {
        this.isLeaderChange = isLeaderChange;
        this.nodeEvents = new NodeEventLog(isLeaderChange);
    }

    /** The kinds its node event log keeps. */
    @Override
    public java.util.Set<io.paxsim.sim.trace.TraceKind> eventKinds() {
        return java.util.EnumSet.of(io.paxsim.sim.trace.TraceKind.CRASH, io.paxsim.sim.trace.TraceKind.RESTART, io.paxsim.sim.trace.TraceKind.PAUSE, io.paxsim.sim.trace.TraceKind.RESUME, io.paxsim.sim.trace.TraceKind.CLOCK);
    }

    @Override
    public void onEvent(Simulation sim, io.paxsim.sim.trace.TraceKind kind, int node, int peer, Object payload) {
        nodeEvents.onEvent(sim, kind, node, peer, payload);
    }

    @Override
    public void onObservation(Simulation sim, int node, Object observation) {
        nodeEvents.onObservation(sim, node, observation);
        if (observation instanceof ClientEvent event) {
            onClientEvent(sim.nowNanos(), node, event);
        } else if (isLeaderChange.test(observation)) {
            leaderChanges++;
        }
    }

    private void onClientEvent(long nowNanos, int node, ClientEvent event) {
        if (event instanceof ClientEvent.Arrived) {
            arrivalsAtNanos.computeIfAbsent(node, p -> new ArrayDeque<>()).add(nowNanos);
        } else if (event instanceof ClientEvent.Invoked i) {
            invoked++;
            invokedAtNanos.put(i.process(), nowNanos);
        } else if (event instanceof ClientEvent.Completed c) {
            Long start = invokedAtNanos.remove(c.process());
            assert start != null : "completion without invocation for process " + c.process();
            if (isDefiniteFailure(c)) {
                failed++;
            } else {
                ok++;
            }
            serviceLatencyMicros.recordValue(Math.max(0, (nowNanos - start) / NANOS_PER_MICRO));
            completedPerSecond.merge(nowNanos / BUCKET_NANOS, 1L, Long::sum);
            recordResponse(node, nowNanos);
        } else if (event instanceof ClientEvent.TimedOut t) {
            invokedAtNanos.remove(t.process());
            indeterminate++;
            ArrayDeque<Long> arrivals = arrivalsAtNanos.get(node);
            if (arrivals != null) {
                arrivals.poll();
            }
        } else if (event instanceof ClientEvent.Shed) {
            shed++;
        }
    }

    /** A cas whose comparison failed certainly had no effect: Jepsen records it :fail. */
    private static boolean isDefiniteFailure(ClientEvent.Completed c) {
        return c.results().size() == 1 && c.results().get(0) instanceof Result.CasResult cas && !cas.succeeded();
    }

    private void recordResponse(int node, long nowNanos) {
        ArrayDeque<Long> arrivals = arrivalsAtNanos.get(node);
        if (arrivals != null && !arrivals.isEmpty()) {
            responseLatencyMicros.recordValue(Math.max(0, (nowNanos - arrivals.poll()) / NANOS_PER_MICRO));
        }
    }

    public long invoked() {
        return invoked;
    }

    public long ok() {
        return ok;
    }

    public long indeterminate() {
        return indeterminate;
    }

    public long leaderChanges() {
        return leaderChanges;
    }

    public long latencyMicrosAtPercentile(double percentile) {
        return serviceLatencyMicros.getValueAtPercentile(percentile);
    }

    /** Operations completed (ok or definitely failed) per simulated second over the run. */
    public double throughputOpsPerSecond(long runNanos) {
        return runNanos <= 0 ? 0 : (ok + failed) * 1e9 / runNanos;
    }

    /** The report written to metrics.json, in a stable key order. */
    public Map<String, Object> report(Simulation sim) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("simulatedNanos", sim.nowNanos());
        m.put("opsInvoked", invoked);
        m.put("opsOk", ok);
        m.put("opsFail", failed);
        m.put("opsIndeterminate", indeterminate);
        m.put("opsShed", shed);
        m.put("latencyMicros", latencyReport(serviceLatencyMicros));
        if (responseLatencyMicros.getTotalCount() > 0) {
            m.put("responseLatencyMicros", latencyReport(responseLatencyMicros));
        }
        m.put("throughputOpsPerSecond", throughputOpsPerSecond(sim.nowNanos()));
        List<Long> series = new ArrayList<>();
        if (!completedPerSecond.isEmpty()) {
            for (long s = 0; s <= completedPerSecond.lastKey(); s++) {
                series.add(completedPerSecond.getOrDefault(s, 0L));
            }
        }
        m.put("completedPerSimulatedSecond", series);
        m.put("leaderChanges", leaderChanges);
        Simulation.Stats stats = sim.stats();
        double per = Math.max(1, ok + failed);
        m.put("events", stats.events());
        m.put("messagesSent", stats.messagesSent());
        m.put("messagesDropped", stats.messagesDropped());
        m.put("bytesSent", stats.bytesSent());
        m.put("fsyncs", stats.fsyncs());
        m.put("messagesPerOp", stats.messagesSent() / per);
        m.put("bytesPerOp", stats.bytesSent() / per);
        m.put("fsyncsPerOp", stats.fsyncs() / per);
        m.put("nodeEvents", nodeEvents.report());
        return m;
    }

    private static Map<String, Object> latencyReport(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        m.put("p50", h.getValueAtPercentile(50));
        m.put("p90", h.getValueAtPercentile(90));
        m.put("p99", h.getValueAtPercentile(99));
        m.put("p999", h.getValueAtPercentile(99.9));
        m.put("max", h.getMaxValue());
        return m;
    }
}
