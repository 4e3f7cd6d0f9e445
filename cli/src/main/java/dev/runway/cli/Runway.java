package dev.runway.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code runway}: the coordinator's REST API for people at a terminal and for scripts. */
@Command(
        name = "runway",
        mixinStandardHelpOptions = true,
        versionProvider = Runway.Version.class,
        description = "Starts and follows Runway releases, votes and decides, through the coordinator's REST API.",
        subcommands = {LoginCommand.class, ReleaseCommand.class, UpCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%n",
        footer = {
            ExitCodes.HELP,
            "",
            "Sign-in: $RUNWAY_CONFIG or ~/.config/runway/config.json (owner-only, written by runway login);"
                    + " RUNWAY_URL and RUNWAY_TOKEN override it."
        })
public final class Runway implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        // The coordinator's reports are UTF-8 with status marks (✅ ❌); the platform's default may be ASCII.
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        int exit = commandLine().execute(args);
        System.out.flush();
        System.exit(exit);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Runway());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            PrintStream err = System.err;
            if (e instanceof CliException failure) {
                err.println(failure.getMessage());
                return failure.exitCode();
            }
            err.println("runway: " + e);
            return ExitCodes.ERROR;
        });
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "name a command: login, release or up (runway --help)");
    }

    /** The version the build wrote into the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Runway.class.getPackage().getImplementationVersion();
            return new String[] {"runway " + (version == null ? "(development build)" : version)};
        }
    }
}
