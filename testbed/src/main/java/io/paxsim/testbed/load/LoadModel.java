package io.paxsim.testbed.load;

/**
 * How clients generate load. Closed loop: each client process issues its next operation as soon
 * as (plus a think time) the previous one completes. Open loop: operations arrive as a Poisson
 * process whose rate follows a {@link RateProfile}, split evenly over the client nodes (a
 * superposition of Poisson processes is Poisson); an arrival finding its process busy waits in
 * that client's backlog, so latency can be measured from arrival (no coordinated omission).
 */
public sealed interface LoadModel {
    int clients();

    String describe();

    record ClosedLoop(int clients, long thinkNanos) implements LoadModel {
        public ClosedLoop {
            if (clients <= 0) {
                throw new IllegalArgumentException("a closed loop needs at least one client: " + clients);
            }
            if (thinkNanos < 0) {
                throw new IllegalArgumentException("think time must be >= 0: " + thinkNanos);
            }
        }

        @Override
        public String describe() {
            return "closed:" + clients;
        }
    }

    record OpenLoop(int clients, RateProfile rate, int backlogLimit) implements LoadModel {
        public OpenLoop {
            if (clients <= 0) {
                throw new IllegalArgumentException("an open loop needs at least one client: " + clients);
            }
            if (backlogLimit <= 0) {
                throw new IllegalArgumentException("backlog limit must be positive: " + backlogLimit);
            }
        }

        @Override
        public String describe() {
            return "open:" + rate.describe();
        }
    }
}
