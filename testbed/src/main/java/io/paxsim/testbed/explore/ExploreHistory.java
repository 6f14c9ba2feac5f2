package io.paxsim.testbed.explore;

import io.paxsim.history.History;
import io.paxsim.history.HistoryRecorder;
import io.paxsim.history.OpType;
import io.paxsim.paxos.api.Command;
import io.paxsim.paxos.api.Result;
import io.paxsim.sim.random.RandomStream;
import io.paxsim.testbed.history.OpCodec;

/**
 * The client history of one explored path, in the order things happened (explored time is
 * coarse, so the order, not the clock, carries real-time precedence). Its running hash is the
 * world's ghost state: two interleavings whose clients saw the same things in a different
 * cross-client order are different states for linearizability.
 */
final class ExploreHistory implements io.paxsim.sim.Copyable {
    private final HistoryRecorder recorder;
    private long hash = 0x4849535459L;
    private long step;

    ExploreHistory() {
        this.recorder = new HistoryRecorder();
    }

    /** Explicit copy for the explorer (see {@link io.paxsim.sim.Copyable}); the recorder copies itself (HistoryRecorder.copy). */
    @Override
    public ExploreHistory copy(io.paxsim.sim.Copyable.Copies copies) {
        ExploreHistory h = copies.remember(this, new ExploreHistory(recorder.copy()));
        h.hash = hash;
        h.step = step;
        return h;
    }

    private ExploreHistory(HistoryRecorder recorder) {
        this.recorder = recorder;
    }

    void invoked(int process, Command command) {
        recorder.invoke(step++, process, OpCodec.f(command), OpCodec.invokeValue(command));
        hash = RandomStream.mix64(hash ^ RandomStream.mix64(process * 2L + 1));
    }

    void completed(int process, Command command, Result result) {
        OpType type = OpCodec.completionType(result);
        if (type == OpType.FAIL) {
            recorder.fail(step++, process, OpCodec.completionValue(command, result));
        } else {
            recorder.ok(step++, process, OpCodec.completionValue(command, result));
        }
        hash = RandomStream.mix64(hash ^ RandomStream.mix64(process * 2L + 2));
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
