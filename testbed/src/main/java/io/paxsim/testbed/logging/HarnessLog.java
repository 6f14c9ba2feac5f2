package io.paxsim.testbed.logging;

import io.paxsim.sim.LogLevel;
import io.paxsim.sim.SimObserver;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.trace.TraceKind;

/** Logs what the world did to the nodes (faults, crashes, restarts, clock changes) at INFO. */
public final class HarnessLog implements SimObserver {
    /** The kinds it logs. */
    @Override
    public java.util.Set<io.paxsim.sim.trace.TraceKind> eventKinds() {
        return java.util.EnumSet.of(io.paxsim.sim.trace.TraceKind.CRASH, io.paxsim.sim.trace.TraceKind.RESTART, io.paxsim.sim.trace.TraceKind.PAUSE, io.paxsim.sim.trace.TraceKind.RESUME, io.paxsim.sim.trace.TraceKind.CLOCK, io.paxsim.sim.trace.TraceKind.FAULT);
    }

    @Override
    public void onEvent(Simulation sim, TraceKind kind, int node, int peer, Object payload) {
        switch (kind) {
            case CRASH, RESTART, PAUSE, RESUME, CLOCK, FAULT -> {
                if (SimLog.harnessEnabled(LogLevel.INFO)) {
                    SimLog.harness(sim.nowNanos(), LogLevel.INFO, kind.name().toLowerCase(java.util.Locale.ROOT)
                            + (node >= 0 ? " n" + node : "") + (payload == null ? "" : ": " + payload));
                }
            }
            default -> { }
        }
    }
}
