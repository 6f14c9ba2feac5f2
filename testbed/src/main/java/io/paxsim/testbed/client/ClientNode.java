package io.paxsim.testbed.client;

import io.paxsim.paxos.api.ClientMessage;
import io.paxsim.paxos.api.Command;
import io.paxsim.paxos.api.MicroOp;
import io.paxsim.paxos.api.Result;
import io.paxsim.sim.Context;
import io.paxsim.sim.LogLevel;
import io.paxsim.sim.Message;
import io.paxsim.sim.Node;
import io.paxsim.sim.Timer;
import io.paxsim.sim.TimerId;
import io.paxsim.sim.random.RandomStream;
import io.paxsim.testbed.load.Arrivals;
import io.paxsim.testbed.load.LoadModel;
import io.paxsim.testbed.workload.Operation;
import io.paxsim.testbed.workload.WorkloadProcess;

import java.util.ArrayList;
import java.util.List;

/**
 * A client node hosting one Jepsen process at a time: one outstanding operation; the same
 * (clientId, sequence) is retried on a per-attempt timer, following NotLeader hints; an operation
 * past its overall timeout is published as indeterminate and the process is replaced by a fresh
 * one (process + clientCount, a new client id and session), as Jepsen does.
 *
 * <p>Routing: writes go to the replica last known to lead (the one that answered the last write).
 * Read-only commands go first to the client's home replica (client index mod n), as a Jepsen process
 * bound to its own node would: a correct replica that is not leader passes them on to its leader (or
 * answers NotLeader when it knows none), while a deposed leader that still believes it
 * leads (cut off from the majority, which has meanwhile elected a successor and taken writes) answers
 * them itself; without this, every client drifts to the new leader on its first timed-out write and a
 * broken read path is only exposed by luck. A home replica that lets a read attempt time out is
 * skipped for {@link #HOME_RETRY_NANOS}.
 *
 * <p>Draws come from the substreams {@code client/<i>/ops} and {@code client/<i>/arrivals}, so the
 * workload's choices do not shift with the network's or each other's.
 */
final class ClientNode implements Node {
    /** How long reads skip a home replica that let an attempt time out (crashed, paused, cut off). */
    static final long HOME_RETRY_NANOS = 200_000_000L;
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final ClientFleet fleet;
    private final int clientIndex;
    private Context ctx;
    private RandomStream opRandom;
    private RandomStream arrivalRandom;

    private long process;
    private WorkloadProcess workloadProcess;
    private long sequence;
    private long operationNumber;
    private Operation current;
    private int commandIndex;
    private final List<Result> results = new ArrayList<>();
    private boolean currentIsFinalRead;
    private int attempt;
    private int targetReplicaIndex;
    private int leaderGuessIndex;
    private final int homeReplicaIndex;
    private long homeSkippedUntilNanos;
    /** The pending Backoff timer, or null. */
    private TimerId backoffTimer;
    /** Local time by which the current attempt must be answered ({@link #NO_DEADLINE} while backing off or idle). */
    private long attemptDeadlineNanos = NO_DEADLINE;
    /** Local time by which the current operation must complete ({@link #NO_DEADLINE} when idle). */
    private long operationDeadlineNanos = NO_DEADLINE;
    /** The pending {@link ClientTimer.DeadlineCheck}, or null, and the local time it was armed for. */
    private TimerId deadlineTimer;
    private long deadlineTimerAtNanos;
    private long backlog;

    ClientNode(ClientFleet fleet, int clientIndex) {
        this.fleet = fleet;
        this.clientIndex = clientIndex;
        this.process = clientIndex;
        this.homeReplicaIndex = clientIndex % fleet.replicas().length;
        this.targetReplicaIndex = homeReplicaIndex;
        this.leaderGuessIndex = homeReplicaIndex;
    }

    // ---- lifecycle -------------------------------------------------------------------------

    @Override
    public void onStart(Context context) {
        this.ctx = context;
        long seed = context.random().nextLong();
        this.opRandom = RandomStream.derive(seed, "client/" + clientIndex + "/ops");
        this.arrivalRandom = RandomStream.derive(seed, "client/" + clientIndex + "/arrivals");
        this.workloadProcess = fleet.workload().newProcess(process);
        if (fleet.load() instanceof LoadModel.OpenLoop open) {
            scheduleArrival(open);
        } else {
            issueNext();
        }
    }

    @Override
    public void onRecover(Context context) {
        throw new AssertionError("client nodes are never crashed (node " + context.self() + ")");
    }

    /** The pipeline's final-read phase: take queued reads until none are left. */
    void startFinalReads() {
        if (current == null) {
            issueNext();
        }
    }

    // ---- messages ----------------------------------------------------------------------------

    @Override
    public void onMessage(Context context, int from, Message message) {
        if (!(message instanceof ClientMessage reply)) {
            throw new AssertionError("client " + clientIndex + " got a non-client message " + message + " from " + from);
        }
        if (current == null || reply.clientId() != process || reply.sequence() != sequence) {
            return; // a late or duplicated answer to an attempt already settled
        }
        if (reply instanceof ClientMessage.Reply r) {
            complete(r, from);
        } else if (reply instanceof ClientMessage.NotLeader n) {
            redirect(n, from);
        } else {
            throw new AssertionError("client " + clientIndex + " got a request " + reply + " from " + from);
        }
    }

    private void complete(ClientMessage.Reply reply, int from) {
        Command command = current.commands().get(commandIndex);
        if (ctx.isLogEnabled(LogLevel.DEBUG)) {
            ctx.log(LogLevel.DEBUG, "p{} seq {} ok from n{}: {} -> {}", process, sequence, from, command, reply.result());
        }
        workloadProcess.completed(command, reply.result());
        results.add(reply.result());
        int answeredBy = indexOf(fleet.replicas(), from);
        if (!isReadOnly(command) && answeredBy >= 0) {
            // The replica that answered, not the one asked: a follower passes a request on to its leader.
            leaderGuessIndex = answeredBy;
        }
        if (++commandIndex < current.commands().size()) {
            sequence++;
            attempt = 0;
            route();
            sendAttempt();
            return;
        }
        boolean wasFinalRead = currentIsFinalRead;
        ctx.observe(new ClientEvent.Completed(process, current, results, from));
        settle();
        long thinkNanos = fleet.load() instanceof LoadModel.ClosedLoop closed ? closed.thinkNanos() : 0;
        if (thinkNanos > 0 && !wasFinalRead) {
            ctx.setTimer(thinkNanos, new ClientTimer.ThinkOver());
        } else {
            issueNext();
        }
    }

    private void redirect(ClientMessage.NotLeader notLeader, int from) {
        int[] replicas = fleet.replicas();
        int hinted = indexOf(replicas, notLeader.leaderHint());
        if (ctx.isLogEnabled(LogLevel.DEBUG)) {
            ctx.log(LogLevel.DEBUG, "p{} seq {}: n{} is not the leader (hint n{})", process, sequence, from,
                    notLeader.leaderHint());
        }
        if (hinted >= 0 && replicas[hinted] != from) {
            targetReplicaIndex = hinted;
            leaderGuessIndex = hinted;
            sendAttempt();
        } else {
            targetReplicaIndex = (targetReplicaIndex + 1) % replicas.length;
            leaderGuessIndex = targetReplicaIndex;
            attemptDeadlineNanos = NO_DEADLINE; // the backoff's own timer sends the next attempt
            cancel(backoffTimer);
            backoffTimer = ctx.setTimer(fleet.timeouts().noLeaderBackoffNanos(),
                    new ClientTimer.Backoff(process, sequence, attempt));
        }
    }

    // ---- timers ------------------------------------------------------------------------------

    @Override
    public void onTimer(Context context, Timer timer) {
        if (!(timer instanceof ClientTimer t)) {
            throw new AssertionError("client " + clientIndex + " got a foreign timer " + timer);
        }
        if (t instanceof ClientTimer.DeadlineCheck) {
            deadlinesDue();
        } else if (t instanceof ClientTimer.Backoff b) {
            backoffTimer = null;
            if (isCurrent(b.clientId(), b.sequence()) && b.attempt() == attempt) {
                sendAttempt();
            }
        } else if (t instanceof ClientTimer.ThinkOver) {
            if (current == null) {
                issueNext(); // else a final read started while this process was thinking
            }
        } else if (t instanceof ClientTimer.Arrival) {
            arrive((LoadModel.OpenLoop) fleet.load());
        } else {
            throw new AssertionError("unhandled client timer " + t);
        }
    }

    /**
     * The deadline timer fired: what was due by the time it was armed for has expired (the runtime judged
     * that time reached, on this node's clock), then the timer is armed for the next deadline.
     */
    private void deadlinesDue() {
        long due = deadlineTimerAtNanos;
        deadlineTimer = null;
        if (current != null && operationDeadlineNanos <= due) {
            timeOut();
        } else if (current != null && attemptDeadlineNanos <= due) {
            attemptExpired();
        }
        armDeadlineTimer();
    }

    private void attemptExpired() {
        // Only a read the home let time out means it is down or cut off from clients; a write timing
        // out there (a deposed leader that cannot commit) must not steer reads away from it.
        if (targetReplicaIndex == homeReplicaIndex && isReadOnly(current.commands().get(commandIndex))) {
            homeSkippedUntilNanos = ctx.localTimeNanos() + HOME_RETRY_NANOS;
        }
        targetReplicaIndex = (targetReplicaIndex + 1) % fleet.replicas().length;
        leaderGuessIndex = targetReplicaIndex;
        sendAttempt();
    }

    /** Makes sure the deadline timer fires by the earliest deadline; a timer already armed earlier stays. */
    private void armDeadlineTimer() {
        if (current == null) {
            return;
        }
        long next = Math.min(attemptDeadlineNanos, operationDeadlineNanos);
        if (next == NO_DEADLINE || (deadlineTimer != null && deadlineTimerAtNanos <= next)) {
            return;
        }
        cancel(deadlineTimer);
        long now = ctx.localTimeNanos();
        deadlineTimerAtNanos = next;
        deadlineTimer = ctx.setTimer(Math.max(0, next - now), new ClientTimer.DeadlineCheck());
    }

    private void timeOut() {
        ctx.log(LogLevel.INFO, "p{} seq {} timed out after {} attempts: {} is indeterminate; process p{} takes over",
                process, sequence, attempt, current, process + fleet.clientCount());
        ctx.observe(new ClientEvent.TimedOut(process, current));
        boolean wasFinalRead = currentIsFinalRead;
        settle();
        if (wasFinalRead) {
            fleet.finalReadTimedOut();
        }
        process += fleet.clientCount();
        workloadProcess = fleet.workload().newProcess(process);
        sequence = 0;
        issueNext();
    }

    private void arrive(LoadModel.OpenLoop open) {
        if (fleet.takeOperation()) {
            if (backlog >= open.backlogLimit()) {
                ctx.observe(new ClientEvent.Shed(process));
            } else {
                ctx.observe(new ClientEvent.Arrived(process));
                backlog++;
                fleet.arrivalQueued();
                if (current == null) {
                    issueNext();
                }
            }
        }
        if (fleet.issuing()) {
            scheduleArrival(open);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Starts the next operation: a queued final read first, else workload load if allowed. */
    private void issueNext() {
        assert current == null : "client " + clientIndex + " already has " + current + " outstanding";
        Operation finalRead = fleet.takeFinalRead();
        if (finalRead != null) {
            invoke(finalRead, true);
        } else if (fleet.load() instanceof LoadModel.OpenLoop) {
            if (backlog > 0) {
                backlog--;
                fleet.arrivalTaken();
                invoke(workloadProcess.nextOperation(opRandom), false);
            }
        } else if (fleet.takeOperation()) {
            invoke(workloadProcess.nextOperation(opRandom), false);
        }
    }

    private void invoke(Operation operation, boolean finalRead) {
        current = operation;
        currentIsFinalRead = finalRead;
        commandIndex = 0;
        results.clear();
        sequence++;
        operationNumber++;
        attempt = 0;
        fleet.invoked();
        ctx.observe(new ClientEvent.Invoked(process, operation));
        if (ctx.isLogEnabled(LogLevel.DEBUG)) {
            ctx.log(LogLevel.DEBUG, "p{} seq {} invoke {}{}", process, sequence, operation, finalRead ? " (final read)" : "");
        }
        operationDeadlineNanos = ctx.localTimeNanos() + fleet.timeouts().operationNanos();
        route();
        sendAttempt();
    }

    /** Picks the first replica for the current command: home for reads (unless skipped), else the leader guess. */
    private void route() {
        boolean homeRead = isReadOnly(current.commands().get(commandIndex))
                && ctx.localTimeNanos() >= homeSkippedUntilNanos;
        targetReplicaIndex = homeRead ? homeReplicaIndex : leaderGuessIndex;
    }

    private static boolean isReadOnly(Command c) {
        if (c instanceof Command.Read || c instanceof Command.LogRead) {
            return true;
        }
        if (!(c instanceof Command.Txn t)) {
            return false;
        }
        List<MicroOp> ops = t.ops();
        for (int i = 0; i < ops.size(); i++) { // asked twice per list-append op: no stream, no lambda
            if (!(ops.get(i) instanceof MicroOp.ReadList)) {
                return false;
            }
        }
        return true;
    }

    private void sendAttempt() {
        attempt++;
        cancel(backoffTimer);
        backoffTimer = null;
        ctx.send(fleet.replicas()[targetReplicaIndex],
                new ClientMessage.Request(process, sequence, current.commands().get(commandIndex)));
        attemptDeadlineNanos = ctx.localTimeNanos() + fleet.timeouts().attemptNanos();
        armDeadlineTimer();
    }

    private void settle() {
        if (currentIsFinalRead) {
            fleet.finalReadFinished();
        }
        current = null;
        currentIsFinalRead = false;
        cancel(backoffTimer);
        backoffTimer = null;
        attemptDeadlineNanos = NO_DEADLINE;
        operationDeadlineNanos = NO_DEADLINE;
        fleet.finished();
    }

    private void scheduleArrival(LoadModel.OpenLoop open) {
        long now = ctx.localTimeNanos();
        long at = Arrivals.nextArrivalNanos(open.rate(), open.clients(), now, arrivalRandom);
        ctx.setTimer(at - now, new ClientTimer.Arrival());
    }

    private boolean isCurrent(long clientId, long seq) {
        return current != null && clientId == process && seq == sequence;
    }

    private void cancel(TimerId id) {
        if (id != null) {
            ctx.cancelTimer(id);
        }
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
