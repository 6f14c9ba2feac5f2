package io.paxsim.testbed.explore;

import io.paxsim.paxos.api.ClientMessage;
import io.paxsim.paxos.api.Command;
import io.paxsim.sim.Context;
import io.paxsim.sim.Message;
import io.paxsim.sim.Node;
import io.paxsim.sim.Timer;
import io.paxsim.sim.TimerId;

import java.util.ArrayList;
import java.util.List;

/**
 * A client of the explored cluster. Its next request is a choice the explorer makes: one
 * zero-delay {@link Send} timer per replica is pending while the client may send, and whichever
 * fires decides where the request goes. It keeps one request outstanding; a {@code NotLeader}
 * with a hint redirects it (a bounded number of times); without a reply the operation stays
 * indeterminate, as a real client's would.
 *
 * <p>Like a real client it also times out and resends: one {@link Retry} timer per replica it may
 * send to is pending from the start. The model lets a retry fire only in the liveness phase ("once
 * faults stop") and only while a request is outstanding, and each firing counts as a timeout: a
 * client that gave up after a {@code NotLeader} without a hint, or whose request was dropped, must
 * not make "eventually client-answered" fail for a correct log. In the main search the timers
 * never fire; set at time 0 and never reset there, they split no state (a retry deadline set at
 * each send would record when the client sent, which the persistent sets rely on not mattering).
 */
final class ExploreClient implements Node, io.paxsim.sim.Copyable, io.paxsim.sim.NodeStateHash {
    /** Send the outstanding request (issuing the next operation first if none is) to {@code replica}. */
    record Send(@io.paxsim.sim.NodeIds int replica) implements Timer, io.paxsim.sim.NodeStateHash {
        /** The explorer's fingerprint of this timer: the replica, as renamed. */
        @Override
        public long nodeStateHash(Hashing h) {
            return io.paxsim.sim.NodeStateHash.mix(0x53454E44L, h.id(replica));
        }
    }

    /** Resend the outstanding request to {@code replica} (the client's request timeout fired). */
    record Retry(@io.paxsim.sim.NodeIds int replica) implements Timer, io.paxsim.sim.NodeStateHash {
        /** The explorer's fingerprint of this timer: the replica, as renamed. */
        @Override
        public long nodeStateHash(Hashing h) {
            return io.paxsim.sim.NodeStateHash.mix(0x52455452L, h.id(replica));
        }
    }

    /** Observed when this client receives the reply to its outstanding request: the "client-answered" goal. */
    record Answered() {
    }

    static final int MAX_REDIRECTS = 2;

    private final int replicas;
    @io.paxsim.sim.NodeIds private final int target;
    private final List<Command> ops;
    private final ExploreHistory history;
    private final List<TimerId> sendTimers = new ArrayList<>();
    private final List<TimerId> retryTimers = new ArrayList<>();
    private Context ctx;
    private int nextOp;
    private long outstanding = -1;
    private int redirectsLeft;

    /** {@code target}: the one replica new requests go to, or -1 for a choice among all. */
    ExploreClient(int replicas, int target, List<Command> ops, ExploreHistory history) {
        this.replicas = replicas;
        this.target = target;
        this.ops = List.copyOf(ops);
        this.history = history;
    }

    /** Explicit copy for the explorer (see {@link io.paxsim.sim.Copyable}): ops and timer ids are immutable. */
    @Override
    public ExploreClient copy(io.paxsim.sim.Copyable.Copies copies) {
        return new ExploreClient(this, copies);
    }

    private ExploreClient(ExploreClient o, io.paxsim.sim.Copyable.Copies copies) {
        copies.remember(o, this);
        this.replicas = o.replicas;
        this.target = o.target;
        this.ops = o.ops;
        this.history = copies.of(o.history);
        sendTimers.addAll(o.sendTimers);
        retryTimers.addAll(o.retryTimers);
        this.ctx = copies.of(o.ctx);
        this.nextOp = o.nextOp;
        this.outstanding = o.outstanding;
        this.redirectsLeft = o.redirectsLeft;
    }

    /**
     * The explorer's fingerprint part of this client (see {@link io.paxsim.sim.NodeStateHash}):
     * every field; the history only by presence, since clients share it and the model's instance
     * hashes it once (the reflective walk hashes it as a constant inside a node); send and retry
     * timers by the names of their timers.
     */
    @Override
    public long nodeStateHash(Hashing h) {
        long x = io.paxsim.sim.NodeStateHash.mix(history == null ? 0x434C4E54L : 0x484953L, replicas);
        x = io.paxsim.sim.NodeStateHash.mix(io.paxsim.sim.NodeStateHash.mix(x, h.id(target)), h.value(ops));
        x = mixTimers(mixTimers(x, sendTimers, h), retryTimers, h);
        x = io.paxsim.sim.NodeStateHash.mix(io.paxsim.sim.NodeStateHash.mix(x, h.value(ctx)), nextOp);
        return io.paxsim.sim.NodeStateHash.mix(io.paxsim.sim.NodeStateHash.mix(x, outstanding), redirectsLeft);
    }

    /** {@code x} mixed with a timer list: its size, then each timer's name. */
    private static long mixTimers(long x, List<TimerId> timers, Hashing h) {
        x = io.paxsim.sim.NodeStateHash.mix(x, timers.size());
        for (TimerId id : timers) {
            x = io.paxsim.sim.NodeStateHash.mix(x, h.timer(id));
        }
        return x;
    }

    /**
     * True while this client has sent nothing and its next operation is a write: no replica can
     * send it anything before it acts, and no property judges when a write was sent (read
     * freshness judges a read's send time; linearizability orders clients' events, see
     * {@link PaxosExploreModel}).
     */
    boolean unsentWrite() {
        return nextOp == 0 && !ops.isEmpty() && ops.get(0) instanceof Command.Write;
    }

    /** True once this client sent its first request. */
    boolean hasSent() {
        return nextOp > 0;
    }

    @Override
    public void onStart(Context context) {
        ctx = context;
        offerSends();
        if (!ops.isEmpty()) {
            offerRetries();
        }
    }

    /** True while a request is outstanding: the model lets a {@link Retry} fire only then (and in the liveness phase). */
    boolean awaitingReply() {
        return outstanding >= 0;
    }

    @Override
    public void onRecover(Context context) {
        throw new AssertionError("explored clients do not crash");
    }

    @Override
    public void onMessage(Context context, int from, Message message) {
        ctx = context;
        if (message instanceof ClientMessage.Reply r) {
            if (r.sequence() != outstanding + 1 || outstanding < 0) {
                return; // a duplicate or late reply to an operation already answered
            }
            history.completed(ctx.self(), ops.get(nextOp - 1), r.result());
            outstanding = -1;
            ctx.observe(new Answered());
            offerSends();
        } else if (message instanceof ClientMessage.NotLeader n) {
            if (n.sequence() == outstanding + 1 && outstanding >= 0 && n.leaderHint() >= 0 && redirectsLeft > 0) {
                redirectsLeft--;
                send(n.leaderHint());
            }
        } else {
            throw new AssertionError("client " + ctx.self() + " got unexpected message " + message + " from " + from);
        }
    }

    @Override
    public void onTimer(Context context, Timer timer) {
        ctx = context;
        if (timer instanceof Send s) {
            issueNext(s.replica());
        } else if (timer instanceof Retry r) {
            if (outstanding < 0) {
                throw new AssertionError("client " + ctx.self() + " retried with no request outstanding");
            }
            cancelAll(retryTimers);
            redirectsLeft = MAX_REDIRECTS;
            send(r.replica());
            offerRetries();
        } else {
            throw new AssertionError("client " + ctx.self() + " got unexpected timer " + timer);
        }
    }

    private void issueNext(int replica) {
        cancelAll(sendTimers);
        Command command = ops.get(nextOp);
        outstanding = nextOp;
        nextOp++;
        redirectsLeft = MAX_REDIRECTS;
        history.invoked(ctx.self(), command);
        send(replica);
    }

    private void cancelAll(List<TimerId> timers) {
        for (TimerId id : timers) {
            ctx.cancelTimer(id);
        }
        timers.clear();
    }

    private void send(int replica) {
        Command command = ops.get((int) outstanding);
        ctx.send(replica, new ClientMessage.Request(ctx.self(), outstanding + 1, command));
    }

    private void offerSends() {
        if (nextOp < ops.size()) {
            offerPerReplica(sendTimers, Send::new);
        }
    }

    /** The request timeouts (see the class comment). */
    private void offerRetries() {
        offerPerReplica(retryTimers, Retry::new);
    }

    /** One zero-delay timer per replica a request may go to, its ids added to {@code timers}. */
    private void offerPerReplica(List<TimerId> timers, java.util.function.IntFunction<Timer> timerFor) {
        for (int r = 0; r < replicas; r++) {
            if (target < 0 || r == target) {
                timers.add(ctx.setTimer(0, timerFor.apply(r)));
            }
        }
    }
}
