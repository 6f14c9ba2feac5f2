package io.paxsim.testbed.cli;

import io.paxsim.testbed.pipeline.Pipeline;
import io.paxsim.testbed.pipeline.StandardPipeline;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
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
            ExploreCommand.class,
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
            "3:unknown (a checker, or the model checker, ran out of budget)"
        })
public final class Paxsim implements Runnable {
    static final String VERSION = "paxsim 0.1.0";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // picocli's classes are Java 5 bytecode, which class-data sharing cannot archive: loading
            // them is most of a cold start, and printing the version needs none of them.
            System.out.println(VERSION);
            System.exit(ExitCode.PASS);
        }
        int code;
        try {
            code = execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("paxsim: out of memory; give the JVM more heap (PAXSIM_JAVA_OPTS=-Xmx4g) or run fewer ops");
            code = ExitCode.USAGE;
        } catch (Throwable e) {
            PrintWriter err = new PrintWriter(System.err, true);
            code = internalError(err, e);
        }
        System.exit(code);
    }

    /**
     * A failure of paxsim itself (a bug, an assertion): one line, and exit 3, since whatever the
     * command was deciding is unknown; not 2, which tells the user their input was wrong.
     */
    static int internalError(PrintWriter err, Throwable e) {
        err.println("paxsim: internal error (the result is unknown): " + e);
        err.flush();
        return ExitCode.UNKNOWN;
    }

    /** Runs the CLI in-process and returns the exit code (tests call this). */
    public static int execute(String... args) {
        CommandLine cli = args.length > 0 ? leanCommandLine(args[0]) : null;
        return (cli != null ? cli : commandLine()).execute(args);
    }

    /**
     * For a cold start: the CLI with only the subcommand {@code first} names (or none, for
     * {@code --version}), so picocli does not reflect over every command class and all they
     * reference. Null when {@code first} needs the whole CLI (help, a mistake, anything else).
     */
    static CommandLine leanCommandLine(String first) {
        if (first.equals("--version") || first.equals("-V")) {
            return configure(new CommandLine(new Lean()));
        }
        for (Class<?> sub : Paxsim.class.getAnnotation(Command.class).subcommands()) {
            Command command = sub.getAnnotation(Command.class);
            if (command != null && command.name().equals(first) && sub != CommandLine.HelpCommand.class) {
                CommandLine cli = new CommandLine(new Lean(), factory(StandardPipeline::create));
                cli.addSubcommand(first, sub);
                return configure(cli);
            }
        }
        return null;
    }

    /** The root command without subcommands; {@link #leanCommandLine} adds the one a call uses. */
    @Command(name = "paxsim", mixinStandardHelpOptions = true, version = Paxsim.VERSION)
    static final class Lean implements Runnable {
        @Override
        public void run() {
            throw new AssertionError("the lean CLI is built only for a named subcommand or --version");
        }
    }

    public static CommandLine commandLine() {
        return commandLine(StandardPipeline::create);
    }

    /** The CLI with another pipeline behind run, replay, shrink and demo (tests use a toy system). */
    public static CommandLine commandLine(Supplier<Pipeline> pipelines) {
        return configure(new CommandLine(new Paxsim(), factory(pipelines)));
    }

    private static CommandLine.IFactory factory(Supplier<Pipeline> pipelines) {
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K made = CommandLine.defaultFactory().create(type);
                if (made instanceof PipelineCommand command) {
                    command.usePipeline(pipelines);
                }
                return made;
            }
        };
    }

    private static CommandLine configure(CommandLine cli) {
        // Every subcommand has -V/--version (from mixinStandardHelpOptions); give each the version to print.
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().version(VERSION));
        cli.setExitCodeExceptionMapper(ex -> ExitCode.USAGE);
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("paxsim: " + describe(ex));
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
            return internalError(cmd.getErr(), ex);
        });
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see --help)");
    }

    /** picocli's message, but an unknown command named as one ("Unmatched argument at index 0: 'nosuch'" says less). */
    static String describe(CommandLine.ParameterException ex) {
        CommandLine cmd = ex.getCommandLine();
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !cmd.getSubcommands().isEmpty()
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            return "unknown command '" + u.getUnmatched().get(0) + "' (commands: "
                    + String.join(", ", cmd.getSubcommands().keySet()) + ")";
        }
        return ex.getMessage();
    }
}
