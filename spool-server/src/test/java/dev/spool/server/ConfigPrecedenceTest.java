package dev.spool.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigPrecedenceTest {
    @TempDir
    Path tmp;

    @Test
    void withoutAnySourceEveryKeyHasItsDocumentedDefault() {
        SpoolConfig config = ConfigLoader.load(null, Map.of(), Map.of());

        assertThat(config).isEqualTo(SpoolConfig.defaults());
        assertThat(config.amqpHost()).isEqualTo("0.0.0.0");
        assertThat(config.amqpPort()).isEqualTo(5672);
        assertThat(config.httpPort()).isEqualTo(15672);
        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.channelMax()).isEqualTo(2047);
        assertThat(config.frameMax()).isEqualTo(131_072L);
        assertThat(config.heartbeatSeconds()).isEqualTo(60);
        assertThat(config.ioThreads()).isZero();
        assertThat(config.maxMessageSize()).isEqualTo(134_217_728L);
        assertThat(config.handshakeTimeoutSeconds()).isEqualTo(10);
        assertThat(config.defaultUser()).isEqualTo("guest");
        assertThat(config.defaultPassword()).isEqualTo("guest");
        assertThat(config.defaultVhost()).isEqualTo("/");
        assertThat(config.loopbackUsers()).containsExactly("guest");
        assertThat(config.logLevel()).isEqualTo("INFO");
    }

    @Test
    void configFileOverridesDefaults() throws IOException {
        Path file = yaml("""
                amqp:
                  port: 5673
                  heartbeat: 30
                http:
                  port: 15673
                data_dir: /var/lib/spool
                default_user: admin
                loopback_users: [admin, monitor]
                """);

        SpoolConfig config = ConfigLoader.load(file, Map.of(), Map.of());

        assertThat(config.amqpPort()).isEqualTo(5673);
        assertThat(config.heartbeatSeconds()).isEqualTo(30);
        assertThat(config.httpPort()).isEqualTo(15673);
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/spool"));
        assertThat(config.defaultUser()).isEqualTo("admin");
        assertThat(config.loopbackUsers()).containsExactly("admin", "monitor");
        assertThat(config.channelMax()).as("a key the file does not set keeps its default").isEqualTo(2047);
    }

    @Test
    void environmentOverridesConfigFile() throws IOException {
        Path file = yaml("amqp: {port: 5673, host: 127.0.0.1}\n");

        SpoolConfig config = ConfigLoader.load(file, Map.of("SPOOL_AMQP_PORT", "5674"), Map.of());

        assertThat(config.amqpPort()).isEqualTo(5674);
        assertThat(config.amqpHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void flagsOverrideEnvironment() throws IOException {
        Path file = yaml("amqp: {port: 5673}\ndata_dir: from-file\n");
        Map<String, String> env = Map.of("SPOOL_AMQP_PORT", "5674", "SPOOL_DATA_DIR", "from-env");

        SpoolConfig config = ConfigLoader.load(file, env, Map.of(ConfigKey.AMQP_PORT, "5675"));

        assertThat(config.amqpPort()).isEqualTo(5675);
        assertThat(config.dataDir()).isEqualTo(Path.of("from-env"));
    }

    @Test
    void everyKeyHasAnEnvironmentVariable() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("SPOOL_AMQP_HOST", "127.0.0.1"),
                Map.entry("SPOOL_AMQP_PORT", "1"),
                Map.entry("SPOOL_AMQP_CHANNEL_MAX", "2"),
                Map.entry("SPOOL_AMQP_FRAME_MAX", "8192"),
                Map.entry("SPOOL_AMQP_HEARTBEAT", "4"),
                Map.entry("SPOOL_AMQP_IO_THREADS", "5"),
                Map.entry("SPOOL_AMQP_MAX_MESSAGE_SIZE", "6"),
                Map.entry("SPOOL_AMQP_HANDSHAKE_TIMEOUT", "7"),
                Map.entry("SPOOL_HTTP_PORT", "8"),
                Map.entry("SPOOL_DATA_DIR", "d"),
                Map.entry("SPOOL_STORE_SYNC", "Batched"),
                Map.entry("SPOOL_STORE_SYNC_MAX_DELAY_MS", "9"),
                Map.entry("SPOOL_STORE_SEGMENT_SIZE", "2097152"),
                Map.entry("SPOOL_STORE_DISK_FREE_LIMIT", "10"),
                Map.entry("SPOOL_MEMORY_HIGH_WATERMARK", "0.5"),
                Map.entry("SPOOL_MEMORY_QUEUE_BUDGET", "11"),
                Map.entry("SPOOL_CONSUMER_TIMEOUT", "12"),
                Map.entry("SPOOL_DEFAULT_USER", "u"),
                Map.entry("SPOOL_DEFAULT_PASSWORD", "p"),
                Map.entry("SPOOL_DEFAULT_VHOST", "v"),
                Map.entry("SPOOL_LOOPBACK_USERS", "a, b"),
                Map.entry("SPOOL_LOG_LEVEL", "debug"));

        SpoolConfig config = ConfigLoader.load(null, env, Map.of());

        assertThat(config).isEqualTo(new SpoolConfig("127.0.0.1", 1, 2, 8192, 4, 5, 6, 7, 8, Path.of("d"),
                "batched", 9, 2097152, 10, 0.5, 11, 12, "u", "p", "v", Set.of("a", "b"), "DEBUG",
                SecurityConfig.defaults()));
    }

    @Test
    void configFileIsFoundThroughSpoolConfigVariable() throws IOException {
        Path file = yaml("amqp: {port: 5673}\n");

        SpoolConfig config = ConfigLoader.load(null, Map.of("SPOOL_CONFIG", file.toString()), Map.of());

        assertThat(config.amqpPort()).isEqualTo(5673);
    }

    @Test
    void configFlagWinsOverSpoolConfigVariable() throws IOException {
        Path fromFlag = yaml("amqp: {port: 5673}\n");
        Map<String, String> env = Map.of("SPOOL_CONFIG", tmp.resolve("missing.yaml").toString());

        SpoolConfig config = ConfigLoader.load(fromFlag, env, Map.of());

        assertThat(config.amqpPort()).isEqualTo(5673);
    }

    @Test
    void emptyLoopbackUsersRestrictsNobody() {
        SpoolConfig config = ConfigLoader.load(null, Map.of(), Map.of(ConfigKey.LOOPBACK_USERS, ""));

        assertThat(config.loopbackUsers()).isEmpty();
    }

    @Test
    void withersChangeOneKeyAndKeepTheRest() {
        SpoolConfig config = SpoolConfig.defaults().withAmqpPort(0).withHttpPort(0).withDataDir(tmp)
                .withHeartbeatSeconds(5).withFrameMax(8192).withChannelMax(16).withMaxMessageSize(1024)
                .withAmqpHost("127.0.0.1").withIoThreads(1);

        assertThat(config.amqpPort()).isZero();
        assertThat(config.httpPort()).isZero();
        assertThat(config.dataDir()).isEqualTo(tmp);
        assertThat(config.heartbeatSeconds()).isEqualTo(5);
        assertThat(config.frameMax()).isEqualTo(8192);
        assertThat(config.channelMax()).isEqualTo(16);
        assertThat(config.maxMessageSize()).isEqualTo(1024);
        assertThat(config.amqpHost()).isEqualTo("127.0.0.1");
        assertThat(config.ioThreads()).isEqualTo(1);
        assertThat(config.defaultUser()).isEqualTo("guest");
    }

    private Path yaml(String text) throws IOException {
        return Files.writeString(tmp.resolve("spool.yaml"), text);
    }
}
