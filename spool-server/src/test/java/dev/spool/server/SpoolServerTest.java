package dev.spool.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spool.engine.queue.QueueSettings;
import dev.spool.store.DataDirectory;
import dev.spool.store.format.FileHeaderDescriptor;
import dev.spool.store.io.FileHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolServerTest {
    @TempDir
    Path tmp;

    @Test
    void startListensOnAFreePortAndCreatesTheDataDir() throws IOException {
        Path dataDir = tmp.resolve("nested/data");

        try (SpoolServer server = SpoolServer.start(local().withDataDir(dataDir))) {
            assertThat(server.amqpPort()).isPositive();
            assertThat(dataDir).isDirectory();
            assertThat(server.dataDir()).isEqualTo(dataDir.toAbsolutePath());
            assertThat(server.broker()).isNotNull();
            try (Socket socket = new Socket("127.0.0.1", server.amqpPort())) {
                assertThat(socket.isConnected()).isTrue();
            }
        }
    }

    @Test
    void closeIsIdempotentAndReleasesThePort() throws IOException {
        SpoolServer server = SpoolServer.start(local());
        int port = server.amqpPort();

        server.close();
        server.close();

        try (ServerSocket rebound = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(rebound.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void portInUseFailsStartNamingTheAddress() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> SpoolServer.start(local().withAmqpPort(port)))
                    .isInstanceOf(StartupException.class)
                    .hasMessageStartingWith("cannot listen for AMQP on 127.0.0.1:" + port + ": ");
        }
    }

    @Test
    void httpPortInUseFailsStartAndStopsTheAmqpListener() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int amqpPort = probe.getLocalPort();
            probe.close();

            assertThatThrownBy(() -> SpoolServer.start(local().withAmqpPort(amqpPort)
                    .withHttpPort(taken.getLocalPort())))
                    .isInstanceOf(StartupException.class)
                    .hasMessageStartingWith("cannot serve the management API on 127.0.0.1:" + taken.getLocalPort());
            try (ServerSocket rebound = new ServerSocket(amqpPort, 1, InetAddress.getLoopbackAddress())) {
                assertThat(rebound.getLocalPort()).isEqualTo(amqpPort);
            }
        }
    }

    @Test
    void managementApiAnswersOnTheHttpPort() throws IOException {
        try (SpoolServer server = SpoolServer.start(local())) {
            assertThat(server.httpPort()).isPositive().isNotEqualTo(server.amqpPort());
            java.net.HttpURLConnection http = (java.net.HttpURLConnection) new java.net.URL(
                    "http://127.0.0.1:" + server.httpPort() + "/api/overview").openConnection();
            assertThat(http.getResponseCode()).isEqualTo(401);
        }
    }

    @Test
    void dataDirThatIsAFileFailsStart() throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> SpoolServer.start(local().withDataDir(file)))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("cannot create data directory " + file);
    }

    @Test
    void secondBrokerOnTheSameDataDirFailsWithOneClearLine() {
        try (SpoolServer first = SpoolServer.start(local())) {
            assertThatThrownBy(() -> SpoolServer.start(local()))
                    .isInstanceOf(StartupException.class)
                    .hasMessageStartingWith("data directory " + first.dataDir() + " is in use by another Spool")
                    .hasMessageEndingWith(": stop it or choose another data directory")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void dataDirOfANewerFormatFailsWithAnUpgradeMessage() throws IOException {
        Path dataDir = Files.createDirectories(tmp.resolve("data"));
        ByteBuffer header = FileHeader.encode(FileHeaderDescriptor.FORMAT_FILE_MAGIC, 0, 0);
        header.putInt(FileHeaderDescriptor.VERSION_OFFSET, FileHeaderDescriptor.FORMAT_VERSION + 1);
        Files.write(dataDir.resolve(DataDirectory.FORMAT_FILE), header.array());

        assertThatThrownBy(() -> SpoolServer.start(local()))
                .isInstanceOf(StartupException.class)
                .hasMessage("data directory format " + (FileHeaderDescriptor.FORMAT_VERSION + 1)
                        + " is newer than this Spool (supports " + FileHeaderDescriptor.FORMAT_VERSION
                        + "): upgrade Spool (found in " + dataDir.toAbsolutePath().resolve("format") + ")");
    }

    @Test
    void brokerRestartedOnItsDataDirKeepsDurableDefinitionsAndItsLock() throws IOException {
        try (SpoolServer server = SpoolServer.start(local())) {
            server.broker().vhost("/").declareQueue("kept", false,
                    new QueueSettings(true, false, false, Map.of()), "owner");
            server.broker().vhost("/").declareQueue("gone", false,
                    new QueueSettings(false, false, false, Map.of()), "owner");
        }
        try (SpoolServer restarted = SpoolServer.start(local())) {
            assertThat(restarted.broker().vhost("/").findQueue("kept")).isNotNull();
            assertThat(restarted.broker().vhost("/").findQueue("gone")).isNull();
        }
    }

    private SpoolConfig local() {
        return SpoolConfig.defaults().withAmqpHost("127.0.0.1").withAmqpPort(0).withHttpPort(0)
                .withDataDir(tmp.resolve("data")).withIoThreads(1);
    }
}
