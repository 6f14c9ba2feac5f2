package io.paxsim.faults;

import io.paxsim.sim.Context;
import io.paxsim.sim.Message;
import io.paxsim.sim.Node;
import io.paxsim.sim.Timer;
import io.paxsim.sim.disk.DiskDone;
import io.paxsim.sim.disk.DiskReadException;

import java.nio.ByteBuffer;

/**
 * A tiny test protocol: every 20 ms of local time each node broadcasts a heartbeat, appends its
 * sequence number to a log file and fsyncs it; on recovery it reads the log back (tolerating
 * latent errors). Enough traffic and disk activity for every fault to bite.
 */
final class HeartbeatNode implements Node {
    static final long PERIOD_NANOS = 20_000_000L;
    static final String LOG = "heartbeats.log";

    sealed interface HeartbeatMessage extends Message {
    }

    record Beat(long sequence) implements HeartbeatMessage {
    }

    record Tick() implements Timer {
    }

    private long sequence;

    @Override
    public void onStart(Context ctx) {
        ctx.setTimer(PERIOD_NANOS, new Tick());
    }

    @Override
    public void onRecover(Context ctx) {
        try {
            sequence = ctx.disk().size(LOG) / Long.BYTES;
            ctx.disk().readAll(LOG);
        } catch (DiskReadException e) {
            ctx.observe("latent read error in " + LOG);
        }
        ctx.setTimer(PERIOD_NANOS, new Tick());
    }

    @Override
    public void onMessage(Context ctx, int from, Message message) {
        if (!(message instanceof Beat)) {
            throw new AssertionError("unexpected message " + message);
        }
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        if (!(timer instanceof Tick)) {
            throw new AssertionError("unexpected timer " + timer);
        }
        sequence++;
        ctx.broadcast(new Beat(sequence));
        ctx.disk().append(LOG, ByteBuffer.allocate(Long.BYTES).putLong(sequence).array());
        ctx.disk().fsync(LOG);
        ctx.setTimer(PERIOD_NANOS, new Tick());
    }

    @Override
    public void onDiskDone(Context ctx, DiskDone done) {
        // Success or EIO alike: the heartbeat log is advisory.
    }
}
