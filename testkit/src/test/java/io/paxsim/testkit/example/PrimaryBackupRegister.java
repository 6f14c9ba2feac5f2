package io.paxsim.testkit.example;

import io.paxsim.paxos.api.ClientMessage;
import io.paxsim.paxos.api.Command;
import io.paxsim.paxos.api.Result;
import io.paxsim.sim.Context;
import io.paxsim.sim.Message;
import io.paxsim.sim.Node;
import io.paxsim.sim.Timer;

import java.util.Map;
import java.util.TreeMap;

/**
 * The README's example of testing your own protocol: a primary-backup key-value register, written
 * as a pure paxsim {@link Node}. Replica 0 is the primary: it applies a write, replicates it to
 * every backup (resending until acknowledged) and answers once every backup has it; it answers
 * reads itself. Backups apply replicated writes in order and send clients to the primary.
 * {@code backupAnswersReads} plants the classic bug: a backup answers reads from its own, possibly
 * stale, copy. No durable state: test it under network faults only.
 */
public final class PrimaryBackupRegister implements Node {
    static final int PRIMARY = 0;
    private static final long RESEND_NANOS = 5_000_000L;

    /** Replication traffic between the primary and the backups. */
    sealed interface Replication extends Message {
    }

    /** Write number {@code index}: set {@code key} to {@code value}. */
    record Replicate(long index, String key, long value) implements Replication {
    }

    /** The backup has applied every write through {@code index}. */
    record Ack(long index) implements Replication {
    }

    record Resend() implements Timer {
    }

    /** Published when the primary resends to a backup that missed writes (a "sometimes" goal of the tests). */
    public record ResentToLaggingBackup(int backup, long fromIndex) {
    }

    /** A write waiting for every backup: who to answer and with what. */
    private record Pending(int client, long clientId, long sequence, Result result) {
    }

    private final boolean backupAnswersReads;
    private final TreeMap<String, Long> registers = new TreeMap<>();
    // primary
    private final TreeMap<Long, Replicate> log = new TreeMap<>();
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private final TreeMap<Integer, Long> ackedThrough = new TreeMap<>();
    private final TreeMap<Long, Map.Entry<Long, Result>> sessions = new TreeMap<>();
    private final TreeMap<Long, Long> inFlight = new TreeMap<>();
    // backup
    private final TreeMap<Long, Replicate> early = new TreeMap<>();
    private long appliedThrough;

    public PrimaryBackupRegister(boolean backupAnswersReads) {
        this.backupAnswersReads = backupAnswersReads;
    }

    @Override
    public void onStart(Context ctx) {
        if (ctx.self() == PRIMARY) {
            for (int peer : ctx.peers()) {
                if (peer != PRIMARY) {
                    ackedThrough.put(peer, 0L);
                }
            }
            ctx.setTimer(RESEND_NANOS, new Resend());
        }
    }

    @Override
    public void onRecover(Context ctx) {
        throw new AssertionError("primary-backup keeps no durable state; test it without crashes");
    }

    @Override
    public void onMessage(Context ctx, int from, Message message) {
        if (message instanceof ClientMessage.Request request) {
            if (ctx.self() == PRIMARY) {
                onClientRequest(ctx, from, request);
            } else if (backupAnswersReads && request.command() instanceof Command.Read read) {
                ctx.send(from, new ClientMessage.Reply(request.clientId(), request.sequence(),
                        new Result.ReadResult(registers.get(read.key()))));
            } else {
                ctx.send(from, new ClientMessage.NotLeader(request.clientId(), request.sequence(), PRIMARY));
            }
        } else if (message instanceof Replicate r) {
            onReplicate(ctx, from, r);
        } else if (message instanceof Ack a) {
            onAck(ctx, from, a);
        } else {
            throw new AssertionError("unexpected message " + message + " from " + from);
        }
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        if (!(timer instanceof Resend)) {
            throw new AssertionError("unexpected timer " + timer);
        }
        ackedThrough.forEach((backup, acked) -> {
            if (!log.tailMap(acked, false).isEmpty()) {
                ctx.observe(new ResentToLaggingBackup(backup, acked + 1));
            }
            for (Replicate r : log.tailMap(acked, false).values()) {
                ctx.send(backup, r);
            }
        });
        ctx.setTimer(RESEND_NANOS, new Resend());
    }

    // ---- primary ------------------------------------------------------------------------------

    private void onClientRequest(Context ctx, int from, ClientMessage.Request request) {
        Map.Entry<Long, Result> last = sessions.get(request.clientId());
        if (last != null && last.getKey() == request.sequence()) {
            ctx.send(from, new ClientMessage.Reply(request.clientId(), request.sequence(), last.getValue()));
            return;
        }
        Long waiting = inFlight.get(request.clientId());
        if ((last != null && last.getKey() > request.sequence()) || (waiting != null && waiting == request.sequence())) {
            return; // an old retry, or a retry of a write still waiting for the backups
        }
        Command c = request.command();
        if (c instanceof Command.Read r) {
            reply(ctx, from, request, new Result.ReadResult(registers.get(r.key())));
        } else if (c instanceof Command.Write w) {
            replicate(ctx, from, request, w.key(), w.value(), new Result.WriteOk());
        } else if (c instanceof Command.Cas cas) {
            Long current = registers.get(cas.key());
            if (current != null && current == cas.expected()) {
                replicate(ctx, from, request, cas.key(), cas.update(), new Result.CasResult(true));
            } else {
                reply(ctx, from, request, new Result.CasResult(false));
            }
        } else {
            throw new AssertionError("a register serves read, write and cas, not " + c);
        }
    }

    private void replicate(Context ctx, int from, ClientMessage.Request request, String key, long value, Result result) {
        registers.put(key, value);
        long index = log.isEmpty() ? 1 : log.lastKey() + 1;
        Replicate r = new Replicate(index, key, value);
        log.put(index, r);
        pending.put(index, new Pending(from, request.clientId(), request.sequence(), result));
        inFlight.put(request.clientId(), request.sequence());
        ackedThrough.keySet().forEach(backup -> ctx.send(backup, r));
        answerReplicated(ctx);
    }

    private void onAck(Context ctx, int from, Ack a) {
        ackedThrough.merge(from, a.index(), Math::max);
        answerReplicated(ctx);
    }

    /** Answers every write that every backup has applied. */
    private void answerReplicated(Context ctx) {
        long everywhere = ackedThrough.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
        while (!pending.isEmpty() && pending.firstKey() <= everywhere) {
            Pending p = pending.pollFirstEntry().getValue();
            inFlight.remove(p.clientId());
            sessions.put(p.clientId(), Map.entry(p.sequence(), p.result()));
            ctx.send(p.client(), new ClientMessage.Reply(p.clientId(), p.sequence(), p.result()));
        }
    }

    private void reply(Context ctx, int to, ClientMessage.Request request, Result result) {
        sessions.put(request.clientId(), Map.entry(request.sequence(), result));
        ctx.send(to, new ClientMessage.Reply(request.clientId(), request.sequence(), result));
    }

    // ---- backup -------------------------------------------------------------------------------

    private void onReplicate(Context ctx, int from, Replicate r) {
        if (r.index() > appliedThrough) {
            early.put(r.index(), r);
        }
        while (!early.isEmpty() && early.firstKey() == appliedThrough + 1) {
            Replicate next = early.pollFirstEntry().getValue();
            registers.put(next.key(), next.value());
            appliedThrough = next.index();
        }
        ctx.send(from, new Ack(appliedThrough));
    }
}
