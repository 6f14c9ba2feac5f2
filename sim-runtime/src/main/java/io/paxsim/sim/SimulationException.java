package io.paxsim.sim;

/** A node handler threw (an assertion in protocol code, usually): the run is over and the cause kept. */
public final class SimulationException extends RuntimeException {
    private final int node;
    private final long timeNanos;

    public SimulationException(int node, long timeNanos, String what, Throwable cause) {
        super("node " + node + " at t=" + timeNanos + "ns failed while handling " + what + ": " + cause, cause);
        this.node = node;
        this.timeNanos = timeNanos;
    }

    public int node() {
        return node;
    }

    public long timeNanos() {
        return timeNanos;
    }
}
