package io.paxsim.testbed.cli;

import io.paxsim.testbed.pipeline.RunOptions;
import picocli.CommandLine.Option;

/** The {@code --log-level} option of the commands that run one scenario (run, replay), and the run options they start from. */
final class RunOptionsMixin {
    @Option(names = "--log-level", description = "paxsim log level: error, warn, info, debug, trace (default: warn).")
    String logLevel;

    /** Quiet options with the scenario's checker budget and, if given, the log level. */
    RunOptions baseOptions(ScenarioOptions scenario) {
        RunOptions options = RunOptions.quiet().withCheckerBudget(scenario.checkerBudget());
        if (logLevel != null) {
            options = options.withLogSink(LogLevels.apply(logLevel));
        }
        return options;
    }
}
