package io.paxsim.testbed.workload;

import io.paxsim.paxos.api.Command;

import java.util.List;

/**
 * One history operation as a client performs it: usually one command; a log scan is one command
 * per stream, performed in order and recorded as a single {@code :read} of the whole log (each
 * stream is read after the scan began, which is all the checksum verifier assumes).
 */
public record Operation(List<Command> commands, boolean logScan) {
    public Operation {
        commands = List.copyOf(commands);
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("an operation needs at least one command");
        }
        if (!logScan && commands.size() != 1) {
            throw new IllegalArgumentException("only a log scan spans several commands: " + commands);
        }
    }

    public static Operation of(Command command) {
        return new Operation(List.of(command), false);
    }

    public static Operation logScan(List<Command> reads) {
        for (Command c : reads) {
            if (!(c instanceof Command.LogRead)) {
                throw new IllegalArgumentException("a log scan reads streams, not " + c);
            }
        }
        return new Operation(reads, true);
    }

    /** The single command of a one-command operation. */
    public Command command() {
        assert !logScan : "a log scan has several commands";
        return commands.get(0);
    }

    @Override
    public String toString() {
        return logScan ? "LogScan" + commands : commands.get(0).toString();
    }
}
