package io.paxsim.testbed.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until the issue that owns `paxsim shrink` lands. */
@Command(name = "shrink", mixinStandardHelpOptions = true, description = "(not built yet)")
public final class ShrinkCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("'paxsim shrink' is not built yet");
    }
}
