package dev.spool.server.cli.client;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * Adds the client commands to the {@code spool} command tree and sets what they share: option defaults from the
 * environment, and failures printed as one line {@code spool: <reason>} with exit status 1 (usage errors stay
 * picocli's, status 2). Called once while the command line is built.
 */
public final class ClientCommands {
    private ClientCommands() {
    }

    /** Adds every client command under {@code root}. */
    public static void addTo(CommandLine root) {
        root.addSubcommand(new ListCommands.Queues());
        root.addSubcommand(new ListCommands.Exchanges());
        root.addSubcommand(new ListCommands.Bindings());
        root.addSubcommand(new ListCommands.Connections());
        root.addSubcommand(new ListCommands.Consumers());
        root.addSubcommand(new QueueCommands.Queue());
        root.addSubcommand(new MessageCommands.Publish());
        root.addSubcommand(new MessageCommands.Get());
        root.addSubcommand(new UserCommands.Users());
        root.addSubcommand(new PolicyCommands.Policies());
        root.addSubcommand(new DefinitionsCommands.Definitions());
        root.addSubcommand(new StatusCommand());
    }

    /**
     * What the whole tree shares; call after every subcommand was added (picocli copies the default provider to the
     * subcommands present at that moment).
     */
    public static void configure(CommandLine root, Map<String, String> environment) {
        root.setDefaultValueProvider(new EnvironmentDefaults(environment));
        root.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof CliFailure) {
                err.println("spool: " + e.getMessage());
            } else {
                err.println("spool: unexpected error: " + e);
            }
            err.flush();
            return 1;
        });
    }
}
