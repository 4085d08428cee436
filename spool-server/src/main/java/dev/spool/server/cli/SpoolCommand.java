package dev.spool.server.cli;

import dev.spool.server.cli.client.ClientCommands;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code spool} command and the jar's main class. It only dispatches: each subcommand is its own class, added in
 * {@link #commandLine(Map)}: {@code server} runs the broker; the client commands ({@code queues list},
 * {@code queue purge}, {@code publish}, {@code status}, ... in {@link dev.spool.server.cli.client}) manage a running
 * one through its management API and load nothing of the broker.
 *
 * <p>Exit status: 0 on success (including a clean shutdown on SIGTERM/SIGINT), 1 when the broker cannot start or a
 * client command fails (with one line {@code spool: <reason>}), 2 for a usage or configuration error. Runs on the
 * main thread.
 */
@Command(name = "spool",
        mixinStandardHelpOptions = true,
        versionProvider = SpoolVersionProvider.class,
        description = {"A message broker that speaks AMQP 0-9-1 as RabbitMQ does.",
            "'spool server' runs it; the other commands manage a running broker through its management API"
                    + " (--url, --user, --password; env SPOOL_URL, SPOOL_USER, SPOOL_PASSWORD)."},
        synopsisSubcommandLabel = "COMMAND")
public final class SpoolCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    /** Parses {@code args}, runs the chosen subcommand and exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /**
     * The whole command tree.
     *
     * @param environment the process environment, passed in so tests can supply their own
     */
    public static CommandLine commandLine(Map<String, String> environment) {
        CommandLine commandLine = new CommandLine(new SpoolCommand());
        commandLine.addSubcommand(ServerCommand.commandLine(environment));
        ClientCommands.addTo(commandLine);
        commandLine.addSubcommand(new CommandLine.HelpCommand());
        ClientCommands.configure(commandLine, environment);
        return commandLine;
    }

    /** {@code spool} without a command: show what the commands are, and fail as a usage error. */
    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        commandLine.getErr().println("spool: missing command");
        commandLine.usage(commandLine.getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
