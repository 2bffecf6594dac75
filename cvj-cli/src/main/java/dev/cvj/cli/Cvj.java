package dev.cvj.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cvj} command. Exit status: 0 when everything worked, 1 when some input failed (each failure is listed;
 * the others are in the output) or the run failed, 2 for a usage error (picocli's message and the usage).
 */
@Command(name = "cvj", mixinStandardHelpOptions = true, versionProvider = Cvj.Version.class,
        description = "GPU computer vision from the command line: images in, model inputs out.",
        subcommands = {PreprocessCommand.class, ResizeCommand.class, ConvertCommand.class, InfoCommand.class,
                CommandLine.HelpCommand.class})
public final class Cvj implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Exit status when some inputs failed (they are listed) or the run failed. */
    public static final int SOME_FAILED = 1;
    /** Exit status of a usage error. */
    public static final int USAGE = 2;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (preprocess, resize, convert, info)");
    }

    /** Runs {@code cvj args} with the given output streams; returns the exit status. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cl = new CommandLine(new Cvj());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** The version from the jar's manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cvj.class.getPackage().getImplementationVersion();
            return new String[] {"cvj " + (v == null ? "(development build)" : v)};
        }
    }
}
