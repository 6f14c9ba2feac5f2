package io.paxsim.testbed.client;

/**
 * Client timing, in simulated nanoseconds.
 *
 * @param attemptNanos     how long one attempt waits for a reply before retrying elsewhere
 * @param operationNanos   how long an operation may take in total before it is recorded {@code info}
 * @param noLeaderBackoffNanos pause after a NotLeader that names no leader
 */
public record ClientTimeouts(long attemptNanos, long operationNanos, long noLeaderBackoffNanos) {
    public ClientTimeouts {
        if (attemptNanos <= 0 || operationNanos < attemptNanos || noLeaderBackoffNanos <= 0) {
            throw new IllegalArgumentException("bad client timeouts: attempt=" + attemptNanos
                    + "ns operation=" + operationNanos + "ns backoff=" + noLeaderBackoffNanos + "ns");
        }
    }

    /** Sized for millisecond heartbeats: an attempt outlives an election; an op outlives several, yet a
     * majority outage of a quarter second leaves it indeterminate, so histories carry :info ops. */
    public static ClientTimeouts defaults() {
        return new ClientTimeouts(5_000_000L, 250_000_000L, 2_000_000L);
    }
}
