package io.paxsim.paxos;

import io.paxsim.paxos.api.ClientMessage;
import io.paxsim.paxos.api.Command;
import io.paxsim.sim.Context;
import io.paxsim.sim.Message;
import io.paxsim.sim.Node;
import io.paxsim.sim.Timer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * A closed-loop client with one request outstanding: sends to a replica, follows NotLeader hints,
 * retries the same (clientId, sequence) on timeout. Counts completions and their latencies.
 */
final class TestClient implements Node {
    private record Retry(long sequence) implements Timer {
    }

    private record Resend(long sequence) implements Timer {
    }

    /** Sees each invocation and definite reply (test-side checkers). */
    interface Listener {
        void invoked(int client, long sequence, Command command);

        void replied(int client, long sequence, Command command, io.paxsim.paxos.api.Result result);
    }

    private Listener listener;
    private final int replicas;
    private final long operations;
    private final LongFunction<Command> commands;
    private final long retryNanos;
    private int target;
    private long sequence;
    private long sentAtNanos;
    private long completed;
    private long stopIssuingAtNanos = Long.MAX_VALUE;
    private boolean finished;
    private final List<Long> latenciesNanos = new ArrayList<>();

    TestClient(int replicas, long operations, LongFunction<Command> commands, long retryNanos) {
        this.replicas = replicas;
        this.operations = operations;
        this.commands = commands;
        this.retryNanos = retryNanos;
    }

    static LongFunction<Command> writes(int keys) {
        return seq -> new Command.Write("k" + (seq % keys), seq);
    }

    /** Issue no new request once the local clock passes {@code nanos} (the outstanding one still completes). */
    TestClient stopIssuingAt(long nanos) {
        this.stopIssuingAtNanos = nanos;
        return this;
    }

    TestClient withListener(Listener l) {
        this.listener = l;
        return this;
    }

    long completed() {
        return completed;
    }

    boolean done() {
        return finished || completed >= operations;
    }

    List<Long> latenciesNanos() {
        return latenciesNanos;
    }

    @Override
    public void onStart(Context ctx) {
        target = ctx.self() % replicas;
        next(ctx);
    }

    @Override
    public void onRecover(Context ctx) {
        throw new AssertionError("test clients are never crashed");
    }

    @Override
    public void onMessage(Context ctx, int from, Message message) {
        if (message instanceof ClientMessage.Reply r) {
            if (r.sequence() == sequence && sentAtNanos >= 0) {
                if (from < replicas) {
                    target = from; // a follower passed the request on: the replier leads
                }
                completed++;
                latenciesNanos.add(ctx.localTimeNanos() - sentAtNanos);
                if (listener != null) {
                    listener.replied(ctx.self(), sequence, commands.apply(sequence), r.result());
                }
                sentAtNanos = -1;
                next(ctx);
            }
        } else if (message instanceof ClientMessage.NotLeader n) {
            if (n.sequence() == sequence && sentAtNanos >= 0) {
                target = n.leaderHint() >= 0 ? n.leaderHint() : (target + 1) % replicas;
                ctx.setTimer(n.leaderHint() >= 0 ? 0 : retryNanos / 10, new Resend(sequence));
            }
        } else {
            throw new AssertionError("client got " + message);
        }
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        if (timer instanceof Retry r) {
            if (r.sequence() == sequence && sentAtNanos >= 0) {
                target = (target + 1) % replicas;
                send(ctx);
            }
        } else if (timer instanceof Resend r) {
            if (r.sequence() == sequence && sentAtNanos >= 0) {
                send(ctx);
            }
        } else {
            throw new AssertionError("client timer " + timer);
        }
    }

    private void next(Context ctx) {
        if (ctx.localTimeNanos() >= stopIssuingAtNanos) {
            finished = true;
        }
        if (done()) {
            return;
        }
        sequence++;
        sentAtNanos = ctx.localTimeNanos();
        if (listener != null) {
            listener.invoked(ctx.self(), sequence, commands.apply(sequence));
        }
        send(ctx);
    }

    private void send(Context ctx) {
        ctx.send(target, new ClientMessage.Request(ctx.self(), sequence, commands.apply(sequence)));
        ctx.setTimer(retryNanos, new Retry(sequence));
    }
}
