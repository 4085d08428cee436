package dev.spool.server.cli.client;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults of the {@link ApiOptions} from the environment ({@code SPOOL_URL}, {@code SPOOL_USER},
 * {@code SPOOL_PASSWORD}, {@code SPOOL_VHOST}), else built-in. Other options get no default from here. Stateless
 * apart from the environment map; called by picocli while parsing.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {
    private final Map<String, String> environment;

    public EnvironmentDefaults(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option)) {
            return null;
        }
        switch (option.longestName()) {
            case "--url":
                return fromEnvironment("SPOOL_URL", ApiOptions.DEFAULT_URL);
            case "--user":
                return fromEnvironment("SPOOL_USER", "guest");
            case "--password":
                return fromEnvironment("SPOOL_PASSWORD", "guest");
            case "--vhost":
                return fromEnvironment("SPOOL_VHOST", "/");
            default:
                return null;
        }
    }

    private String fromEnvironment(String variable, String otherwise) {
        String value = environment.get(variable);
        return value == null || value.isEmpty() ? otherwise : value;
    }
}
