package io.paxsim.testbed.client;

import io.paxsim.sim.NodeFactory;
import io.paxsim.testbed.load.LoadModel;
import io.paxsim.testbed.workload.Operation;
import io.paxsim.testbed.workload.Workload;

import java.util.ArrayDeque;
import java.util.List;

/**
 * What the client nodes of one run share: the workload, the load model, the operation budget and
 * the run phase. The pipeline opens and closes issuing; clients ask before each new operation.
 * Single-threaded like the simulation it serves.
 */
public final class ClientFleet {
    private final Workload workload;
    private final LoadModel load;
    private final ClientTimeouts timeouts;
    private final int[] replicas;
    private final int firstClientNode;
    private long opsRemaining;
    private boolean issuing = true;
    private int outstanding;
    private long backlogged;
    private final ArrayDeque<Operation> finalReads = new ArrayDeque<>();
    private int finalReadsOutstanding;
    private int finalReadsTimedOut;

    /** {@code opLimit} 0 means no limit: the pipeline's safety phase decides when issuing stops. */
    public ClientFleet(Workload workload, LoadModel load, ClientTimeouts timeouts, int[] replicas, long opLimit) {
        if (replicas.length == 0) {
            throw new IllegalArgumentException("clients need at least one replica");
        }
        if (opLimit < 0) {
            throw new IllegalArgumentException("operation limit must be >= 0: " + opLimit);
        }
        this.workload = workload;
        this.load = load;
        this.timeouts = timeouts;
        this.replicas = replicas.clone();
        this.firstClientNode = replicas.length;
        this.opsRemaining = opLimit == 0 ? Long.MAX_VALUE : opLimit;
    }

    /** Client nodes take the ids right after the replicas. */
    public NodeFactory nodeFactory() {
        return nodeId -> new ClientNode(this, nodeId - firstClientNode);
    }

    public int clientCount() {
        return load.clients();
    }

    public int firstClientNode() {
        return firstClientNode;
    }

    /** Stops new operations (the safety phase is over); operations in flight keep going. */
    public void stopIssuing() {
        issuing = false;
    }

    public boolean issuing() {
        return issuing && opsRemaining > 0;
    }

    /** Open-loop arrivals waiting for their process to be free: still part of the safety phase's load. */
    public long backlogged() {
        return backlogged;
    }

    /** Operations invoked but not yet completed or timed out. */
    public int outstanding() {
        return outstanding;
    }

    /** Queues the workload's final reads; clients pick them up when the pipeline wakes them. */
    public void queueFinalReads(List<Operation> reads) {
        finalReads.addAll(reads);
        finalReadsOutstanding += reads.size();
    }

    public boolean finalReadsDone() {
        return finalReadsOutstanding == 0;
    }

    public int finalReadsOutstanding() {
        return finalReadsOutstanding;
    }

    /** Final reads that ran out of time: after healing, the cluster should have answered them. */
    public int finalReadsTimedOut() {
        return finalReadsTimedOut;
    }

    // ---- for client nodes ------------------------------------------------------------------

    Workload workload() {
        return workload;
    }

    LoadModel load() {
        return load;
    }

    ClientTimeouts timeouts() {
        return timeouts;
    }

    int[] replicas() {
        return replicas;
    }

    boolean takeOperation() {
        if (!issuing()) {
            return false;
        }
        opsRemaining--;
        return true;
    }

    Operation takeFinalRead() {
        return finalReads.poll();
    }

    void finalReadFinished() {
        assert finalReadsOutstanding > 0 : "more final reads finished than were queued";
        finalReadsOutstanding--;
    }

    void finalReadTimedOut() {
        finalReadsTimedOut++;
    }

    void arrivalQueued() {
        backlogged++;
    }

    void arrivalTaken() {
        assert backlogged > 0 : "took an arrival from an empty backlog";
        backlogged--;
    }

    void invoked() {
        outstanding++;
    }

    void finished() {
        assert outstanding > 0 : "more operations finished than were invoked";
        outstanding--;
    }
}
