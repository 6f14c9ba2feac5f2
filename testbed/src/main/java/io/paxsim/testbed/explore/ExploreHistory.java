package io.paxsim.testbed.explore;

import io.paxsim.history.History;
import io.paxsim.history.HistoryRecorder;
import io.paxsim.history.OpType;
import io.paxsim.history.Value;
import io.paxsim.paxos.api.Command;
import io.paxsim.paxos.api.Result;
import io.paxsim.sim.ExplicitStateHash;
import io.paxsim.sim.random.RandomStream;
import io.paxsim.testbed.history.OpCodec;

/**
 * The client history of one explored path, in the order things happened (explored time is
 * coarse, so the order, not the clock, carries real-time precedence). Its running hash is the
 * world's ghost state: two interleavings whose clients saw the same things in a different
 * cross-client order are different states for linearizability.
 */
final class ExploreHistory implements ExplicitStateHash, io.paxsim.sim.Copyable {
    private HistoryRecorder recorder;
    /**
     * Copy-on-write: set while a copy of this history (or its original) may hold the same recorder;
     * the next write here copies it first. Most explored actions record nothing (only a client's
     * invocations and replies do), so most world copies never copy the recorder. Bookkeeping, not
     * state: the hash leaves it out, as it leaves out the recorder ({@link #recorded} stands for it).
     */
    private boolean recorderShared;
    private long hash = 0x4849535459L;
    private long step;
    /**
     * Everything handed to the recorder, in order (type, time, process, function, value): the
     * recorder's content is a function of that sequence, so this chain tells recorders apart as a
     * walk over its columns would, for the cost of one mix per op instead of a walk per state.
     */
    private long recorded = 0x5245434FL;

    ExploreHistory() {
        this(new HistoryRecorder());
    }

    /**
     * Explicit copy for the explorer (see {@link io.paxsim.sim.Copyable}): the recorder is shared,
     * copy-on-write ({@link #recorderShared}, set on both). Writing the flag here is sound: a
     * history is world-level state, copied only by the thread that owns its world (a shared node
     * state never copies it: it maps its history to its world's).
     */
    @Override
    public ExploreHistory copy(io.paxsim.sim.Copyable.Copies copies) {
        recorderShared = true;
        ExploreHistory h = copies.remember(this, new ExploreHistory(recorder));
        h.recorderShared = true;
        h.hash = hash;
        h.step = step;
        h.recorded = recorded;
        return h;
    }

    private ExploreHistory(HistoryRecorder recorder) {
        this.recorder = recorder;
    }

    void invoked(int process, Command command) {
        String f = OpCodec.f(command);
        Value value = OpCodec.invokeValue(command);
        writableRecorder().invoke(step, process, f, value);
        chain(OpType.INVOKE, process, f, value);
        hash = RandomStream.mix64(hash ^ RandomStream.mix64(process * 2L + 1));
    }

    void completed(int process, Command command, Result result) {
        OpType type = OpCodec.completionType(result);
        Value value = OpCodec.completionValue(command, result);
        if (type == OpType.FAIL) {
            writableRecorder().fail(step, process, value);
        } else {
            type = OpType.OK;
            writableRecorder().ok(step, process, value);
        }
        chain(type, process, null, value);
        hash = RandomStream.mix64(hash ^ RandomStream.mix64(process * 2L + 2));
    }

    /** The recorder, made this history's own first if a copy shares it (see {@link #recorderShared}). */
    private HistoryRecorder writableRecorder() {
        if (recorderShared) {
            recorder = recorder.copy();
            recorderShared = false;
        }
        return recorder;
    }

    private void chain(OpType type, int process, String f, Value value) {
        long h = ExplicitStateHash.mix(recorded, type.ordinal());
        h = ExplicitStateHash.mix(ExplicitStateHash.mix(h, step++), process);
        h = ExplicitStateHash.mix(h, ExplicitStateHash.string(f));
        // Values are records of EDN data: class and printed form say which value it is.
        recorded = ExplicitStateHash.mix(h, ExplicitStateHash.string(value.getClass().getName() + " " + value));
    }

    /** The recorder by what it was handed ({@code recorded}), with the running hash and the step counter. */
    @Override
    public long explicitStateHash() {
        return ExplicitStateHash.mix(ExplicitStateHash.mix(ExplicitStateHash.mix(0x4548L, recorded), hash), step);
    }

    long fingerprint() {
        return hash;
    }

    History history() {
        return recorder.history();
    }

    int size() {
        return recorder.size();
    }
}
