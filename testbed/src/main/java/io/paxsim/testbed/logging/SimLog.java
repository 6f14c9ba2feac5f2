package io.paxsim.testbed.logging;

import io.paxsim.sim.LogLevel;
import io.paxsim.sim.LogSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes log lines to slf4j with the simulated time and the node id at the front of every line
 * ({@code t=1.204531s n2 ...}); {@code node} -1 is the harness itself. Quiet unless the
 * {@code paxsim} logger is raised ({@link LogConfigurator} sets WARN; {@link #setLevel} raises it).
 */
public final class SimLog implements LogSink {
    public static final String ROOT_LOGGER = "paxsim";
    private static final Logger NODES = LoggerFactory.getLogger(ROOT_LOGGER + ".node");
    private static final Logger HARNESS = LoggerFactory.getLogger(ROOT_LOGGER + ".harness");

    @Override
    public boolean isEnabled(LogLevel level) {
        return enabled(NODES, level);
    }

    @Override
    public void log(long timeNanos, int node, LogLevel level, String message) {
        emit(NODES, level, prefix(timeNanos, node) + message);
    }

    /** A line from the harness (pipeline phases, faults) at simulated time {@code timeNanos}. */
    public static void harness(long timeNanos, LogLevel level, String message) {
        if (enabled(HARNESS, level)) {
            emit(HARNESS, level, prefix(timeNanos, -1) + message);
        }
    }

    public static boolean harnessEnabled(LogLevel level) {
        return enabled(HARNESS, level);
    }

    /** Sets the level of every paxsim logger (the CLI's --log-level); needs logback at runtime. */
    public static void setLevel(String level) {
        org.slf4j.Logger root = LoggerFactory.getLogger(ROOT_LOGGER);
        if (root instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(ch.qos.logback.classic.Level.toLevel(level, ch.qos.logback.classic.Level.WARN));
        }
    }

    static String prefix(long timeNanos, int node) {
        String who = node < 0 ? "" : "n" + node + " ";
        return String.format(java.util.Locale.ROOT, "t=%d.%09ds %s", timeNanos / 1_000_000_000L,
                timeNanos % 1_000_000_000L, who);
    }

    private static boolean enabled(Logger logger, LogLevel level) {
        return switch (level) {
            case TRACE -> logger.isTraceEnabled();
            case DEBUG -> logger.isDebugEnabled();
            case INFO -> logger.isInfoEnabled();
            case WARN -> logger.isWarnEnabled();
            case ERROR -> logger.isErrorEnabled();
        };
    }

    private static void emit(Logger logger, LogLevel level, String line) {
        switch (level) {
            case TRACE -> logger.trace(line);
            case DEBUG -> logger.debug(line);
            case INFO -> logger.info(line);
            case WARN -> logger.warn(line);
            case ERROR -> logger.error(line);
        }
    }
}
