package io.paxsim.testbed.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until the issue that owns `paxsim bench` lands. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "(not built yet)")
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("'paxsim bench' is not built yet");
    }
}
