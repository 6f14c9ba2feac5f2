package io.paxsim.sim;

/** Where node log lines go; the testbed routes them to slf4j with simulated time and node id. */
public interface LogSink {
    LogSink NONE = new LogSink() {
        @Override
        public boolean isEnabled(LogLevel level) {
            return false;
        }

        @Override
        public void log(long timeNanos, int node, LogLevel level, String message) {
        }
    };

    boolean isEnabled(LogLevel level);

    void log(long timeNanos, int node, LogLevel level, String message);
}
