package dev.spool.server.cli.client;

import picocli.CommandLine.Option;

/**
 * The options every client command takes: where the management API is, who calls it, which virtual host, and whether
 * to print JSON. Their defaults come from the environment through {@link EnvironmentDefaults}. Filled by picocli on
 * the main thread.
 */
final class ApiOptions {
    static final String DEFAULT_URL = "http://localhost:15672";

    @Option(names = "--url", paramLabel = "<url>", order = 100,
            description = "Management API base URL. Env: SPOOL_URL. Default: " + DEFAULT_URL + ".")
    String url;

    @Option(names = {"-u", "--user"}, paramLabel = "<user>", order = 101,
            description = "User name. Env: SPOOL_USER. Default: guest.")
    String user;

    @Option(names = {"-p", "--password"}, paramLabel = "<password>", order = 102,
            description = "Password. Env: SPOOL_PASSWORD. Default: guest.")
    String password;

    @Option(names = "--vhost", paramLabel = "<vhost>", order = 103,
            description = "Virtual host. Env: SPOOL_VHOST. Default: /.")
    String vhost;

    @Option(names = "--json", order = 104, description = "Print the API's JSON instead of a table (for scripts).")
    boolean json;
}
