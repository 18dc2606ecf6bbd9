package dev.cochlea.examples.speech;

import dev.cochlea.io.IoErrors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The speech example's command line: {@code train}, {@code evaluate}, {@code predict}, {@code listen},
 * {@code export}, {@code synth} and {@code demo}. Problems the user can fix (missing dataset, unreadable WAV, bad
 * option) print one line starting with "error:" and exit with status 1; usage errors exit with 2.
 */
// INHERIT: every subcommand gets --help and --version, and lists its options in the order they are declared.
@Command(
        name = "cochlea-speech",
        scope = CommandLine.ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        sortOptions = false,
        version = "cochlea-speech 0.1.0",
        description = "Train, evaluate and run spoken-command classifiers with Cochlea.",
        subcommands = {
            TrainCommand.class,
            EvaluateCommand.class,
            PredictCommand.class,
            ListenCommand.class,
            ExportCommand.class,
            SynthCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class
        })
public final class SpeechCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit status (for tests and main). */
    public static int execute(String... args) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cli = new CommandLine(new SpeechCli()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(SpeechCli::handle);
        return cli.execute(args);
    }

    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (isUserError(e)) {
            // A file-system error's own message is often the bare path ("permission denied" is missing).
            err.println("error: " + (e instanceof IOException io ? IoErrors.describe(io) : e.getMessage()));
            err.flush();
            return 1;
        }
        throw new IllegalStateException(e);
    }

    static boolean isUserError(Throwable e) {
        return e instanceof CliException
                || e instanceof IOException
                || e instanceof UncheckedIOException
                || e instanceof TrainingDivergedException
                || e instanceof IllegalArgumentException;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
