package dev.spool.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigValidationTest {
    @ParameterizedTest
    @CsvSource({
        "AMQP_PORT,              65536,      'amqp.port must be between 0 and 65535, got 65536'",
        "AMQP_PORT,              -1,         'amqp.port must be between 0 and 65535, got -1'",
        "HTTP_PORT,              70000,      'http.port must be between 0 and 65535, got 70000'",
        "AMQP_CHANNEL_MAX,       65536,      'amqp.channel_max must be between 0 and 65535, got 65536'",
        "AMQP_FRAME_MAX,         4095,       'amqp.frame_max must be between 4096 and 4294967295"
                + " (or 0 for no limit), got 4095'",
        "AMQP_HEARTBEAT,         65536,      'amqp.heartbeat must be between 0 and 65535, got 65536'",
        "AMQP_IO_THREADS,        -1,         'amqp.io_threads must be between 0 and 1024, got -1'",
        "AMQP_MAX_MESSAGE_SIZE,  536870913,  'amqp.max_message_size must be between 1 and 536870912, got 536870913'",
        "AMQP_HANDSHAKE_TIMEOUT, 0,          'amqp.handshake_timeout must be between 1 and 3600, got 0'",
        "LOG_LEVEL, LOUD, 'log_level must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got ''LOUD'''",
        "STORE_SYNC, sometimes, 'store.sync must be one of always, batched, never, got ''sometimes'''",
        "STORE_SYNC_MAX_DELAY,   0,          'store.sync_max_delay_ms must be between 1 and 1000, got 0'",
        "STORE_SEGMENT_SIZE,     1024,       'store.segment_size must be between 1048576 and 1073741824, got 1024'",
        "STORE_DISK_FREE_LIMIT,  -1,         'store.disk_free_limit must be between 0 and 9223372036854775807,"
                + " got -1'",
        "MEMORY_HIGH_WATERMARK,  1.5,        'memory.high_watermark must be between 0.1 and 1.0, got 1.5'",
        "MEMORY_QUEUE_BUDGET,    -1,         'memory.queue_budget must be between 0 and 9223372036854775807, got -1'",
    })
    void outOfRangeValueIsRejectedNamingKeyRangeAndFlag(ConfigKey key, String value, String problem) {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(problem + " (set by flag " + key.flag() + ")");
    }

    @Test
    void zeroFrameMaxAndChannelMaxMeanNoLimitAsInRabbitMq() {
        SpoolConfig config = ConfigLoader.load(null,
                Map.of("SPOOL_AMQP_FRAME_MAX", "0", "SPOOL_AMQP_CHANNEL_MAX", "0"), Map.of());

        assertThat(config.frameMax()).isZero();
        assertThat(config.channelMax()).isZero();
    }

    @Test
    void nonNumericHighWatermarkIsRejected() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SPOOL_MEMORY_HIGH_WATERMARK", "40%"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("memory.high_watermark: '40%' is not a number (set by environment variable"
                        + " SPOOL_MEMORY_HIGH_WATERMARK)");
    }

    @Test
    void nonNumericPortIsRejectedNamingTheEnvironmentVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SPOOL_AMQP_PORT", "five"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("amqp.port: 'five' is not a whole number (set by environment variable SPOOL_AMQP_PORT)");
    }

    @Test
    void numberTooLargeForAnIntIsRejected() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of(ConfigKey.AMQP_PORT, "99999999999")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("amqp.port: '99999999999' is out of range (set by flag --amqp-port)");
    }

    @Test
    void emptyDefaultUserIsRejected() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SPOOL_DEFAULT_USER", ""), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("default_user must not be empty (set by environment variable SPOOL_DEFAULT_USER)");
    }

    @Test
    void emptyNameInLoopbackUsersIsRejected() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of(ConfigKey.LOOPBACK_USERS, "guest,,x")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("loopback_users must not be empty (set by flag --loopback-users)");
    }

    @Test
    void invalidValueFromConfigFileNamesTheFile(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path file = java.nio.file.Files.writeString(tmp.resolve("spool.yaml"), "amqp: {frame_max: 10}\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("amqp.frame_max must be between 4096 and 4294967295 (or 0 for no limit), got 10"
                        + " (set by config file " + file + ")");
    }

    @Test
    void witherRejectsOutOfRangeValueToo() {
        assertThatThrownBy(() -> SpoolConfig.defaults().withAmqpPort(65_536))
                .isInstanceOf(ConfigException.class)
                .hasMessage("amqp.port must be between 0 and 65535, got 65536");
    }

    @Test
    void constructorRejectsEmptyLoopbackUserName() {
        assertThatThrownBy(() -> new SpoolConfig("0.0.0.0", 5672, 2047, 131072, 60, 0, 1024, 10, 15672,
                Path.of("data"), "always", 2, 33554432, 0, 0.8, 33554432, 1800000, "guest", "guest", "/", Set.of(""),
                "INFO",
                SecurityConfig.defaults()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("loopback_users must not be empty");
    }

    @ParameterizedTest
    @CsvSource({
        "TLS_PORT,                  70000,   'tls.port must be between 0 and 65535, got 70000'",
        "HTTP_TLS_PORT,             -1,      'http.tls_port must be between 0 and 65535, got -1'",
        "LIMITS_MAX_UNAUTHENTICATED, -1,     'limits.max_unauthenticated_connections must be between 0 and 1000000,"
                + " got -1'",
        "TLS_CLIENT_AUTH,           maybe,   'tls.client_auth must be one of none, request, require, got ''maybe'''",
        "TLS_CERT_LOGIN_FROM,       serial,  'tls.cert_login_from must be one of common_name, distinguished_name,"
                + " subject_alternative_name, got ''serial'''",
        "TLS_CERT_FILE,             a.pem,   'tls.key_file must be set too: TLS needs both tls.cert_file and"
                + " tls.key_file'",
    })
    void invalidSecuritySettingIsRejectedNamingTheKey(ConfigKey key, String value, String problem) {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(problem);
    }

    @Test
    void askingForClientCertificatesNeedsACaFile() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of(ConfigKey.TLS_CERT_FILE, "c.pem",
                ConfigKey.TLS_KEY_FILE, "k.pem", ConfigKey.TLS_CLIENT_AUTH, "require")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("tls.client_auth require needs tls.ca_file");
    }

    @Test
    void securityDefaultsAreNoTlsAndNoLimits() {
        SecurityConfig security = SpoolConfig.defaults().security();

        assertThat(security.tlsEnabled()).isFalse();
        assertThat(security.tlsPort()).isEqualTo(5671);
        assertThat(security.httpsPort()).isEqualTo(15671);
        assertThat(security.maxUnauthenticatedConnections()).isEqualTo(1000);
        assertThat(security.vhostMaxConnections()).isNegative();
        assertThat(security.userMaxChannels()).isNegative();
    }
}
