package dev.spool.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlConfigFileTest {
    @TempDir
    Path tmp;

    @Test
    void nestedSectionsMapToDottedKeys() throws IOException {
        Map<ConfigKey, String> values = YamlConfigFile.read(yaml("""
                amqp:
                  host: 127.0.0.1
                  frame_max: 0x20000
                http: {port: 15673}
                default_vhost: /
                """));

        assertThat(values).containsOnly(
                Map.entry(ConfigKey.AMQP_HOST, "127.0.0.1"),
                Map.entry(ConfigKey.AMQP_FRAME_MAX, "131072"),
                Map.entry(ConfigKey.HTTP_PORT, "15673"),
                Map.entry(ConfigKey.DEFAULT_VHOST, "/"));
    }

    @Test
    void emptyFileSetsNothing() throws IOException {
        assertThat(YamlConfigFile.read(yaml(""))).isEmpty();
    }

    @Test
    void loopbackUsersIsAYamlList() throws IOException {
        assertThat(YamlConfigFile.read(yaml("loopback_users: [guest, monitor]\n")))
                .containsEntry(ConfigKey.LOOPBACK_USERS, "guest,monitor");
        assertThat(YamlConfigFile.read(yaml("loopback_users: []\n")))
                .containsEntry(ConfigKey.LOOPBACK_USERS, "");
    }

    @Test
    void unknownKeyInSectionIsRejectedListingTheSectionsKeys() throws IOException {
        Path file = yaml("amqp:\n  prot: 5672\n");

        assertThatThrownBy(() -> YamlConfigFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config file " + file + " has unknown key 'amqp.prot' (known: host, port, channel_max,"
                        + " frame_max, heartbeat, io_threads, max_message_size, handshake_timeout)");
    }

    @Test
    void unknownTopLevelKeyIsRejected() throws IOException {
        Path file = yaml("datadir: /tmp\n");

        assertThatThrownBy(() -> YamlConfigFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config file " + file + " has unknown key 'datadir' (known: amqp.*, http.*,"
                        + " data_dir, store.*, memory.*, consumer_timeout, default_user,");
    }

    @Test
    void dottedKeyAtTopLevelIsUnknown() throws IOException {
        Path file = yaml("amqp.port: 5672\n");

        assertThatThrownBy(() -> YamlConfigFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'amqp.port'");
    }

    @Test
    void sectionGivenAsScalarIsRejected() throws IOException {
        Path file = yaml("amqp: 5672\n");

        assertThatThrownBy(() -> YamlConfigFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config file " + file + " 'amqp' must be a mapping of keys (host, port, channel_max,"
                        + " frame_max, heartbeat, io_threads, max_message_size, handshake_timeout)");
    }

    @Test
    void keyWithoutValueIsRejected() throws IOException {
        Path file = yaml("amqp:\n  port:\n");

        assertThatThrownBy(() -> YamlConfigFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config file " + file + " gives no value for 'amqp.port'");
    }

    @Test
    void duplicateKeyIsRejected() throws IOException {
        Path file = yaml("data_dir: a\ndata_dir: b\n");

        assertThatThrownBy(() -> YamlConfigFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not valid YAML")
                .hasMessageContaining("data_dir");
    }

    @Test
    void malformedYamlIsReportedOnOneLineWithItsPosition() throws IOException {
        Path file = yaml("amqp:\n  port: [5672\n");

        assertThatThrownBy(() -> YamlConfigFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config file " + file + " is not valid YAML at line ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void missingFileIsReportedByName() {
        Path file = tmp.resolve("nope.yaml");

        assertThatThrownBy(() -> YamlConfigFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config file " + file + " does not exist");
    }

    private Path yaml(String text) throws IOException {
        return Files.writeString(tmp.resolve("spool.yaml"), text);
    }
}
