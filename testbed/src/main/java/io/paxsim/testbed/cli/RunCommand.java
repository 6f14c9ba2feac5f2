package io.paxsim.testbed.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until the issue that owns `paxsim run` lands. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "(not built yet)")
public final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("'paxsim run' is not built yet");
    }
}
