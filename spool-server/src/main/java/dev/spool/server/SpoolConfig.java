package dev.spool.server;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The broker's whole configuration: read once at start by {@link ConfigLoader}, validated here, then handed to
 * {@link SpoolServer#start(SpoolConfig)} and from there through constructors. Nothing reads configuration from
 * anywhere else.
 *
 * <p>Every key, its default, flag, environment variable and YAML path is documented once, in {@link ConfigKey}
 * (and for users in docs/configuration.md):
 * <table>
 *   <caption>Keys and defaults</caption>
 *   <tr><th>component</th><th>key</th><th>default</th></tr>
 *   <tr><td>amqpHost</td><td>amqp.host</td><td>0.0.0.0</td></tr>
 *   <tr><td>amqpPort</td><td>amqp.port</td><td>5672</td></tr>
 *   <tr><td>channelMax</td><td>amqp.channel_max</td><td>2047 (0 to 65535; 0: no limit)</td></tr>
 *   <tr><td>frameMax</td><td>amqp.frame_max</td><td>131072 (4096 to 4294967295; 0: no limit)</td></tr>
 *   <tr><td>heartbeatSeconds</td><td>amqp.heartbeat</td><td>60</td></tr>
 *   <tr><td>ioThreads</td><td>amqp.io_threads</td><td>0 (one per core)</td></tr>
 *   <tr><td>maxMessageSize</td><td>amqp.max_message_size</td><td>134217728</td></tr>
 *   <tr><td>handshakeTimeoutSeconds</td><td>amqp.handshake_timeout</td><td>10</td></tr>
 *   <tr><td>httpPort</td><td>http.port</td><td>15672 (management API and /metrics)</td></tr>
 *   <tr><td>dataDir</td><td>data_dir</td><td>./data</td></tr>
 *   <tr><td>storeSync</td><td>store.sync</td><td>always (always, batched, never)</td></tr>
 *   <tr><td>syncMaxDelayMillis</td><td>store.sync_max_delay_ms</td><td>2 (1 to 1000)</td></tr>
 *   <tr><td>segmentSize</td><td>store.segment_size</td><td>33554432 (1 MiB to 1 GiB)</td></tr>
 *   <tr><td>diskFreeLimit</td><td>store.disk_free_limit</td><td>50000000 (0: no disk alarm)</td></tr>
 *   <tr><td>memoryHighWatermark</td><td>memory.high_watermark</td><td>0.8 (0.1 to 1; 1: no memory alarm)</td></tr>
 *   <tr><td>queueMemoryBudget</td><td>memory.queue_budget</td><td>33554432 (bytes)</td></tr>
 *   <tr><td>consumerTimeoutMillis</td><td>consumer_timeout</td><td>1800000 (0: off)</td></tr>
 *   <tr><td>defaultUser</td><td>default_user</td><td>guest</td></tr>
 *   <tr><td>defaultPassword</td><td>default_password</td><td>guest</td></tr>
 *   <tr><td>defaultVhost</td><td>default_vhost</td><td>/</td></tr>
 *   <tr><td>loopbackUsers</td><td>loopback_users</td><td>[guest]</td></tr>
 *   <tr><td>logLevel</td><td>log_level</td><td>INFO</td></tr>
 *   <tr><td>security</td><td>tls.*, limits.*, http.tls_port</td><td>see
 *   {@link SecurityConfig}</td></tr>
 * </table>
 *
 * <p>Immutable and safe to share between threads. The constructor rejects out-of-range values with a
 * {@link ConfigException} naming the key, so a {@code SpoolConfig} that exists is a valid one.
 */
public record SpoolConfig(
        String amqpHost,
        int amqpPort,
        int channelMax,
        long frameMax,
        int heartbeatSeconds,
        int ioThreads,
        long maxMessageSize,
        int handshakeTimeoutSeconds,
        int httpPort,
        Path dataDir,
        String storeSync,
        int syncMaxDelayMillis,
        int segmentSize,
        long diskFreeLimit,
        double memoryHighWatermark,
        long queueMemoryBudget,
        long consumerTimeoutMillis,
        String defaultUser,
        String defaultPassword,
        String defaultVhost,
        Set<String> loopbackUsers,
        String logLevel,
        SecurityConfig security) {

    /** The log levels {@code log_level} accepts (logback's names). */
    public static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    /** Largest {@code amqp.max_message_size}: RabbitMQ's own ceiling, 512 MiB. */
    public static final long MAX_MESSAGE_SIZE_LIMIT = 536_870_912L;

    /** Smallest {@code amqp.frame_max} the AMQP 0-9-1 spec allows (frame-min-size), 0 aside. */
    public static final long FRAME_MIN_SIZE = 4096L;

    /** Largest {@code amqp.frame_max}: connection.tune carries it as an unsigned 32-bit number. */
    public static final long FRAME_MAX_LIMIT = 0xFFFF_FFFFL;

    /** Largest {@code consumer_timeout}: RabbitMQ's ceiling for timeouts, 2^32-1 ms. */
    public static final long MAX_CONSUMER_TIMEOUT = 0xFFFF_FFFFL;

    /** The values {@code store.sync} accepts. */
    public static final Set<String> SYNC_POLICIES = Set.of("always", "batched", "never");

    /** Validates every component; see the class javadoc for the ranges. */
    public SpoolConfig {
        requireNonEmpty(ConfigKey.AMQP_HOST, amqpHost);
        requireRange(ConfigKey.AMQP_PORT, amqpPort, 0, 65_535);
        requireRange(ConfigKey.AMQP_CHANNEL_MAX, channelMax, 0, 65_535);
        if (frameMax != 0) {
            requireRange(ConfigKey.AMQP_FRAME_MAX, frameMax, FRAME_MIN_SIZE, FRAME_MAX_LIMIT);
        }
        requireRange(ConfigKey.AMQP_HEARTBEAT, heartbeatSeconds, 0, 65_535);
        requireRange(ConfigKey.AMQP_IO_THREADS, ioThreads, 0, 1024);
        requireRange(ConfigKey.AMQP_MAX_MESSAGE_SIZE, maxMessageSize, 1, MAX_MESSAGE_SIZE_LIMIT);
        requireRange(ConfigKey.AMQP_HANDSHAKE_TIMEOUT, handshakeTimeoutSeconds, 1, 3600);
        requireRange(ConfigKey.HTTP_PORT, httpPort, 0, 65_535);
        if (dataDir == null || dataDir.toString().isEmpty()) {
            throw new ConfigException(ConfigKey.DATA_DIR, ConfigKey.DATA_DIR.key() + " must not be empty");
        }
        Objects.requireNonNull(storeSync, "storeSync");
        storeSync = storeSync.trim().toLowerCase(Locale.ROOT);
        if (!SYNC_POLICIES.contains(storeSync)) {
            throw new ConfigException(ConfigKey.STORE_SYNC, ConfigKey.STORE_SYNC.key()
                    + " must be one of always, batched, never, got '" + storeSync + "'");
        }
        requireRange(ConfigKey.STORE_SYNC_MAX_DELAY, syncMaxDelayMillis, 1, 1000);
        requireRange(ConfigKey.STORE_SEGMENT_SIZE, segmentSize, 1L << 20, 1L << 30);
        requireRange(ConfigKey.STORE_DISK_FREE_LIMIT, diskFreeLimit, 0, Long.MAX_VALUE);
        requireFraction(ConfigKey.MEMORY_HIGH_WATERMARK, memoryHighWatermark, 0.1, 1);
        requireRange(ConfigKey.MEMORY_QUEUE_BUDGET, queueMemoryBudget, 0, Long.MAX_VALUE);
        requireRange(ConfigKey.CONSUMER_TIMEOUT, consumerTimeoutMillis, 0, MAX_CONSUMER_TIMEOUT);
        requireNonEmpty(ConfigKey.DEFAULT_USER, defaultUser);
        requireNonEmpty(ConfigKey.DEFAULT_PASSWORD, defaultPassword);
        requireNonEmpty(ConfigKey.DEFAULT_VHOST, defaultVhost);
        Objects.requireNonNull(loopbackUsers, "loopbackUsers");
        for (String user : loopbackUsers) {
            requireNonEmpty(ConfigKey.LOOPBACK_USERS, user);
        }
        loopbackUsers = Collections.unmodifiableSet(new LinkedHashSet<>(loopbackUsers));
        Objects.requireNonNull(logLevel, "logLevel");
        logLevel = logLevel.trim().toUpperCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(logLevel)) {
            throw new ConfigException(ConfigKey.LOG_LEVEL, ConfigKey.LOG_LEVEL.key()
                    + " must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got '" + logLevel + "'");
        }
        Objects.requireNonNull(security, "security");
    }

    /** Every key at its built-in default. */
    public static SpoolConfig defaults() {
        return ConfigLoader.fromDefaults();
    }

    /** This configuration with another AMQP listener address. */
    public SpoolConfig withAmqpHost(String host) {
        return new SpoolConfig(host, amqpPort, channelMax, frameMax, heartbeatSeconds, ioThreads, maxMessageSize,
                handshakeTimeoutSeconds, httpPort, dataDir, storeSync, syncMaxDelayMillis, segmentSize,
                diskFreeLimit, memoryHighWatermark, queueMemoryBudget, consumerTimeoutMillis, defaultUser, defaultPassword, defaultVhost,
                loopbackUsers, logLevel, security);
    }

    /** This configuration with another AMQP port; 0 picks a free one. */
    public SpoolConfig withAmqpPort(int port) {
        return new SpoolConfig(amqpHost, port, channelMax, frameMax, heartbeatSeconds, ioThreads, maxMessageSize,
                handshakeTimeoutSeconds, httpPort, dataDir, storeSync, syncMaxDelayMillis, segmentSize,
                diskFreeLimit, memoryHighWatermark, queueMemoryBudget, consumerTimeoutMillis, defaultUser, defaultPassword, defaultVhost,
                loopbackUsers, logLevel, security);
    }

    /** This configuration with another channel-max. */
    public SpoolConfig withChannelMax(int max) {
        return new SpoolConfig(amqpHost, amqpPort, max, frameMax, heartbeatSeconds, ioThreads, maxMessageSize,
                handshakeTimeoutSeconds, httpPort, dataDir, storeSync, syncMaxDelayMillis, segmentSize,
                diskFreeLimit, memoryHighWatermark, queueMemoryBudget, consumerTimeoutMillis, defaultUser, defaultPassword, defaultVhost,
                loopbackUsers, logLevel, security);
    }

    /** This configuration with another frame-max in bytes. */
    public SpoolConfig withFrameMax(long max) {
        return new SpoolConfig(amqpHost, amqpPort, channelMax, max, heartbeatSeconds, ioThreads, maxMessageSize,
                handshakeTimeoutSeconds, httpPort, dataDir, storeSync, syncMaxDelayMillis, segmentSize,
                diskFreeLimit, memoryHighWatermark, queueMemoryBudget, consumerTimeoutMillis, defaultUser, defaultPassword, defaultVhost,
                loopbackUsers, logLevel, security);
    }

    /** This configuration with another heartbeat interval; 0 disables heartbeats. */
    public SpoolConfig withHeartbeatSeconds(int seconds) {
        return new SpoolConfig(amqpHost, amqpPort, channelMax, frameMax, seconds, ioThreads, maxMessageSize,
                handshakeTimeoutSeconds, httpPort, dataDir, storeSync, syncMaxDelayMillis, segmentSize,
                diskFreeLimit, memoryHighWatermark, queueMemoryBudget, consumerTimeoutMillis, defaultUser, defaultPassword, defaultVhost,
                loopbackUsers, logLevel, security);
    }

    /** This configuration with another number of I/O threads; 0 means one per core. */
    public SpoolConfig withIoThreads(int threads) {
        return new SpoolConfig(amqpHost, amqpPort, channelMax, frameMax, heartbeatSeconds, threads, maxMessageSize,
                handshakeTimeoutSeconds, httpPort, dataDir, storeSync, syncMaxDelayMillis, segmentSize,
                diskFreeLimit, memoryHighWatermark, queueMemoryBudget, consumerTimeoutMillis, defaultUser, defaultPassword, defaultVhost,
                loopbackUsers, logLevel, security);
    }

    /** This configuration with another largest message body in bytes. */
    public SpoolConfig withMaxMessageSize(long bytes) {
        return new SpoolConfig(amqpHost, amqpPort, channelMax, frameMax, heartbeatSeconds, ioThreads, bytes,
                handshakeTimeoutSeconds, httpPort, dataDir, storeSync, syncMaxDelayMillis, segmentSize,
                diskFreeLimit, memoryHighWatermark, queueMemoryBudget, consumerTimeoutMillis, defaultUser, defaultPassword, defaultVhost,
                loopbackUsers, logLevel, security);
    }

    /** This configuration with another management HTTP port; 0 picks a free one. */
    public SpoolConfig withHttpPort(int port) {
        return new SpoolConfig(amqpHost, amqpPort, channelMax, frameMax, heartbeatSeconds, ioThreads, maxMessageSize,
                handshakeTimeoutSeconds, port, dataDir, storeSync, syncMaxDelayMillis, segmentSize,
                diskFreeLimit, memoryHighWatermark, queueMemoryBudget, consumerTimeoutMillis, defaultUser, defaultPassword, defaultVhost,
                loopbackUsers, logLevel, security);
    }

    /** This configuration with another data directory. */
    public SpoolConfig withDataDir(Path dir) {
        return new SpoolConfig(amqpHost, amqpPort, channelMax, frameMax, heartbeatSeconds, ioThreads, maxMessageSize,
                handshakeTimeoutSeconds, httpPort, dir, storeSync, syncMaxDelayMillis, segmentSize,
                diskFreeLimit, memoryHighWatermark, queueMemoryBudget, consumerTimeoutMillis, defaultUser, defaultPassword, defaultVhost,
                loopbackUsers, logLevel, security);
    }

    /** This configuration with another sync policy ({@code always}, {@code batched}, {@code never}). */
    public SpoolConfig withStoreSync(String policy) {
        return new SpoolConfig(amqpHost, amqpPort, channelMax, frameMax, heartbeatSeconds, ioThreads, maxMessageSize,
                handshakeTimeoutSeconds, httpPort, dataDir, policy, syncMaxDelayMillis, segmentSize,
                diskFreeLimit, memoryHighWatermark, queueMemoryBudget, consumerTimeoutMillis, defaultUser, defaultPassword, defaultVhost,
                loopbackUsers, logLevel, security);
    }

    /** This configuration with another free-disk limit in bytes (0 disables the disk alarm). */
    public SpoolConfig withDiskFreeLimit(long bytes) {
        return new SpoolConfig(amqpHost, amqpPort, channelMax, frameMax, heartbeatSeconds, ioThreads, maxMessageSize,
                handshakeTimeoutSeconds, httpPort, dataDir, storeSync, syncMaxDelayMillis, segmentSize,
                bytes, memoryHighWatermark, queueMemoryBudget, consumerTimeoutMillis, defaultUser, defaultPassword, defaultVhost,
                loopbackUsers, logLevel, security);
    }

    /** This configuration with another message segment size in bytes. */
    public SpoolConfig withSegmentSize(int bytes) {
        return new SpoolConfig(amqpHost, amqpPort, channelMax, frameMax, heartbeatSeconds, ioThreads, maxMessageSize,
                handshakeTimeoutSeconds, httpPort, dataDir, storeSync, syncMaxDelayMillis, bytes,
                diskFreeLimit, memoryHighWatermark, queueMemoryBudget, consumerTimeoutMillis, defaultUser, defaultPassword, defaultVhost,
                loopbackUsers, logLevel, security);
    }

    /** This configuration with another budget, in bytes, for ready messages kept in memory. */
    public SpoolConfig withQueueMemoryBudget(long bytes) {
        return new SpoolConfig(amqpHost, amqpPort, channelMax, frameMax, heartbeatSeconds, ioThreads, maxMessageSize,
                handshakeTimeoutSeconds, httpPort, dataDir, storeSync, syncMaxDelayMillis, segmentSize,
                diskFreeLimit, memoryHighWatermark, bytes, consumerTimeoutMillis, defaultUser, defaultPassword, defaultVhost,
                loopbackUsers, logLevel, security);
    }

    /** This configuration with another handshake timeout in seconds. */
    public SpoolConfig withHandshakeTimeoutSeconds(int seconds) {
        return new SpoolConfig(amqpHost, amqpPort, channelMax, frameMax, heartbeatSeconds, ioThreads, maxMessageSize,
                seconds, httpPort, dataDir, storeSync, syncMaxDelayMillis, segmentSize,
                diskFreeLimit, memoryHighWatermark, queueMemoryBudget, consumerTimeoutMillis, defaultUser, defaultPassword, defaultVhost,
                loopbackUsers, logLevel, security);
    }

    /** This configuration with another default consumer timeout in ms; 0 turns it off. */
    public SpoolConfig withConsumerTimeoutMillis(long millis) {
        return new SpoolConfig(amqpHost, amqpPort, channelMax, frameMax, heartbeatSeconds, ioThreads, maxMessageSize,
                handshakeTimeoutSeconds, httpPort, dataDir, storeSync, syncMaxDelayMillis, segmentSize,
                diskFreeLimit, memoryHighWatermark, queueMemoryBudget, millis, defaultUser, defaultPassword,
                defaultVhost, loopbackUsers, logLevel, security);
    }

    /** This configuration with other security settings (TLS, limits). */
    public SpoolConfig withSecurity(SecurityConfig newSecurity) {
        return new SpoolConfig(amqpHost, amqpPort, channelMax, frameMax, heartbeatSeconds, ioThreads, maxMessageSize,
                handshakeTimeoutSeconds, httpPort, dataDir, storeSync, syncMaxDelayMillis, segmentSize,
                diskFreeLimit, memoryHighWatermark, queueMemoryBudget, consumerTimeoutMillis, defaultUser, defaultPassword, defaultVhost,
                loopbackUsers, logLevel, newSecurity);
    }

    private static void requireNonEmpty(ConfigKey key, String value) {
        if (value == null || value.isEmpty()) {
            throw new ConfigException(key, key.key() + " must not be empty");
        }
    }

    private static void requireFraction(ConfigKey key, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new ConfigException(key, key.key() + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static void requireRange(ConfigKey key, long value, long min, long max) {
        if (value < min || value > max) {
            String zero = key == ConfigKey.AMQP_FRAME_MAX ? " (or 0 for no limit)" : "";
            throw new ConfigException(key,
                    key.key() + " must be between " + min + " and " + max + zero + ", got " + value);
        }
    }
}
