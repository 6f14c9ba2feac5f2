package io.paxsim.paxos;

import io.paxsim.sim.SimObserver;
import io.paxsim.sim.Simulation;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * Commit latency in simulated time, measured at the leader from proposing a slot to learning it
 * chosen, plus counts of slots and commands. Register with {@code builder.observer(...)}.
 */
public final class CommitLatencyRecorder implements SimObserver {
    private final TreeMap<Long, Long> proposedAtNanos = new TreeMap<>();
    private final TreeMap<Long, Integer> commandsInSlot = new TreeMap<>();
    private long[] latenciesNanos = new long[1024];
    private int count;
    private long commands;

    /** Observations only: no traced event. */
    @Override
    public java.util.Set<io.paxsim.sim.trace.TraceKind> eventKinds() {
        return java.util.EnumSet.noneOf(io.paxsim.sim.trace.TraceKind.class);
    }

    @Override
    public void onObservation(Simulation sim, int node, Object observation) {
        if (observation instanceof PaxosObservation.Proposed p) {
            proposedAtNanos.put(p.slot(), sim.nowNanos());
            commandsInSlot.put(p.slot(), p.commands());
        } else if (observation instanceof PaxosObservation.Chosen c) {
            Long start = proposedAtNanos.remove(c.slot());
            Integer cmds = commandsInSlot.remove(c.slot());
            if (start != null) {
                if (count == latenciesNanos.length) {
                    latenciesNanos = Arrays.copyOf(latenciesNanos, count * 2);
                }
                latenciesNanos[count++] = sim.nowNanos() - start;
                commands += cmds == null ? 0 : cmds;
            }
        }
    }

    /** Slots whose commit latency was measured. */
    public int slots() {
        return count;
    }

    /** Client commands in those slots. */
    public long commands() {
        return commands;
    }

    /** The {@code p}-th percentile (0..100) of commit latency, or -1 with no samples. */
    public long percentileNanos(double p) {
        if (count == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(latenciesNanos, count);
        Arrays.sort(sorted);
        int index = (int) StrictMath.ceil(p / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))];
    }
}
