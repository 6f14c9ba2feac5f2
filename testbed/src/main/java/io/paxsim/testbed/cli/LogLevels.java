package io.paxsim.testbed.cli;

import io.paxsim.sim.LogSink;
import io.paxsim.testbed.logging.SimLog;

import java.util.Set;

/** Validates a --log-level and raises the paxsim loggers to it. */
final class LogLevels {
    private static final Set<String> LEVELS = Set.of("error", "warn", "info", "debug", "trace");

    private LogLevels() {
    }

    static LogSink apply(String level) {
        String l = level.toLowerCase(java.util.Locale.ROOT);
        if (!LEVELS.contains(l)) {
            throw new UserError("unknown --log-level '" + level + "' (known: error, warn, info, debug, trace)");
        }
        SimLog.setLevel(l);
        return new SimLog();
    }
}
