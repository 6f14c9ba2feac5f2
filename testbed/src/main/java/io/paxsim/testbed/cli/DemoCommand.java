package io.paxsim.testbed.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until the issue that owns `paxsim demo` lands. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "(not built yet)")
public final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("'paxsim demo' is not built yet");
    }
}
