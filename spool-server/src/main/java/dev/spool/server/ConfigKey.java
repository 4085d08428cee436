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
    /**
     * TCP port of the management HTTP API and Prometheus metrics, 0 to 65535; 0 picks a free port. It binds to
     * {@code amqp.host}.
     */
    HTTP_PORT("http.port", "15672", "TCP port of the management HTTP API and /metrics; 0 picks a free port."),
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
    /**
     * How long a delivery may stay unacknowledged, in milliseconds, when a queue's {@code x-consumer-timeout} argument
     * and policies do not say: RabbitMQ's {@code consumer_timeout}, 0 to 2^32-1; 0 turns it off. A delivery that
     * times out goes back to its queue (Spool does not close the channel as RabbitMQ does).
     */
    CONSUMER_TIMEOUT("consumer_timeout", "1800000",
            "Ms a delivery may stay unacknowledged before it is requeued (0: off)."),
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
    LOG_LEVEL("log_level", "INFO", "Root log level: TRACE, DEBUG, INFO, WARN, ERROR or OFF."),
    /**
     * Connections allowed at once between the TCP accept and connection.open (TLS and AMQP handshake, login), over
     * both listeners, 0 to 1000000; one more is closed at once. 0 means no cap.
     */
    LIMITS_MAX_UNAUTHENTICATED("limits.max_unauthenticated_connections", "1000",
            "Connections allowed in their handshake at once; more are closed at once (0: no cap)."),
    /** TCP port of the AMQPS (AMQP over TLS) listener, 0 to 65535; it listens only when tls.cert_file is set. */
    TLS_PORT("tls.port", "5671", "TCP port of the AMQPS listener (on when tls.cert_file is set)."),
    /**
     * TCP port of the management API over HTTPS, 0 to 65535; it listens only when tls.cert_file is set, with the same
     * certificate, key, CA and client_auth as AMQPS. It binds to {@code amqp.host}.
     */
    HTTP_TLS_PORT("http.tls_port", "15671",
            "TCP port of the management API over HTTPS (on when tls.cert_file is set)."),
    /** PEM file with the server's certificate, then its intermediates; empty turns TLS off. Reread on SIGHUP. */
    TLS_CERT_FILE("tls.cert_file", "", "PEM certificate chain of the server; empty: no TLS. Reread on SIGHUP."),
    /** PEM file with the server's private key, unencrypted PKCS#8 (or PKCS#1 for RSA). Reread on SIGHUP. */
    TLS_KEY_FILE("tls.key_file", "", "PEM private key of the server (PKCS#8, or PKCS#1 RSA). Reread on SIGHUP."),
    /** PEM file with the CA certificates client certificates must chain to; needed to ask for them. */
    TLS_CA_FILE("tls.ca_file", "", "PEM CA certificates client certificates must chain to. Reread on SIGHUP."),
    /** Whether clients present a certificate: {@code none}, {@code request} (verified if sent) or {@code require}. */
    TLS_CLIENT_AUTH("tls.client_auth", "none", "Client certificates: none, request (verified if sent) or require."),
    /**
     * Where SASL EXTERNAL takes the user name from in a client certificate: {@code common_name},
     * {@code distinguished_name} or {@code subject_alternative_name} (RabbitMQ's {@code ssl_cert_login_from}).
     */
    TLS_CERT_LOGIN_FROM("tls.cert_login_from", "common_name",
            "SASL EXTERNAL user name: common_name, distinguished_name or subject_alternative_name."),
    /** With {@code subject_alternative_name}: the first name of this type, {@code dns}, {@code email} or {@code uri}. */
    TLS_CERT_LOGIN_SAN_TYPE("tls.cert_login_san_type", "dns",
            "With subject_alternative_name: the first name of type dns, email or uri."),
    /** Default max-connections of a virtual host without its own limit; negative means none, 0 allows none. */
    LIMITS_VHOST_MAX_CONNECTIONS("limits.vhost_max_connections", "-1",
            "Default max connections per vhost (negative: no limit)."),
    /** Default max-queues of a virtual host without its own limit; negative means none. */
    LIMITS_VHOST_MAX_QUEUES("limits.vhost_max_queues", "-1", "Default max queues per vhost (negative: no limit)."),
    /** Default max-connections of a user without its own limit; negative means none. */
    LIMITS_USER_MAX_CONNECTIONS("limits.user_max_connections", "-1",
            "Default max connections per user (negative: no limit)."),
    /** Default max-channels of a user without its own limit, all its connections together; negative means none. */
    LIMITS_USER_MAX_CHANNELS("limits.user_max_channels", "-1",
            "Default max channels per user, all connections together (negative: no limit).");

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
