package io.paxsim.testbed.cli;

import io.paxsim.testbed.pipeline.Pipeline;
import io.paxsim.testbed.pipeline.StandardPipeline;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.function.Supplier;

/** The {@code paxsim} command line: every subcommand, one exit-code convention. */
@Command(name = "paxsim",
        mixinStandardHelpOptions = true,
        version = Paxsim.VERSION,
        description = "Deterministic simulation and checking of replicated logs.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            ReplayCommand.class,
            ShrinkCommand.class,
            ReportCommand.class,
            MutantsCommand.class,
            CheckCommand.class,
            BenchCommand.class,
            SweepCommand.class,
            SweepMergeCommand.class,
            RunsCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:pass",
            "1:violation found",
            "2:usage error or bad input",
            "3:unknown (a checker ran out of budget)"
        })
public final class Paxsim implements Runnable {
    static final String VERSION = "paxsim 0.1.0";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code;
        try {
            code = execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("paxsim: out of memory; give the JVM more heap (PAXSIM_JAVA_OPTS=-Xmx4g) or run fewer ops");
            code = ExitCode.USAGE;
        } catch (Throwable e) {
            System.err.println("paxsim: internal error: " + e);
            code = ExitCode.USAGE;
        }
        System.exit(code);
    }

    /** Runs the CLI in-process and returns the exit code (tests call this). */
    public static int execute(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    public static CommandLine commandLine() {
        return commandLine(StandardPipeline::create);
    }

    /** The CLI with another pipeline behind run, replay, shrink and demo (tests use a toy system). */
    public static CommandLine commandLine(Supplier<Pipeline> pipelines) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K made = CommandLine.defaultFactory().create(type);
                if (made instanceof PipelineCommand command) {
                    command.usePipeline(pipelines);
                }
                return made;
            }
        };
        CommandLine cli = new CommandLine(new Paxsim(), factory);
        // Every subcommand has -V/--version (from mixinStandardHelpOptions); give each the version to print.
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().version(VERSION));
        cli.setExitCodeExceptionMapper(ex -> ExitCode.USAGE);
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("paxsim: " + ex.getMessage());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
            cmd.getErr().flush();
            return ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof UserError u) {
                cmd.getErr().println("paxsim: " + u.getMessage());
                cmd.getErr().flush();
                return ExitCode.USAGE;
            }
            cmd.getErr().println("paxsim: internal error: " + ex);
            cmd.getErr().flush();
            return ExitCode.USAGE;
        });
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see --help)");
    }
}
