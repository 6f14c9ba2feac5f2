package io.paxsim.testbed.pipeline;

import io.paxsim.history.Call;
import io.paxsim.history.OpType;
import io.paxsim.sim.Context;
import io.paxsim.sim.Message;
import io.paxsim.testbed.load.LoadModel;
import org.junit.jupiter.api.Test;

import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jepsen client semantics against servers that misbehave on purpose. */
class ClientSemanticsTest {
    @Test
    void aServerThatNeverAnswersGivesInfoOpsFreshProcessesAndALivenessFailure() {
        ClusterFactory silent = s -> Cluster.simple(id -> new ToyReplica(false) {
            @Override
            public void onMessage(Context ctx, int from, Message message) {
                // Swallows every request: the cluster is up but makes no progress.
            }
        });
        Scenario s = Scenario.defaults(4).withNodes(3).withSafetyNanos(3_000_000_000L)
                .withLoad(new LoadModel.ClosedLoop(2, 0));
        RunResult r = new Pipeline(silent, x -> ScheduledFaults.none()).run(s, RunOptions.quiet());
        assertEquals(Failure.Kind.LIVENESS, r.failure().kind(), r.failure().message());
        TreeSet<Long> processes = new TreeSet<>();
        for (Call c : r.history().calls()) {
            assertEquals(OpType.INFO, c.outcome(), c.toString());
            processes.add(c.process());
        }
        // Each op times out after 1 s; each timeout hands the client to process p + 2.
        assertTrue(processes.containsAll(java.util.List.of(0L, 1L, 2L, 3L, 4L, 5L)), processes.toString());
    }

    @Test
    void retriesReuseTheSessionSoADroppedReplyDoesNotApplyTwice() {
        // Every reply's first copy is lost: clients must retry the same (clientId, sequence).
        ClusterFactory lossy = s -> Cluster.simple(id -> new ToyReplica(false) {
            private final java.util.TreeSet<String> answered = new java.util.TreeSet<>();

            @Override
            public void onMessage(Context ctx, int from, Message message) {
                var request = (io.paxsim.paxos.api.ClientMessage.Request) message;
                if (ctx.self() == 0 && answered.add(request.clientId() + "/" + request.sequence())) {
                    super.onMessage(new DroppingContext(ctx), from, message);
                    return;
                }
                super.onMessage(ctx, from, message);
            }
        });
        Scenario s = Scenario.defaults(8).withNodes(3).withOpLimit(300).withWorkload("list-append");
        RunResult r = new Pipeline(lossy, x -> ScheduledFaults.none()).run(s, RunOptions.quiet());
        assertTrue(r.passed(), () -> String.valueOf(r.failure()));
        java.util.TreeMap<String, Integer> seen = new java.util.TreeMap<>();
        int finalReads = 0;
        for (Call c : r.history().calls()) {
            assertFalse(c.isIndeterminate(), c.toString());
        }
        // The final reads (invoked after healing) contain each appended element exactly once.
        for (Call c : r.history().calls()) {
            var ops = ((io.paxsim.history.Value.Txn) c.value()).ops();
            if (c.invoke().timeNanos() < r.healAtNanos() || ops.size() <= 4) {
                continue; // workload txns have 1-4 micro-ops; final reads read up to 16 keys at once
            }
            finalReads++;
            for (io.paxsim.history.MicroOp op : ops) {
                for (io.paxsim.history.Value v : ((io.paxsim.history.Value.Vec) op.value()).items()) {
                    assertEquals(null, seen.put(op.key() + "/" + v, 1), "duplicate " + op.key() + " " + v);
                }
            }
        }
        assertTrue(finalReads > 0 && seen.size() > 300, finalReads + " final reads saw " + seen.size() + " elements");
    }

    /** Forwards everything except sends, which it drops. */
    private record DroppingContext(Context inner) implements Context {
        @Override public int self() { return inner.self(); }
        @Override public int[] peers() { return inner.peers(); }
        @Override public long localTimeNanos() { return inner.localTimeNanos(); }
        @Override public void send(int to, Message message) { }
        @Override public void broadcast(Message message) { }
        @Override public io.paxsim.sim.TimerId setTimer(long delayNanos, io.paxsim.sim.Timer timer) { return inner.setTimer(delayNanos, timer); }
        @Override public void cancelTimer(io.paxsim.sim.TimerId id) { inner.cancelTimer(id); }
        @Override public io.paxsim.sim.disk.NodeDisk disk() { return inner.disk(); }
        @Override public io.paxsim.sim.random.RandomStream random() { return inner.random(); }
        @Override public boolean buggify(String pointName) { return false; }
        @Override public void observe(Object observation) { inner.observe(observation); }
        @Override public boolean isLogEnabled(io.paxsim.sim.LogLevel level) { return false; }
        @Override public void log(io.paxsim.sim.LogLevel level, String format, Object... args) { }
    }
}
