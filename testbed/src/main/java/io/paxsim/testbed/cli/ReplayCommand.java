package io.paxsim.testbed.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until the issue that owns `paxsim replay` lands. */
@Command(name = "replay", mixinStandardHelpOptions = true, description = "(not built yet)")
public final class ReplayCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("'paxsim replay' is not built yet");
    }
}
