package dev.spool.server;

import java.util.Locale;

/**
 * Every configuration key Spool reads, with its default and its meaning: the one place in the code where keys are
 * documented (docs/configuration.md says the same for users, and a test keeps the two in step).
 *
 * <p>A key's dotted name is its path in the YAML config file ({@code amqp.port} is {@code amqp: {port: ...}}). The
 * command-line flag and the environment variable are derived from that name by one rule, so they never drift:
 * {@code amqp.port} is flag {@code --amqp-port} and variable {@code SPOOL_AMQP_PORT}; {@code data_dir} is
 * {@code --data-dir} and {@code SPOOL_DATA_DIR}.
 *
 * <p>Immutable; used by the thread that loads the configuration at start.
 */
public enum ConfigKey {
    /** Address the AMQP listener binds to; {@code 0.0.0.0} means every IPv4 interface. */
    AMQP_HOST("amqp.host", "0.0.0.0", "Address the AMQP listener binds to."),
    /** TCP port of the AMQP listener, 0 to 65535; 0 picks a free port (tests use this). */
    AMQP_PORT("amqp.port", "5672", "TCP port of the AMQP listener; 0 picks a free port."),
    /** Highest channel number a connection may open, offered in connection.tune: 0 to 65535, 0 meaning no limit. */
    AMQP_CHANNEL_MAX("amqp.channel_max", "2047", "Highest channel number per connection (0-65535; 0: no limit)."),
    /** Largest frame in bytes offered in connection.tune: 4096 to 4294967295, or 0 for no limit. */
    AMQP_FRAME_MAX("amqp.frame_max", "131072", "Largest frame in bytes (4096-4294967295; 0: no limit)."),
    /** Heartbeat interval in seconds offered to clients, 0 to 65535; 0 disables heartbeats. */
    AMQP_HEARTBEAT("amqp.heartbeat", "60", "Heartbeat interval in seconds offered to clients; 0 disables."),
    /** Number of I/O threads serving connections, 0 to 1024; 0 means one per available processor core. */
    AMQP_IO_THREADS("amqp.io_threads", "0", "Number of I/O threads; 0 means one per processor core."),
    /** Largest message body in bytes a client may publish, 1 to 536870912 (512 MiB, RabbitMQ's ceiling). */
    AMQP_MAX_MESSAGE_SIZE("amqp.max_message_size", "134217728",
            "Largest message body in bytes (1-536870912)."),
    /** Seconds a client has to complete the AMQP handshake before its socket is closed, 1 to 3600. */
    AMQP_HANDSHAKE_TIMEOUT("amqp.handshake_timeout", "10",
            "Seconds a client has to finish the AMQP handshake (1-3600)."),
    /** TCP port reserved for the management HTTP API, 0 to 65535; validated, but nothing listens on it yet. */
    HTTP_PORT("http.port", "15672", "Port reserved for the management HTTP API (not served yet)."),
    /** Folder for the broker's files; created at start when missing. Relative paths start at the working dir. */
    DATA_DIR("data_dir", "./data", "Folder for the broker's files; created when missing."),
    /**
     * When message records are fsynced before publishers are confirmed: {@code always} (group commit: an fsync starts
     * as soon as a record waits, and covers every record written before it), {@code batched} (as always, but an fsync
     * waits up to {@link #STORE_SYNC_MAX_DELAY} for company) or {@code never} (confirmed once written to the OS: safe
     * from a broker crash, not from a power loss).
     */
    STORE_SYNC("store.sync", "always", "When records are fsynced before confirms: always, batched or never."),
    /** {@code store.sync = batched}: the longest a record waits for its fsync to start, in milliseconds, 1 to 1000. */
    STORE_SYNC_MAX_DELAY("store.sync_max_delay_ms", "2",
            "With store.sync=batched: longest wait for an fsync to start, in ms (1-1000)."),
    /** Size of a message segment file in bytes, 1 MiB to 1 GiB; a record larger than this gets a segment of its own. */
    STORE_SEGMENT_SIZE("store.segment_size", "33554432",
            "Size of a message segment file in bytes (1048576-1073741824)."),
    /** Free bytes on the data directory's disk below which publishers are blocked (RabbitMQ's disk_free_limit). */
    STORE_DISK_FREE_LIMIT("store.disk_free_limit", "50000000",
            "Free disk bytes below which publishers are blocked; 0 disables the disk alarm."),
    /**
     * Fraction of the maximum heap in use after a garbage collection above which publishers are blocked, 0.1 to 1
     * (1 disables the memory alarm).
     */
    MEMORY_HIGH_WATERMARK("memory.high_watermark", "0.8",
            "Heap fraction in use after GC above which publishers are blocked (0.1-1; 1 disables)."),
    /**
     * Bytes of ready messages all queues together keep in the heap (at most half the maximum heap); beyond it queues
     * keep only each message's position in the store and read it back on delivery.
     */
    MEMORY_QUEUE_BUDGET("memory.queue_budget", "33554432",
            "Bytes of ready messages queues keep in the heap; the rest wait on disk (0 and up)."),
    /** User created at start with full rights on the default vhost. */
    DEFAULT_USER("default_user", "guest", "User created at start with full rights on the default vhost."),
    /** Password of the default user. Prefer the config file or the environment to a flag (flags show in ps). */
    DEFAULT_PASSWORD("default_password", "guest", "Password of the default user."),
    /** Virtual host created at start. */
    DEFAULT_VHOST("default_vhost", "/", "Virtual host created at start."),
    /**
     * Users who may only connect from a loopback address (127.0.0.0/8, ::1). Comma-separated in flags and
     * environment variables, a YAML list in the file; an empty value means no user is restricted.
     */
    LOOPBACK_USERS("loopback_users", "guest",
            "Comma-separated users allowed to connect from localhost only; empty for none."),
    /** Level of the root logger: TRACE, DEBUG, INFO, WARN, ERROR or OFF. Applied by the {@code server} command. */
    LOG_LEVEL("log_level", "INFO", "Root log level: TRACE, DEBUG, INFO, WARN, ERROR or OFF.");

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The dotted name, which is also the key's path in the YAML file, e.g. {@code amqp.port}. */
    public String key() {
        return key;
    }

    /** The built-in default, written as it would be in a flag or an environment variable. */
    public String defaultValue() {
        return defaultValue;
    }

    /** One sentence for {@code --help}. */
    public String description() {
        return description;
    }

    /** The command-line flag, e.g. {@code --amqp-port}. */
    public String flag() {
        return "--" + key.replace('.', '-').replace('_', '-');
    }

    /** The environment variable, e.g. {@code SPOOL_AMQP_PORT}. */
    public String environmentVariable() {
        return "SPOOL_" + key.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** The YAML section holding this key ({@code amqp} for {@code amqp.port}), or "" for a top-level key. */
    String section() {
        int dot = key.indexOf('.');
        return dot < 0 ? "" : key.substring(0, dot);
    }

    /** The key's name inside its section ({@code port} for {@code amqp.port}). */
    public String leaf() {
        return key.substring(key.indexOf('.') + 1);
    }

    /** The key with this dotted name, or null. */
    static ConfigKey byKey(String dotted) {
        for (ConfigKey candidate : values()) {
            if (candidate.key.equals(dotted)) {
                return candidate;
            }
        }
        return null;
    }
}
