package io.paxsim.paxos;

import io.paxsim.sim.Context;
import io.paxsim.sim.LogLevel;
import io.paxsim.sim.Message;
import io.paxsim.sim.Timer;
import io.paxsim.sim.TimerId;
import io.paxsim.sim.disk.NodeDisk;
import io.paxsim.sim.random.RandomStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An acceptor whose synced vote was damaged in both mirrors repairs the slot by learning its
 * chosen value; from then on it holds the slot only as chosen, with no vote. Its vote may have
 * been one of the quorum that chose the value, so its promises must still report the value there,
 * or a new leader whose other promisers never voted in that slot could choose another value.
 */
class PromiseReportsRepairedSlotTest {
    /** One replica's world, driven by hand: its sends are captured, its fsyncs complete on demand. */
    static final class HandContext implements Context {
        final WalRecoveryTest.Disk disk = new WalRecoveryTest.Disk(1.0, 0);
        final List<Message> sent = new ArrayList<>();
        final RandomStream random = RandomStream.derive(1, "node/1");
        long timers;

        public int self() { return 1; }
        public int[] peers() { return new int[] {0, 2}; }
        public long localTimeNanos() { return 0; }
        public void send(int to, Message message) { sent.add(message); }
        public void broadcast(Message message) { sent.add(message); }
        public TimerId setTimer(long delayNanos, Timer timer) { return new TimerId(++timers); }
        public void cancelTimer(TimerId id) { }
        public NodeDisk disk() { return disk; }
        public RandomStream random() { return random; }
        public boolean buggify(String pointName) { return false; }
        public void observe(Object observation) { }
        public boolean isLogEnabled(LogLevel level) { return false; }
        public void log(LogLevel level, String format, Object... args) { }

        /** Completes fsyncs (and those their completions issue) until none is pending. */
        void syncAll(PaxosReplica replica) {
            while (!disk.pendingFsyncs.isEmpty()) {
                replica.onDiskDone(this, disk.complete(disk.pendingFsyncs.firstKey()));
            }
        }
    }

    @Test
    void promiseReportsTheChosenValueOfASlotWhoseVoteWasRepaired() {
        PaxosConfig config = PaxosConfig.defaults(3);
        HandContext ctx = new HandContext();
        Batch value = Batch.NOOP;
        PaxosReplica before = new PaxosReplica(config, 1);
        before.onStart(ctx);
        before.onMessage(ctx, 0, new PaxosMessage.Accept(new Ballot(1, 0), 1, value, 0));
        ctx.syncAll(before);
        assertTrue(ctx.sent.contains(new PaxosMessage.Accepted(new Ballot(1, 0), 1, 1)), "voted: " + ctx.sent);

        ctx.disk.sim.crash();
        ProtocolAwareRecoveryTest.corruptFirstAcceptedRecord(ctx.disk.sim, "wal.0.a", "wal.0.b");
        PaxosReplica after = new PaxosReplica(config, 1);
        after.onRecover(ctx);
        assertEquals(1, after.damagedSlotCount(), "the damaged vote is known by its header");

        after.onMessage(ctx, 0, new PaxosMessage.CatchUpReply(List.of(new PaxosMessage.ChosenEntry(1, value)), null));
        ctx.syncAll(after);
        assertEquals(0, after.damagedSlotCount(), "repaired from the chosen value");

        ctx.sent.clear();
        after.onMessage(ctx, 2, new PaxosMessage.Prepare(new Ballot(2, 2), 1));
        ctx.syncAll(after);
        PaxosMessage.Promise promise = (PaxosMessage.Promise) ctx.sent.stream()
                .filter(m -> m instanceof PaxosMessage.Promise).findFirst().orElseThrow();
        boolean reported = promise.accepted().stream().anyMatch(e -> e.slot() == 1 && e.value().equals(value))
                || promise.chosen().stream().anyMatch(e -> e.slot() == 1 && e.value().equals(value));
        assertTrue(reported, "the promise leaves out slot 1, whose vote this acceptor cast and lost: " + promise);
    }
}
