package dev.spool.server;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Builds the one {@link SpoolConfig} from its sources, each overriding the one before it:
 * <ol>
 *   <li>built-in defaults ({@link ConfigKey#defaultValue()});</li>
 *   <li>the YAML config file named by {@code --config} or else {@code SPOOL_CONFIG}, if any;</li>
 *   <li>environment variables {@code SPOOL_<KEY>} ({@link ConfigKey#environmentVariable()});</li>
 *   <li>command-line flags ({@link ConfigKey#flag()}).</li>
 * </ol>
 * Every value is kept as text together with where it came from until the end, so a bad value is reported with its
 * source: {@code amqp.port: 'x' is not a whole number (set by environment variable SPOOL_AMQP_PORT)}.
 *
 * <p>Stateless; called once by the thread that starts the broker. The environment is passed in as a map so tests
 * need no real environment variables.
 */
public final class ConfigLoader {
    /** The environment variable naming the config file; the {@code --config} flag wins over it. */
    public static final String CONFIG_FILE_VARIABLE = "SPOOL_CONFIG";

    private ConfigLoader() {
    }

    /**
     * Loads the configuration.
     *
     * @param configFile the file given with {@code --config}, or null to fall back to {@code SPOOL_CONFIG}
     * @param environment the process environment (only {@code SPOOL_*} entries are read)
     * @param flags values given as command-line flags
     * @throws ConfigException when a source cannot be read or a value is invalid
     */
    public static SpoolConfig load(Path configFile, Map<String, String> environment, Map<ConfigKey, String> flags) {
        Map<ConfigKey, Setting> settings = defaultSettings();
        Path file = configFile;
        if (file == null) {
            String fromEnvironment = environment.get(CONFIG_FILE_VARIABLE);
            file = fromEnvironment == null || fromEnvironment.isEmpty() ? null : toPath(fromEnvironment);
        }
        if (file != null) {
            String origin = "config file " + file;
            for (Map.Entry<ConfigKey, String> entry : YamlConfigFile.read(file).entrySet()) {
                settings.put(entry.getKey(), new Setting(entry.getValue(), origin));
            }
        }
        for (ConfigKey key : ConfigKey.values()) {
            String value = environment.get(key.environmentVariable());
            if (value != null) {
                settings.put(key, new Setting(value, "environment variable " + key.environmentVariable()));
            }
        }
        for (Map.Entry<ConfigKey, String> entry : flags.entrySet()) {
            settings.put(entry.getKey(), new Setting(entry.getValue(), "flag " + entry.getKey().flag()));
        }
        return toConfig(settings);
    }

    /** The configuration with every key at its built-in default. */
    static SpoolConfig fromDefaults() {
        return toConfig(defaultSettings());
    }

    private static Map<ConfigKey, Setting> defaultSettings() {
        Map<ConfigKey, Setting> settings = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            settings.put(key, new Setting(key.defaultValue(), "default"));
        }
        return settings;
    }

    private static SpoolConfig toConfig(Map<ConfigKey, Setting> settings) {
        Values values = new Values(settings);
        try {
            return new SpoolConfig(
                    values.text(ConfigKey.AMQP_HOST),
                    values.integer(ConfigKey.AMQP_PORT),
                    values.integer(ConfigKey.AMQP_CHANNEL_MAX),
                    values.wholeNumber(ConfigKey.AMQP_FRAME_MAX),
                    values.integer(ConfigKey.AMQP_HEARTBEAT),
                    values.integer(ConfigKey.AMQP_IO_THREADS),
                    values.wholeNumber(ConfigKey.AMQP_MAX_MESSAGE_SIZE),
                    values.integer(ConfigKey.AMQP_HANDSHAKE_TIMEOUT),
                    values.integer(ConfigKey.HTTP_PORT),
                    values.path(ConfigKey.DATA_DIR),
                    values.text(ConfigKey.STORE_SYNC),
                    values.integer(ConfigKey.STORE_SYNC_MAX_DELAY),
                    values.integer(ConfigKey.STORE_SEGMENT_SIZE),
                    values.wholeNumber(ConfigKey.STORE_DISK_FREE_LIMIT),
                    values.decimal(ConfigKey.MEMORY_HIGH_WATERMARK),
                    values.wholeNumber(ConfigKey.MEMORY_QUEUE_BUDGET),
                    values.wholeNumber(ConfigKey.CONSUMER_TIMEOUT),
                    values.text(ConfigKey.DEFAULT_USER),
                    values.text(ConfigKey.DEFAULT_PASSWORD),
                    values.text(ConfigKey.DEFAULT_VHOST),
                    values.names(ConfigKey.LOOPBACK_USERS),
                    values.text(ConfigKey.LOG_LEVEL),
                    security(values));
        } catch (ConfigException e) {
            Setting offending = e.key() == null ? null : settings.get(e.key());
            throw offending == null ? e : e.withOrigin(offending.origin());
        }
    }

    private static SecurityConfig security(Values values) {
        return new SecurityConfig(
                values.integer(ConfigKey.LIMITS_MAX_UNAUTHENTICATED),
                values.integer(ConfigKey.TLS_PORT),
                values.integer(ConfigKey.HTTP_TLS_PORT),
                values.optionalPath(ConfigKey.TLS_CERT_FILE),
                values.optionalPath(ConfigKey.TLS_KEY_FILE),
                values.optionalPath(ConfigKey.TLS_CA_FILE),
                values.text(ConfigKey.TLS_CLIENT_AUTH),
                values.text(ConfigKey.TLS_CERT_LOGIN_FROM),
                values.text(ConfigKey.TLS_CERT_LOGIN_SAN_TYPE),
                values.integer(ConfigKey.LIMITS_VHOST_MAX_CONNECTIONS),
                values.integer(ConfigKey.LIMITS_VHOST_MAX_QUEUES),
                values.integer(ConfigKey.LIMITS_USER_MAX_CONNECTIONS),
                values.integer(ConfigKey.LIMITS_USER_MAX_CHANNELS));
    }

    private static Path toPath(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new ConfigException(null, CONFIG_FILE_VARIABLE + " is not a valid path: " + e.getMessage());
        }
    }

    /** One key's value as text and the source it came from ("default", "flag --amqp-port", ...). */
    private record Setting(String value, String origin) {
    }

    /** Turns the text of a setting into the type its key needs, naming the key and source when it cannot. */
    private static final class Values {
        private final Map<ConfigKey, Setting> settings;

        Values(Map<ConfigKey, Setting> settings) {
            this.settings = settings;
        }

        String text(ConfigKey key) {
            return settings.get(key).value().trim();
        }

        int integer(ConfigKey key) {
            long value = wholeNumber(key);
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw invalid(key, "is out of range");
            }
            return (int) value;
        }

        long wholeNumber(ConfigKey key) {
            try {
                return Long.parseLong(text(key));
            } catch (NumberFormatException e) {
                throw invalid(key, "is not a whole number");
            }
        }

        double decimal(ConfigKey key) {
            try {
                double value = Double.parseDouble(text(key));
                if (Double.isNaN(value) || Double.isInfinite(value)) {
                    throw new NumberFormatException();
                }
                return value;
            } catch (NumberFormatException e) {
                throw invalid(key, "is not a number");
            }
        }

        Path path(ConfigKey key) {
            try {
                return Path.of(text(key));
            } catch (InvalidPathException e) {
                throw invalid(key, "is not a valid path");
            }
        }

        /** A path, or null for the empty value (the setting is off). */
        Path optionalPath(ConfigKey key) {
            return text(key).isEmpty() ? null : path(key);
        }

        /** A comma-separated list of names; the empty string is the empty list. */
        Set<String> names(ConfigKey key) {
            String text = text(key);
            Set<String> names = new LinkedHashSet<>();
            if (!text.isEmpty()) {
                for (String name : text.split(",", -1)) {
                    names.add(name.trim());
                }
            }
            return names;
        }

        private ConfigException invalid(ConfigKey key, String problem) {
            return new ConfigException(key, key.key() + ": '" + settings.get(key).value() + "' " + problem);
        }
    }
}
