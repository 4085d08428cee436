package dev.spool.server.cli;

import dev.spool.server.ConfigException;
import dev.spool.server.ConfigKey;
import dev.spool.server.ConfigLoader;
import dev.spool.server.SpoolConfig;
import dev.spool.server.SpoolServer;
import dev.spool.server.StartupException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code spool server}: loads the configuration, starts the broker and keeps it running until SIGTERM or SIGINT,
 * then closes every client connection with 320 CONNECTION_FORCED and exits 0.
 *
 * <p>One flag per {@link ConfigKey} is added from the enum, so the flags, the environment variables and the YAML keys
 * cannot drift apart. Runs on the main thread.
 */
@Command(name = "server",
        mixinStandardHelpOptions = true,
        versionProvider = SpoolVersionProvider.class,
        sortOptions = false,
        abbreviateSynopsis = true,
        description = {
            "Runs the broker until SIGTERM or SIGINT; SIGHUP reloads the TLS certificate files.",
            "Settings come from, lowest to highest precedence: built-in defaults, the YAML config file,"
                    + " SPOOL_* environment variables, these flags."
        })
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "<file>", order = -1,
            description = "YAML config file. Env: " + ConfigLoader.CONFIG_FILE_VARIABLE + ".")
    private Path configFile;

    @Spec
    private CommandSpec spec;

    private final Map<String, String> environment;

    private ServerCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    /** This command with a flag for every configuration key. */
    static CommandLine commandLine(Map<String, String> environment) {
        CommandLine commandLine = new CommandLine(new ServerCommand(environment));
        CommandSpec commandSpec = commandLine.getCommandSpec();
        for (ConfigKey key : ConfigKey.values()) {
            commandSpec.addOption(OptionSpec.builder(key.flag())
                    .paramLabel("<" + key.leaf() + ">")
                    .type(String.class)
                    .description(key.description(),
                            "Default: " + shown(key.defaultValue()) + ". Env: " + key.environmentVariable() + ".")
                    .build());
        }
        return commandLine;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        SpoolConfig config;
        try {
            config = config();
        } catch (ConfigException e) {
            err.println("spool: invalid configuration: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        RootLogLevel.set(config.logLevel());
        TerminationSignals signals = TerminationSignals.install();
        // before start: a SIGHUP that arrives while the listeners come up must not end the JVM (its default)
        ReloadSignal reload = ReloadSignal.install();
        SpoolServer server;
        try {
            server = SpoolServer.start(config);
        } catch (StartupException e) {
            err.println("spool: " + e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        }
        reload.attach(server);
        // A safety net for ways of ending the JVM other than TERM and INT: close() is idempotent.
        Thread hook = new Thread(server::close, "spool-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        signals.await();
        server.close();
        Runtime.getRuntime().removeShutdownHook(hook);
        return CommandLine.ExitCode.OK;
    }

    /** The configuration from defaults, the config file, the environment and the flags given on this command line. */
    SpoolConfig config() {
        ParseResult parsed = spec.commandLine().getParseResult();
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            if (parsed != null && parsed.hasMatchedOption(key.flag())) {
                flags.put(key, parsed.matchedOptionValue(key.flag(), ""));
            }
        }
        return ConfigLoader.load(configFile, environment, flags);
    }

    private static String shown(String value) {
        return value.isEmpty() ? "(empty)" : value;
    }
}
