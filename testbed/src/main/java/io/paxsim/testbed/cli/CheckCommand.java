package io.paxsim.testbed.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until the issue that owns `paxsim check` lands. */
@Command(name = "check", mixinStandardHelpOptions = true, description = "(not built yet)")
public final class CheckCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("'paxsim check' is not built yet");
    }
}
