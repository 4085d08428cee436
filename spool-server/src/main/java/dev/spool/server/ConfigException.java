package dev.spool.server;

/**
 * A configuration that cannot be used: a value out of range or of the wrong type, an unknown key in the config file,
 * a file that cannot be read. The message is one line a user can act on, e.g.
 * {@code amqp.port must be between 0 and 65535, got 70000 (set by flag --amqp-port)}; the {@code server} command
 * prints it and exits with status 2.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The key the problem is about, or null when it is about no single key (e.g. an unreadable file). */
    private final transient ConfigKey key;

    ConfigException(ConfigKey key, String message) {
        super(message);
        this.key = key;
    }

    ConfigException(String message, Throwable cause) {
        super(message, cause);
        this.key = null;
    }

    /** The key the problem is about, or null. */
    public ConfigKey key() {
        return key;
    }

    /** This problem with where the offending value came from appended, e.g. " (set by flag --amqp-port)". */
    ConfigException withOrigin(String origin) {
        ConfigException located = new ConfigException(key, getMessage() + " (set by " + origin + ")");
        located.setStackTrace(getStackTrace());
        return located;
    }
}
