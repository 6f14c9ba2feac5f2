package io.paxsim.testbed.history;

import io.paxsim.history.History;
import io.paxsim.history.HistoryRecorder;
import io.paxsim.history.OpType;
import io.paxsim.history.Value;
import io.paxsim.paxos.api.Result;
import io.paxsim.sim.SimObserver;
import io.paxsim.sim.Simulation;
import io.paxsim.sim.trace.TraceKind;
import io.paxsim.testbed.client.ClientEvent;

import java.util.function.Predicate;

/**
 * Records the run's history from the clients' observations, stamped with the simulation's true
 * time; faults become {@code :nemesis} info ops, which checkers skip.
 */
public final class HistoryObserver implements SimObserver {
    private final HistoryRecorder recorder = new HistoryRecorder();
    private final Predicate<Object> isHarnessAction;

    /** {@code isHarnessAction} recognises the pipeline's own scheduled actions, which are not faults. */
    public HistoryObserver(Predicate<Object> isHarnessAction) {
        this.isHarnessAction = isHarnessAction;
    }

    @Override
    public void onObservation(Simulation sim, int node, Object observation) {
        if (observation instanceof ClientEvent event) {
            record(sim.nowNanos(), event);
        }
    }

    /** Records a client's event at simulated time {@code now}. */
    void record(long now, ClientEvent event) {
        if (recordDirectly(event, now)) {
            return;
        }
        if (event instanceof ClientEvent.Invoked i) {
            recorder.invoke(now, i.process(), OpCodec.f(i.operation()), OpCodec.invokeValue(i.operation()));
        } else if (event instanceof ClientEvent.Completed c) {
            Value value = OpCodec.completionValue(c.operation(), c.results());
            if (OpCodec.completionType(c.operation(), c.results()) == OpType.FAIL) {
                recorder.fail(now, c.process(), value);
            } else {
                recorder.ok(now, c.process(), value);
            }
        } else if (event instanceof ClientEvent.TimedOut t) {
            recorder.info(now, t.process(), OpCodec.invokeValue(t.operation()));
        }
    }

    /**
     * Records a register or list-append event without building its value (about 1 KB of value
     * objects per list-append op otherwise); false for events recorded as values.
     */
    private boolean recordDirectly(ClientEvent event, long now) {
        if (event instanceof ClientEvent.Invoked i && OpCodec.writesDirectly(i.operation())) {
            HistoryRecorder.ValueWriter value = recorder.values();
            OpCodec.writeInvokeValue(i.operation().command(), value);
            recorder.invoke(now, i.process(), OpCodec.f(i.operation()), value);
        } else if (event instanceof ClientEvent.Completed c && OpCodec.writesDirectly(c.operation())) {
            HistoryRecorder.ValueWriter value = recorder.values();
            Result result = c.results().get(0);
            OpCodec.writeCompletionValue(c.operation().command(), result, value);
            if (OpCodec.completionType(result) == OpType.FAIL) {
                recorder.fail(now, c.process(), value);
            } else {
                recorder.ok(now, c.process(), value);
            }
        } else if (event instanceof ClientEvent.TimedOut t && OpCodec.writesDirectly(t.operation())) {
            HistoryRecorder.ValueWriter value = recorder.values();
            OpCodec.writeInvokeValue(t.operation().command(), value);
            recorder.info(now, t.process(), value);
        } else {
            return false;
        }
        return true;
    }

    /** The nemesis events the history records. */
    @Override
    public java.util.Set<io.paxsim.sim.trace.TraceKind> eventKinds() {
        return java.util.EnumSet.of(io.paxsim.sim.trace.TraceKind.CRASH, io.paxsim.sim.trace.TraceKind.RESTART, io.paxsim.sim.trace.TraceKind.PAUSE, io.paxsim.sim.trace.TraceKind.RESUME, io.paxsim.sim.trace.TraceKind.FAULT);
    }

    @Override
    public void onEvent(Simulation sim, TraceKind kind, int node, int peer, Object payload) {
        switch (kind) {
            case CRASH, RESTART, PAUSE, RESUME -> recorder.event(sim.nowNanos(), "nemesis",
                    kind.name().toLowerCase(java.util.Locale.ROOT), Value.of(node));
            case FAULT -> {
                if (!isHarnessAction.test(payload)) {
                    recorder.event(sim.nowNanos(), "nemesis", "fault", Value.of(String.valueOf(payload)));
                }
            }
            default -> { }
        }
    }

    public History history() {
        return recorder.history();
    }
}
